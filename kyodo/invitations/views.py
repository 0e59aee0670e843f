"""Invitation pages: accepting a link, the console's list, a town's members page.

The workspace pages run with the town's schema active (the path routing sets it) and
behind `WorkspaceMembershipMiddleware`; invitations and memberships live in the public
schema, which the town's search path includes.
"""

from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.accounts.member_views import members_with_actions, workspace_member_urls
from kyodo.accounts.models import Membership, Role, VendorStatus
from kyodo.accounts.policy import (
    can_invite,
    can_use_console,
    is_coordinator,
)
from kyodo.errors import DomainError, ErrorCode
from kyodo.invitations import services
from kyodo.invitations.errors import invitation_refused
from kyodo.invitations.forms import (
    AcceptNewAccountForm,
    ConsoleInvitationForm,
    WorkspaceInvitationForm,
)
from kyodo.invitations.models import INVITATION_LIFETIME
from kyodo.invitations.selectors import (
    account_exists,
    invitation_get_for_token,
    invitation_list,
    invitation_pending_list,
    membership_list,
    vendor_list,
)
from kyodo.redirects import redirect_back
from tenants.selectors import municipality_list


def _public_url(name: str, **kwargs) -> str:
    return reverse(name, urlconf=settings.PUBLIC_SCHEMA_URLCONF, kwargs=kwargs or None)


def _home_of(membership: Membership) -> str:
    """Where the new membership's work is: the town's workspace, the console, the
    specialist page or the vendor portal."""
    if membership.vendor_id:
        return _public_url("vendor_portal", pk=membership.vendor_id)
    if not membership.municipality.is_public:
        return membership.municipality.workspace_url
    if membership.role == Role.SPECIALIST:
        return _public_url("specialist_home")
    return _public_url("console:home")


def _refused(request, error: DomainError, invitation=None):
    return render(request, "invitations/accept_refused.html",
                  {"error": error, "invitation": invitation}, status=error.status)


def invitation_accept(request, token: str):
    try:
        invitation = invitation_get_for_token(token=token)
    except DomainError as error:
        return _refused(request, error)
    context = {"invitation": invitation, "organisation": invitation.organisation}

    if request.user.is_authenticated:
        if not invitation.is_addressed_to(request.user):
            return _refused(request, invitation_refused(ErrorCode.INVITATION_WRONG_EMAIL),
                            invitation)
        if request.method == "POST":
            return _accept(request, token=token, actor=request.user)
        return render(request, "invitations/accept_confirm.html", context)

    if account_exists(email=invitation.email):
        login_url = f"{_public_url('account_login')}?{urlencode({'next': request.path})}"
        return render(request, "invitations/accept_sign_in.html",
                      {**context, "login_url": login_url})

    form = AcceptNewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        return _accept(request, token=token, full_name=form.cleaned_data["full_name"],
                       password=form.cleaned_data["password1"])
    return render(request, "invitations/accept_new.html", {**context, "form": form})


def _accept(request, *, token: str, actor=None, full_name: str = "", password: str = ""):
    try:
        membership = services.invitation_accept(token=token, actor=actor, full_name=full_name,
                                                password=password)
    except DomainError as error:
        return _refused(request, error)
    messages.success(request, _("%(organisation)sに%(role)sとして参加しました。") % {
        "organisation": membership.organisation, "role": membership.get_role_display()})
    if actor is not None:
        return redirect(_home_of(membership))
    return perform_login(request, membership.user, redirect_url=_home_of(membership))


@login_required
def console_invitations(request):
    if not can_use_console(request.user):
        raise PermissionDenied
    form = None
    if is_coordinator(request.user):
        form = ConsoleInvitationForm(
            request.POST or None, initial={"organisation": request.GET.get("organisation", "")},
            prefecture=request.tenant,  # on the prefecture's paths, the public tenant
            municipalities=municipality_list(actor=request.user,
                                             prefecture=settings.KYODO_PREFECTURE),
            vendors=vendor_list(actor=request.user, status=VendorStatus.APPROVED),
        )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invitation_create(actor=request.user, email=data["email"], role=data["role"],
                                       municipality=data["municipality"], vendor=data["vendor"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(email)s に招待メールを送りました。") % data)
            return redirect("console:invitations")
    return render(request, "invitations/console_invitations.html",
                  {"form": form, "invitations": invitation_list(actor=request.user)})


@login_required
@require_POST
def console_invitation_revoke(request, pk: int):
    invitation = get_object_or_404(invitation_list(actor=request.user), pk=pk)
    _revoke(request, invitation)
    return redirect_back(request, "console:invitations")


def workspace_members(request):
    town = request.tenant
    may_invite = can_invite(request.user, municipality=town, role=Role.MUNICIPALITY_STAFF)
    if request.method == "POST" and not may_invite:
        raise PermissionDenied
    form = WorkspaceInvitationForm(request.POST or None) if may_invite else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invitation_create(actor=request.user, email=data["email"], role=data["role"],
                                       municipality=town)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(email)s に招待メールを送りました。") % data)
            return redirect("workspace:members")
    return render(request, "invitations/workspace_members.html", {
        "town": town,
        "form": form,
        "may_invite": may_invite,
        "lifetime_days": INVITATION_LIFETIME.days,
        "members": members_with_actions(
            request.user, membership_list(actor=request.user, municipality=town),
            urls=workspace_member_urls),
        "invitations": invitation_pending_list(actor=request.user, municipality=town),
    })


@require_POST
def workspace_invitation_revoke(request, pk: int):
    town = request.tenant
    invitation = get_object_or_404(invitation_list(actor=request.user, municipality=town), pk=pk)
    _revoke(request, invitation)
    return redirect("workspace:members")


def _revoke(request, invitation) -> None:
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(email)s への招待を取り消しました。") % {
            "email": invitation.email})
