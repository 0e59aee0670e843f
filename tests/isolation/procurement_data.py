"""The isolation walk's joint procurement: sealed bids of both sides, surveys of both
towns, a draft and an opened tender (imported at the end of foreign_data).

Ids (FOREIGN_IDS, OWN_IDS) name one procurement each:

- f1: a tender taking bids (vendor B's sealed bid and question; vendor A's bid, which an
  amendment left awaiting its confirmation);
- f2: a draft (the prefecture's staff only);
- f3: a survey asked of 別府市 only, with its answer;
- o1: a survey asked of 姫島村, which its lead may answer;
- o2: a tender past its opening time, not yet opened (its bids still sealed);
- o3: a survey closed with 姫島村 joining, ready to be published;

and, numbered as the two towns are (the walk tries their ids too), two opened tenders:

- 別府市's id: a 総合評価 (加算方式) tender opened and in evaluation, scored by the
  coordinator (its prices for the prefecture's staff only), which the coordinator may
  score again and award (vendor B's bid, `EVALUATED_BID_IDS`, ranks first);
- 姫島村's id: awarded to vendor B, so vendor A may ask why, and B's request waits
  for an answer; its tabulation is for the bidders and the joining towns.

Bids have UUIDs; `BID_IDS` gives them to the walk's parameters.
"""

import datetime

from django.utils import timezone

from kyodo.office_days import open_day_on_or_after
from procurement.keys import keyring
from procurement.lifecycle import Stage
from procurement.models import (
    Amendment,
    Award,
    Bid,
    BidItem,
    BidOpening,
    BidStatus,
    Clarification,
    Contract,
    ContractShare,
    Procurement,
    ReasonRequest,
    SurveyInvitation,
    TechnicalScore,
)
from procurement.sealing import tender_key_create
from procurement.services.bids import DECLARATIONS, bid_submit
from procurement.services.opening import award_decide, scores_record, tender_open
from tests.isolation.sequences import sequences_past_planted_ids

B_SEALED_PRICE = 7_654_987  # vendor B's sealed bid on f1: nobody may learn it
A_SEALED_PRICE = 7_123_457  # vendor A's own sealed bid on f1: vendor A only
DUE_PRICE = 6_543_219  # a bid on o2, due but not opened: nobody may learn it
EVALUATED_PRICE = 5_432_197  # a bid in evaluation: the prefecture's staff only
AWARDED_PRICE = 4_321_979  # the awarded bid (public once awarded); vendor A's, one yen more,
# is for the staff, the bidders and 姫島村 (joining)
DRAFT_TITLE = "ISOLATION-下書きの共同調達-51ab"
BEPPU_SURVEY_NOTE = "ISOLATION-別府市の参加意向-0d3e"
B_QUESTION = "ISOLATION-他社の未回答の質問-77c1"
BID_IDS: list[str] = []
EVALUATED_BID_IDS: list[str] = []  # vendor B's, then vendor A's bid on the tender in evaluation
TECHNICAL_TERMS = {"method": "addition", "price_points_max": 30, "price_formula": "lowest_ratio",
                   "technical_items": [{"key": "function", "name": "機能", "max_points": 70}]}


def _at(days: int, hour: int) -> datetime.datetime:
    day = open_day_on_or_after(timezone.localdate() + datetime.timedelta(days=days))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def timeline_hints() -> dict:
    """Valid dates for the walk's forms: office days, the bid deadline ten days out."""
    clarification = _at(5, 17)
    bid = _at(14, 17)
    opening = timezone.make_aware(datetime.datetime.combine(
        open_day_on_or_after(bid.date() + datetime.timedelta(days=1)), datetime.time(10)))
    text = "%Y-%m-%dT%H:%M"
    return {"survey_deadline": lambda fresh: _at(7, 17).strftime(text),
            "clarification_deadline": lambda fresh: clarification.strftime(text),
            "bid_deadline": lambda fresh: bid.strftime(text),
            "opening_at": lambda fresh: opening.strftime(text),
            "ceiling_price": lambda fresh: "9000000", "total_price": lambda fresh: "8000000",
            "kuji_number": lambda fresh: "123", "value": lambda fresh: "4000000"}


def _procurement(pk, coordinator, *, title, stage, **fields) -> Procurement:
    return Procurement.objects.create(pk=pk, title=title, need="ISOLATION 調達の目的",
                                      stage=stage, created_by=coordinator, **fields)


def _tender(pk, coordinator, title, **terms) -> Procurement:
    now = timezone.now()
    procurement = _procurement(
        pk, coordinator, title=title, stage=Stage.PUBLISHED, ceiling_price=10_000_000,
        ceiling_published=True, published_at=now - datetime.timedelta(days=1),
        clarification_deadline=_at(3, 17), bid_deadline=_at(12, 17), opening_at=_at(13, 10),
        terms_version=1, **terms)
    procurement.tender_key = tender_key_create(tender_id=str(pk), keyring=keyring()).as_text()
    procurement.save()
    return procurement


def _bid(procurement, vendor, person, price) -> Bid:
    bid, _receipt = bid_submit(actor=person, vendor=vendor, procurement=procurement,
                               total_price=price, kuji_number="321",
                               declarations=dict.fromkeys(DECLARATIONS, True))
    BID_IDS.append(str(bid.pk))
    return bid


