"""Whom the pool's steps concern, and what they are told (kyodo.notifications).

A town's rating of an engagement is never announced: it is for the coordinators only.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyodo.notifications.kinds import NotificationKind, register
from kyodo.notifications.recipients import prefecture_coordinators, town_members
from kyodo.notifications.services import notify

REQUEST_SUBMITTED = register(NotificationKind(
    code="talent_pool.request_submitted", title=_("デジタル人材の支援要請が届きました"),
    body=_("%(town)sから支援要請「%(title)s」が届きました。")))
REQUEST_DECLINED = register(NotificationKind(
    code="talent_pool.request_declined", title=_("支援要請は見送りとなりました"),
    body=_("支援要請「%(title)s」は見送りとなりました。理由：%(reason)s")))
ENGAGEMENT_STARTED = register(NotificationKind(
    code="talent_pool.engagement_started", title=_("デジタル人材の支援が決まりました"),
    body=_("支援要請「%(title)s」を%(specialist)sさんが担当します（月%(hours)s時間、%(start)sから）。")))
ASSIGNED = register(NotificationKind(
    code="talent_pool.assigned", title=_("新しい支援の担当になりました"),
    body=_("%(town)sの「%(title)s」を担当することになりました（月%(hours)s時間、%(start)sから）。")))
ENGAGEMENT_COMPLETED = register(NotificationKind(
    code="talent_pool.engagement_completed", title=_("デジタル人材の支援が終了しました"),
    body=_("「%(title)s」の支援が終了しました。支援の評価をお願いします。")))
CONSULTATION_BOOKED = register(NotificationKind(
    code="talent_pool.consultation_booked", title=_("スポット相談の予約が入りました"),
    body=_("%(town)sが%(start)sのスポット相談を予約しました。")))
CONSULTATION_CONFIRMED = register(NotificationKind(
    code="talent_pool.consultation_confirmed", title=_("スポット相談を予約しました"),
    body=_("%(start)sに%(specialist)sさんとのスポット相談を予約しました。")))
CONSULTATION_CANCELLED = register(NotificationKind(
    code="talent_pool.consultation_cancelled", title=_("スポット相談の予約が取り消されました"),
    body=_("%(start)sのスポット相談（%(town)s）の予約が取り消されました。")))


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _town_url(request) -> str:
    from shared_services.notices import town_url

    return town_url(request.municipality, "workspace:talent_request", request.pk)


def _specialist_people(specialist):
    return [specialist.user] if specialist.user_id else []


def request_submitted(*, actor, request) -> None:
    notify(recipients=prefecture_coordinators(), kind=REQUEST_SUBMITTED, actor=actor,
           params={"town": request.municipality.name, "title": request.title},
           url=reverse("talent:request", urlconf="kyodo.urls", args=[request.pk]))


def request_declined(*, actor, request) -> None:
    notify(recipients=town_members(request.municipality), kind=REQUEST_DECLINED, actor=actor,
           params={"title": request.title, "reason": request.decline_reason[:200]},
           url=_town_url(request), organisation_label=request.municipality.name)


def engagement_started(*, actor, engagement) -> None:
    request = engagement.request
    start = engagement.started_on.isoformat()
    notify(recipients=town_members(request.municipality), kind=ENGAGEMENT_STARTED, actor=actor,
           params={"title": request.title, "specialist": engagement.specialist.name,
                   "hours": str(engagement.hours_per_month), "start": start},
           url=_town_url(request), organisation_label=request.municipality.name)
    notify(recipients=_specialist_people(engagement.specialist), kind=ASSIGNED, actor=actor,
           params={"town": request.municipality.name, "title": request.title,
                   "hours": str(engagement.hours_per_month), "start": start},
           url=reverse("specialist_home", urlconf="kyodo.urls"))


def engagement_completed(*, actor, engagement) -> None:
    request = engagement.request
    notify(recipients=town_members(request.municipality), kind=ENGAGEMENT_COMPLETED,
           actor=actor, params={"title": request.title}, url=_town_url(request),
           organisation_label=request.municipality.name)


def consultation_booked(*, actor, booking) -> None:
    slot = booking.slot
    notify(recipients=_specialist_people(slot.specialist), kind=CONSULTATION_BOOKED,
           actor=actor, params={"town": booking.municipality.name, "start": _when(slot.starts_at)},
           url=reverse("specialist_home", urlconf="kyodo.urls"))
    notify(recipients=town_members(booking.municipality), kind=CONSULTATION_CONFIRMED,
           actor=actor, params={"start": _when(slot.starts_at),
                                "specialist": slot.specialist.name},
           url=_consultations_url(booking.municipality),
           organisation_label=booking.municipality.name)


def consultation_cancelled(*, actor, booking) -> None:
    slot = booking.slot
    params = {"start": _when(slot.starts_at), "town": booking.municipality.name}
    notify(recipients=_specialist_people(slot.specialist), kind=CONSULTATION_CANCELLED,
           actor=actor, params=params, url=reverse("specialist_home", urlconf="kyodo.urls"))
    notify(recipients=town_members(booking.municipality), kind=CONSULTATION_CANCELLED,
           actor=actor, params=params, url=_consultations_url(booking.municipality),
           organisation_label=booking.municipality.name)


def _consultations_url(town) -> str:
    from shared_services.notices import town_url

    return town_url(town, "workspace:talent_consultations")
