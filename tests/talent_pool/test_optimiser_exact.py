"""propose_assignment is exact: on small random instances it equals brute force.

Brute force here is written from the rules in docs/talent_pool.md alone (who may serve
what, capacity, towns), enumerating every way to give each request one specialist or
none; only the fit of a single pair comes from talent_pool.fit, the documented formula.
"""

import datetime
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talent_pool.candidates import AssignmentRequest, AssignmentSpecialist, WorkMode
from talent_pool.fit import AssignmentWeights, Priority, fit_breakdown
from talent_pool.geo import Coordinates, distance_km
from talent_pool.optimiser import greedy_assignment, propose_assignment
from tenants.bands import PopulationBand

TOWNS = {"442011": Coordinates(33.2394, 131.6097), "442020": Coordinates(33.2847, 131.4911),
         "443221": Coordinates(33.7244, 131.6453)}
SKILLS = ("security", "data", "bpr")
DAYS = (datetime.date(2026, 4, 1), datetime.date(2026, 7, 1), datetime.date(2026, 9, 30),
        datetime.date(2027, 3, 31))
EXAMPLES = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _period(draw, *, open_ended: bool):
    """Mostly open availability, so that most instances have several feasible pairs."""
    days = st.sampled_from(DAYS)
    if open_ended:
        days = st.one_of(st.none(), st.none(), st.none(), st.none(), days)
    first, last = draw(days), draw(days)
    if first and last and first > last:
        first, last = last, first
    return first, last


@st.composite
def specialists(draw, index: int) -> AssignmentSpecialist:
    available_from, available_until = _period(draw, open_ended=True)
    return AssignmentSpecialist(
        id=f"S{index}",
        skills=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4),
                                    min_size=2, max_size=3)),
        monthly_capacity_hours=draw(st.sampled_from([16, 20, 24, 32, 0])),
        committed_hours=draw(st.sampled_from([0, 0, 4, 8])),
        max_towns=draw(st.sampled_from([1, 2, 3, 0])),
        current_towns=frozenset(draw(st.lists(st.sampled_from(sorted(TOWNS)), max_size=2))),
        available_from=available_from, available_until=available_until,
        home=draw(st.sampled_from(list(TOWNS.values()))),
        work_mode=draw(st.sampled_from([WorkMode.ON_SITE_OK, WorkMode.ON_SITE_OK,
                                        WorkMode.REMOTE_ONLY])),
    )


@st.composite
def requests(draw, index: int) -> AssignmentRequest:
    period_from, period_until = _period(draw, open_ended=False)
    lg_code = draw(st.sampled_from(sorted(TOWNS)))
    return AssignmentRequest(
        id=f"R{index}", lg_code=lg_code, location=TOWNS[lg_code],
        population_band=draw(st.sampled_from(list(PopulationBand))),
        required_skills=draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 2),
                                             min_size=1, max_size=2)),
        hours_per_month=draw(st.sampled_from([8, 12, 16, 4])),
        period_from=period_from, period_until=period_until,
        on_site_share=draw(st.sampled_from([0.0, 0.25, 1.0])),
        priority=draw(st.sampled_from(list(Priority))),
    )


@st.composite
def weights(draw) -> AssignmentWeights:
    base = draw(st.floats(50, 150))
    travel_max_km = draw(st.floats(0, 100))
    return AssignmentWeights(
        base=base,
        skill_surplus=draw(st.floats(0, 30)),
        continuity=draw(st.floats(0, 50)),
        travel_per_km=draw(st.floats(0, 0.99)) * base / max(travel_max_km, 1.0),
        travel_max_km=travel_max_km,
        priority={p: draw(st.floats(0.5, 2)) for p in Priority},
        population_band={b: draw(st.floats(0.5, 2)) for b in PopulationBand},
    )


@st.composite
def instances(draw):
    count_s, count_r = draw(st.integers(1, 4)), draw(st.integers(2, 5))
    return ([draw(specialists(j)) for j in range(count_s)],
            [draw(requests(i)) for i in range(count_r)],
            draw(st.one_of(st.just(AssignmentWeights()), weights())))


def may_serve(s: AssignmentSpecialist, r: AssignmentRequest) -> bool:
    return (all(s.skills.get(code, 0) >= level for code, level in r.required_skills.items())
            and (s.available_from is None or s.available_from <= r.period_from)
            and (s.available_until is None or s.available_until >= r.period_until)
            and not (r.on_site_share > 0 and s.work_mode == WorkMode.REMOTE_ONLY))


