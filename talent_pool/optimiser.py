"""The assignment proposal: which specialist serves which open support request.

Each request is served by one specialist or not at all, never split: a town wants one
person who knows its situation, and splitting would let the optimiser scatter a town's
work over several people to fill capacity. That makes it a generalised assignment
problem with a town-count side constraint, solved exactly as a mixed-integer programme
by HiGHS (talent_pool/model.py has the formulation).

At national scale the candidate pairs number in the hundreds of thousands; HiGHS on the
full programme alone needs minutes before its proposals are good (after 60 s it had one
1.7% below the optimum on the benchmark). So the search starts on a *core* of pairs,
which gives a near-optimal proposal in seconds, and proves what the core misses:

1. The LP relaxation of the full programme gives row prices π and, by weak duality, a
   bound B on every solution and, for every pair p, a reduced cost s_p ≥ 0 such that
   any solution using p is worth at most B − s_p (model.dual_bound).
2. The core is every pair the LP uses plus, for each request, its k pairs of lowest
   reduced cost. HiGHS solves the programme restricted to the core; its best solution
   is a proposal for the full instance, and its bound U bounds every solution within
   the core.
3. Every solution is either within the core (≤ U) or uses a left-out pair (≤ B − min
   s_p over those pairs), so max(U, B − min s) bounds the optimum. When the best
   proposal reaches that bound it is proven optimal.
4. Otherwise HiGHS solves the full programme in the time that is left. Its cuts
   tighten the bound quickly; given a few minutes it also finds the optimum and proves
   it. (Growing the core step by step was measured too: the proof by reduced costs
   needs them to exceed the LP's own gap, which on large instances only the whole set
   of pairs does, so the intermediate cores cost time and proved nothing.)

The proposal is the proven optimum (`optimal`), or, when the time limit comes first,
the best solution found, completed greedily with whatever still fits and never worse
than the greedy baseline, with the smallest proven bound and the relative gap.
"""

import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from talent_pool.candidates import (
    HOURS_TOLERANCE,
    AssignmentRequest,
    AssignmentSpecialist,
    CandidatePairs,
    Filter,
    candidate_pairs,
    validate_instance,
)
from talent_pool.fit import DEFAULT_WEIGHTS, AssignmentWeights, Explanation, SkillEvidence
from talent_pool.fit import fit_breakdown as _fit_breakdown
from talent_pool.model import (
    Solution,
    build_model,
    checked,
    dual_bound,
    greedy_order,
    lp_duals,
    solve_milp,
    trivial_bound,
)

DEFAULT_TIME_LIMIT_SECONDS = 60.0
CORE_PER_REQUEST = 8
# How many of an unserved request's best candidates its reason names.
BLOCKED_CANDIDATES_SHOWN = 5


class UnservedReason(StrEnum):
    """Why a request has no match, from the first test that left nobody.

    `taken_by_other_requests` is the only reason that depends on the other requests:
    someone could have served it alone, but every such specialist's hours or town
    slots went to requests whose assignment gave a higher total fit.
    """

    NO_SKILL = "no_skill"
    NO_AVAILABILITY = "no_availability"
    NO_ON_SITE = "no_on_site"
    NO_CAPACITY = "no_capacity"
    NO_TOWN_SLOT = "no_town_slot"
    TAKEN_BY_OTHER_REQUESTS = "taken_by_other_requests"


EMPTY_AFTER = {
    Filter.SKILL: UnservedReason.NO_SKILL,
    Filter.PERIOD: UnservedReason.NO_AVAILABILITY,
    Filter.ON_SITE: UnservedReason.NO_ON_SITE,
    Filter.CAPACITY: UnservedReason.NO_CAPACITY,
    Filter.TOWN_SLOT: UnservedReason.NO_TOWN_SLOT,
}


class Blocker(StrEnum):
    CAPACITY = "capacity"
    TOWNS = "towns"


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    TIME_LIMIT = "time_limit"
    SOLVER_FAILED = "solver_failed"  # HiGHS gave up; the proposal is the best found so far
    GREEDY = "greedy"  # greedy_assignment, the baseline


@dataclass(frozen=True)
class Match:
    request: Hashable
    specialist: Hashable
    hours: float
    fit: float
    explanation: Explanation


@dataclass(frozen=True)
class BlockedCandidate:
    """A specialist who could have served the request but is full in this proposal."""

    specialist: Hashable
    fit: float
    blocked_by: tuple[Blocker, ...]
    requests: tuple[Hashable, ...]  # the requests this specialist serves instead


@dataclass(frozen=True)
class Unserved:
    request: Hashable
    reason: UnservedReason
    survivors: dict[str, int]  # specialists left after each feasibility test, in order
    candidates: int = 0
    blocked: tuple[BlockedCandidate, ...] = ()


@dataclass(frozen=True)
class CoreRound:
    per_request: int | None  # None: every pair, the full programme
    core_pairs: int
    seconds: float
    core_proven: bool  # HiGHS proved the optimum of this core
    objective: float  # the best proposal after this round
    bound: float  # the proven bound on the full instance after this round


