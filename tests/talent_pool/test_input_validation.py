"""Input the optimiser cannot use is refused with the field and a stable code."""

import dataclasses
import datetime

import pytest

from talent_pool.fit import AssignmentInputError, InputProblem
from talent_pool.geo import Coordinates
from talent_pool.optimiser import greedy_assignment, propose_assignment

from .builders import request, specialist


def refused(specialists, requests):
    with pytest.raises(AssignmentInputError) as error:
        propose_assignment(specialists, requests)
    with pytest.raises(AssignmentInputError):
        greedy_assignment(specialists, requests)
    return error.value.field, error.value.code


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"monthly_capacity_hours": -8}, "specialists[1].monthly_capacity_hours",
     InputProblem.NEGATIVE),
    ({"committed_hours": float("nan")}, "specialists[1].committed_hours", InputProblem.NEGATIVE),
    ({"max_towns": -1}, "specialists[1].max_towns", InputProblem.NEGATIVE),
    ({"skills": {"security": 5}}, "specialists[1].skills.security", InputProblem.INVALID_LEVEL),
    ({"skills": {"security": 0}}, "specialists[1].skills.security", InputProblem.INVALID_LEVEL),
    ({"available_from": datetime.date(2027, 1, 1), "available_until": datetime.date(2026, 1, 1)},
     "specialists[1].available_until", InputProblem.PERIOD_ORDER),
    ({"work_mode": "teleport"}, "specialists[1].work_mode", InputProblem.UNKNOWN_CHOICE),
    ({"home": Coordinates(133.0, 31.0)}, "specialists[1].home", InputProblem.OUT_OF_RANGE),
    ({"id": "S0"}, "specialists[1].id", InputProblem.DUPLICATE),
])
def test_a_specialist_field_that_cannot_be_used(change, field, code):
    good = specialist("S0")
    bad = dataclasses.replace(specialist("S1"), **change)

    assert refused([good, bad], [request()]) == (field, code)


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"hours_per_month": 0}, "requests[0].hours_per_month", InputProblem.NOT_POSITIVE),
    ({"hours_per_month": -4}, "requests[0].hours_per_month", InputProblem.NOT_POSITIVE),
    ({"required_skills": {}}, "requests[0].required_skills", InputProblem.REQUIRED),
    ({"required_skills": {"security": 7}}, "requests[0].required_skills.security",
     InputProblem.INVALID_LEVEL),
    ({"on_site_share": 1.5}, "requests[0].on_site_share", InputProblem.OUT_OF_RANGE),
    ({"on_site_share": -0.5}, "requests[0].on_site_share", InputProblem.NEGATIVE),
    ({"period_until": datetime.date(2026, 1, 1)}, "requests[0].period_until",
     InputProblem.PERIOD_ORDER),
    ({"priority": "urgent"}, "requests[0].priority", InputProblem.UNKNOWN_CHOICE),
    ({"population_band": "metropolis"}, "requests[0].population_band",
     InputProblem.UNKNOWN_CHOICE),
])
def test_a_request_field_that_cannot_be_used(change, field, code):
    bad = dataclasses.replace(request("R0"), **change)

    assert refused([specialist()], [bad]) == (field, code)


def test_the_message_is_japanese_and_names_the_field():
    with pytest.raises(AssignmentInputError) as error:
        propose_assignment([specialist(monthly_capacity_hours=-1)], [request()])

    assert error.value.field == "specialists[0].monthly_capacity_hours"
    assert str(error.value.message) == "0以上の数値を指定してください。"
