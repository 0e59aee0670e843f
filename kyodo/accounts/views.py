"""Pages of the organisations that live in the public schema: vendors, specialists."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.accounts.models import Membership
from kyodo.accounts.selectors import specialist_membership_list, vendor_get, vendor_member_list
from kyodo.accounts.services import membership_remove
from kyodo.forms import ReasonForm


@login_required
def vendor_portal(request, pk: int):
    vendor = vendor_get(actor=request.user, pk=pk)
    today: datetime.date = timezone.localdate()
    qualifications = [(q, q.is_valid_on(today)) for q in vendor.qualifications.all()]
    return render(request, "accounts/vendor_portal.html", {
        "vendor": vendor,
        "qualifications": qualifications,
        "members": vendor_member_list(actor=request.user, vendor=vendor),
    })


@login_required
def specialist_home(request):
    return render(request, "accounts/specialist_home.html", {
        "memberships": specialist_membership_list(actor=request.user),
    })


@require_POST
def workspace_member_remove(request, pk: int):
    """A town's lead ends a colleague's membership (the town's schema is active here)."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, municipality=request.tenant)
    form = ReasonForm(request.POST, required=False)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    membership_remove(actor=request.user, membership=membership, reason=reason)
    messages.success(request, _("%(email)s の所属を解除しました。") % {
        "email": membership.user.email})
    return redirect("workspace:members")