@dataclass(frozen=True)
class SolveStats:
    candidate_pairs: int
    candidates_seconds: float
    lp_bound: float | None
    lp_seconds: float
    rounds: tuple[CoreRound, ...]
    seconds: float


@dataclass(frozen=True)
class AssignmentProposal:
    """The result: `bound` ≥ the true optimum ≥ `objective`; `gap` = (bound − objective) / bound."""

    objective: float
    optimal: bool
    bound: float | None
    gap: float | None
    status: SolveStatus
    matches: tuple[Match, ...]
    unserved: tuple[Unserved, ...]
    stats: SolveStats = field(repr=False)

    def as_dict(self) -> dict:
        return {
            "objective": round(self.objective, 6),
            "optimal": self.optimal,
            "gap": self.gap,
            "bound": None if self.bound is None else round(self.bound, 6),
            "status": str(self.status),
            "matches": [{"request": m.request, "specialist": m.specialist, "hours": m.hours,
                         "fit": round(m.fit, 6), "explanation": m.explanation.as_dict()}
                        for m in self.matches],
            "unserved": [{"request": u.request, "reason": str(u.reason),
                          "survivors": u.survivors, "candidates": u.candidates,
                          "blocked": [{"specialist": b.specialist, "fit": round(b.fit, 6),
                                       "blocked_by": [str(x) for x in b.blocked_by],
                                       "requests": list(b.requests)} for b in u.blocked]}
                         for u in self.unserved],
        }


# --- Explanations and reasons ---------------------------------------------------------


def _explanation(pairs: CandidatePairs, p: int, specialist: AssignmentSpecialist,
                 request: AssignmentRequest, weights: AssignmentWeights) -> Explanation:
    return Explanation(
        skills=tuple(SkillEvidence(code, specialist.skills[code], minimum)
                     for code, minimum in request.required_skills.items()),
        distance_km=float(pairs.distance_km[p]),
        on_site_share=request.on_site_share,
        continuity=bool(pairs.continuing[p]),
        priority=request.priority,
        population_band=request.population_band,
        breakdown=_fit_breakdown(
            weights, mean_surplus=float(pairs.mean_surplus[p]),
            continuing=bool(pairs.continuing[p]), distance_km=float(pairs.distance_km[p]),
            on_site_share=request.on_site_share, priority=request.priority,
            band=request.population_band),
    )


def _unserved(pairs: CandidatePairs, solution: Solution,
              specialists: Sequence[AssignmentSpecialist],
              requests: Sequence[AssignmentRequest]) -> tuple[Unserved, ...]:
    serves: dict[int, list[Hashable]] = {}
    for p in np.flatnonzero(solution.chosen):
        serves.setdefault(int(pairs.specialist[p]), []).append(requests[pairs.request[p]].id)
    order = np.lexsort((pairs.specialist, -pairs.fit, pairs.request))
    starts = np.searchsorted(pairs.request[order], np.arange(len(requests) + 1))
    result = []
    for i in np.flatnonzero(~solution.served):
        survivors = dict(zip((str(f) for f in Filter), pairs.survivors[i].tolist(), strict=True))
        if pairs.survivors[i, -1] == 0:
            first_empty = next(f for f, count in zip(Filter, pairs.survivors[i], strict=True)
                               if count == 0)
            result.append(Unserved(requests[i].id, EMPTY_AFTER[first_empty], survivors))
            continue
        candidates = order[starts[i]:starts[i + 1]]
        blocked = []
        for p in candidates[:BLOCKED_CANDIDATES_SHOWN]:
            j = int(pairs.specialist[p])
            reasons = []
            if pairs.hours[i] > solution.hours_left(j) + HOURS_TOLERANCE:
                reasons.append(Blocker.CAPACITY)
            if not solution.has_town_for(p):
                reasons.append(Blocker.TOWNS)
            blocked.append(BlockedCandidate(specialists[j].id, float(pairs.fit[p]),
                                            tuple(reasons), tuple(serves.get(j, ()))))
        result.append(Unserved(requests[i].id, UnservedReason.TAKEN_BY_OTHER_REQUESTS,
                               survivors, len(candidates), tuple(blocked)))
    return tuple(result)


def _proposal(pairs, solution, specialists, requests, weights, *, optimal, bound, status,
              stats) -> AssignmentProposal:
    objective = solution.objective
    gap = None
    if bound is not None:
        bound = max(bound, objective)
        gap = 0.0 if optimal or bound <= 0 else (bound - objective) / bound
    matches = tuple(
        Match(request=requests[pairs.request[p]].id,
              specialist=specialists[pairs.specialist[p]].id,
              hours=requests[pairs.request[p]].hours_per_month,
              fit=float(pairs.fit[p]),
              explanation=_explanation(pairs, p, specialists[pairs.specialist[p]],
                                       requests[pairs.request[p]], weights))
        for p in np.flatnonzero(solution.chosen))
    return AssignmentProposal(objective=objective, optimal=optimal, bound=bound, gap=gap,
                              status=status, matches=matches,
                              unserved=_unserved(pairs, solution, specialists, requests),
                              stats=stats)




# --- Public entry points --------------------------------------------------------------


