"""The mixed-integer programme over candidate pairs, its LP bound, and exact solution checks.

    maximise    Σ_p fit_p · x_p                       over the candidate pairs p = (i, j)
    subject to  Σ_{p ∋ i} x_p ≤ 1                      every request i at most once
                Σ_{p ∋ j} hours_i · x_p ≤ C_j          every specialist's monthly hours
                Σ_{p ∋ j, hours_i ≥ s} x_p ≤ ⌊C_j / s⌋  the same, counted by size s
                Σ_t y_jt ≤ town_slots_j                every specialist's new towns
                x_p ≤ y_jt                             for p = (i, j), i in town t, t new to j
                x_p ∈ {0, 1},  0 ≤ y_jt ≤ 1

C_j is the specialist's remaining hours, rounded down to a multiple of the greatest
common divisor of their candidates' hours when those are whole numbers (no set of
16- and 24-hour requests uses 20 of 20 hours; the rounded row says so to the LP). The
rows "counted by size" say that at most ⌊C_j / s⌋ requests of s hours or more fit; they
too hold for every integer solution and only cut off fractional ones. Both make the LP
relaxation, and so the bound HiGHS works from, tighter (the capacity rows are where the
relaxation's gap comes from).

y_jt need not be integral: once x is, the best y is the largest x_p it covers. Rows are
written only where they can bind, and a town with one candidate request counts its x_p
directly instead of a y.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import coo_array

from talent_pool.candidates import HOURS_TOLERANCE, CandidatePairs


@dataclass
class Model:
    objective: np.ndarray  # to maximise; the pairs' x first, then the y columns
    integrality: np.ndarray
    matrix: object  # scipy.sparse CSR, or None when no row can bind
    upper: np.ndarray
    pair_count: int


@dataclass
class MilpOutcome:
    chosen: np.ndarray | None  # per pair of the model
    proven: bool
    timed_out: bool
    bound: float | None  # HiGHS's bound on the model's optimum
    nodes: int | None


class _Rows:
    def __init__(self):
        self.rows, self.cols, self.vals, self.upper = [], [], [], []
        self.count = 0

    def add(self, row_ids, col_ids, values, row_upper) -> None:
        self.rows.append(np.asarray(row_ids, dtype=np.int64) + self.count)
        self.cols.append(np.asarray(col_ids, dtype=np.int64))
        self.vals.append(np.asarray(values, dtype=float))
        self.upper.append(np.asarray(row_upper, dtype=float))
        self.count += len(row_upper)


def rounded_capacity(pairs: CandidatePairs) -> np.ndarray:
    """Remaining hours, rounded down to the gcd of the candidates' hours where all are whole."""
    capacity = pairs.remaining_hours.copy()
    hours = pairs.hours[pairs.request]
    whole = np.abs(hours - np.rint(hours)) < 1e-9
    order = np.argsort(pairs.specialist, kind="stable")
    specialists, starts = np.unique(pairs.specialist[order], return_index=True)
    if not len(order):
        return capacity
    gcd = np.gcd.reduceat(np.rint(hours[order]).astype(np.int64), starts)
    all_whole = np.logical_and.reduceat(whole[order], starts) & (gcd > 0)
    specialists, gcd = specialists[all_whole], gcd[all_whole]
    capacity[specialists] = np.floor(capacity[specialists] / gcd + HOURS_TOLERANCE) * gcd
    return capacity


def _capacity_rows(pairs: CandidatePairs, rows: _Rows) -> None:
    hours = pairs.hours[pairs.request]
    capacity = rounded_capacity(pairs)
    offered = np.bincount(pairs.specialist, weights=hours, minlength=len(capacity))
    tight = np.flatnonzero(offered[pairs.specialist] > capacity[pairs.specialist] + HOURS_TOLERANCE)
    spec_ids, row = np.unique(pairs.specialist[tight], return_inverse=True)
    rows.add(row, tight, hours[tight], capacity[spec_ids])

    # By size: a prefix of each specialist's pairs sorted by hours, largest first.
    order = tight[np.lexsort((-hours[tight], pairs.specialist[tight]))]
    starts = np.searchsorted(pairs.specialist[order], spec_ids)
    ends = np.append(starts[1:], len(order))[:len(starts)]
    for j, start, end in zip(spec_ids, starts, ends, strict=True):
        block = order[start:end]
        sizes = hours[block]
        for size in np.unique(sizes):
            fits = capacity[j] / size
            count = int(np.count_nonzero(sizes >= size))
            limit = np.floor(fits + HOURS_TOLERANCE)
            if count > limit and fits - limit > HOURS_TOLERANCE:
                rows.add(np.zeros(count), block[:count], np.ones(count), [limit])


