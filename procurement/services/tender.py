"""The coordinator's side of a procurement, from the draft to publication and its changes.

The timeline's rules are the law's: the bid deadline at least the minimum period after
publication (地方自治法施行令第167条の6第1項, KYODO_PROCUREMENT_MINIMUM_BID_PERIOD_DAYS),
and no deadline or opening on a day the offices are closed (地方自治法第4条の2, via
kyodo.office_days). An amendment after publication extends the bid deadline when less
than the minimum period remains, and asks every vendor who bid to confirm or replace.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyodo.accounts.policy import can_manage_procurement
from kyodo.errors import DomainError, ErrorCode
from kyodo.office_days import closure_on, open_day_on_or_after
from procurement import notices
from procurement.evaluation import TechnicalItem, TenderRules
from procurement.keys import keyring
from procurement.lifecycle import FINAL_STAGES, Stage, State
from procurement.models import (
    Amendment,
    BidStatus,
    LowPriceKind,
    Procurement,
    SurveyInvitation,
)
from procurement.sealing import tender_key_create
from procurement.services.common import (
    audit,
    fresh,
    invalid,
    now,
    procurement_snapshot,
    require,
    wrong_state,
)

DRAFT_FIELDS = ("title", "need", "category", "qualification")
TERMS_FIELDS = ("method", "ceiling_price", "ceiling_published", "low_price_kind", "low_price",
                "technical_items", "price_points_max", "price_formula", "standard_points",
                "asks_town_prices", "equal_weight", "population_weight", "reasons_deadline_days")
TIMELINE_FIELDS = ("clarification_deadline", "bid_deadline", "opening_at")


def minimum_bid_period() -> datetime.timedelta:
    return datetime.timedelta(days=settings.KYODO_PROCUREMENT_MINIMUM_BID_PERIOD_DAYS)


def procurement_create(*, actor, data: dict) -> Procurement:
    require(can_manage_procurement(actor))
    with transaction.atomic():
        procurement = Procurement(created_by=actor,
                                  **{name: data[name] for name in DRAFT_FIELDS if name in data})
        procurement.full_clean()
        procurement.save()
        audit(actor=actor, action="procurement.create", target=procurement,
              after=procurement_snapshot(procurement))
    return procurement


def survey_open(*, actor, procurement: Procurement, municipalities,
                deadline: datetime.datetime) -> Procurement:
    """Ask chosen towns whether they join, until `deadline`."""
    require(can_manage_procurement(actor))
    procurement = fresh(procurement)
    if procurement.stage != Stage.DRAFT:
        raise wrong_state(procurement)
    municipalities = [town for town in municipalities if not town.is_public]
    if not municipalities:
        raise invalid("municipalities", "required", _("調査する市町村を1つ以上選んでください。"))
    if deadline <= now():
        raise invalid("survey_deadline", "in_past", _("回答期限は現在より後にしてください。"))
    _refuse_closed_day("survey_deadline", deadline)
    with transaction.atomic():
        before = procurement_snapshot(procurement)
        procurement.stage = Stage.SURVEY
        procurement.survey_deadline = deadline
        procurement.save()
        SurveyInvitation.objects.bulk_create(
            [SurveyInvitation(procurement=procurement, municipality=town)
             for town in municipalities])
        audit(actor=actor, action="procurement.survey_open", target=procurement, before=before,
              after=procurement_snapshot(procurement) | {
                  "municipalities": [town.lg_code for town in municipalities]})
        notices.survey_opened(actor=actor, procurement=procurement)
    return procurement


def _refuse_closed_day(field: str, moment: datetime.datetime) -> None:
    closure = closure_on(timezone.localtime(moment).date())
    if closure is not None:
        raise invalid(field, "office_closed", closure.message + _(
            "県の開庁日を指定してください。"))


def _rules(procurement: Procurement) -> TenderRules:
    """The terms as the evaluation reads them; its checks name the field at fault."""
    minimum = investigation = None
    if procurement.low_price_kind == LowPriceKind.MINIMUM:
        minimum = procurement.low_price
    elif procurement.low_price_kind == LowPriceKind.INVESTIGATION:
        investigation = procurement.low_price
    return TenderRules(
        method=procurement.method, ceiling_price=procurement.ceiling_price,
        minimum_price=minimum, investigation_price=investigation,
        technical_items=tuple(TechnicalItem(key=item["key"], name=item["name"],
                                            max_points=item["max_points"])
                              for item in procurement.technical_items),
        price_points_max=procurement.price_points_max,
        price_formula=procurement.price_formula or None,
        standard_points=procurement.standard_points)


def tender_rules(procurement: Procurement) -> TenderRules:
    return _rules(procurement)


def _check_terms(procurement: Procurement) -> None:
    if procurement.ceiling_price is None:
        raise invalid("ceiling_price", "required", _("予定価格を入力してください。"))
    if procurement.low_price_kind and procurement.low_price is None:
        raise invalid("low_price", "required", _("基準価格を入力してください。"))
    if procurement.equal_weight + procurement.population_weight != 100:
        raise invalid("equal_weight", "weights_sum",
                      _("均等割と人口割の割合は合わせて100%にしてください。"))
    _rules(procurement)


def _check_timeline(procurement: Procurement, published_at: datetime.datetime) -> None:
    for field in TIMELINE_FIELDS:
        if getattr(procurement, field) is None:
            raise invalid(field, "required", _("日時を入力してください。"))
    if procurement.clarification_deadline <= published_at:
        raise invalid("clarification_deadline", "in_past",
                      _("質問の受付期限は公告より後にしてください。"))
    if procurement.clarification_deadline >= procurement.bid_deadline:
        raise invalid("clarification_deadline", "after_bid_deadline",
                      _("質問の受付期限は入札書の提出期限より前にしてください。"))
    if procurement.opening_at < procurement.bid_deadline:
        raise invalid("opening_at", "before_bid_deadline",
                      _("開札日時は入札書の提出期限以後にしてください。"))
    earliest = published_at + minimum_bid_period()
    if procurement.bid_deadline < earliest:
        raise invalid("bid_deadline", "too_soon", _(
            "入札書の提出期限は、公告から%(days)d日以上後にしてください"
            "（地方自治法施行令第167条の6第1項）。%(earliest)s以降を指定できます。") % {
                "days": settings.KYODO_PROCUREMENT_MINIMUM_BID_PERIOD_DAYS,
                "earliest": timezone.localtime(earliest).strftime("%Y-%m-%d %H:%M")})
    for field in ("bid_deadline", "opening_at"):
        _refuse_closed_day(field, getattr(procurement, field))


def tender_publish(*, actor, procurement: Procurement, data: dict) -> Procurement:
    """Fix the participants (the survey must be closed) and publish the terms."""
    require(can_manage_procurement(actor))
    procurement = fresh(procurement)
    moment = now()
    if procurement.state(moment) != State.SURVEY_CLOSED:
        raise wrong_state(procurement)
    if not procurement.invitations.filter(joins=True).exists():
        raise DomainError(ErrorCode.INVALID_TRANSITION,
                          _("参加する市町村がないため、公告できません。中止してください。"),
                          status=409)
    with transaction.atomic():
        procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
        before = procurement_snapshot(procurement)
        for name in (*TERMS_FIELDS, *TIMELINE_FIELDS):
            if name in data:
                setattr(procurement, name, data[name])
        _check_terms(procurement)
        _check_timeline(procurement, moment)
        procurement.full_clean()
        procurement.stage = Stage.PUBLISHED
        procurement.published_at = moment
        procurement.terms_version = 1
        procurement.save()
        procurement.tender_key = tender_key_create(tender_id=str(procurement.pk),
                                                   keyring=keyring()).as_text()
        procurement.save(update_fields=["tender_key"])
        audit(actor=actor, action="procurement.publish", target=procurement, before=before,
              after=procurement_snapshot(procurement))
        notices.tender_published(procurement=procurement)
    return procurement


def tender_amend(*, actor, procurement: Procurement, data: dict, summary: str) -> Amendment:
    """A new version of the published terms. Less than the minimum period left before the
    bid deadline: the deadline (and the opening, if it would come first) moves out to the
    minimum, on an office day. Bids already placed wait for their vendor's confirmation."""
    require(can_manage_procurement(actor))
    procurement = fresh(procurement)
    moment = now()
    if procurement.state(moment) not in (State.PUBLISHED, State.TENDERING):
        raise wrong_state(procurement)
    if not summary.strip():
        raise invalid("summary", "required", _("変更の内容を入力してください。"))
    with transaction.atomic():
        procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
        before = procurement_snapshot(procurement)
        for name in (*TERMS_FIELDS, *TIMELINE_FIELDS):
            if name in data:
                setattr(procurement, name, data[name])
        _extend_to_minimum(procurement, moment)
        _check_terms(procurement)
        _check_timeline(procurement, procurement.published_at)
        procurement.full_clean()
        after = procurement_snapshot(procurement)
        changes = {name: [before[name], after[name]] for name in after
                   if before[name] != after[name]}
        if not changes:
            raise invalid("summary", "no_change", _("変更された項目がありません。"))
        procurement.terms_version += 1
        procurement.save()
        amendment = Amendment.objects.create(procurement=procurement,
                                             version=procurement.terms_version,
                                             summary=summary.strip(), changes=changes,
                                             created_by=actor)
        procurement.bids.filter(status=BidStatus.CURRENT).update(
            status=BidStatus.NEEDS_CONFIRMATION)
        audit(actor=actor, action="procurement.amend", target=procurement, before=before,
              after=procurement_snapshot(procurement) | {"summary": amendment.summary})
        notices.tender_amended(procurement=procurement, amendment=amendment)
    return amendment


