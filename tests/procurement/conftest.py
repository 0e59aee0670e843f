"""Fixtures for joint procurement: a clock that tests move (time-machine), qualified and
unqualified vendors, the towns' leads, and helpers that take a procurement from its
survey to an open tender on fixed office days of January 2027 (JST)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kyodo.accounts.models import Role, VendorQualification, VendorStatus
from procurement.evaluation import Method
from procurement.services.bids import DECLARATIONS, bid_submit
from procurement.services.survey import survey_answer
from procurement.services.tender import procurement_create, survey_open, tender_publish
from tests.factories import MembershipFactory, VendorFactory

JST = ZoneInfo("Asia/Tokyo")
SURVEY_OPENS = datetime.datetime(2027, 1, 5, 9, 0, tzinfo=JST)  # Tuesday
SURVEY_DEADLINE = datetime.datetime(2027, 1, 13, 17, 0, tzinfo=JST)  # Wednesday
PUBLISHED = datetime.datetime(2027, 1, 14, 10, 0, tzinfo=JST)  # Thursday
CLARIFICATION_DEADLINE = datetime.datetime(2027, 1, 20, 17, 0, tzinfo=JST)
BID_DEADLINE = datetime.datetime(2027, 1, 26, 17, 0, tzinfo=JST)  # Tuesday, 12 days on
OPENING = datetime.datetime(2027, 1, 27, 10, 0, tzinfo=JST)  # Wednesday
DECLARED = dict.fromkeys(DECLARATIONS, True)


@pytest.fixture
def clock():
    """`clock(moment)` puts the server's clock at `moment` (and keeps it there)."""
    traveller = None

    def move(moment):
        nonlocal traveller
        if traveller is not None:
            traveller.stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()

    yield move
    if traveller is not None:
        traveller.stop()


def _qualified(name, email, category="information_systems"):
    vendor = VendorFactory(legal_name=name, status=VendorStatus.APPROVED)
    VendorQualification.objects.create(vendor=vendor, category=category,
                                       valid_from=datetime.date(2026, 4, 1),
                                       valid_until=datetime.date(2028, 3, 31))
    member = MembershipFactory(user__email=email, vendor=vendor, role=Role.VENDOR_MEMBER).user
    return vendor, member


@pytest.fixture
def bidder_a(db):
    return _qualified("株式会社入札テストA", "bids@vendor-a.test")


@pytest.fixture
def bidder_b(db):
    return _qualified("株式会社入札テストB", "bids@vendor-b.test")


@pytest.fixture
def unqualified_vendor(db):
    return _qualified("株式会社建設テスト", "bids@construction.test", category="construction")


@pytest.fixture
def town_leads(beppu, himeshima):
    return {town.slug: MembershipFactory(user__email=f"lead@{town.slug}.test",
                                         municipality=town, role=Role.MUNICIPALITY_LEAD).user
            for town in (beppu, himeshima)}


TERMS = {"method": Method.PRICE_ONLY, "ceiling_price": 10_000_000, "ceiling_published": True,
         "clarification_deadline": CLARIFICATION_DEADLINE, "bid_deadline": BID_DEADLINE,
         "opening_at": OPENING}


@pytest.fixture
def surveyed(clock, coordinator, beppu, himeshima, town_leads):
    """A procurement whose survey both towns answered 'join'; the clock at its deadline."""
    def make(**answers):
        clock(SURVEY_OPENS)
        procurement = procurement_create(actor=coordinator, data={
            "title": "電子申請システムの共同調達", "need": "住民向けの電子申請を共同で導入する。",
            "category": "e_application"})
        procurement = survey_open(actor=coordinator, procurement=procurement,
                                  municipalities=[beppu, himeshima], deadline=SURVEY_DEADLINE)
        for town in (beppu, himeshima):
            survey_answer(actor=town_leads[town.slug],
                          invitation=procurement.invitations.get(municipality=town),
                          data=answers.get(town.slug, {"joins": True, "users": 10}))
        clock(SURVEY_DEADLINE)
        return procurement
    return make


@pytest.fixture
def tender(surveyed, clock, coordinator):
    """A published tender (price only unless terms say otherwise); the clock at publication."""
    def make(**terms):
        procurement = surveyed()
        clock(PUBLISHED)
        return tender_publish(actor=coordinator, procurement=procurement, data=TERMS | terms)
    return make


def place(procurement, vendor_and_member, price, kuji="123", **extra):
    vendor, member = vendor_and_member
    return bid_submit(actor=member, vendor=vendor, procurement=procurement, total_price=price,
                      kuji_number=kuji, declarations=extra.pop("declarations", DECLARED),
                      **extra)