def _core_ranks(pairs: CandidatePairs, reduced: np.ndarray) -> np.ndarray:
    """Each pair's place among its request's pairs: lowest reduced cost, then best fit."""
    order = np.lexsort((pairs.specialist, -pairs.fit, reduced, pairs.request))
    starts = np.searchsorted(pairs.request[order], pairs.request[order])
    ranks = np.empty(len(pairs), dtype=np.int64)
    ranks[order] = np.arange(len(pairs)) - starts
    return ranks


def propose_assignment(specialists: Sequence[AssignmentSpecialist],
                       requests: Sequence[AssignmentRequest], *,
                       weights: AssignmentWeights = DEFAULT_WEIGHTS,
                       time_limit_seconds: float = DEFAULT_TIME_LIMIT_SECONDS,
                       core_per_request: int = CORE_PER_REQUEST,
                       ) -> AssignmentProposal:
    """The proposal with the highest total fit (proven), or the best found in the time limit.

    Raises AssignmentInputError (with the field and a stable code) for unusable input.
    `core_per_request` is the k of the core (see the module's notes); it changes how
    fast a good proposal and a proof come, never what is proven.
    """
    validate_instance(specialists, requests, weights)
    started = time.perf_counter()
    deadline = started + time_limit_seconds
    pairs = candidate_pairs(specialists, requests, weights)
    listed = time.perf_counter()
    if not len(pairs):
        stats = SolveStats(0, listed - started, 0.0, 0.0, (), listed - started)
        return _proposal(pairs, Solution(pairs), specialists, requests, weights, optimal=True,
                         bound=0.0, status=SolveStatus.OPTIMAL, stats=stats)

    full = build_model(pairs)
    duals = lp_duals(full, deadline - time.perf_counter())
    rows = 0 if full.matrix is None else full.matrix.shape[0]
    prices, lp_x = duals if duals is not None else (np.zeros(rows), np.zeros(len(full.objective)))
    lp_bound, reduced = dual_bound(full, prices)
    bound = min(trivial_bound(pairs), lp_bound)
    in_lp = lp_x[:len(pairs)] > 1e-9
    ranks = _core_ranks(pairs, reduced)
    lp_done = time.perf_counter()

    best, status, rounds = Solution(pairs), SolveStatus.TIME_LIMIT, []
    per_request = max(1, core_per_request)
    while True:
        round_started = time.perf_counter()
        core = in_lp | (ranks < per_request) if per_request else np.ones(len(pairs), dtype=bool)
        positions = np.flatnonzero(core)
        outcome = solve_milp(build_model(pairs.subset(positions)), deadline - round_started)
        if outcome.chosen is not None:
            chosen = np.zeros(len(pairs), dtype=bool)
            chosen[positions] = outcome.chosen
            solution, _ = checked(pairs, chosen)
            if solution.objective > best.objective:
                best = solution
        core_bound = outcome.bound
        if core_bound is None:
            core_bound = trivial_bound(pairs.subset(positions))
        left_out = reduced[~core]
        outside = lp_bound - left_out.min() if len(left_out) else -np.inf
        bound = min(bound, max(core_bound, outside))
        rounds.append(CoreRound(per_request, len(positions), time.perf_counter() - round_started,
                                outcome.proven, best.objective, float(bound)))
        if best.objective >= bound - 1e-6 - 1e-9 * abs(bound):
            status = SolveStatus.OPTIMAL
            break
        if not (outcome.proven or outcome.timed_out):
            status = SolveStatus.SOLVER_FAILED
            break
        if core.all() or time.perf_counter() >= deadline:
            break
        per_request = None

    optimal = status == SolveStatus.OPTIMAL
    if not optimal:
        order = greedy_order(pairs)
        best.add_greedily(order)
        greedy = Solution(pairs)
        greedy.add_greedily(order)
        if greedy.objective > best.objective:
            best = greedy
    stats = SolveStats(
        candidate_pairs=len(pairs), candidates_seconds=listed - started,
        lp_bound=lp_bound if duals is not None else None, lp_seconds=lp_done - listed,
        rounds=tuple(rounds), seconds=time.perf_counter() - started)
    return _proposal(pairs, best, specialists, requests, weights, optimal=optimal,
                     bound=best.objective if optimal else bound, status=status, stats=stats)


def greedy_assignment(specialists: Sequence[AssignmentSpecialist],
                      requests: Sequence[AssignmentRequest], *,
                      weights: AssignmentWeights = DEFAULT_WEIGHTS) -> AssignmentProposal:
    """The baseline a coordinator would do by hand: the best-fitting pair first, while it fits.

    Same pairs, same fit and same limits as propose_assignment; no bound (None).
    """
    validate_instance(specialists, requests, weights)
    started = time.perf_counter()
    pairs = candidate_pairs(specialists, requests, weights)
    listed = time.perf_counter()
    solution = Solution(pairs)
    solution.add_greedily(greedy_order(pairs))
    stats = SolveStats(len(pairs), listed - started, None, 0.0, (),
                       time.perf_counter() - started)
    return _proposal(pairs, solution, specialists, requests, weights, optimal=False,
                     bound=None, status=SolveStatus.GREEDY, stats=stats)
