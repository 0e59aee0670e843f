"""Reads of organisations and memberships, filtered by who asks."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kyodo.accounts.models import Membership, Role, Vendor
from kyodo.accounts.policy import can_view_vendor, is_specialist


def vendor_get(*, actor, pk: int) -> Vendor:
    """A vendor's record, for its own members and the prefecture's staff only."""
    vendor = get_object_or_404(Vendor.objects.prefetch_related("qualifications"), pk=pk)
    if not can_view_vendor(actor, vendor):
        raise PermissionDenied
    return vendor


def vendor_member_list(*, actor, vendor: Vendor):
    if not can_view_vendor(actor, vendor):
        raise PermissionDenied
    return Membership.objects.filter(vendor=vendor).select_related("user").order_by("user__email")


def specialist_membership_list(*, actor):
    """The specialist's own memberships in the prefecture's pool."""
    if not is_specialist(actor):
        raise PermissionDenied
    return Membership.objects.filter(user=actor, role=Role.SPECIALIST).select_related(
        "municipality")
