"""Whom a procurement's steps concern, and what they are told (kyodo.notifications).

Nothing here may carry sealed information: no notice before the opening says who bid or
at what price. Coordinators are not told of bids at all; a vendor's own bid is answered
by its receipt on the page, not by a notice.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyodo.accounts.models import VENDOR_ROLES, Membership, User, VendorStatus
from kyodo.notifications.kinds import NotificationKind, register
from kyodo.notifications.recipients import prefecture_coordinators, town_leads, town_members
from kyodo.notifications.services import notify

SURVEY_OPENED = register(NotificationKind(
    code="procurement.survey_opened", title=_("共同調達の参加意向調査が届きました"),
    body=_("「%(title)s」への参加意向を%(deadline)sまでに回答してください。")))
TENDER_PUBLISHED = register(NotificationKind(
    code="procurement.published", title=_("共同調達の入札が公告されました"),
    body=_("「%(title)s」の入札が公告されました。入札書の提出期限は%(deadline)sです。")))
TENDER_AMENDED = register(NotificationKind(
    code="procurement.amended", title=_("入札の公告内容が変更されました"),
    body=_("「%(title)s」の公告が第%(version)s版に変更されました：%(summary)s "
           "入札済みの場合は、入札の確認又は差し替えをしてください。")))
CLARIFICATION_ASKED = register(NotificationKind(
    code="procurement.clarification_asked", title=_("入札への質問が届きました"),
    body=_("「%(title)s」に質問が届きました。回答を公表してください。")))
CLARIFICATION_ANSWERED = register(NotificationKind(
    code="procurement.clarification_answered", title=_("入札への質問に回答が公表されました"),
    body=_("「%(title)s」の質問への回答が公表されました。")))
TENDER_OPENED = register(NotificationKind(
    code="procurement.opened", title=_("開札しました"),
    body=_("「%(title)s」を開札しました。")))
AWARDED = register(NotificationKind(
    code="procurement.awarded", title=_("落札者が決定しました"),
    body=_("「%(title)s」の落札者が決定しました。入札経過調書を確認できます。")))
REASONS_REQUESTED = register(NotificationKind(
    code="procurement.reasons_requested", title=_("落札者決定の理由の説明が求められました"),
    body=_("「%(title)s」について、入札者から理由の説明が求められました。")))
REASONS_ANSWERED = register(NotificationKind(
    code="procurement.reasons_answered", title=_("理由の説明に回答がありました"),
    body=_("「%(title)s」について求めた説明に県が回答しました。")))
CONTRACTED = register(NotificationKind(
    code="procurement.contracted", title=_("共同調達の契約が締結されました"),
    body=_("「%(title)s」の契約が締結されました。貴団体の負担額を確認できます。")))
CANCELLED = register(NotificationKind(
    code="procurement.cancelled", title=_("共同調達が中止されました"),
    body=_("「%(title)s」は中止されました。理由：%(reason)s")))


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _public_url(procurement) -> str:
    return reverse("procurement:detail", urlconf="kyodo.urls", args=[procurement.pk])


def _town_url(procurement, town) -> str:
    from shared_services.notices import town_url

    return town_url(town, "workspace:procurement_detail", procurement.pk)


def qualified_vendor_people(procurement):
    """Members of every approved vendor qualified in the tender's category today."""
    today = timezone.localdate()
    return User.objects.filter(is_active=True, pk__in=Membership.objects.filter(
        role__in=VENDOR_ROLES, vendor__status=VendorStatus.APPROVED,
        vendor__qualifications__category=procurement.qualification,
        vendor__qualifications__valid_from__lte=today,
        vendor__qualifications__valid_until__gte=today).values("user_id")).order_by("email")


def _bidders_people(procurement):
    return User.objects.filter(is_active=True, pk__in=Membership.objects.filter(
        role__in=VENDOR_ROLES, vendor__in=procurement.bids.values("vendor")).values("user_id"))


def _participants(procurement, only_joined=True):
    invitations = procurement.invitations.select_related("municipality")
    if only_joined:
        invitations = invitations.filter(joins=True)
    return [invitation.municipality for invitation in invitations]


def _tell_towns(procurement, kind, params, *, only_joined=True, leads=False) -> None:
    for town in _participants(procurement, only_joined):
        notify(recipients=town_leads(town) if leads else town_members(town), kind=kind,
               params=params, url=_town_url(procurement, town), organisation_label=town.name)


def survey_opened(*, actor, procurement) -> None:
    _tell_towns(procurement, SURVEY_OPENED, {"title": procurement.title,
                                             "deadline": _when(procurement.survey_deadline)},
                only_joined=False, leads=True)


def tender_published(*, procurement) -> None:
    params = {"title": procurement.title, "deadline": _when(procurement.bid_deadline)}
    notify(recipients=qualified_vendor_people(procurement), kind=TENDER_PUBLISHED,
           params=params, url=_public_url(procurement))
    _tell_towns(procurement, TENDER_PUBLISHED, params)


def tender_amended(*, procurement, amendment) -> None:
    params = {"title": procurement.title, "version": str(amendment.version),
              "summary": amendment.summary[:200]}
    interested = User.objects.filter(
        Q(pk__in=qualified_vendor_people(procurement).values("pk"))
        | Q(pk__in=_bidders_people(procurement).values("pk"))).order_by("email")
    notify(recipients=interested, kind=TENDER_AMENDED, params=params,
           url=_public_url(procurement))
    _tell_towns(procurement, TENDER_AMENDED, params)


def clarification_asked(*, procurement) -> None:
    notify(recipients=prefecture_coordinators(), kind=CLARIFICATION_ASKED,
           params={"title": procurement.title}, url=_public_url(procurement))


def clarification_answered(*, procurement) -> None:
    params = {"title": procurement.title}
    notify(recipients=qualified_vendor_people(procurement), kind=CLARIFICATION_ANSWERED,
           params=params, url=_public_url(procurement))
    _tell_towns(procurement, CLARIFICATION_ANSWERED, params)


def tender_opened(*, procurement) -> None:
    notify(recipients=prefecture_coordinators(), kind=TENDER_OPENED,
           params={"title": procurement.title}, url=_public_url(procurement))


def awarded(*, procurement) -> None:
    params = {"title": procurement.title}
    notify(recipients=_bidders_people(procurement), kind=AWARDED, params=params,
           url=_public_url(procurement))
    _tell_towns(procurement, AWARDED, params)


def reasons_requested(*, procurement) -> None:
    notify(recipients=prefecture_coordinators(), kind=REASONS_REQUESTED,
           params={"title": procurement.title}, url=_public_url(procurement))


def reasons_answered(*, request) -> None:
    from kyodo.notifications.recipients import vendor_members

    notify(recipients=vendor_members(request.vendor), kind=REASONS_ANSWERED,
           params={"title": request.procurement.title}, url=_public_url(request.procurement))


def contracted(*, procurement) -> None:
    _tell_towns(procurement, CONTRACTED, {"title": procurement.title})


def procurement_cancelled(*, procurement) -> None:
    params = {"title": procurement.title, "reason": procurement.cancel_reason[:200]}
    if procurement.published_at:
        notify(recipients=qualified_vendor_people(procurement), kind=CANCELLED, params=params,
               url=_public_url(procurement))
    _tell_towns(procurement, CANCELLED, params, only_joined=procurement.published_at is not None)
