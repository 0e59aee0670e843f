"""A support request from the town's draft to the rating, through one proposal, with
the audit trail and the notices each step owes."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from kyodo.audit.models import AuditEvent
from kyodo.errors import DomainError, ErrorCode
from kyodo.notifications.models import Notification
from talent_pool.lifecycle import RequestStatus
from talent_pool.models import MatchDecision
from talent_pool.services.engagements import (
    engagement_complete,
    engagement_rate,
    time_entry_log,
)
from talent_pool.services.proposals import match_accept, match_reject, proposal_run
from talent_pool.services.requests import (
    support_request_decline,
    support_request_submit,
    support_request_withdraw,
)
from tests.talent_pool.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0), tick=False):
        yield


def test_himeshima_gets_a_security_specialist_and_rates_the_engagement(
        coordinator, himeshima, himeshima_lead, make_specialist, make_request):
    specialist = make_specialist("sec@pool.test", skills={"security_manager": 3})
    request = make_request(himeshima_lead, himeshima)
    assert Notification.objects.filter(recipient=coordinator,
                                       kind="talent_pool.request_submitted").exists()

    proposal = proposal_run(actor=coordinator)
    match = proposal.matches.get()
    assert (match.request, match.specialist, match.hours) == (request, specialist, 16)
    request.refresh_from_db()
    assert request.status == RequestStatus.PROPOSED

    engagement = match_accept(actor=coordinator, match=match)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACTIVE
    assert Notification.objects.filter(recipient=specialist.user,
                                       kind="talent_pool.assigned").exists()
    assert Notification.objects.filter(recipient=himeshima_lead,
                                       kind="talent_pool.engagement_started").exists()

    time_entry_log(actor=specialist.user, engagement=engagement, day=TODAY, hours="2.5",
                   note="ポリシー案の確認")
    assert engagement.time_entries.get().hours == Decimal("2.5")

    engagement_complete(actor=coordinator, engagement=engagement)
    engagement_rate(actor=himeshima_lead, engagement=engagement, rating=5, comment="助かりました")
    request.refresh_from_db()
    engagement.refresh_from_db()
    assert request.status == RequestStatus.RATED
    assert (engagement.rating, engagement.rating_comment) == (5, "助かりました")
    actions = list(AuditEvent.objects.filter(target_id=str(request.pk),
                                             target_type="talent_pool.supportrequest")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["support_request.create", "support_request.submit",
                       "support_request.accept", "support_request.complete"]
    assert AuditEvent.objects.filter(action="engagement.rate", actor=himeshima_lead).exists()


def test_only_the_towns_lead_submits(himeshima, himeshima_staff, himeshima_lead, make_request,
                                     beppu_lead):
    draft = make_request(himeshima_staff, himeshima, submit=False)
    with pytest.raises(PermissionDenied):
        support_request_submit(actor=himeshima_staff, request=draft)
    with pytest.raises(PermissionDenied):
        support_request_submit(actor=beppu_lead, request=draft)
    assert support_request_submit(actor=himeshima_lead, request=draft).status == "submitted"


def test_a_submitted_request_cannot_be_submitted_again(himeshima, himeshima_lead, make_request):
    request = make_request(himeshima_lead, himeshima)
    with pytest.raises(DomainError) as refused:
        support_request_submit(actor=himeshima_lead, request=request)
    assert (refused.value.code, refused.value.status) == (ErrorCode.INVALID_TRANSITION, 409)


def test_a_period_ending_before_it_starts_is_refused_naming_the_field(
        himeshima, himeshima_lead, make_request):
    with pytest.raises(DomainError) as refused:
        make_request(himeshima_lead, himeshima, period_until=datetime.date(2026, 11, 1))
    assert refused.value.details[0]["field"] == "period_until"


def test_a_rejected_match_returns_the_request_to_the_queue(
        coordinator, himeshima, himeshima_lead, make_specialist, make_request):
    make_specialist("sec@pool.test")
    request = make_request(himeshima_lead, himeshima)
    match = proposal_run(actor=coordinator).matches.get()
    match_reject(actor=coordinator, match=match)
    request.refresh_from_db()
    match.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert match.decision == MatchDecision.REJECTED
    with pytest.raises(DomainError) as refused:
        match_accept(actor=coordinator, match=match)
    assert refused.value.code == ErrorCode.INVALID_TRANSITION


def test_a_new_proposal_supersedes_undecided_matches(
        coordinator, himeshima, himeshima_lead, make_specialist, make_request):
    make_specialist("sec@pool.test")
    make_request(himeshima_lead, himeshima)
    first = proposal_run(actor=coordinator).matches.get()
    second = proposal_run(actor=coordinator).matches.get()
    first.refresh_from_db()
    assert first.decision == MatchDecision.SUPERSEDED
    assert second.decision == MatchDecision.PENDING


def test_an_edited_match_must_still_meet_the_minimum_level(
        coordinator, himeshima, himeshima_lead, make_specialist, make_request):
    make_specialist("sec@pool.test", skills={"security_manager": 3})
    weak = make_specialist("weak@pool.test", skills={"security_manager": 1})
    make_request(himeshima_lead, himeshima)
    match = proposal_run(actor=coordinator).matches.get()
    with pytest.raises(DomainError) as refused:
        match_accept(actor=coordinator, match=match, specialist=weak)
    assert refused.value.details[0] == {**refused.value.details[0], "field": "specialist",
                                        "code": "below_min_level"}


def test_an_edit_beyond_the_specialists_free_hours_is_refused(
        coordinator, himeshima, himeshima_lead, beppu, beppu_lead, make_specialist,
        make_request):
    make_specialist("sec@pool.test", monthly_capacity_hours=20)
    make_request(himeshima_lead, himeshima, hours_per_month=16)
    match = proposal_run(actor=coordinator).matches.get()
    match_accept(actor=coordinator, match=match)
    make_request(beppu_lead, beppu, hours_per_month=4)
    second = proposal_run(actor=coordinator).matches.get()
    assert second.hours == 4
    with pytest.raises(DomainError) as refused:
        match_accept(actor=coordinator, match=second, hours=8)
    assert refused.value.details[0]["field"] == "hours"


def test_nobody_but_coordinators_runs_a_proposal(himeshima_lead, make_specialist):
    specialist = make_specialist("sec@pool.test")
    for person in (himeshima_lead, specialist.user):
        with pytest.raises(PermissionDenied):
            proposal_run(actor=person)


def test_decline_needs_a_reason_and_tells_the_town(coordinator, himeshima, himeshima_lead,
                                                   make_request):
    request = make_request(himeshima_lead, himeshima)
    with pytest.raises(DomainError) as refused:
        support_request_decline(actor=coordinator, request=request, reason=" ")
    assert refused.value.details[0]["field"] == "reason"
    support_request_decline(actor=coordinator, request=request, reason="対応できる人材がいません")
    assert Notification.objects.filter(recipient=himeshima_lead,
                                       kind="talent_pool.request_declined").exists()


def test_a_withdrawn_request_leaves_no_undecided_match(
        coordinator, himeshima, himeshima_lead, make_specialist, make_request):
    make_specialist("sec@pool.test")
    request = make_request(himeshima_lead, himeshima)
    match = proposal_run(actor=coordinator).matches.get()
    support_request_withdraw(actor=himeshima_lead, request=request)
    match.refresh_from_db()
    assert match.decision == MatchDecision.SUPERSEDED


def _engaged(coordinator, lead, town, make_specialist, make_request, **profile):
    specialist = make_specialist("sec@pool.test", **profile)
    make_request(lead, town)
    engagement = match_accept(actor=coordinator,
                              match=proposal_run(actor=coordinator).matches.get())
    return specialist, engagement


def test_hours_beyond_the_monthly_capacity_need_a_reason(
        coordinator, himeshima, himeshima_lead, make_specialist, make_request):
    specialist, engagement = _engaged(coordinator, himeshima_lead, himeshima, make_specialist,
                                      make_request, monthly_capacity_hours=20)
    for day in range(1, 1 + 1):
        time_entry_log(actor=specialist.user, engagement=engagement,
                       day=datetime.date(2026, 12, day), hours=8)
    with time_machine.travel(datetime.datetime(2026, 12, 10, 10, 0), tick=False):
        time_entry_log(actor=specialist.user, engagement=engagement,
                       day=datetime.date(2026, 12, 2), hours=8)
        with pytest.raises(DomainError) as refused:
            time_entry_log(actor=specialist.user, engagement=engagement,
                           day=datetime.date(2026, 12, 3), hours=8)
        assert refused.value.code == ErrorCode.OVER_CAPACITY
        assert refused.value.details[0]["field"] == "over_capacity_reason"
        entry = time_entry_log(actor=specialist.user, engagement=engagement,
                               day=datetime.date(2026, 12, 3), hours=8,
                               over_capacity_reason="監査対応で臨時に稼働")
    assert entry.over_capacity_reason == "監査対応で臨時に稼働"


@pytest.mark.parametrize("hours, code", [("0", "out_of_range"), ("25", "out_of_range"),
                                         ("1.1", "quarter_hours"), ("abc", "invalid")])
def test_bad_hours_are_refused_naming_the_field(coordinator, himeshima, himeshima_lead,
                                                make_specialist, make_request, hours, code):
    specialist, engagement = _engaged(coordinator, himeshima_lead, himeshima, make_specialist,
                                      make_request)
    with pytest.raises(DomainError) as refused:
        time_entry_log(actor=specialist.user, engagement=engagement, day=TODAY, hours=hours)
    assert refused.value.details[0] == {**refused.value.details[0], "field": "hours",
                                        "code": code}


def test_only_the_specialist_logs_their_hours(coordinator, himeshima, himeshima_lead,
                                              make_specialist, make_request):
    _specialist, engagement = _engaged(coordinator, himeshima_lead, himeshima, make_specialist,
                                       make_request)
    other = make_specialist("other@pool.test")
    for person in (coordinator, himeshima_lead, other.user):
        with pytest.raises(PermissionDenied):
            time_entry_log(actor=person, engagement=engagement, day=TODAY, hours=1)


def test_a_rating_is_given_once_by_the_lead_of_the_town(
        coordinator, himeshima, himeshima_lead, himeshima_staff, make_specialist, make_request):
    _specialist, engagement = _engaged(coordinator, himeshima_lead, himeshima, make_specialist,
                                       make_request)
    with pytest.raises(DomainError) as early:
        engagement_rate(actor=himeshima_lead, engagement=engagement, rating=4)
    assert early.value.code == ErrorCode.INVALID_TRANSITION
    engagement_complete(actor=coordinator, engagement=engagement)
    with pytest.raises(PermissionDenied):
        engagement_rate(actor=himeshima_staff, engagement=engagement, rating=4)
    with pytest.raises(DomainError) as bad:
        engagement_rate(actor=himeshima_lead, engagement=engagement, rating=6)
    assert bad.value.details[0]["field"] == "rating"
    engagement_rate(actor=himeshima_lead, engagement=engagement, rating=4)
    with pytest.raises(DomainError) as again:
        engagement_rate(actor=himeshima_lead, engagement=engagement, rating=1)
    assert again.value.code == ErrorCode.INVALID_TRANSITION
