"""A town's adoption requests through its API, /m/<slug>/api/v1/adoption-requests/."""

import pytest

from kyodo.accounts.models import Role
from kyodo.audit.models import AuditEvent
from shared_services.lifecycle import AdoptionStatus
from shared_services.models import AdoptionRequest, SystemStatus
from tests.api.catalog.conftest import next_fiscal_year
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HIMESHIMA = "/m/himeshima/api/v1/adoption-requests/"


def new_request(system, **fields) -> dict:
    return {"system": system.pk, "start_fiscal_year": next_fiscal_year(), "start_month": 4,
            "expected_users": 12, "expected_usage": 300,
            "reason": "  窓口の申請をオンラインで受け付けるため  ", **fields}


def error_of(response) -> tuple[int, str, list[tuple[str, str]]]:
    error = response.json()["error"]
    return (response.status_code, error["code"],
            [(detail["field"], detail["code"]) for detail in error["details"]])


def test_town_staff_drafts_a_request_for_their_own_town(api_as, himeshima_staff, system):
    response = api_as(himeshima_staff).post(HIMESHIMA, new_request(system), format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["municipality"]["lg_code"], body["system"]["id"]) == (
        "draft", "443221", system.pk)
    assert body["reason"] == "窓口の申請をオンラインで受け付けるため"
    assert body["actions"] == []  # staff draft; the lead submits or withdraws
    adoption = AdoptionRequest.objects.get(pk=body["id"])
    assert adoption.created_by == himeshima_staff
    assert AuditEvent.objects.filter(action="adoption_request.create",
                                     target_id=str(adoption.pk)).exists()


def test_town_staff_may_not_submit_and_the_lead_does(api_as, himeshima, himeshima_staff,
                                                     himeshima_lead, draft):
    adoption = draft(himeshima, himeshima_staff)
    url = f"{HIMESHIMA}{adoption.pk}/submit/"

    refused = api_as(himeshima_staff).post(url, {}, format="json")
    submitted = api_as(himeshima_lead).post(url, {"comment": "よろしくお願いします"},
                                            format="json")

    assert error_of(refused)[:2] == (403, "permission_denied")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["actions"] == ["withdraw"]
    assert submitted.json()["transitions"][0]["action"] == "submit"
    assert submitted.json()["transitions"][0]["comment"] == "よろしくお願いします"
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.SUBMITTED


def test_submitting_a_submitted_request_again_is_a_conflict_with_a_stable_code(
        api_as, himeshima_lead, submitted):
    response = api_as(himeshima_lead).post(f"{HIMESHIMA}{submitted.pk}/submit/", {},
                                           format="json")

    assert error_of(response) == (409, "invalid_transition", [])


