"""POST /api/v1/talent/proposals/: the coordinator runs the optimiser over every open
request, and the answer has exactly the documented shape."""

import pytest

from talent_pool.lifecycle import RequestStatus
from talent_pool.models import Proposal, SupportRequest
from tests.api.talent.conftest import error_of

pytestmark = pytest.mark.django_db

PROPOSALS = "/api/v1/talent/proposals/"


def test_the_coordinator_gets_a_proven_proposal_with_explanations_and_reasons(
        api_as, coordinator, make_specialist, make_request, himeshima_lead, himeshima):
    ichiro = make_specialist("ichiro@pool.test", name="安全 一郎",
                             skills={"security_manager": 3})
    security = make_request(himeshima_lead, himeshima)
    data = make_request(himeshima_lead, himeshima, title="データ活用",
                        skills={"data_engineer": 2})

    response = api_as(coordinator).post(PROPOSALS)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"objective", "optimal", "gap", "matches", "unserved"}
    assert (body["optimal"], body["gap"]) == (True, 0)
    assert body["objective"] > 0
    assert len(body["matches"]) == 1
    match = body["matches"][0]
    assert set(match) == {"request", "specialist", "hours", "explanation"}
    assert (match["request"], match["specialist"], match["hours"]) == (security.pk, ichiro.pk, 16)
    assert "レベル3（必要2）" in match["explanation"]
    assert "小規模団体優先" in match["explanation"]
    assert body["unserved"] == [{"request": data.pk, "reason": "no_skill"}]
    assert SupportRequest.objects.get(pk=security.pk).status == RequestStatus.PROPOSED
    assert Proposal.objects.count() == 1


def test_with_no_open_request_the_proposal_is_empty_and_optimal(api_as, coordinator):
    response = api_as(coordinator).post(PROPOSALS)

    assert response.json() == {"objective": 0.0, "optimal": True, "gap": 0.0, "matches": [],
                               "unserved": []}


@pytest.mark.parametrize("who", ["himeshima_lead", "specialist"])
def test_only_coordinators_run_proposals(api_as, make_specialist, request, who):
    user = (make_specialist("s@pool.test").user if who == "specialist"
            else request.getfixturevalue(who))

    response = api_as(user).post(PROPOSALS)

    assert error_of(response) == (403, "permission_denied", [])
    assert not Proposal.objects.exists()
