"""The population-band weight sends a scarce specialist to the smallest town first."""

import dataclasses

from talent_pool.fit import DEFAULT_WEIGHTS, Priority
from talent_pool.optimiser import Blocker, UnservedReason, propose_assignment
from tenants.bands import PopulationBand

from .builders import BEPPU, HIMESHIMA, request, specialist

NEUTRAL_BANDS = dataclasses.replace(
    DEFAULT_WEIGHTS, population_band={band: 1.0 for band in PopulationBand})


def scarce_specialist():
    """Hours for one 16-hour request only."""
    return specialist("S1", skills={"security": 3}, monthly_capacity_hours=16)


def competing_requests(*, beppu_priority=Priority.NORMAL):
    """Two requests that differ only in the town (and its band), unless told otherwise."""
    return [
        request("beppu", lg_code=BEPPU, population_band=PopulationBand.GENERAL_CITY,
                priority=beppu_priority),
        request("himeshima", lg_code=HIMESHIMA,
                population_band=PopulationBand.TOWN_VILLAGE_SMALL),
    ]


def test_the_small_village_gets_the_one_specialist_both_towns_want():
    proposal = propose_assignment([scarce_specialist()], competing_requests())

    assert [(m.request, m.specialist) for m in proposal.matches] == [("himeshima", "S1")]
    # Same skills, remote work: only the band weights differ (1.5 and 1.0 of 100 + 10).
    assert proposal.matches[0].fit == 1.5 * 110
    assert proposal.objective == 165
    [unserved] = proposal.unserved
    assert unserved.request == "beppu"
    assert unserved.reason == UnservedReason.TAKEN_BY_OTHER_REQUESTS
    assert unserved.blocked[0].specialist == "S1"
    assert Blocker.CAPACITY in unserved.blocked[0].blocked_by
    assert unserved.blocked[0].requests == ("himeshima",)


def test_the_band_weight_outweighs_a_city_s_higher_priority():
    proposal = propose_assignment([scarce_specialist()],
                                  competing_requests(beppu_priority=Priority.HIGH))

    assert [m.request for m in proposal.matches] == ["himeshima"]


def test_with_neutral_band_weights_the_city_s_higher_priority_decides():
    proposal = propose_assignment([scarce_specialist()],
                                  competing_requests(beppu_priority=Priority.HIGH),
                                  weights=NEUTRAL_BANDS)

    assert [m.request for m in proposal.matches] == ["beppu"]
    assert proposal.matches[0].fit == 1.3 * 110