def test_the_lead_withdraws_a_submitted_request(api_as, himeshima_lead, submitted):
    response = api_as(himeshima_lead).post(f"{HIMESHIMA}{submitted.pk}/withdraw/",
                                           {"comment": "予算が付かなかったため"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert response.json()["actions"] == []


def test_the_town_lists_its_own_requests_drafts_included_and_filters_by_status(
        api_as, himeshima, himeshima_staff, beppu, beppu_lead, draft, publish):
    mine = draft(himeshima, himeshima_staff)
    other_system = publish("AIチャットボット")
    draft(beppu, beppu_lead, of=other_system)

    everything = api_as(himeshima_staff).get(HIMESHIMA)
    drafts = api_as(himeshima_staff).get(HIMESHIMA, {"status": "draft"})
    active = api_as(himeshima_staff).get(HIMESHIMA, {"status": "active"})

    assert [row["id"] for row in everything.json()["results"]] == [mine.pk]
    assert [row["id"] for row in drafts.json()["results"]] == [mine.pk]
    assert active.json()["count"] == 0


def test_another_towns_request_is_not_found_on_the_towns_path(api_as, himeshima_lead, beppu,
                                                                  beppu_lead, draft):
    theirs = draft(beppu, beppu_lead)
    client = api_as(himeshima_lead)

    for method, url in [("get", f"{HIMESHIMA}{theirs.pk}/"),
                        ("post", f"{HIMESHIMA}{theirs.pk}/submit/"),
                        ("post", f"{HIMESHIMA}{theirs.pk}/withdraw/")]:
        response = getattr(client, method)(url, {}, format="json")
        assert error_of(response)[:2] == (404, "not_found"), url
    theirs.refresh_from_db()
    assert theirs.status == AdoptionStatus.DRAFT


def test_another_towns_path_is_closed_to_the_towns_member(api_as, himeshima_lead):
    response = api_as(himeshima_lead).get("/m/beppu/api/v1/adoption-requests/")

    assert error_of(response)[:2] == (403, "permission_denied")


def test_a_token_of_the_same_person_for_another_organisation_is_refused_at_the_town(
        api_as, himeshima, beppu, system):
    lead = MembershipFactory(user__email="both@towns.test", municipality=himeshima,
                             role=Role.MUNICIPALITY_LEAD)
    elsewhere = MembershipFactory(user=lead.user, municipality=beppu, role=Role.MUNICIPALITY_LEAD)
    client = api_as(lead.user, elsewhere)

    listed = client.get(HIMESHIMA)
    created = client.post(HIMESHIMA, new_request(system), format="json")

    assert error_of(listed)[:2] == (403, "permission_denied")
    assert error_of(created)[:2] == (403, "permission_denied")
    assert not AdoptionRequest.objects.exists()
    assert api_as(lead.user, lead).get(HIMESHIMA).status_code == 200


def test_without_credentials_the_town_api_answers_401_not_a_sign_in_page(client):
    response = client.get(HIMESHIMA)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", ["/m/nowhere/api/v1/adoption-requests/",
                                  "/m/no%20town/api/v1/adoption-requests/",
                                  "/m/himeshima/api/v1/no-such-thing/"])
def test_an_unknown_town_or_address_under_a_town_api_is_the_apis_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_a_town_page_still_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/m/himeshima/catalog/requests/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_system_the_town_cannot_see_is_a_400_naming_the_system(api_as, himeshima_staff,
                                                                  publish):
    hidden = publish("準備中のシステム", status=SystemStatus.DRAFT)

    for pk in (hidden.pk, 999_999):
        response = api_as(himeshima_staff).post(HIMESHIMA, {**new_request(hidden), "system": pk},
                                                format="json")
        assert error_of(response) == (400, "validation_error", [("system", "does_not_exist")])


def test_a_retired_system_or_a_second_open_request_is_a_conflict(api_as, himeshima,
                                                                  himeshima_staff, draft,
                                                                  system, publish):
    retired = publish("提供終了のシステム", status=SystemStatus.RETIRED)
    draft(himeshima, himeshima_staff)
    client = api_as(himeshima_staff)

    assert error_of(client.post(HIMESHIMA, new_request(retired), format="json"))[:2] == (
        409, "conflict")
    assert error_of(client.post(HIMESHIMA, new_request(system), format="json"))[:2] == (
        409, "already_requested")


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"start_month": 13}, "start_month", "max_value"),
    ({"start_month": "4"}, "start_month", "invalid"),
    ({"start_fiscal_year": 2018}, "start_fiscal_year", "min_value"),
    ({"start_fiscal_year": 2020}, "start_month", "start_in_past"),
    ({"expected_users": -1}, "expected_users", "min_value"),
    ({"reason": "   "}, "reason", "blank"),
    ({"reason": "理由\x00"}, "reason", "null_characters_not_allowed"),
    ({"reason": 42}, "reason", "invalid"),
    ({"reason": "あ" * 2001}, "reason", "max_length"),
])
def test_a_bad_draft_is_a_400_naming_the_field(api_as, himeshima_staff, system, change, field,
                                               code):
    response = api_as(himeshima_staff).post(HIMESHIMA, new_request(system, **change),
                                            format="json")

    assert error_of(response) == (400, "validation_error", [(field, code)])
    assert not AdoptionRequest.objects.exists()


def test_a_body_that_is_not_json_is_refused(api_as, himeshima_staff, system):
    response = api_as(himeshima_staff).post(HIMESHIMA, new_request(system))

    assert error_of(response)[:2] == (415, "unsupported_media_type")
