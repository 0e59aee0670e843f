"""Demo data: one joint procurement in each phase, built through the services.

- a survey open to 大分県's 18 municipalities (姫島村 has not answered: its demo lead
  may);
- a 総合評価 tender taking bids (the demo vendor may bid), with a published answer;
- an electronic application system bought earlier: opened, two bids tied and settled by
  電子くじ, awarded and contracted, each participant's share worked out.

The past is replayed with time-machine at moments chosen from today (office days, the
law's ten days), so the demo is consistent whatever day it is started and every step
has its audit event. time-machine is a development dependency, like the demo itself.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from kyodo.accounts.demo import DEMO_VENDOR, demo_qualification_period, demo_town_lead
from kyodo.accounts.models import QualificationCategory, User, Vendor, VendorQualification
from kyodo.office_days import is_office_open, open_day_on_or_after
from procurement.evaluation import Method
from procurement.models import Procurement
from procurement.services.bids import (
    DECLARATIONS,
    bid_submit,
    clarification_answer,
    clarification_ask,
)
from procurement.services.opening import award_decide, contract_record, tender_open
from procurement.services.survey import survey_answer
from procurement.services.tender import procurement_create, survey_open, tender_publish
from shared_services.demo import demo_provider
from tenants.models import Municipality

COORDINATOR = "coordinator@pref-oita.example"
SURVEY_TITLE = "公共施設予約システムの共同調達"
TENDER_TITLE = "AI議事録作成サービスの共同調達"
AWARDED_TITLE = "電子申請システムの共同調達（令和8年度）"
BIDDERS = ("6320001012345", "6230001012346")  # shared_services.demo's providers
DECLARED = dict.fromkeys(DECLARATIONS, True)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _open_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_office_open(day):
        day -= datetime.timedelta(days=1)
    return day


def _travel(moment):
    import time_machine

    return time_machine.travel(moment, tick=False)


def _qualified(vendor: Vendor, since: datetime.date) -> Vendor:
    """The vendor holds 情報処理 from the period holding `since` to the current one's end."""
    first, _ = demo_qualification_period(since)
    _, last = demo_qualification_period(timezone.localdate())
    VendorQualification.objects.get_or_create(
        vendor=vendor, category=QualificationCategory.INFORMATION_SYSTEMS, valid_from=first,
        defaults={"valid_until": last})
    return vendor


def _bidder(vendor: Vendor) -> User:
    """Someone who bids for the vendor (an account that cannot sign in)."""
    from django.contrib.auth.hashers import make_password

    from kyodo.accounts.models import Membership, Role

    existing = Membership.objects.filter(vendor=vendor).select_related("user").first()
    if existing:
        return existing.user
    user, _ = User.objects.get_or_create(
        email=f"bids-{vendor.corporate_number}@vendor.example",
        defaults={"full_name": f"{vendor.legal_name} 入札担当", "password": make_password(None)})
    Membership.objects.get_or_create(user=user, vendor=vendor,
                                     defaults={"role": Role.VENDOR_MEMBER})
    return user


def _towns(*lg_codes):
    return [Municipality.objects.get(lg_code=code) for code in lg_codes]


def _survey(coordinator, title, need, category, towns, opened_at, deadline, answers):
    with _travel(opened_at):
        procurement = procurement_create(actor=coordinator, data={
            "title": title, "need": need, "category": category})
        procurement = survey_open(actor=coordinator, procurement=procurement,
                                  municipalities=towns, deadline=deadline)
    for number, (town, answer) in enumerate(answers.items(), start=1):
        with _travel(opened_at + datetime.timedelta(hours=number)):
            survey_answer(actor=demo_town_lead(town),
                          invitation=procurement.invitations.get(municipality=town), data=answer)
    return procurement


def _join(town, users):
    return {"joins": True, "users": users, "licences": users, "note": ""}


def create_demo_data() -> None:
    if Procurement.objects.filter(title=SURVEY_TITLE).exists():
        return
    coordinator = User.objects.get(email=COORDINATOR)
    today = timezone.localdate()
    oita, beppu, nakatsu, hita, usuki, himeshima = _towns(
        "442011", "442020", "442038", "442046", "442062", "443221")
    with transaction.atomic():
        _awarded(coordinator, today, [oita, beppu, usuki, himeshima])
        _tendering(coordinator, today, [beppu, nakatsu, hita, himeshima])
        everyone = list(Municipality.objects.exclude(schema_name="public").order_by("lg_code"))
        deadline = _at(open_day_on_or_after(today + datetime.timedelta(days=10)), 17)
        _survey(coordinator, SURVEY_TITLE,
                "体育館・公民館などの予約と支払いを、住民がオンラインで行えるようにする。"
                "県内で同じ仕組みを使い、調達と運用の費用を抑える。",
                "facility_booking", everyone, timezone.now() - datetime.timedelta(hours=3),
                deadline, {oita: _join(oita, 120), beppu: _join(beppu, 60),
                           hita: {"joins": False, "note": "現行システムの契約が令和9年度まで"}})


