"""The town's pages in its workspace (/m/<slug>/talent/): its support requests, what the
pool can offer (anonymised), hours delivered, the rating, and spot consultations."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.accounts.policy import (
    can_edit_support_request,
    can_take_request_action,
    is_municipality_lead,
)
from talent_pool import selectors
from talent_pool.forms import BookingForm, RatingForm, SupportRequestForm, prefill
from talent_pool.lifecycle import RequestAction
from talent_pool.models import Booking, ConsultationSlot
from talent_pool.services.consultations import booking_cancel, slot_book
from talent_pool.services.engagements import engagement_rate
from talent_pool.services.requests import (
    support_request_create,
    support_request_submit,
    support_request_update,
    support_request_withdraw,
)
from talent_pool.views.common import form_step, post_step


def _detail_url(request, pk: int) -> str:
    return reverse("workspace:talent_request", args=[pk])


def request_list(request):
    town = request.tenant
    return render(request, "talent_pool/workspace/list.html", {
        "town": town, "requests": selectors.town_request_list(actor=request.user,
                                                              municipality=town),
        "availability": selectors.skill_availability(actor=request.user, municipality=town),
        "is_lead": is_municipality_lead(request.user, town)})


def request_edit(request, pk: int | None = None):
    town = request.tenant
    support_request = None
    if pk is not None:
        support_request = selectors.request_get(actor=request.user, pk=pk, municipality=town)
        if not can_edit_support_request(request.user, support_request):
            raise Http404
    else:
        selectors.town_request_list(actor=request.user, municipality=town)  # members only
    form = SupportRequestForm(request.POST or None, instance=support_request,
                              initial=None if support_request else prefill(request.GET))

    def save(f):
        if support_request is None:
            return support_request_create(actor=request.user, municipality=town,
                                          data=f.data_for_service(), skills=f.skill_levels())
        return support_request_update(actor=request.user, request=support_request,
                                      data=f.data_for_service(), skills=f.skill_levels())

    done = form_step(request, form, save,
                     done=_("支援要請を下書きとして保存しました。内容を確認して提出してください。"),
                     success=lambda saved: _detail_url(request, saved.pk))
    if done:
        return done
    return render(request, "talent_pool/workspace/form.html", {
        "town": town, "form": form, "support_request": support_request,
        "title": _("支援要請を編集") if support_request else _("デジタル人材の支援を要請")})


def request_detail(request, pk: int):
    town = request.tenant
    support_request = selectors.request_get(actor=request.user, pk=pk, municipality=town)
    engagement = getattr(support_request, "engagement", None)
    may = {action: can_take_request_action(request.user, support_request, action)
           for action in (RequestAction.SUBMIT, RequestAction.WITHDRAW, RequestAction.RATE)}
    return render(request, "talent_pool/workspace/detail.html", {
        "town": town, "support_request": support_request, "engagement": engagement,
        "hours": selectors.hours_delivered(engagement) if engagement else None,
        "monthly": selectors.monthly_hours(engagement) if engagement else [],
        "may_edit": can_edit_support_request(request.user, support_request),
        "may_submit": may[RequestAction.SUBMIT], "may_withdraw": may[RequestAction.WITHDRAW],
        "rating_form": RatingForm() if may[RequestAction.RATE] else None})


def _own_request(request, pk: int):
    return selectors.request_get(actor=request.user, pk=pk, municipality=request.tenant)


@require_POST
def submit(request, pk: int):
    support_request = _own_request(request, pk)
    return post_step(request, lambda: support_request_submit(actor=request.user,
                                                             request=support_request),
                     done=_("支援要請を県に提出しました。"), back=_detail_url(request, pk))


@require_POST
def withdraw(request, pk: int):
    support_request = _own_request(request, pk)
    return post_step(request, lambda: support_request_withdraw(actor=request.user,
                                                               request=support_request),
                     done=_("支援要請を取り下げました。"), back=_detail_url(request, pk))


@require_POST
def rate(request, pk: int):
    support_request = _own_request(request, pk)
    engagement = getattr(support_request, "engagement", None)
    if engagement is None:
        raise Http404
    return post_step(request, lambda: engagement_rate(
        actor=request.user, engagement=engagement, rating=request.POST.get("rating"),
        comment=request.POST.get("comment", "")),
        done=_("評価を送りました。ありがとうございました。"), back=_detail_url(request, pk))


def consultations(request, form=None, form_slot=None):
    town = request.tenant
    return render(request, "talent_pool/workspace/consultations.html", {
        "town": town, "slots": selectors.open_slots(actor=request.user, municipality=town),
        "bookings": selectors.town_bookings(actor=request.user, municipality=town),
        "form": form or BookingForm(), "form_slot": form_slot})


@require_POST
def book(request, pk: int):
    town = request.tenant
    selectors.town_bookings(actor=request.user, municipality=town)  # members only
    slot = get_object_or_404(ConsultationSlot, pk=pk)
    form = BookingForm(request.POST)
    done = form_step(request, form, lambda f: slot_book(
        actor=request.user, slot=slot, municipality=town, question=f.cleaned_data["question"]),
        done=_("スポット相談を予約しました。"),
        success=lambda _booking: reverse("workspace:talent_consultations"))
    return done or consultations(request, form=form, form_slot=slot.pk)


@require_POST
def cancel_booking(request, pk: int):
    booking = get_object_or_404(Booking, pk=pk, municipality=request.tenant)
    return post_step(request, lambda: booking_cancel(actor=request.user, booking=booking),
                     done=_("予約を取り消しました。"),
                     back=reverse("workspace:talent_consultations"))
