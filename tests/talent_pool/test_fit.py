"""The fit follows the documented formula, term by term."""

import dataclasses

import pytest

from talent_pool.fit import DEFAULT_WEIGHTS, AssignmentInputError, InputProblem, Priority
from talent_pool.geo import coordinates_of, distance_km
from talent_pool.optimiser import propose_assignment
from tenants.bands import PopulationBand

from .builders import BEPPU, OITA, request, specialist

TOKYO_HACHIOJI = "132012"


def only_match(specialists, requests, **options):
    proposal = propose_assignment(specialists, requests, **options)
    [match] = proposal.matches
    return match


def test_fit_adds_skill_continuity_and_travel_then_multiplies_by_priority_and_band():
    expert = specialist(skills={"security": 3, "data": 2}, home=coordinates_of(OITA),
                        current_towns=frozenset({BEPPU}))
    beppu = request(lg_code=BEPPU, population_band=PopulationBand.GENERAL_CITY,
                    required_skills={"security": 2, "data": 2}, on_site_share=0.5,
                    priority=Priority.HIGH)

    match = only_match([expert], [beppu])

    km = distance_km(coordinates_of(OITA), coordinates_of(BEPPU))
    assert km == pytest.approx(12.1, abs=0.1)
    # base 100 + 10 × mean(1, 0) + continuity 20 − 0.2 × km × 0.5; × high 1.3 × 一般市 1.0
    assert match.fit == pytest.approx(1.3 * 1.0 * (100 + 5 + 20 - 0.1 * km))
    breakdown = match.explanation.breakdown
    assert (breakdown.base, breakdown.skill, breakdown.continuity) == (100, 5, 20)
    assert breakdown.travel == pytest.approx(0.1 * km)
    assert (breakdown.priority_weight, breakdown.band_weight) == (1.3, 1.0)
    assert breakdown.fit == match.fit


def test_travel_counts_only_the_on_site_share_and_stops_growing_at_the_cap():
    far = specialist(home=coordinates_of(TOKYO_HACHIOJI))
    remote = only_match([far], [request(on_site_share=0.0)])
    on_site = only_match([far], [request(on_site_share=1.0)])

    assert remote.explanation.distance_km > 700
    assert remote.explanation.breakdown.travel == 0
    assert on_site.explanation.breakdown.travel == pytest.approx(0.2 * 300)


def test_every_feasible_pair_is_worth_serving_even_at_the_largest_travel():
    far = specialist(home=coordinates_of(TOKYO_HACHIOJI))
    low_priority = request(on_site_share=1.0, priority=Priority.LOW)

    match = only_match([far], [low_priority])

    # low 0.8 × 町村（1万人未満） 1.5 × (100 + one level above 10 − the largest travel 60)
    assert match.fit == pytest.approx(0.8 * 1.5 * (100 + 10 - 60))


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"travel_per_km": 0.5}, "weights.travel_per_km", InputProblem.TRAVEL_NOT_BELOW_BASE),
    ({"skill_surplus": -1.0}, "weights.skill_surplus", InputProblem.NEGATIVE),
    ({"continuity": "lots"}, "weights.continuity", InputProblem.NEGATIVE),
    ({"base": 0.0}, "weights.base", InputProblem.NOT_POSITIVE),
    ({"priority": {"high": 1.3, "normal": 1.0}}, "weights.priority.low", InputProblem.REQUIRED),
    ({"priority": {"high": 1.3, "normal": 1.0, "low": 0.0}}, "weights.priority.low",
     InputProblem.NOT_POSITIVE),
    ({"population_band": {**DEFAULT_WEIGHTS.population_band, "village": 2.0}},
     "weights.population_band.village", InputProblem.UNKNOWN_CHOICE),
])
def test_weights_that_would_make_the_fit_meaningless_are_refused(change, field, code):
    weights = dataclasses.replace(DEFAULT_WEIGHTS, **change)

    with pytest.raises(AssignmentInputError) as error:
        propose_assignment([specialist()], [request()], weights=weights)
    assert (error.value.field, error.value.code) == (field, code)