def _tendering(coordinator, today, towns) -> Procurement:
    """Published three office days ago; bids close two weeks on."""
    published = _at(_open_day_on_or_before(today - datetime.timedelta(days=3)), 10)
    procurement = _survey(
        coordinator, TENDER_TITLE,
        "会議の音声から議事録の案を作成するクラウドサービスを共同で調達する。"
        "LGWAN接続系から利用でき、録音データは国内で保管すること。",
        "other", towns, published - datetime.timedelta(days=7),
        published - datetime.timedelta(hours=1),
        {town: _join(town, 10 + 5 * number) for number, town in enumerate(towns)})
    bid_day = open_day_on_or_after(published.date() + datetime.timedelta(days=14))
    with _travel(published):
        tender_publish(actor=coordinator, procurement=procurement, data={
            "method": Method.ADDITION, "ceiling_price": 9_600_000, "ceiling_published": True,
            "technical_items": [{"key": "item1", "name": "議事録案の精度と編集機能",
                                 "max_points": "40"},
                                {"key": "item2", "name": "セキュリティと運用体制",
                                 "max_points": "30"}],
            "price_points_max": "30", "price_formula": "lowest_ratio",
            "clarification_deadline": _at(open_day_on_or_after(
                published.date() + datetime.timedelta(days=7)), 17),
            "bid_deadline": _at(bid_day, 17),
            "opening_at": _at(open_day_on_or_after(bid_day + datetime.timedelta(days=1)), 10)})
    vendor = _qualified(demo_provider(BIDDERS[0]), published.date())
    with _travel(published + datetime.timedelta(hours=2)):
        question = clarification_ask(actor=_bidder(vendor), vendor=vendor,
                                     procurement=procurement,
                                     question="方言を含む発言の認識精度について、評価の方法を示してください。")
    with _travel(published + datetime.timedelta(hours=5)):
        clarification_answer(actor=coordinator, clarification=question,
                             answer="県内の議会録音（方言を含む）30分を用いた試験結果を、"
                                    "技術提案書に記載してください。")
        bid_submit(actor=_bidder(vendor), vendor=vendor, procurement=procurement,
                   total_price=8_900_000, kuji_number="417", declarations=DECLARED)
    return procurement


def _awarded(coordinator, today, towns) -> Procurement:
    """Published about two months ago; opened, awarded by くじ, contracted."""
    published = _at(_open_day_on_or_before(today - datetime.timedelta(days=60)), 10)
    procurement = _survey(
        coordinator, AWARDED_TITLE,
        "住民が自宅から各種の届出・申請を行える電子申請システムを、参加団体で共同利用する。",
        "e_application", towns, published - datetime.timedelta(days=7),
        published - datetime.timedelta(hours=1),
        {town: _join(town, 20) for town in towns})
    bid_day = open_day_on_or_after(published.date() + datetime.timedelta(days=14))
    opening = _at(open_day_on_or_after(bid_day + datetime.timedelta(days=1)), 10)
    with _travel(published):
        tender_publish(actor=coordinator, procurement=procurement, data={
            "method": Method.PRICE_ONLY, "ceiling_price": 12_000_000, "ceiling_published": True,
            "low_price_kind": "minimum", "low_price": 8_000_000,
            "clarification_deadline": _at(open_day_on_or_after(
                published.date() + datetime.timedelta(days=7)), 17),
            "bid_deadline": _at(bid_day, 17), "opening_at": opening})
    demo_vendor = Vendor.objects.get(corporate_number=DEMO_VENDOR["corporate_number"])
    bids = [(demo_vendor, 10_450_000, "305"), (demo_provider(BIDDERS[0]), 10_450_000, "862"),
            (demo_provider(BIDDERS[1]), 11_200_000, "090")]
    for number, (vendor, price, kuji) in enumerate(bids, start=1):
        _qualified(vendor, published.date())
        with _travel(published + datetime.timedelta(days=2, hours=number, seconds=number * 7)):
            bid_submit(actor=_bidder(vendor), vendor=vendor, procurement=procurement,
                       total_price=price, kuji_number=kuji, declarations=DECLARED)
    with _travel(opening + datetime.timedelta(minutes=5)):
        procurement = tender_open(actor=coordinator, procurement=procurement)
    with _travel(opening + datetime.timedelta(hours=2)):
        from procurement.services.opening import evaluation_of

        winner = evaluation_of(procurement).winner.bid.bid_id
        award_decide(actor=coordinator, procurement=procurement,
                     bid=procurement.bids.get(pk=winner))
    signed = open_day_on_or_after(opening.date() + datetime.timedelta(days=7))
    with _travel(_at(signed, 11)):
        contract_record(actor=coordinator, procurement=procurement, data={
            "value": 10_450_000, "signed_on": signed, "starts_on": signed,
            "ends_on": signed + datetime.timedelta(days=364), "delivery": "lgwan_asp"})
    return procurement
