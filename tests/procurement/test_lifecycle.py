"""A joint procurement from survey to contract, judged by the server's clock at the second."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from kyodo.audit.models import AuditEvent
from kyodo.audit.visibility import visible_events
from kyodo.errors import DomainError
from kyodo.notifications.models import Notification
from procurement.evaluation import Method
from procurement.lifecycle import Stage, State
from procurement.models import Bid, BidItem, BidOpening, BidStatus, ContractShare
from procurement.receipts import BidContent, receipt_verify
from procurement.sealing import SealedUntilOpening
from procurement.services.opening import (
    award_decide,
    contract_record,
    evaluation_of,
    scores_record,
    tender_open,
)
from procurement.services.survey import survey_answer
from procurement.services.tender import tender_amend, tender_publish
from procurement.tasks import open_due_tenders
from tests.procurement.conftest import (
    BID_DEADLINE,
    CLARIFICATION_DEADLINE,
    JST,
    OPENING,
    PUBLISHED,
    SURVEY_DEADLINE,
    TERMS,
    place,
)

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


def test_the_state_follows_the_clock_without_beat(tender, clock):
    procurement = tender()
    assert procurement.state(PUBLISHED) == State.PUBLISHED
    assert procurement.state(CLARIFICATION_DEADLINE - SECOND) == State.PUBLISHED
    assert procurement.state(CLARIFICATION_DEADLINE) == State.TENDERING
    assert procurement.state(BID_DEADLINE - SECOND) == State.TENDERING
    assert procurement.state(BID_DEADLINE) == State.OPENING
    assert procurement.state(OPENING + datetime.timedelta(days=3)) == State.OPENING


def test_a_survey_answer_after_the_deadline_is_refused(surveyed, clock, town_leads, beppu):
    procurement = surveyed()
    clock(SURVEY_DEADLINE - SECOND)
    invitation = procurement.invitations.get(municipality=beppu)
    survey_answer(actor=town_leads["beppu"], invitation=invitation, data={"joins": False})
    clock(SURVEY_DEADLINE)
    with pytest.raises(DomainError) as refused:
        survey_answer(actor=town_leads["beppu"], invitation=invitation, data={"joins": True})
    assert refused.value.code == "deadline_passed"
    assert procurement.state() == State.SURVEY_CLOSED
    assert list(procurement.invitations.filter(joins=True).values_list(
        "municipality__slug", flat=True)) == ["himeshima"]


def test_only_the_towns_lead_answers_for_it(surveyed, clock, beppu_staff, beppu, town_leads):
    procurement = surveyed()
    clock(SURVEY_DEADLINE - datetime.timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        survey_answer(actor=beppu_staff, invitation=procurement.invitations.get(
            municipality=beppu), data={"joins": False})
    with pytest.raises(PermissionDenied):  # another town's lead
        survey_answer(actor=town_leads["himeshima"], invitation=procurement.invitations.get(
            municipality=beppu), data={"joins": False})


def test_a_bid_one_second_before_the_deadline_counts_and_at_it_is_refused(
        tender, clock, bidder_a):
    procurement = tender()
    clock(BID_DEADLINE - SECOND)
    bid, _receipt = place(procurement, bidder_a, 9_000_000)
    assert bid.received_at == BID_DEADLINE - SECOND
    clock(BID_DEADLINE)
    with pytest.raises(DomainError) as refused:
        place(procurement, bidder_a, 8_000_000)
    assert refused.value.code == "deadline_passed"
    assert refused.value.status == 409
    assert Bid.objects.filter(procurement=procurement).count() == 1


@pytest.mark.parametrize(("field", "moment", "named"), [
    ("bid_deadline", datetime.datetime(2027, 2, 11, 17, 0, tzinfo=JST), "建国記念の日"),
    ("opening_at", datetime.datetime(2027, 1, 30, 10, 0, tzinfo=JST), "土曜日"),
    ("opening_at", datetime.datetime(2027, 12, 29, 10, 0, tzinfo=JST), "年末年始"),
])
def test_a_deadline_or_opening_on_a_closed_day_is_refused_naming_the_date(
        surveyed, clock, coordinator, field, moment, named):
    procurement = surveyed()
    clock(PUBLISHED)
    terms = TERMS | {field: moment}
    if field == "bid_deadline":
        terms["opening_at"] = datetime.datetime(2027, 2, 12, 10, 0, tzinfo=JST)
    with pytest.raises(DomainError) as refused:
        tender_publish(actor=coordinator, procurement=procurement, data=terms)
    detail = refused.value.details[0]
    assert (detail["field"], detail["code"]) == (field, "office_closed")
    assert named in detail["message"]
    assert f"{moment.year}年{moment.month}月{moment.day}日" in detail["message"]
    procurement.refresh_from_db()
    assert procurement.stage == Stage.SURVEY


def test_the_bid_deadline_is_at_least_ten_days_after_publication(surveyed, clock, coordinator):
    procurement = surveyed()
    published = datetime.datetime(2027, 1, 15, 10, 0, tzinfo=JST)  # Friday; +10 days: Monday
    clock(published)
    with pytest.raises(DomainError) as refused:
        tender_publish(actor=coordinator, procurement=procurement, data=TERMS | {
            "bid_deadline": published + datetime.timedelta(days=10) - SECOND,
            "opening_at": OPENING})
    assert refused.value.details[0]["code"] == "too_soon"
    assert "第167条の6" in refused.value.details[0]["message"]
    tender_publish(actor=coordinator, procurement=procurement, data=TERMS | {
        "bid_deadline": published + datetime.timedelta(days=10), "opening_at": OPENING})


def test_bids_are_sealed_at_rest_and_open_only_at_the_opening(tender, clock, bidder_a,
                                                              coordinator):
    procurement = tender()
    bid, receipt = place(procurement, bidder_a, 9_876_543, kuji="042",
                         documents=[("提案書.pdf", b"%PDF proposal 9876543")])
    for item in BidItem.objects.filter(bid=bid):
        assert b"9876543" not in bytes(item.ciphertext)
        assert b"proposal" not in bytes(item.ciphertext)
    clock(OPENING - SECOND)
    with pytest.raises(SealedUntilOpening):
        tender_open(actor=coordinator, procurement=procurement)
    assert not BidOpening.objects.exists()

    clock(OPENING)
    tender_open(actor=coordinator, procurement=procurement)
    opening = BidOpening.objects.get(bid=bid)
    assert (opening.price, opening.kuji_number) == (9_876_543, "042")
    content = BidContent.from_canonical(bytes(opening.content))
    check = receipt_verify(receipt_sha256=receipt.sha256, content=content,
                           documents={"提案書.pdf": b"%PDF proposal 9876543"})
    assert check.valid


def test_who_bid_stays_out_of_the_audit_log_until_the_opening(tender, clock, bidder_a,
                                                              coordinator):
    procurement = tender()
    bid, _ = place(procurement, bidder_a, 9_000_000)
    events = AuditEvent.objects.filter(target_id=str(bid.pk))
    assert events.count() == 1
    assert not visible_events(events).exists()
    clock(OPENING)
    tender_open(actor=coordinator, procurement=procurement)
    assert visible_events(events).count() == 1


def test_nobody_but_the_bidder_is_notified_of_a_bid(tender, clock, bidder_a, coordinator):
    procurement = tender()
    before = Notification.objects.count()
    place(procurement, bidder_a, 9_000_000)
    assert Notification.objects.count() == before


def test_the_last_bid_counts_and_a_withdrawn_one_is_not_opened(tender, clock, bidder_a,
                                                               bidder_b, coordinator):
    from procurement.services.bids import bid_withdraw

    procurement = tender()
    first, _ = place(procurement, bidder_a, 9_500_000)
    second, _ = place(procurement, bidder_a, 9_100_000)
    withdrawn, _ = place(procurement, bidder_b, 8_000_000)
    bid_withdraw(actor=bidder_b[1], bid=withdrawn)
    first.refresh_from_db()
    assert first.status == BidStatus.REPLACED
    clock(OPENING)
    tender_open(actor=None, procurement=procurement)
    assert list(BidOpening.objects.values_list("bid_id", "price")) == [(second.pk, 9_100_000)]


def test_a_vendor_without_the_qualification_may_not_bid(tender, clock, unqualified_vendor):
    procurement = tender()
    with pytest.raises(DomainError) as refused:
        place(procurement, unqualified_vendor, 9_000_000)
    assert refused.value.code == "not_qualified"


def test_a_qualification_counts_from_its_first_day_in_japan_not_in_utc(tender, clock, bidder_a):
    """At 08:00 JST it is still the day before in UTC: a 資格 valid from today holds."""
    procurement = tender()
    morning = datetime.datetime(2027, 1, 15, 8, 0, tzinfo=JST)
    bidder_a[0].qualifications.update(valid_from=morning.date())
    clock(morning)
    bid, _receipt = place(procurement, bidder_a, 9_000_000)
    assert bid.pk


def test_an_undeclared_bid_is_refused_naming_the_declaration(tender, clock, bidder_a):
    procurement = tender()
    with pytest.raises(DomainError) as refused:
        place(procurement, bidder_a, 9_000_000, declarations={"qualification": True})
    assert refused.value.details[0]["field"].startswith("declarations.")
    assert not Bid.objects.exists()


def test_an_amendment_late_in_the_period_extends_it_and_asks_bidders_to_confirm(
        tender, clock, bidder_a, bidder_b, coordinator):
    from procurement.services.bids import bid_confirm

    procurement = tender()
    kept, _ = place(procurement, bidder_a, 9_000_000)
    place(procurement, bidder_b, 8_500_000)  # left unconfirmed
    clock(datetime.datetime(2027, 1, 22, 10, 0, tzinfo=JST))  # 4 days before the deadline
    amendment = tender_amend(actor=coordinator, procurement=procurement,
                             data={"ceiling_price": 9_800_000}, summary="予定価格を改めました。")
    procurement.refresh_from_db()
    assert amendment.version == 2
    assert procurement.bid_deadline == datetime.datetime(2027, 2, 1, 17, 0, tzinfo=JST)
    assert procurement.opening_at >= procurement.bid_deadline
    assert set(Bid.objects.values_list("status", flat=True)) == {BidStatus.NEEDS_CONFIRMATION}
    bid_confirm(actor=bidder_a[1], bid=kept)

    clock(procurement.opening_at)
    tender_open(actor=None, procurement=procurement)
    assert list(BidOpening.objects.values_list("bid_id", flat=True)) == [kept.pk]


def test_above_the_ceiling_is_invalid_and_below_the_minimum_excluded(
        tender, clock, bidder_a, bidder_b, coordinator):
    procurement = tender(low_price_kind="minimum", low_price=7_000_000)
    place(procurement, bidder_a, 10_000_001)
    place(procurement, bidder_b, 6_999_999)
    clock(OPENING)
    procurement = tender_open(actor=None, procurement=procurement)
    assert set(BidOpening.objects.values_list("validity", flat=True)) == {
        "above_ceiling", "below_minimum"}
    assert procurement.stage == Stage.UNSUCCESSFUL


def test_price_only_award_and_contract_shares_add_up(tender, clock, bidder_a, bidder_b,
                                                     coordinator, beppu, himeshima):
    procurement = tender()
    place(procurement, bidder_a, 9_000_000)
    cheapest, _ = place(procurement, bidder_b, 8_000_000)
    clock(OPENING)
    tender_open(actor=None, procurement=procurement)
    assert evaluation_of(procurement).winner.bid.bid_id == str(cheapest.pk)
    other = Bid.objects.exclude(pk=cheapest.pk).get()
    with pytest.raises(DomainError) as refused:
        award_decide(actor=coordinator, procurement=procurement, bid=other)
    assert refused.value.details[0]["field"] == "reason"
    award_decide(actor=coordinator, procurement=procurement, bid=cheapest)
    contract_record(actor=coordinator, procurement=procurement, data={
        "value": 8_000_000, "signed_on": datetime.date(2027, 2, 10),
        "starts_on": datetime.date(2027, 4, 1), "ends_on": datetime.date(2028, 3, 31),
        "delivery": "internet"})
    procurement.refresh_from_db()
    assert procurement.stage == Stage.CONTRACTED
    shares = dict(ContractShare.objects.values_list("municipality__slug", "amount"))
    assert sum(shares.values()) == 8_000_000
    assert shares["beppu"] > shares["himeshima"]  # 人口割 50%


def test_a_contract_for_a_catalog_need_puts_the_system_in_the_catalog_with_the_joiners(
        tender, clock, bidder_a, coordinator, beppu, himeshima):
    from shared_services.models import Subscription, SystemStatus

    procurement = tender()
    bid, _ = place(procurement, bidder_a, 9_000_000)
    clock(OPENING)
    tender_open(actor=None, procurement=procurement)
    award_decide(actor=coordinator, procurement=procurement, bid=bid)
    terms = {"value": 12_000_000, "signed_on": datetime.date(2027, 2, 10),
             "starts_on": datetime.date(2027, 4, 1), "ends_on": datetime.date(2029, 3, 31)}
    with pytest.raises(DomainError) as refused:
        contract_record(actor=coordinator, procurement=procurement, data=terms)
    assert refused.value.details[0]["field"] == "delivery"
    contract = contract_record(actor=coordinator, procurement=procurement,
                               data=terms | {"delivery": "lgwan_asp"})

    system = contract.catalog_system
    assert (system.name, system.category, system.status, system.provider) == (
        procurement.title, "e_application", SystemStatus.PUBLISHED, bidder_a[0])
    assert system.annual_cost == 6_000_000  # 12,000,000 yen over 24 months, per year
    subscriptions = Subscription.objects.filter(system=system)
    assert {s.municipality for s in subscriptions} == {
        invitation.municipality for invitation in procurement.invitations.filter(joins=True)}
    assert {(s.first_month, s.last_month) for s in subscriptions} == {
        (datetime.date(2027, 4, 1), datetime.date(2029, 3, 1))}
    recorded = AuditEvent.objects.get(action="common_system.adopters_from_contract")
    assert (recorded.actor, recorded.after["adopters"]) == (
        coordinator, sorted(town.lg_code for town in (beppu, himeshima)))


def test_addition_method_ties_are_settled_by_kuji_as_the_tabulation_shows(
        tender, clock, bidder_a, bidder_b, coordinator):
    procurement = tender(method=Method.ADDITION, price_points_max=30, price_formula="lowest_ratio",
                         technical_items=[{"key": "function", "name": "機能", "max_points": 70}])
    clock(PUBLISHED + datetime.timedelta(seconds=7))
    a, _ = place(procurement, bidder_a, 8_000_000, kuji="500")
    clock(PUBLISHED + datetime.timedelta(seconds=9))
    b, _ = place(procurement, bidder_b, 8_000_000, kuji="250")
    clock(OPENING)
    tender_open(actor=coordinator, procurement=procurement)
    with pytest.raises(DomainError):  # the panel has not scored yet
        award_decide(actor=coordinator, procurement=procurement, bid=a)
    scores_record(actor=coordinator, procurement=procurement,
                  points={(str(a.pk), "function"): "50", (str(b.pk), "function"): "50"})
    evaluation = evaluation_of(procurement)
    assert len(evaluation.lotteries) == 1
    # 決定くじ番号 = (くじ番号 + last three digits of the receipt's epoch seconds) mod 1000
    decision = {str(bid.pk): (int(kuji) + int(bid.received_at.timestamp()) % 1000) % 1000
                for bid, kuji in ((a, "500"), (b, "250"))}
    winner_position = sum(decision.values()) % 2  # numbered 0, 1 in order of receipt
    assert evaluation.winner.bid.bid_id == [str(a.pk), str(b.pk)][winner_position]


def test_a_score_outside_the_item_range_is_refused(tender, clock, bidder_a, coordinator):
    procurement = tender(method=Method.ADDITION, price_points_max=30, price_formula="lowest_ratio",
                         technical_items=[{"key": "function", "name": "機能", "max_points": 70}])
    a, _ = place(procurement, bidder_a, 8_000_000)
    clock(OPENING)
    tender_open(actor=coordinator, procurement=procurement)
    for bad in ("70.01", "-1", "abc", "NaN"):
        with pytest.raises(DomainError) as refused:
            scores_record(actor=coordinator, procurement=procurement,
                          points={(str(a.pk), "function"): bad})
        assert refused.value.details[0]["field"] == f"points.{a.pk}.function"


def test_beat_opens_due_tenders_once(tender, clock, bidder_a):
    procurement = tender()
    place(procurement, bidder_a, 9_000_000)
    clock(OPENING - SECOND)
    assert open_due_tenders() == 0
    clock(OPENING + datetime.timedelta(minutes=3))
    assert open_due_tenders() == 1
    assert open_due_tenders() == 0
    procurement.refresh_from_db()
    assert procurement.state() == State.EVALUATION
    assert BidOpening.objects.count() == 1
