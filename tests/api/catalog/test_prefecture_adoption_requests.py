"""The prefecture's side of adoption requests: /api/v1/catalog/adoption-requests/."""

import datetime

import pytest
from django.utils import timezone

from kyodo.fiscal import fiscal_year_of
from shared_services.lifecycle import AdoptionStatus
from shared_services.models import AllocationVersion, Subscription
from shared_services.services.adoption import adoption_request_act
from tests.api.catalog.conftest import first_of_this_month
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/catalog/adoption-requests/"


def error_of(response) -> tuple[int, str, list[tuple[str, str]]]:
    error = response.json()["error"]
    return (response.status_code, error["code"],
            [(detail["field"], detail["code"]) for detail in error["details"]])


def test_a_coordinator_approves_a_submitted_request(api_as, coordinator, submitted):
    response = api_as(coordinator).post(f"{REQUESTS}{submitted.pk}/approve/",
                                        {"comment": "承認します"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["actions"] == ["activate"]
    submitted.refresh_from_db()
    assert submitted.status == AdoptionStatus.APPROVED


def test_the_town_may_not_approve_its_own_request(api_as, himeshima_lead, submitted):
    response = api_as(himeshima_lead).post(f"{REQUESTS}{submitted.pk}/approve/", {},
                                           format="json")

    assert error_of(response)[:2] == (403, "permission_denied")
    submitted.refresh_from_db()
    assert submitted.status == AdoptionStatus.SUBMITTED


def test_approving_twice_is_a_conflict_with_a_stable_code(api_as, coordinator, submitted):
    client = api_as(coordinator)
    client.post(f"{REQUESTS}{submitted.pk}/approve/", {}, format="json")

    response = client.post(f"{REQUESTS}{submitted.pk}/approve/", {}, format="json")

    assert error_of(response) == (409, "invalid_transition", [])


def test_a_draft_is_the_towns_own_and_not_found_by_the_prefecture(api_as, coordinator, draft,
                                                                  himeshima, himeshima_staff):
    adoption = draft(himeshima, himeshima_staff)
    client = api_as(coordinator)

    assert error_of(client.get(f"{REQUESTS}{adoption.pk}/"))[:2] == (404, "not_found")
    assert error_of(client.post(f"{REQUESTS}{adoption.pk}/approve/", {},
                                format="json"))[:2] == (404, "not_found")
    assert client.get(REQUESTS).json()["count"] == 0


@pytest.mark.parametrize("action", ["return", "reject"])
def test_returning_or_rejecting_needs_the_reason(api_as, coordinator, submitted, action):
    client = api_as(coordinator)

    missing = client.post(f"{REQUESTS}{submitted.pk}/{action}/", {}, format="json")
    blank = client.post(f"{REQUESTS}{submitted.pk}/{action}/", {"comment": " \n"},
                        format="json")
    given = client.post(f"{REQUESTS}{submitted.pk}/{action}/",
                        {"comment": "見込み利用量の根拠を添えてください。"}, format="json")

    assert error_of(missing) == (400, "validation_error", [("comment", "required")])
    assert error_of(blank) == (400, "validation_error", [("comment", "blank")])
    assert given.status_code == 200
    assert given.json()["transitions"][-1]["comment"] == "見込み利用量の根拠を添えてください。"


def test_activation_from_a_month_starts_the_subscription_and_a_new_allocation(
        api_as, coordinator, submitted):
    client = api_as(coordinator)
    client.post(f"{REQUESTS}{submitted.pk}/approve/", {}, format="json")
    month = first_of_this_month()

    response = client.post(f"{REQUESTS}{submitted.pk}/activate/",
                           {"month": month.strftime("%Y-%m")}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "active"
    subscription = Subscription.objects.get(request=submitted)
    assert subscription.first_month == month
    assert AllocationVersion.objects.filter(system=submitted.system,
                                            fiscal_year=fiscal_year_of(month)).exists()


def test_ending_before_the_first_month_is_a_400_naming_the_month(api_as, coordinator,
                                                                 submitted):
    client = api_as(coordinator)
    client.post(f"{REQUESTS}{submitted.pk}/approve/", {}, format="json")
    client.post(f"{REQUESTS}{submitted.pk}/activate/",
                {"month": first_of_this_month().strftime("%Y-%m")}, format="json")
    earlier = first_of_this_month() - datetime.timedelta(days=1)

    response = client.post(f"{REQUESTS}{submitted.pk}/end/",
                           {"month": earlier.strftime("%Y-%m")}, format="json")

    assert error_of(response) == (400, "validation_error", [("month", "before_start")])


@pytest.mark.parametrize("month", ["2026-13", "2026-4", "1999-04", "２０２６-０４", 202604])
def test_a_month_not_written_yyyy_mm_is_a_400(api_as, coordinator, submitted, month):
    response = api_as(coordinator).post(f"{REQUESTS}{submitted.pk}/activate/", {"month": month},
                                        format="json")

    code = "invalid" if isinstance(month, int) else "month_format"
    assert error_of(response) == (400, "validation_error", [("month", code)])


def test_the_queue_lists_requests_awaiting_the_prefecture_oldest_first(
        api_as, coordinator, submitted, draft, beppu, beppu_lead, publish):
    other = publish("施設予約システム")
    later = adoption_request_act(actor=beppu_lead, request=draft(beppu, beppu_lead, of=other),
                                 action="submit")
    adoption_request_act(actor=coordinator, request=later, action="approve")

    response = api_as(coordinator).get(f"{REQUESTS}queue/")

    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [submitted.pk, later.pk]
    assert [row["status"] for row in rows] == ["submitted", "approved"]
    assert rows[0]["days_waiting"] == (timezone.now() - submitted.submitted_at).days
    assert rows[0]["municipality"] == {"lg_code": "443221", "name": "姫島村"}


def test_the_prefecture_lists_submitted_requests_by_status(api_as, coordinator, submitted):
    client = api_as(coordinator)

    assert [row["id"] for row in client.get(REQUESTS).json()["results"]] == [submitted.pk]
    assert client.get(REQUESTS, {"status": "approved"}).json()["count"] == 0
    assert error_of(client.get(REQUESTS, {"status": "pending"}))[:3] == (
        400, "validation_error", [("status", "invalid_choice")])


@pytest.mark.parametrize("path", ["", "queue/"])
def test_the_prefectures_lists_are_closed_to_towns_and_vendors(api_as, himeshima_lead,
                                                               submitted, path):
    vendor_admin = MembershipFactory(vendor=VendorFactory(), role="vendor_admin").user

    for user in (himeshima_lead, vendor_admin):
        response = api_as(user).get(f"{REQUESTS}{path}")
        assert error_of(response)[:2] == (403, "permission_denied")


def test_the_town_reads_its_own_request_on_the_prefectures_path_too(api_as, himeshima_lead,
                                                                   beppu_lead, submitted):
    mine = api_as(himeshima_lead).get(f"{REQUESTS}{submitted.pk}/")
    theirs = api_as(beppu_lead).get(f"{REQUESTS}{submitted.pk}/")

    assert mine.status_code == 200
    assert mine.json()["actions"] == ["withdraw"]
    assert error_of(theirs)[:2] == (404, "not_found")
