"""Questions on a tender through /api/v1/procurement/: a vendor asks until the
clarification deadline, the coordinators answer, and the answer is published to every
vendor and the towns asked, never with who asked."""

import pytest

from procurement.models import Clarification
from tests.api.procurement.helpers import api, error_of
from tests.procurement.conftest import CLARIFICATION_DEADLINE

pytestmark = pytest.mark.django_db
QUESTION = "仕様書3.2の帳票は何件を想定していますか。"


def test_a_question_is_the_askers_and_the_coordinators_until_answered_then_everyones(
        tender, bidder_a, bidder_b, coordinator, town_leads):
    procurement = tender()
    questions = f"/api/v1/procurement/tenders/{procurement.pk}/clarifications/"

    asked = api(bidder_a[1]).post(questions, {"question": QUESTION}, format="json")

    assert asked.status_code == 201
    assert (asked.json()["question"], asked.json()["answer"]) == (QUESTION, "")
    assert [item["question"] for item in api(bidder_a[1]).get(questions).json()] == [QUESTION]
    assert [item["question"] for item in api(coordinator).get(questions).json()] == [QUESTION]
    assert api(bidder_b[1]).get(questions).json() == []
    assert api(town_leads["beppu"]).get(questions).json() == []

    answer = f"/api/v1/procurement/clarifications/{asked.json()['id']}/answer/"
    answered = api(coordinator).post(answer, {"answer": "年間500件です。"}, format="json")

    assert (answered.status_code, answered.json()["answer"]) == (200, "年間500件です。")
    for reader in (bidder_b[1], town_leads["beppu"], bidder_a[1]):
        response = api(reader).get(questions)
        assert [(item["question"], item["answer"]) for item in response.json()] == [
            (QUESTION, "年間500件です。")]
        assert bidder_a[0].legal_name not in response.content.decode()
        assert "vendor" not in response.json()[0]


def test_only_a_coordinator_answers_and_an_unanswered_question_is_hidden_from_others(
        tender, bidder_a, bidder_b, coordinator):
    procurement = tender()
    asked = api(bidder_a[1]).post(
        f"/api/v1/procurement/tenders/{procurement.pk}/clarifications/",
        {"question": QUESTION}, format="json").json()
    answer = f"/api/v1/procurement/clarifications/{asked['id']}/answer/"
    assert error_of(api(bidder_b[1]).post(answer, {"answer": "x"}, format="json"))[:2] == (
        404, "not_found")
    assert error_of(api(bidder_a[1]).post(answer, {"answer": "x"}, format="json"))[:2] == (
        403, "permission_denied")
    assert error_of(api(coordinator).post(answer, {"answer": "  "}, format="json")) == (
        400, "validation_error", [("answer", "blank")])
    assert Clarification.objects.get().answer == ""


def test_questions_are_refused_after_the_deadline_and_from_those_who_may_not_bid(
        tender, clock, bidder_a, unqualified_vendor, town_leads, coordinator):
    procurement = tender()
    questions = f"/api/v1/procurement/tenders/{procurement.pk}/clarifications/"
    body = {"question": QUESTION}
    assert error_of(api(unqualified_vendor[1]).post(questions, body, format="json"))[:2] == (
        403, "permission_denied")
    assert error_of(api(town_leads["beppu"]).post(questions, body, format="json"))[:2] == (
        403, "permission_denied")
    assert error_of(api(coordinator).post(questions, body, format="json"))[:2] == (
        403, "permission_denied")
    assert error_of(api(bidder_a[1]).post(questions, {"question": ""}, format="json")) == (
        400, "validation_error", [("question", "blank")])
    clock(CLARIFICATION_DEADLINE)
    late = api(bidder_a[1]).post(questions, body, format="json")
    assert error_of(late)[:2] == (409, "deadline_passed")
    assert not Clarification.objects.exists()