def _town_rows(pairs: CandidatePairs, rows: _Rows) -> int:
    """Rows for specialists with more candidate new towns than slots; returns the y count."""
    n = len(pairs)
    new = np.flatnonzero(~pairs.continuing)
    town_count = len(pairs.towns)
    keys = pairs.specialist[new] * town_count + pairs.town[pairs.request[new]]
    unique_keys, group = np.unique(keys, return_inverse=True)
    towns_per_specialist = np.bincount(unique_keys // max(town_count, 1),
                                       minlength=len(pairs.town_slots))
    keep = (towns_per_specialist > pairs.town_slots)[pairs.specialist[new]]
    members = new[keep]
    kept_groups, group = np.unique(group[keep], return_inverse=True)
    group_count = len(kept_groups)

    group_size = np.bincount(group, minlength=group_count)
    group_spec = np.zeros(group_count, dtype=np.int64)
    group_spec[group] = pairs.specialist[members]
    linked = group_size > 1
    y_column = np.full(group_count, -1, dtype=np.int64)
    y_column[linked] = n + np.arange(np.count_nonzero(linked))
    counted = np.zeros(group_count, dtype=np.int64)
    counted[group] = members  # a town with a single candidate request counts its x
    counted[linked] = y_column[linked]
    town_specs, town_row = np.unique(group_spec, return_inverse=True)
    rows.add(town_row, counted, np.ones(group_count), pairs.town_slots[town_specs])

    in_linked = linked[group]
    link_members = members[in_linked]
    link_rows = np.arange(len(link_members))
    rows.add(np.concatenate([link_rows, link_rows]),
             np.concatenate([link_members, y_column[group[in_linked]]]),
             np.concatenate([np.ones(len(link_members)), -np.ones(len(link_members))]),
             np.zeros(len(link_members)))
    return int(np.count_nonzero(linked))


def build_model(pairs: CandidatePairs) -> Model:
    n = len(pairs)
    rows = _Rows()
    # Each request at most once (a single candidate is already bounded by x ≤ 1).
    per_request = np.bincount(pairs.request, minlength=len(pairs.hours))
    shared = np.flatnonzero(per_request[pairs.request] > 1)
    req_ids, row = np.unique(pairs.request[shared], return_inverse=True)
    rows.add(row, shared, np.ones(len(shared)), np.ones(len(req_ids)))
    _capacity_rows(pairs, rows)
    y_count = _town_rows(pairs, rows)

    columns = n + y_count
    matrix = None
    if rows.count:
        matrix = coo_array(
            (np.concatenate(rows.vals), (np.concatenate(rows.rows), np.concatenate(rows.cols))),
            shape=(rows.count, columns)).tocsr()
    return Model(objective=np.concatenate([pairs.fit, np.zeros(y_count)]),
                 integrality=np.concatenate([np.ones(n), np.zeros(y_count)]),
                 matrix=matrix,
                 upper=np.concatenate(rows.upper) if rows.upper else np.zeros(0),
                 pair_count=n)


def solve_milp(model: Model, time_limit: float) -> MilpOutcome:
    """HiGHS branch-and-cut to a relative gap of zero.

    HiGHS's MIP presolve is off: on a national-size instance it used a whole 300 s time
    limit (and 15 s more) without producing a proposal, and on smaller instances it
    saved nothing.
    """
    constraints = () if model.matrix is None else LinearConstraint(
        model.matrix, -np.inf, model.upper)
    result = milp(-model.objective, integrality=model.integrality, bounds=Bounds(0, 1),
                  constraints=constraints,
                  options={"time_limit": max(time_limit, 0.0), "mip_rel_gap": 0.0,
                           "presolve": False, "disp": False})
    dual = getattr(result, "mip_dual_bound", None)
    return MilpOutcome(
        chosen=None if result.x is None else result.x[:model.pair_count] > 0.5,
        proven=result.status == 0,
        timed_out=result.status == 1,
        bound=-float(dual) if dual is not None and np.isfinite(dual) else None,
        nodes=getattr(result, "mip_node_count", None),
    )


