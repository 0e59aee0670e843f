"""A proposal serialises to the shape POST /api/v1/talent/proposals/ returns."""

import json

from talent_pool.optimiser import propose_assignment

from .builders import HIJI, HIMESHIMA, request, specialist


def test_the_proposal_as_a_dict_is_json_with_every_documented_key():
    proposal = propose_assignment(
        [specialist(monthly_capacity_hours=16)],
        [request("himeshima", lg_code=HIMESHIMA), request("hiji", lg_code=HIJI,
                                                          required_skills={"data": 2})])

    body = json.loads(json.dumps(proposal.as_dict()))

    assert set(body) == {"objective", "optimal", "gap", "bound", "status", "matches",
                         "unserved"}
    assert (body["optimal"], body["gap"], body["status"]) == (True, 0.0, "optimal")
    assert body["objective"] == body["bound"] == 165.0
    [match] = body["matches"]
    assert (match["request"], match["specialist"], match["hours"]) == ("himeshima", "S1", 16)
    assert match["explanation"]["fit"]["fit"] == match["fit"] == 165.0
    assert body["unserved"] == [{"request": "hiji", "reason": "no_skill",
                                 "survivors": {"skill": 0, "period": 0, "on_site": 0,
                                               "capacity": 0, "town_slot": 0},
                                 "candidates": 0, "blocked": []}]