def pair_fit(s: AssignmentSpecialist, r: AssignmentRequest, w: AssignmentWeights) -> float:
    surplus = [s.skills[code] - level for code, level in r.required_skills.items()]
    return fit_breakdown(w, mean_surplus=sum(surplus) / len(surplus),
                         continuing=r.lg_code in s.current_towns,
                         distance_km=distance_km(s.home, r.location),
                         on_site_share=r.on_site_share, priority=r.priority,
                         band=r.population_band).fit


def within_limits(s: AssignmentSpecialist, served: list[AssignmentRequest]) -> bool:
    hours = sum(r.hours_per_month for r in served)
    new_towns = {r.lg_code for r in served} - s.current_towns
    return (hours <= max(0, s.monthly_capacity_hours - s.committed_hours)
            and len(new_towns) <= max(0, s.max_towns - len(s.current_towns)))


def brute_force(specialists, requests, w) -> float:
    best = 0.0
    for choice in itertools.product([None, *range(len(specialists))], repeat=len(requests)):
        if any(j is not None and not may_serve(specialists[j], r)
               for j, r in zip(choice, requests, strict=True)):
            continue
        if all(within_limits(s, [r for j, r in zip(choice, requests, strict=True) if j == k])
               for k, s in enumerate(specialists)):
            best = max(best, sum(pair_fit(specialists[j], r, w)
                                 for j, r in zip(choice, requests, strict=True) if j is not None))
    return best


def assert_keeps_every_rule(proposal, specialists, requests, w):
    by_id = {s.id: s for s in specialists}
    requests_by_id = {r.id: r for r in requests}
    served = [m.request for m in proposal.matches]
    assert len(served) == len(set(served))
    for s in specialists:
        mine = [requests_by_id[m.request] for m in proposal.matches if m.specialist == s.id]
        assert within_limits(s, mine)
    for match in proposal.matches:
        s, r = by_id[match.specialist], requests_by_id[match.request]
        assert may_serve(s, r)
        assert match.hours == r.hours_per_month
        assert abs(match.fit - pair_fit(s, r, w)) < 1e-9
    assert abs(proposal.objective - sum(m.fit for m in proposal.matches)) < 1e-6
    assert {u.request for u in proposal.unserved} == set(requests_by_id) - set(served)


@EXAMPLES
@given(instances())
def test_the_proposal_is_the_brute_force_optimum_and_keeps_every_rule(instance):
    specialists, requests, w = instance

    proposal = propose_assignment(specialists, requests, weights=w)

    assert proposal.optimal
    assert abs(proposal.objective - brute_force(specialists, requests, w)) < 1e-6
    assert proposal.gap == 0
    assert_keeps_every_rule(proposal, specialists, requests, w)


@EXAMPLES
@given(instances(), st.integers(1, 2))
def test_a_core_of_few_pairs_per_request_never_claims_a_wrong_optimum(instance, per_request):
    specialists, requests, w = instance

    proposal = propose_assignment(specialists, requests, weights=w, core_per_request=per_request)

    assert proposal.optimal
    assert abs(proposal.objective - brute_force(specialists, requests, w)) < 1e-6
    assert_keeps_every_rule(proposal, specialists, requests, w)


@EXAMPLES
@given(instances())
def test_a_proposal_cut_short_keeps_every_rule_and_its_bound_holds(instance):
    specialists, requests, w = instance

    proposal = propose_assignment(specialists, requests, weights=w, time_limit_seconds=0)

    optimum = brute_force(specialists, requests, w)
    assert proposal.objective <= optimum + 1e-6
    assert proposal.bound >= optimum - 1e-6
    assert proposal.objective >= greedy_assignment(specialists, requests, weights=w).objective
    if proposal.optimal:
        assert abs(proposal.objective - optimum) < 1e-6
    assert_keeps_every_rule(proposal, specialists, requests, w)


@EXAMPLES
@given(instances())
def test_the_greedy_baseline_keeps_every_rule_and_never_beats_the_optimum(instance):
    specialists, requests, w = instance

    greedy = greedy_assignment(specialists, requests, weights=w)

    assert not greedy.optimal
    assert greedy.objective <= brute_force(specialists, requests, w) + 1e-6
    assert_keeps_every_rule(greedy, specialists, requests, w)