def _extend_to_minimum(procurement: Procurement, moment: datetime.datetime) -> None:
    earliest = moment + minimum_bid_period()
    if procurement.bid_deadline >= earliest:
        return
    local = timezone.localtime(procurement.bid_deadline)
    day = open_day_on_or_after(timezone.localtime(earliest).date())
    deadline = local.replace(year=day.year, month=day.month, day=day.day)
    if deadline < earliest:
        day = open_day_on_or_after(day + datetime.timedelta(days=1))
        deadline = local.replace(year=day.year, month=day.month, day=day.day)
    shift = deadline - procurement.bid_deadline
    procurement.bid_deadline = deadline
    if procurement.opening_at < deadline:
        opening = timezone.localtime(procurement.opening_at + shift)
        day = open_day_on_or_after(opening.date())
        procurement.opening_at = opening.replace(year=day.year, month=day.month, day=day.day)


def procurement_cancel(*, actor, procurement: Procurement, reason: str) -> Procurement:
    """中止, with a reason, at any point before the award. Sealed bids stay sealed."""
    require(can_manage_procurement(actor))
    procurement = fresh(procurement)
    if procurement.stage in FINAL_STAGES or procurement.stage == Stage.AWARDED:
        raise wrong_state(procurement)
    if not reason.strip():
        raise invalid("reason", "required", _("中止の理由を入力してください。"))
    with transaction.atomic():
        before = procurement_snapshot(procurement)
        procurement.stage = Stage.CANCELLED
        procurement.cancel_reason = reason.strip()
        procurement.save()
        audit(actor=actor, action="procurement.cancel", target=procurement, before=before,
              after=procurement_snapshot(procurement))
        notices.procurement_cancelled(procurement=procurement)
    return procurement
