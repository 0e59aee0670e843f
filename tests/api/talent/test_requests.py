"""A town's support requests through its API, /m/<slug>/api/v1/talent/requests/."""

import pytest

from kyodo.audit.models import AuditEvent
from talent_pool.models import SupportRequest
from tests.api.talent.conftest import error_of

pytestmark = pytest.mark.django_db

HIMESHIMA = "/m/himeshima/api/v1/talent/requests/"
BEPPU = "/m/beppu/api/v1/talent/requests/"


def new_request(**fields) -> dict:
    return {"theme": "security", "title": "情報セキュリティポリシーの改定", "hours_per_month": 16,
            "period_from": "2027-04-01", "period_until": "2028-03-31", "on_site_percent": 25,
            "priority": "high", "reason": "職員に専門知識がないため。",
            "skills": [{"skill": "security_manager", "min_level": 2}], **fields}


def test_town_staff_draft_a_request_for_their_own_town(api_as, himeshima_staff):
    response = api_as(himeshima_staff).post(HIMESHIMA, new_request(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["municipality"]["lg_code"], body["priority"]) == (
        "draft", "443221", "high")
    assert [(row["skill"], row["min_level"]) for row in body["skills"]] == [
        ("security_manager", 2)]
    created = SupportRequest.objects.get(pk=body["id"])
    assert created.created_by == himeshima_staff
    assert AuditEvent.objects.filter(action="support_request.create",
                                     target_id=str(created.pk)).exists()


def test_an_unknown_skill_is_refused_naming_the_field(api_as, himeshima_staff):
    response = api_as(himeshima_staff).post(HIMESHIMA, new_request(skills=[
        {"skill": "security_manager", "min_level": 2}, {"skill": "astrology", "min_level": 1}]),
        format="json")

    assert error_of(response) == (400, "validation_error", [("skills[1].skill", "unknown_skill")])
    assert not SupportRequest.objects.exists()


def test_hours_beyond_a_months_capacity_are_refused_naming_the_field(api_as, himeshima_staff):
    response = api_as(himeshima_staff).post(HIMESHIMA, new_request(hours_per_month=161),
                                            format="json")

    assert error_of(response) == (400, "validation_error", [("hours_per_month", "max_value")])


def test_a_period_ending_before_it_starts_is_refused_naming_the_field(api_as, himeshima_staff):
    response = api_as(himeshima_staff).post(HIMESHIMA, new_request(period_until="2027-03-31"),
                                            format="json")

    assert error_of(response) == (400, "validation_error", [("period_until", "period_order")])


def test_the_town_lists_its_own_requests_and_never_another_towns(
        api_as, himeshima_staff, himeshima_lead, beppu_lead, himeshima, beppu, make_request):
    own = make_request(himeshima_lead, himeshima, title="姫島村の要請")
    draft = make_request(himeshima_lead, himeshima, title="姫島村の下書き", submit=False)
    foreign = make_request(beppu_lead, beppu, title="別府市の要請", reason="別府市だけの事情")
    api = api_as(himeshima_staff)

    listed = api.get(HIMESHIMA)
    drafts = api.get(HIMESHIMA, {"status": "draft"})
    foreign_by_id = api.get(f"{HIMESHIMA}{foreign.pk}/")
    foreign_town = api.get(BEPPU)

    assert {row["id"] for row in listed.json()["results"]} == {own.pk, draft.pk}
    assert [row["id"] for row in drafts.json()["results"]] == [draft.pk]
    assert "別府市だけの事情" not in listed.content.decode()
    assert error_of(foreign_by_id)[:2] == (404, "not_found")
    assert error_of(foreign_town)[:2] == (403, "permission_denied")


def test_town_staff_may_not_submit_and_the_lead_does(api_as, himeshima, himeshima_staff,
                                                     himeshima_lead, make_request):
    draft = make_request(himeshima_staff, himeshima, submit=False)
    url = f"{HIMESHIMA}{draft.pk}/submit/"

    refused = api_as(himeshima_staff).post(url)
    submitted = api_as(himeshima_lead).post(url)
    again = api_as(himeshima_lead).post(url)

    assert error_of(refused) == (403, "permission_denied", [])
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert error_of(again)[:2] == (409, "invalid_transition")


def test_the_lead_withdraws_a_submitted_request(api_as, himeshima, himeshima_lead,
                                                make_request):
    submitted = make_request(himeshima_lead, himeshima)

    response = api_as(himeshima_lead).post(f"{HIMESHIMA}{submitted.pk}/withdraw/")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