def plant(world, *, foreign_ids, own_ids, vendor_b_admin) -> None:
    f1, f2, f3 = foreign_ids
    o1, o2, o3 = own_ids
    coordinator = world.person("prefecture_coordinator")
    vendor_admin = world.person("vendor_admin")
    BID_IDS.clear()
    EVALUATED_BID_IDS.clear()

    tender = _tender(f1, coordinator, "ISOLATION-入札受付中の共同調達")
    for town in (world.beppu, world.himeshima):
        SurveyInvitation.objects.create(procurement=tender, municipality=town, joins=True,
                                        users=5, answered_at=timezone.now())
    b_bid = _bid(tender, world.vendor_b, vendor_b_admin, B_SEALED_PRICE)
    a_bid = _bid(tender, world.vendor_a, vendor_admin, A_SEALED_PRICE)
    Bid.objects.filter(pk=a_bid.pk).update(status=BidStatus.NEEDS_CONFIRMATION)
    question = Clarification.objects.create(pk=f1, procurement=tender, vendor=world.vendor_b,
                                            question=B_QUESTION)

    draft = _procurement(f2, coordinator, title=DRAFT_TITLE, stage=Stage.DRAFT)
    beppu_survey = _procurement(f3, coordinator, title="ISOLATION-別府市への参加意向調査",
                                stage=Stage.SURVEY, survey_deadline=_at(7, 17))
    SurveyInvitation.objects.create(pk=f1, procurement=beppu_survey, municipality=world.beppu,
                                    joins=True, users=40, note=BEPPU_SURVEY_NOTE,
                                    answered_by=world.person("beppu_lead"),
                                    answered_at=timezone.now())
    own_survey = _procurement(o1, coordinator, title="ISOLATION-姫島村への参加意向調査",
                              stage=Stage.SURVEY, survey_deadline=_at(7, 17))
    SurveyInvitation.objects.create(pk=o1, procurement=own_survey, municipality=world.himeshima)

    due = _tender(o2, coordinator, "ISOLATION-開札を待つ共同調達")
    SurveyInvitation.objects.create(procurement=due, municipality=world.himeshima, joins=True,
                                    users=3, answered_at=timezone.now())
    _bid(due, world.vendor_b, vendor_b_admin, DUE_PRICE)
    _past_opening(due)

    evaluated = _opened(world.beppu.pk, world, coordinator, vendor_b_admin,
                        "ISOLATION-評価中の共同調達", EVALUATED_PRICE, **TECHNICAL_TERMS)
    EVALUATED_BID_IDS.extend(str(evaluated.bids.get(vendor=vendor).pk)
                             for vendor in (world.vendor_b, world.vendor_a))
    scores_record(actor=coordinator, procurement=evaluated,
                  points={(bid_id, "function"): "50" for bid_id in EVALUATED_BID_IDS})
    awarded = _opened(world.himeshima.pk, world, coordinator, vendor_b_admin,
                      "ISOLATION-落札者決定済みの共同調達", AWARDED_PRICE)
    award_decide(actor=coordinator, procurement=awarded,
                 bid=awarded.bids.get(vendor=world.vendor_b))
    reasons = ReasonRequest.objects.create(pk=f1, procurement=awarded, vendor=world.vendor_b,
                                           question="ISOLATION-理由の説明の求め")

    closed = _procurement(o3, coordinator, title="ISOLATION-公告を待つ共同調達",
                          stage=Stage.SURVEY,
                          survey_deadline=timezone.now() - datetime.timedelta(days=1))
    SurveyInvitation.objects.create(procurement=closed, municipality=world.himeshima, joins=True,
                                    users=3, answered_at=timezone.now() - datetime.timedelta(
                                        days=2))

    sequences_past_planted_ids(Procurement, SurveyInvitation, Clarification, ReasonRequest)
    world.foreign += [tender, draft, beppu_survey, question, b_bid, reasons]
    world.own += [own_survey, due, closed, a_bid, evaluated, awarded]


def _past_opening(procurement) -> None:
    past = timezone.now() - datetime.timedelta(hours=1)
    Procurement.objects.filter(pk=procurement.pk).update(bid_deadline=past, opening_at=past)
    procurement.refresh_from_db()


def _opened(pk, world, coordinator, vendor_b_admin, title, price, **terms) -> Procurement:
    """A tender (price only, unless `terms` say otherwise) both vendors bid on (B the
    lower), opened."""
    procurement = _tender(pk, coordinator, title, **terms)
    SurveyInvitation.objects.create(procurement=procurement, municipality=world.himeshima,
                                    joins=True, users=3, answered_at=timezone.now())
    _bid(procurement, world.vendor_b, vendor_b_admin, price)
    _bid(procurement, world.vendor_a, world.person("vendor_admin"), price + 1)
    _past_opening(procurement)
    return tender_open(actor=None, procurement=procurement)


def ocids(world) -> list[str]:
    """The OCDS ocids of the planted procurements, for the open data's routes."""
    from procurement.ocds import ocid_of

    return sorted(ocid_of(planted) for planted in world.foreign + world.own
                  if isinstance(planted, Procurement))


def procurement_state():
    """What the prefecture decides, as rows (the walk compares before and after)."""
    from tests.isolation.foreign_data import rows

    return tuple(rows(model.objects.all(), volatile=("updated_at",)) for model in (
        Procurement, Amendment, Award, Contract, ContractShare, BidOpening, TechnicalScore))


def vendor_requests():
    """Vendors' questions and requests for reasons, with the prefecture's answers."""
    from tests.isolation.foreign_data import rows

    return rows(Clarification.objects.all()), rows(ReasonRequest.objects.all())


def bids_of(vendor_pk):
    from tests.isolation.foreign_data import rows

    return (rows(Bid.objects.filter(vendor_id=vendor_pk)),
            rows(BidItem.objects.filter(bid__vendor_id=vendor_pk)))


def survey_answers(town):
    from tests.isolation.foreign_data import rows

    return rows(SurveyInvitation.objects.filter(municipality=town))
