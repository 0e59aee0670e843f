"""事業者登録申請 (anyone), its review in the prefecture console (coordinators), and the
vendor's own upkeep of its registration, qualifications and colleagues (its administrator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.accounts.models import VendorQualification, VendorStatus
from kyodo.accounts.policy import (
    can_approve_vendor,
    can_edit_vendor,
    can_reinstate_vendor,
    can_reject_vendor,
    can_suspend_vendor,
)
from kyodo.accounts.selectors import vendor_get
from kyodo.errors import DomainError
from kyodo.forms import ReasonForm
from kyodo.invitations.forms import (
    QualificationForm,
    QualificationFormSet,
    VendorEditForm,
    VendorInvitationForm,
    VendorRegistrationForm,
)
from kyodo.invitations.selectors import vendor_list
from kyodo.invitations.services import invitation_create
from kyodo.invitations.vendors import (
    vendor_approve,
    vendor_qualification_add,
    vendor_register,
    vendor_reinstate,
    vendor_reject,
    vendor_suspend,
    vendor_update,
)
from kyodo.ratelimits import count_accepted, too_many_requests, wait_seconds

REGISTER_LIMIT = "vendor_register"  # in ACCOUNT_RATE_LIMITS


def register(request):
    """Open to anyone, so a client may file only a few applications an hour.

    Only accepted applications count: a refused form (a typo in the 法人番号) may be
    corrected and sent again as often as needed.
    """
    if request.method == "POST" and (wait := wait_seconds(request, action=REGISTER_LIMIT)):
        return too_many_requests(request, wait=wait)
    form = VendorRegistrationForm(request.POST or None)
    formset = QualificationFormSet(request.POST or None, prefix="qualifications",
                                   queryset=VendorQualification.objects.none())
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        qualifications = [item for item in formset.cleaned_data if item]
        try:
            vendor_register(data=form.cleaned_data, qualifications=qualifications)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            count_accepted(request, action=REGISTER_LIMIT)
            return redirect("vendor_register_done")
    return render(request, "invitations/vendor_register.html",
                  {"form": form, "formset": formset})


def register_done(request):
    return render(request, "invitations/vendor_register_done.html")


@login_required
def console_vendors(request):
    vendors = vendor_list(actor=request.user)
    rows = [(vendor, {
        "approve": can_approve_vendor(request.user, vendor),
        "reject": can_reject_vendor(request.user, vendor),
        "suspend": can_suspend_vendor(request.user, vendor),
        "reinstate": can_reinstate_vendor(request.user, vendor),
    }) for vendor in vendors]
    return render(request, "invitations/console_vendors.html", {
        "rows": rows,
        "pending_count": sum(vendor.status == VendorStatus.PENDING for vendor in vendors),
    })


@login_required
@require_POST
def console_vendor_approve(request, pk: int):
    vendor = get_object_or_404(vendor_list(actor=request.user), pk=pk)
    try:
        vendor_approve(actor=request.user, vendor=vendor)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)sを承認し、%(email)s に招待メールを送りました。") % {
            "name": vendor.legal_name, "email": vendor.contact_email})
    return redirect("console:vendors")


def _status_change(request, pk: int, service, done: str, **arguments):
    vendor = get_object_or_404(vendor_list(actor=request.user), pk=pk)
    try:
        service(actor=request.user, vendor=vendor, **arguments)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"name": vendor.legal_name})
    return redirect("console:vendors")


@login_required
@require_POST
def console_vendor_suspend(request, pk: int):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _status_change(request, pk, vendor_suspend, _("%(name)sを停止しました。"),
                          reason=reason)


@login_required
@require_POST
def console_vendor_reject(request, pk: int):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _status_change(request, pk, vendor_reject,
                          _("%(name)sの申請を却下し、理由を申請者にメールで伝えました。"),
                          reason=reason)


@login_required
@require_POST
def console_vendor_reinstate(request, pk: int):
    return _status_change(request, pk, vendor_reinstate, _("%(name)sの停止を解除しました。"))


@login_required
def vendor_edit(request, pk: int):
    vendor = vendor_get(actor=request.user, pk=pk)
    if not can_edit_vendor(request.user, vendor):
        raise PermissionDenied
    form = VendorEditForm(request.POST or None, instance=vendor)
    if request.method == "POST" and form.is_valid():
        try:
            vendor_update(actor=request.user, vendor=vendor, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("登録内容を保存しました。"))
            return redirect("vendor_portal", pk=vendor.pk)
    return render(request, "invitations/vendor_edit.html", {"vendor": vendor, "form": form})


@login_required
def vendor_qualification_new(request, pk: int):
    vendor = vendor_get(actor=request.user, pk=pk)
    if not can_edit_vendor(request.user, vendor):
        raise PermissionDenied
    form = QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vendor_qualification_add(actor=request.user, vendor=vendor, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("競争入札参加資格を登録しました。"))
            return redirect("vendor_portal", pk=vendor.pk)
    return render(request, "invitations/vendor_qualification_new.html",
                  {"vendor": vendor, "form": form})


@login_required
@require_POST
def vendor_member_invite(request, pk: int):
    vendor = vendor_get(actor=request.user, pk=pk)
    form = VendorInvitationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("vendor_portal", pk=vendor.pk)
    try:
        invitation_create(actor=request.user, email=form.cleaned_data["email"],
                          role=form.cleaned_data["role"], vendor=vendor)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(email)s に招待メールを送りました。") % form.cleaned_data)
    return redirect("vendor_portal", pk=vendor.pk)
