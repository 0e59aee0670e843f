"""Spot consultations (スポット相談): a specialist's open hours, booked by towns.

Double booking is impossible twice over: the slot row is locked while a booking is made,
and the database keeps one live booking per slot (booking_one_live_per_slot), so a
concurrent second booking fails on the constraint even if it got past the lock.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyodo.accounts.policy import can_book_slot, can_cancel_booking, can_publish_slot
from kyodo.errors import DomainError, ErrorCode
from talent_pool import notices
from talent_pool.models import Booking, ConsultationSlot, Specialist
from talent_pool.services.common import audit, invalid, require

MAX_DAYS_AHEAD = 180


def _taken() -> DomainError:
    return DomainError(ErrorCode.SLOT_TAKEN,
                       _("この枠はほかの団体が先に予約しました。別の枠を選んでください。"),
                       status=409)


def slot_publish(*, actor, specialist: Specialist, starts_at: datetime.datetime,
                 online: bool = True) -> ConsultationSlot:
    require(can_publish_slot(actor, specialist))
    now = timezone.now()
    if starts_at <= now:
        raise invalid("starts_at", "in_past", _("これから先の日時を指定してください。"))
    if starts_at > now + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise invalid("starts_at", "too_far", _("%(days)d日先までの日時を指定してください。")
                      % {"days": MAX_DAYS_AHEAD})
    if starts_at.minute % 30 or starts_at.second or starts_at.microsecond:
        raise invalid("starts_at", "not_on_half_hour",
                      _("開始時刻は00分か30分にしてください。"))
    start = starts_at - datetime.timedelta(minutes=59)
    overlapping = ConsultationSlot.objects.filter(
        specialist=specialist, starts_at__gt=start,
        starts_at__lt=starts_at + datetime.timedelta(minutes=60))
    if overlapping.exists():
        raise invalid("starts_at", "overlaps", _("公開済みの枠と時間が重なっています。"))
    with transaction.atomic():
        slot = ConsultationSlot.objects.create(specialist=specialist, starts_at=starts_at,
                                               online=online)
        audit(actor=actor, action="consultation_slot.publish", target=slot,
              after={"starts_at": str(starts_at), "online": online})
    return slot


def slot_withdraw(*, actor, slot: ConsultationSlot) -> None:
    """An unbooked slot may be taken back; a booked one is cancelled with its booking."""
    require(can_publish_slot(actor, slot.specialist))
    with transaction.atomic():
        slot = ConsultationSlot.objects.select_for_update().get(pk=slot.pk)
        if slot.bookings.filter(cancelled_at__isnull=True).exists():
            raise DomainError(ErrorCode.CONFLICT,
                              _("予約済みの枠です。先に予約を取り消してください。"), status=409)
        audit(actor=actor, action="consultation_slot.withdraw", target=slot,
              before={"starts_at": str(slot.starts_at), "online": slot.online})
        slot.bookings.all().delete()
        slot.delete()


def slot_book(*, actor, slot: ConsultationSlot, municipality, question: str) -> Booking:
    require(can_book_slot(actor, municipality))
    question = (question or "").strip()
    if not question:
        raise invalid("question", "required", _("相談したいことを入力してください。"))
    if len(question) > 2000:
        raise invalid("question", "too_long", _("2000文字以内で入力してください。"))
    try:
        with transaction.atomic():
            slot = ConsultationSlot.objects.select_for_update().select_related(
                "specialist").get(pk=slot.pk)
            if slot.starts_at <= timezone.now():
                raise DomainError(ErrorCode.DEADLINE_PASSED,
                                  _("開始時刻を過ぎた枠は予約できません。"), status=409)
            if slot.bookings.filter(cancelled_at__isnull=True).exists():
                raise _taken()
            booking = Booking.objects.create(slot=slot, municipality=municipality,
                                             booked_by=actor, question=question)
            audit(actor=actor, action="booking.create", target=booking,
                  after={"slot": slot.pk, "starts_at": str(slot.starts_at), "question": question},
                  tenant_schema=municipality.schema_name)
            notices.consultation_booked(actor=actor, booking=booking)
    except IntegrityError as error:
        raise _taken() from error
    return booking


def booking_cancel(*, actor, booking: Booking) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related(
            "slot__specialist", "municipality").get(pk=booking.pk)
        require(can_cancel_booking(actor, booking))
        if booking.cancelled_at is not None:
            raise DomainError(ErrorCode.INVALID_TRANSITION,
                              _("この予約はすでに取り消されています。"), status=409)
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["cancelled_at"])
        audit(actor=actor, action="booking.cancel", target=booking,
              after={"cancelled_at": str(booking.cancelled_at)},
              tenant_schema=booking.municipality.schema_name)
        notices.consultation_cancelled(actor=actor, booking=booking)
    return booking
