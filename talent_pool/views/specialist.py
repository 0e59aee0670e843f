"""The specialist's own page (/specialist/): engagements and hours, availability, and the
spot-consultation slots they offer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.accounts.selectors import specialist_membership_list
from kyodo.errors import DomainError
from kyodo.forms import add_domain_error
from talent_pool import selectors
from talent_pool.forms import AvailabilityForm, SlotForm, TimeEntryForm
from talent_pool.lifecycle import RequestStatus
from talent_pool.models import Booking, ConsultationSlot
from talent_pool.services.consultations import booking_cancel, slot_publish, slot_withdraw
from talent_pool.services.engagements import time_entry_log
from talent_pool.services.specialists import specialist_availability_update
from talent_pool.views.common import post_step


def _own_profile(request):
    specialist = selectors.specialist_of(request.user)
    if specialist is None:
        raise PermissionDenied
    return specialist


def _page(request, specialist, *, hours_forms=None, availability_form=None, slot_form=None):
    engagements = list(selectors.specialist_engagements(specialist)) if specialist else []
    hours_forms = hours_forms or {}
    rows = [{"engagement": engagement,
             "form": hours_forms.get(engagement.pk) or (
                 TimeEntryForm(prefix=f"e{engagement.pk}")
                 if engagement.request.status == RequestStatus.ACTIVE else None),
             "entries": engagement.time_entries.all()[:10]}
            for engagement in engagements]
    return render(request, "talent_pool/specialist_home.html", {
        "memberships": specialist_membership_list(actor=request.user),
        "specialist": specialist, "rows": rows,
        "availability_form": availability_form or (
            AvailabilityForm(instance=specialist) if specialist else None),
        "slot_form": slot_form or SlotForm(),
        "slots": selectors.specialist_slots(specialist) if specialist else []})


@login_required
def home(request):
    specialist_membership_list(actor=request.user)  # specialists only
    return _page(request, selectors.specialist_of(request.user))


@login_required
@require_POST
def log_hours(request, pk: int):
    specialist = _own_profile(request)
    engagement = get_object_or_404(selectors.specialist_engagements(specialist), pk=pk)
    form = TimeEntryForm(request.POST, prefix=f"e{engagement.pk}")
    if form.is_valid():
        try:
            time_entry_log(actor=request.user, engagement=engagement, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(day)sの稼働を記録しました。")
                             % {"day": form.cleaned_data["day"].isoformat()})
            return redirect("specialist_home")
    return _page(request, specialist, hours_forms={engagement.pk: form})


@login_required
@require_POST
def availability(request):
    specialist = _own_profile(request)
    form = AvailabilityForm(request.POST, instance=selectors.specialist_of(request.user))
    if form.is_valid():
        try:
            specialist_availability_update(actor=request.user, specialist=specialist,
                                           data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("稼働できる時間と期間を更新しました。"))
            return redirect("specialist_home")
    return _page(request, specialist, availability_form=form)


@login_required
@require_POST
def slot_new(request):
    specialist = _own_profile(request)
    form = SlotForm(request.POST)
    if form.is_valid():
        try:
            slot_publish(actor=request.user, specialist=specialist, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("スポット相談の枠を公開しました。"))
            return redirect("specialist_home")
    return _page(request, specialist, slot_form=form)


@login_required
@require_POST
def slot_remove(request, pk: int):
    specialist = _own_profile(request)
    slot = get_object_or_404(ConsultationSlot, pk=pk, specialist=specialist)
    return post_step(request, lambda: slot_withdraw(actor=request.user, slot=slot),
                     done=_("枠の公開をやめました。"), back=reverse("specialist_home"))


@login_required
@require_POST
def booking_remove(request, pk: int):
    specialist = _own_profile(request)
    booking = get_object_or_404(Booking, pk=pk, slot__specialist=specialist)
    return post_step(request, lambda: booking_cancel(actor=request.user, booking=booking),
                     done=_("予約を取り消し、団体に通知しました。"),
                     back=reverse("specialist_home"))
