"""Reads of organisations and memberships, filtered by who asks.

A record the actor may not see is answered exactly as one that does not exist
(Http404), so its id tells an outsider nothing: a 403 for another vendor beside a 404
for a missing one would let anyone count the vendors by trying ids.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kyodo.accounts.models import Membership, Role, Vendor
from kyodo.accounts.policy import can_view_vendor, is_specialist


def vendor_get(*, actor, pk: int) -> Vendor:
    """A vendor's record, for its own members and the prefecture's staff only."""
    vendor = Vendor.objects.prefetch_related("qualifications").filter(pk=pk).first()
    if vendor is None or not can_view_vendor(actor, vendor):
        raise Http404
    return vendor


def vendor_member_list(*, actor, vendor: Vendor):
    if not can_view_vendor(actor, vendor):
        raise Http404
    return Membership.objects.filter(vendor=vendor).select_related("user").order_by("user__email")


def specialist_membership_list(*, actor):
    """The specialist's own memberships in the prefecture's pool."""
    if not is_specialist(actor):
        raise PermissionDenied
    return Membership.objects.filter(user=actor, role=Role.SPECIALIST).select_related(
        "municipality")
