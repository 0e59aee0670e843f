"""A town's answers to the intent survey through its own API,
/m/<slug>/api/v1/procurement/surveys/: the town's lead answers for the town until the
deadline, with a token scoped to that town; nobody reads another town's answer."""

import pytest

from procurement.services.survey import survey_answer
from procurement.services.tender import procurement_create, survey_open
from tests.api.procurement.helpers import error_of
from tests.procurement.conftest import SURVEY_DEADLINE, SURVEY_OPENS

pytestmark = pytest.mark.django_db
ANSWER = {"joins": True, "users": 120, "licences": 30, "expected_usage": 5_000,
          "note": "窓口の電子申請に使う"}


@pytest.fixture
def open_survey(clock, coordinator, beppu, himeshima):
    """A survey asked of both towns, open; the clock at its opening."""
    clock(SURVEY_OPENS)
    procurement = procurement_create(actor=coordinator, data={
        "title": "電子申請システムの共同調達", "need": "電子申請を共同で導入する。"})
    return survey_open(actor=coordinator, procurement=procurement,
                       municipalities=[beppu, himeshima], deadline=SURVEY_DEADLINE)


@pytest.fixture
def town_api(issue_token, client_with):
    """`town_api(user)`: a client with a token for the user's one membership (its town)."""
    return lambda user: client_with(issue_token(user.memberships.get()))


def url(town, procurement=None) -> str:
    base = f"/m/{town.slug}/api/v1/procurement/surveys/"
    return base if procurement is None else f"{base}{procurement.pk}/"


def test_the_lead_answers_for_the_town_and_reads_the_answer_back(
        open_survey, town_api, town_leads, himeshima):
    lead = town_api(town_leads["himeshima"])
    unanswered = lead.get(url(himeshima, open_survey)).json()
    assert (unanswered["joins"], unanswered["state"]) == (None, "intent_survey")

    response = lead.put(url(himeshima, open_survey), ANSWER, format="json")

    assert response.status_code == 200
    assert {key: response.json()[key] for key in ANSWER} == ANSWER
    invitation = open_survey.invitations.get(municipality=himeshima)
    assert (invitation.joins, invitation.users, invitation.answered_by) == (
        True, 120, town_leads["himeshima"])
    changed = lead.post(url(himeshima, open_survey), {"joins": False}, format="json").json()
    assert (changed["joins"], changed["users"], changed["licences"]) == (False, 0, 0)
    listed = lead.get(url(himeshima)).json()["results"]
    assert [(item["tender"], item["joins"]) for item in listed] == [(open_survey.pk, False)]


def test_the_towns_staff_may_read_but_not_answer(open_survey, town_api, himeshima,
                                                 himeshima_staff):
    staff = town_api(himeshima_staff)
    assert staff.get(url(himeshima, open_survey)).status_code == 200
    refused = staff.put(url(himeshima, open_survey), ANSWER, format="json")
    assert error_of(refused)[:2] == (403, "permission_denied")
    assert open_survey.invitations.get(municipality=himeshima).answered_at is None


def test_another_towns_answer_is_never_shown_and_its_path_is_closed(
        open_survey, town_api, town_leads, beppu, himeshima):
    survey_answer(actor=town_leads["beppu"],
                  invitation=open_survey.invitations.get(municipality=beppu),
                  data={"joins": True, "users": 777, "note": "別府市だけの事情"})
    lead = town_api(town_leads["himeshima"])
    text = lead.get(url(himeshima, open_survey)).content.decode()
    assert "777" not in text and "別府市だけの事情" not in text
    assert lead.get(url(beppu, open_survey)).status_code == 403
    assert lead.put(url(beppu, open_survey), ANSWER, format="json").status_code == 403


def test_a_procurement_the_town_was_not_asked_is_not_found(clock, coordinator, beppu,
                                                           himeshima, town_api, town_leads):
    clock(SURVEY_OPENS)
    procurement = procurement_create(actor=coordinator, data={"title": "別府市だけの調達",
                                                              "need": "別府市の需要"})
    survey_open(actor=coordinator, procurement=procurement, municipalities=[beppu],
                deadline=SURVEY_DEADLINE)
    lead = town_api(town_leads["himeshima"])
    assert error_of(lead.get(url(himeshima, procurement)))[:2] == (404, "not_found")
    assert lead.put(url(himeshima, procurement), ANSWER, format="json").status_code == 404


def test_an_answer_at_the_deadline_is_refused_by_the_servers_clock(
        open_survey, clock, town_api, town_leads, himeshima):
    clock(SURVEY_DEADLINE)
    refused = town_api(town_leads["himeshima"]).put(url(himeshima, open_survey), ANSWER,
                                                    format="json")
    assert error_of(refused)[:2] == (409, "deadline_passed")


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"users": 3}, "joins", "required"),
    ({"joins": "yes"}, "joins", "invalid"),
    ({"joins": True, "users": -1}, "users", "min_value"),
    ({"joins": True, "licences": "5"}, "licences", "invalid"),
    ({"joins": True, "note": "x" * 2001}, "note", "max_length"),
])
def test_bad_input_is_a_400_naming_the_field(open_survey, town_api, town_leads, himeshima,
                                             body, field, code):
    refused = town_api(town_leads["himeshima"]).put(url(himeshima, open_survey), body,
                                                    format="json")
    assert error_of(refused) == (400, "validation_error", [(field, code)])


def test_an_answer_once_the_tender_is_published_is_past_the_deadline(
        tender, town_api, town_leads, himeshima):
    procurement = tender()
    refused = town_api(town_leads["himeshima"]).put(url(himeshima, procurement), ANSWER,
                                                    format="json")
    assert error_of(refused)[:2] == (409, "deadline_passed")
