"""Engagements after they start: the specialist's hours, the end, the town's rating."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kyodo.accounts.policy import can_log_time, can_take_request_action
from kyodo.errors import DomainError, ErrorCode
from talent_pool import notices
from talent_pool.lifecycle import RequestAction, allowed, target
from talent_pool.models import Engagement, Specialist, SupportRequest, TimeEntry
from talent_pool.services.common import audit, fields_of, invalid, require
from talent_pool.services.requests import transition_refused

ENTRY_FIELDS = ("day", "hours", "note", "over_capacity_reason")
QUARTER_HOUR = Decimal("0.25")


def month_hours(specialist: Specialist, day: datetime.date, *, excluding=None) -> Decimal:
    """Hours the specialist has logged in `day`'s month, over all engagements."""
    entries = TimeEntry.objects.filter(engagement__specialist=specialist,
                                       day__year=day.year, day__month=day.month)
    if excluding is not None:
        entries = entries.exclude(pk=excluding.pk)
    return entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise invalid("hours", "invalid", _("時間は数値で入力してください。")) from error
    if not hours.is_finite() or hours <= 0 or hours > 24:
        raise invalid("hours", "out_of_range", _("時間は0より大きく24以下で入力してください。"))
    if hours % QUARTER_HOUR:
        raise invalid("hours", "quarter_hours", _("時間は15分（0.25時間）単位で入力してください。"))
    return hours


def time_entry_log(*, actor, engagement: Engagement, day: datetime.date, hours,
                   note: str = "", over_capacity_reason: str = "") -> TimeEntry:
    """Log (or correct) one day's hours. Beyond the specialist's monthly capacity only with
    a reason: the coordinator sees it beside the utilisation."""
    hours = _hours(hours)
    with transaction.atomic():
        engagement = Engagement.objects.select_related(
            "request__municipality", "specialist").get(pk=engagement.pk)
        require(can_log_time(actor, engagement))
        # One specialist's month is checked under a lock on their row, so two entries
        # saved at once cannot together pass the capacity unnoticed.
        specialist = Specialist.objects.select_for_update().get(pk=engagement.specialist_id)
        if day > timezone.localdate():
            raise invalid("day", "in_future", _("未来の日付の稼働は記録できません。"))
        if day < engagement.started_on or day > engagement.request.period_until:
            raise invalid("day", "outside_engagement",
                          _("支援の期間（%(start)s〜%(end)s）内の日付を入力してください。")
                          % {"start": engagement.started_on.isoformat(),
                             "end": engagement.request.period_until.isoformat()})
        entry = TimeEntry.objects.filter(engagement=engagement, day=day).first()
        before = fields_of(entry, ENTRY_FIELDS) if entry else None
        total = month_hours(specialist, day, excluding=entry) + hours
        reason = (over_capacity_reason or "").strip()
        if total > specialist.monthly_capacity_hours and not reason:
            raise DomainError(
                ErrorCode.OVER_CAPACITY,
                _("この月の稼働が%(total)s時間となり、月あたりの稼働可能時間（%(capacity)d時間）を"
                  "超えます。理由を入力してください。")
                % {"total": total.normalize(), "capacity": specialist.monthly_capacity_hours},
                details=[{"field": "over_capacity_reason", "code": "required",
                          "message": _("稼働可能時間を超える理由を入力してください。")}])
        entry = entry or TimeEntry(engagement=engagement, day=day)
        entry.hours, entry.note, entry.logged_by = hours, (note or "").strip()[:200], actor
        entry.over_capacity_reason = reason[:200]
        entry.save()
        audit(actor=actor, action="time_entry.update" if before else "time_entry.create",
              target=entry, before=before, after=fields_of(entry, ENTRY_FIELDS))
    return entry


def engagement_complete(*, actor, engagement: Engagement) -> Engagement:
    """The coordinator closes an engagement; the town is asked for its rating."""
    with transaction.atomic():
        request = SupportRequest.objects.select_for_update().select_related(
            "municipality").get(pk=engagement.request_id)
        if not allowed(RequestAction.COMPLETE, request.status):
            raise transition_refused(request)
        require(can_take_request_action(actor, request, RequestAction.COMPLETE))
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        before = fields_of(request, SupportRequest.AUDITED_FIELDS)
        request.status = target(RequestAction.COMPLETE)
        request.save(update_fields=["status"])
        engagement.ended_on = max(engagement.started_on,
                                  min(request.period_until, timezone.localdate()))
        engagement.save(update_fields=["ended_on"])
        audit(actor=actor, action="support_request.complete", target=request, before=before,
              after={**fields_of(request, SupportRequest.AUDITED_FIELDS),
                     "ended_on": str(engagement.ended_on)},
              tenant_schema=request.municipality.schema_name)
        notices.engagement_completed(actor=actor, engagement=engagement)
    return engagement


def engagement_rate(*, actor, engagement: Engagement, rating, comment: str = "") -> Engagement:
    """The town's lead rates a finished engagement, 1 to 5, for the coordinators' eyes."""
    try:
        rating = int(rating)
    except (TypeError, ValueError) as error:
        raise invalid("rating", "invalid", _("評価は1から5で選んでください。")) from error
    if not 1 <= rating <= 5:
        raise invalid("rating", "out_of_range", _("評価は1から5で選んでください。"))
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise invalid("comment", "too_long", _("コメントは2000文字以内で入力してください。"))
    with transaction.atomic():
        request = SupportRequest.objects.select_for_update().select_related(
            "municipality").get(pk=engagement.request_id)
        if not allowed(RequestAction.RATE, request.status):
            raise transition_refused(request)
        require(can_take_request_action(actor, request, RequestAction.RATE))
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        request.status = target(RequestAction.RATE)
        request.save(update_fields=["status"])
        engagement.rating, engagement.rating_comment = rating, comment
        engagement.rated_by, engagement.rated_at = actor, timezone.now()
        engagement.save(update_fields=["rating", "rating_comment", "rated_by", "rated_at"])
        audit(actor=actor, action="engagement.rate", target=engagement,
              after={"rating": rating, "comment": comment},
              tenant_schema=request.municipality.schema_name)
    return engagement