def lp_duals(model: Model, time_limit: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Row prices and the solution of the LP relaxation, or None if HiGHS did not finish."""
    if model.matrix is None:
        return np.zeros(0), np.ones(len(model.objective))
    result = linprog(-model.objective, A_ub=model.matrix, b_ub=model.upper, bounds=(0, 1),
                     method="highs", options={"time_limit": max(time_limit, 0.0)})
    if result.status != 0:
        return None
    return np.maximum(-result.ineqlin.marginals, 0.0), result.x


def dual_bound(model: Model, prices: np.ndarray) -> tuple[float, np.ndarray]:
    """An upper bound on every solution, and each pair's reduced cost, from any prices ≥ 0.

    Weak duality, computed here rather than taken from the solver, so it holds whatever
    the prices are: with s = max(0, Aᵀπ − fit) and μ = max(0, fit − Aᵀπ), every feasible
    (x, y) has fit·x ≤ b·π + Σμ − Σ s_p·x_p. So b·π + Σμ bounds the optimum, and a
    solution that uses pair p is worth at most that bound minus s_p.
    """
    priced = model.matrix.T @ prices if model.matrix is not None else np.zeros(
        len(model.objective))
    reduced = priced - model.objective
    bound = float(model.upper @ prices + np.maximum(-reduced, 0.0).sum())
    return bound, np.maximum(reduced[:model.pair_count], 0.0)


class Solution:
    """Chosen pairs with the hours and new towns they use, under the exact limits."""

    def __init__(self, pairs: CandidatePairs):
        self.pairs = pairs
        self.chosen = np.zeros(len(pairs), dtype=bool)
        self.served = np.zeros(len(pairs.hours), dtype=bool)
        self.used_hours = np.zeros(len(pairs.town_slots))
        self.new_towns: list[set[int]] = [set() for _ in range(len(pairs.town_slots))]

    def hours_left(self, j: int) -> float:
        return self.pairs.remaining_hours[j] - self.used_hours[j]

    def has_town_for(self, p: int) -> bool:
        pairs = self.pairs
        j = pairs.specialist[p]
        return bool(pairs.continuing[p] or pairs.town[pairs.request[p]] in self.new_towns[j]
                    or len(self.new_towns[j]) < pairs.town_slots[j])

    def fits(self, p: int) -> bool:
        i, j = self.pairs.request[p], self.pairs.specialist[p]
        return (not self.served[i] and self.pairs.hours[i] <= self.hours_left(j) + HOURS_TOLERANCE
                and self.has_town_for(p))

    def add(self, p: int) -> None:
        pairs = self.pairs
        i, j = pairs.request[p], pairs.specialist[p]
        self.chosen[p] = True
        self.served[i] = True
        self.used_hours[j] += pairs.hours[i]
        if not pairs.continuing[p]:
            self.new_towns[j].add(int(pairs.town[i]))

    def add_greedily(self, order: np.ndarray) -> None:
        for p in order:
            if self.fits(p):
                self.add(p)

    @property
    def objective(self) -> float:
        return float(self.pairs.fit[self.chosen].sum())


def greedy_order(pairs: CandidatePairs) -> np.ndarray:
    """Highest fit first; ties by request, then specialist, in input order."""
    return np.lexsort((pairs.specialist, pairs.request, -pairs.fit))


def checked(pairs: CandidatePairs, chosen: np.ndarray) -> tuple[Solution, bool]:
    """The solver's pairs re-added under the exact limits, best fit first.

    HiGHS works to a feasibility tolerance; this guarantees a proposal never exceeds a
    limit even by a rounding error. Returns whether every chosen pair was kept.
    """
    solution = Solution(pairs)
    picked = np.flatnonzero(chosen)
    solution.add_greedily(picked[np.argsort(-pairs.fit[picked], kind="stable")])
    return solution, bool(np.count_nonzero(solution.chosen) == len(picked))


def trivial_bound(pairs: CandidatePairs) -> float:
    """Every request with its best candidate, ignoring every shared limit."""
    best = np.zeros(len(pairs.hours))
    np.maximum.at(best, pairs.request, pairs.fit)
    return float(best.sum())
