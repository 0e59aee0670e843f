"""Managing an organisation's members: changing a member's role and ending a membership,
for a town (its lead), a vendor (its administrator) and the console (coordinators).

Each page lists members through `members_with_actions`, so all three show the same
table (includes/members_table.html) with only the actions the policy allows.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.accounts.models import Membership
from kyodo.accounts.policy import can_change_role, can_remove_membership
from kyodo.accounts.selectors import vendor_get
from kyodo.accounts.services import membership_change_role, membership_remove
from kyodo.forms import ReasonForm
from kyodo.invitations.forms import MembershipRoleForm
from kyodo.redirects import redirect_back


def members_with_actions(user, memberships, *, urls) -> list[dict]:
    """Each member with what `user` may do: remove, and the roles they may give.

    `urls(membership)` gives the (role change, removal) URLs of the page's context.
    """
    rows = []
    for membership in memberships:
        roles = [role for role in membership.roles_available()
                 if role != membership.role and can_change_role(user, membership, role)]
        role_url, remove_url = urls(membership)
        rows.append({"membership": membership, "removable": can_remove_membership(user, membership),
                     "role_form": MembershipRoleForm(membership=membership) if roles else None,
                     "role_url": role_url, "remove_url": remove_url})
    return rows


def workspace_member_urls(membership) -> tuple[str, str]:
    return (reverse("workspace:member_role", args=[membership.pk]),
            reverse("workspace:member_remove", args=[membership.pk]))


def vendor_member_urls(membership) -> tuple[str, str]:
    return (reverse("vendor_member_role", args=[membership.pk]),
            reverse("vendor_member_remove", args=[membership.pk]))


def console_member_urls(membership) -> tuple[str, str]:
    return (reverse("console:member_role", args=[membership.pk]),
            reverse("console:member_remove", args=[membership.pk]))


def _change_role(request, membership: Membership, fallback: str):
    form = MembershipRoleForm(request.POST, membership=membership)
    if not form.is_valid():
        messages.error(request, _("役割を選び直してください。"))
        return redirect_back(request, fallback)
    membership = membership_change_role(actor=request.user, membership=membership,
                                        role=form.cleaned_data["role"])
    messages.success(request, _("%(email)s の役割を%(role)sに変更しました。") % {
        "email": membership.user.email, "role": membership.get_role_display()})
    return redirect_back(request, fallback)


def _remove(request, membership: Membership, fallback: str):
    form = ReasonForm(request.POST, required=False)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    membership_remove(actor=request.user, membership=membership, reason=reason)
    messages.success(request, _("%(email)s の所属を解除しました。") % {
        "email": membership.user.email})
    return redirect_back(request, fallback)


def _town_membership(request, pk: int) -> Membership:
    """A member of the town whose workspace this is (the town's schema is active)."""
    return get_object_or_404(Membership.objects.select_related("user", "municipality"),
                             pk=pk, municipality=request.tenant)


@require_POST
def workspace_member_role(request, pk: int):
    return _change_role(request, _town_membership(request, pk), "workspace:members")


@require_POST
def workspace_member_remove(request, pk: int):
    return _remove(request, _town_membership(request, pk), "workspace:members")


def _vendor_membership(request, pk: int) -> Membership:
    """A membership of a vendor the caller may see (as vendor_get decides); else 404."""
    membership = get_object_or_404(Membership.objects.select_related("user", "vendor"),
                                   pk=pk, vendor__isnull=False)
    vendor_get(actor=request.user, pk=membership.vendor_id)
    return membership


@login_required
@require_POST
def vendor_member_role(request, pk: int):
    membership = _vendor_membership(request, pk)
    return _change_role(request, membership, f"/vendors/{membership.vendor_id}/")


@login_required
@require_POST
def vendor_member_remove(request, pk: int):
    membership = _vendor_membership(request, pk)
    return _remove(request, membership, f"/vendors/{membership.vendor_id}/")


def _any_membership(request, pk: int) -> Membership:
    """Coordinators manage any organisation's members from the console; to anyone else a
    membership they may not manage does not exist here (404, as for a missing one)."""
    membership = get_object_or_404(
        Membership.objects.select_related("user", "municipality", "vendor"), pk=pk)
    if not can_remove_membership(request.user, membership):
        raise Http404
    return membership


@login_required
@require_POST
def console_member_role(request, pk: int):
    return _change_role(request, _any_membership(request, pk), "console:home")


@login_required
@require_POST
def console_member_remove(request, pk: int):
    return _remove(request, _any_membership(request, pk), "console:home")
