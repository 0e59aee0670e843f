"""Pages of the organisations that live in the public schema: vendors, specialists."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from kyodo.accounts.member_views import members_with_actions, vendor_member_urls
from kyodo.accounts.models import Role
from kyodo.accounts.policy import can_edit_vendor, can_invite
from kyodo.accounts.selectors import vendor_get, vendor_member_list
from kyodo.invitations.forms import VendorInvitationForm
from kyodo.invitations.selectors import invitation_pending_list_of_vendor


@login_required
def vendor_portal(request, pk: int):
    vendor = vendor_get(actor=request.user, pk=pk)
    today: datetime.date = timezone.localdate()
    qualifications = [(q, q.is_valid_on(today)) for q in vendor.qualifications.all()]
    may_invite = can_invite(request.user, vendor=vendor, role=Role.VENDOR_MEMBER)
    return render(request, "accounts/vendor_portal.html", {
        "vendor": vendor,
        "qualifications": qualifications,
        "members": members_with_actions(
            request.user, vendor_member_list(actor=request.user, vendor=vendor),
            urls=vendor_member_urls),
        "may_edit": can_edit_vendor(request.user, vendor),
        "invite_form": VendorInvitationForm() if may_invite else None,
        "invitations": invitation_pending_list_of_vendor(actor=request.user, vendor=vendor),
    })
