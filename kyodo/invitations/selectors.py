"""Reads of invitations, memberships and vendor registrations, filtered by who asks."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from kyodo.accounts.models import Membership, User, Vendor, VendorStatus
from kyodo.accounts.policy import can_use_console, can_view_members, can_view_vendor
from kyodo.errors import ErrorCode
from kyodo.invitations import tokens
from kyodo.invitations.errors import invitation_refused
from kyodo.invitations.models import Invitation, pending_q


def invitation_get_for_token(*, token: str, for_update: bool = False) -> Invitation:
    """The invitation a link points to, if the link may still be used.

    Anyone holding the link may read what it invites to, so no actor is asked for;
    a link that is not ours, or no longer works, raises DomainError with its code.
    """
    carried = tokens.token_read(token)
    if carried is None:
        raise invitation_refused(ErrorCode.INVITATION_INVALID)
    invitation_id, nonce = carried
    invitations = Invitation.objects.select_related("municipality", "vendor", "invited_by")
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(pk=invitation_id).first()
    if invitation is None or not tokens.nonce_matches(nonce, invitation.token_hash):
        raise invitation_refused(ErrorCode.INVITATION_INVALID)
    if invitation.revoked_at is not None:
        raise invitation_refused(ErrorCode.INVITATION_REVOKED)
    if invitation.accepted_at is not None:
        raise invitation_refused(ErrorCode.INVITATION_USED)
    if invitation.expires_at <= timezone.now():
        raise invitation_refused(ErrorCode.INVITATION_EXPIRED)
    return invitation


def invitation_list(*, actor, municipality=None) -> QuerySet[Invitation]:
    """Every invitation (prefecture staff), or one town's (its members too)."""
    if not can_view_members(actor, municipality):
        return Invitation.objects.none()
    invitations = Invitation.objects.select_related(
        "municipality", "vendor", "invited_by", "accepted_by")
    if municipality is not None:
        invitations = invitations.filter(municipality=municipality)
    return invitations.order_by("-created_at", "-id")


def invitation_pending_list(*, actor, municipality) -> QuerySet[Invitation]:
    return invitation_list(actor=actor, municipality=municipality).filter(pending_q())


def invitation_pending_list_of_vendor(*, actor, vendor) -> QuerySet[Invitation]:
    """A vendor's pending invitations: for its members and the prefecture's staff."""
    if not can_view_vendor(actor, vendor):
        return Invitation.objects.none()
    return (Invitation.objects.filter(pending_q(), vendor=vendor)
            .select_related("invited_by").order_by("-created_at", "-id"))


def membership_list(*, actor, municipality) -> QuerySet[Membership]:
    """A town's members: for its own members and the prefecture's staff."""
    if not can_view_members(actor, municipality):
        raise PermissionDenied
    return (Membership.objects.filter(municipality=municipality).select_related("user")
            .order_by("role", "user__email"))


def account_exists(*, email: str) -> bool:
    """Whether someone already signs in with this address (the invitee, holding the link)."""
    return User.objects.filter(email__iexact=email).exists()


def vendor_list(*, actor, status: str | None = None) -> QuerySet[Vendor]:
    """Vendors, applications awaiting approval first: for the prefecture's staff only."""
    if not can_use_console(actor):
        raise PermissionDenied
    vendors = Vendor.objects.filter(status=status) if status else Vendor.objects.all()
    return (
        vendors.prefetch_related("qualifications")
        .annotate(waiting=Case(When(status=VendorStatus.PENDING, then=Value(0)),
                               default=Value(1), output_field=IntegerField()))
        .order_by("waiting", "-created_at", "legal_name_kana")
    )
