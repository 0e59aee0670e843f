"""The specialist assignment optimiser at prefecture and national scale, beside a greedy baseline.

talent_pool.optimiser.propose_assignment claims the proven optimum (or the best proposal
with a proven bound when its time limit runs out). This measures, on reproducible random
instances built from the real municipalities (tenants/data/), its wall time, objective,
optimal flag, bound and gap, and in the same run the greedy baseline's objective and
time (highest fit first, what a coordinator would do by hand). Two sizes:

- small: 200 requests × 500 specialists, which should be solved to proven optimality;
- national: 2,000 requests × 5,000 specialists, at the default time limit and at a
  longer one.

    .venv/bin/python benchmarks/talent_assignment.py                  # both, ~20 minutes
    .venv/bin/python benchmarks/talent_assignment.py --only small     # ~1 minute

It needs no database. Results go to benchmarks/results/talent_assignment.json;
benchmarks/README.md explains how to read them. Nothing here passes or fails on a time.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from datetime import UTC
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS_FILE = ROOT / "benchmarks" / "results" / "talent_assignment.json"
sys.path.insert(0, str(ROOT))

import scipy  # noqa: E402

from talent_pool.candidates import (  # noqa: E402
    AssignmentRequest,
    AssignmentSpecialist,
    WorkMode,
)
from talent_pool.geo import coordinates_of  # noqa: E402
from talent_pool.optimiser import (  # noqa: E402
    DEFAULT_TIME_LIMIT_SECONDS,
    greedy_assignment,
    propose_assignment,
)
from tenants.master_data import read_municipalities  # noqa: E402

SEED = 20261126
START = datetime.date(2026, 4, 1)
# The 15 role types of the デジタルスキル標準 (DX推進スキル標準): ビジネスアーキテクト,
# デザイナー, データサイエンティスト, ソフトウェアエンジニア, サイバーセキュリティ.
# Towns mostly ask for operations (BPR), security, cloud migration (標準化移行) and
# online services; the pool has more engineers than security or BPR people, so those
# are where requests compete.
SKILLS = {
    # code: (weight among requested skills, weight among specialists' skills)
    "ba_new_business": (2, 3), "ba_existing_business": (3, 3), "ba_operations": (10, 4),
    "service_designer": (6, 3), "ux_ui_designer": (4, 5), "graphic_designer": (1, 3),
    "data_business_strategist": (5, 3), "data_science_professional": (3, 4),
    "data_engineer": (3, 6), "frontend_engineer": (2, 8), "backend_engineer": (3, 9),
    "cloud_engineer_sre": (8, 7), "physical_computing_engineer": (1, 2),
    "cybersecurity_manager": (9, 2), "cybersecurity_engineer": (5, 3),
}
SIZES = {"small": (200, 500), "national": (2000, 5000)}


def _month(offset: int) -> datetime.date:
    year, month = divmod(START.month - 1 + offset, 12)
    return datetime.date(START.year + year, month + 1, 1)


def _probabilities(weights) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    return weights / weights.sum()


def instance(requests: int, specialists: int, seed: int = SEED):
    """Specialists and open requests, the same for the same sizes and seed.

    Requests come from municipalities drawn uniformly (so mostly towns and villages, as
    in Japan); specialists live where people live (home drawn by population) and
    already support 0–2 towns of their own prefecture.
    """
    rng = np.random.default_rng(seed)
    municipalities = read_municipalities()
    places = [coordinates_of(m.lg_code) for m in municipalities]
    population = _probabilities([m.population for m in municipalities])
    by_prefecture: dict[str, list[int]] = {}
    for index, municipality in enumerate(municipalities):
        by_prefecture.setdefault(municipality.prefecture, []).append(index)
    codes = list(SKILLS)
    asked = _probabilities([weights[0] for weights in SKILLS.values()])
    offered = _probabilities([weights[1] for weights in SKILLS.values()])

    pool = []
    for j in range(specialists):
        home = int(rng.choice(len(municipalities), p=population))
        skills = rng.choice(len(codes), size=int(rng.choice([1, 2, 3], p=[.4, .4, .2])),
                            replace=False, p=offered)
        capacity = int(rng.choice([20, 40, 60, 80, 120], p=[.2, .3, .2, .2, .1]))
        max_towns = int(rng.integers(1, 5))
        neighbours = by_prefecture[municipalities[home].prefecture]
        current = rng.choice(neighbours, replace=False, size=min(
            max_towns, len(neighbours), int(rng.choice([0, 1, 2], p=[.5, .3, .2]))))
        starts_in = int(rng.integers(1, 7))
        pool.append(AssignmentSpecialist(
            id=f"S{j:05d}",
            skills={codes[k]: int(rng.choice([1, 2, 3, 4], p=[.15, .35, .35, .15]))
                    for k in skills},
            monthly_capacity_hours=capacity,
            committed_hours=0 if rng.random() < .4 else int(rng.uniform(0, .7) * capacity) // 4 * 4,
            max_towns=max_towns,
            current_towns=frozenset(municipalities[k].lg_code for k in current),
            available_from=None if rng.random() < .7 else _month(starts_in),
            available_until=(None if rng.random() < .6 else
                             _month(starts_in + int(rng.integers(6, 24)))
                             - datetime.timedelta(days=1)),
            home=places[home],
            work_mode=WorkMode.REMOTE_ONLY if rng.random() < .3 else WorkMode.ON_SITE_OK,
        ))

    open_requests = []
    for i in range(requests):
        town = int(rng.integers(len(municipalities)))
        needs = rng.choice(len(codes), size=1 if rng.random() < .7 else 2, replace=False, p=asked)
        begins, months = int(rng.integers(0, 6)), int(rng.integers(3, 13))
        open_requests.append(AssignmentRequest(
            id=f"R{i:05d}",
            lg_code=municipalities[town].lg_code,
            location=places[town],
            population_band=municipalities[town].population_band,
            required_skills={codes[k]: int(rng.choice([1, 2, 3], p=[.25, .5, .25]))
                             for k in needs},
            hours_per_month=int(rng.choice([8, 16, 24, 32, 40], p=[.3, .3, .2, .1, .1])),
            period_from=_month(begins),
            period_until=_month(begins + months) - datetime.timedelta(days=1),
            on_site_share=float(rng.choice([0, .25, .5, 1], p=[.35, .3, .2, .15])),
            priority=str(rng.choice(["high", "normal", "low"], p=[.2, .6, .2])),
        ))
    return pool, open_requests


def served_by_band(proposal, requests) -> dict[str, dict[str, int]]:
    band = {r.id: str(r.population_band) for r in requests}
    asked = Counter(band.values())
    served = Counter(band[m.request] for m in proposal.matches)
    return {name: {"requests": asked[name], "served": served[name]} for name in sorted(asked)}


def measure(size: str, time_limit: float, rounds: int) -> dict:
    count_r, count_s = SIZES[size]
    specialists, requests = instance(count_r, count_s)
    greedy_seconds, optimiser_seconds, runs = [], [], []
    for _ in range(rounds):
        started = time.perf_counter()
        greedy = greedy_assignment(specialists, requests)
        greedy_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        proposal = propose_assignment(specialists, requests, time_limit_seconds=time_limit)
        optimiser_seconds.append(time.perf_counter() - started)
        runs.append({
            "seconds": round(optimiser_seconds[-1], 2),
            "objective": round(proposal.objective, 3),
            "optimal": proposal.optimal,
            "bound": round(proposal.bound, 3),
            "gap": proposal.gap,
            "status": str(proposal.status),
            "lp_bound": None if proposal.stats.lp_bound is None else round(
                proposal.stats.lp_bound, 3),
            "lp_seconds": round(proposal.stats.lp_seconds, 2),
            "core_rounds": [{"per_request": r.per_request, "pairs": r.core_pairs,
                             "seconds": round(r.seconds, 2), "core_proven": r.core_proven,
                             "objective": round(r.objective, 3), "bound": round(r.bound, 3)}
                            for r in proposal.stats.rounds],
        })
    return {
        "requests": count_r,
        "specialists": count_s,
        "candidate_pairs": proposal.stats.candidate_pairs,
        "time_limit_seconds": time_limit,
        "rounds": rounds,
        "optimiser": {
            "median_seconds": round(statistics.median(optimiser_seconds), 2),
            "median_objective": statistics.median(run["objective"] for run in runs),
            "median_gap": statistics.median(run["gap"] for run in runs),
            "max_gap": max(run["gap"] for run in runs),
            "optimal_runs": sum(run["optimal"] for run in runs),
            "matches": len(proposal.matches),
            "unserved": dict(Counter(str(u.reason) for u in proposal.unserved)),
            "served_by_band": served_by_band(proposal, requests),
            "runs": runs,
        },
        "greedy": {
            "median_seconds": round(statistics.median(greedy_seconds), 3),
            "objective": round(greedy.objective, 3),
            "matches": len(greedy.matches),
            "served_by_band": served_by_band(greedy, requests),
            "seconds": [round(s, 3) for s in greedy_seconds],
        },
        "optimiser_over_greedy": round(statistics.median(run["objective"] for run in runs)
                                       / greedy.objective, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(SIZES))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--time-limits", type=float, nargs="+",
                        default=[DEFAULT_TIME_LIMIT_SECONDS, 300.0],
                        help="national time limits in seconds (small runs at the first)")
    parser.add_argument("--output", type=Path, default=RESULTS_FILE)
    args = parser.parse_args()

    cases = []
    if args.only in (None, "small"):
        cases.append(("small", args.time_limits[0]))
    if args.only in (None, "national"):
        cases.extend(("national", limit) for limit in args.time_limits)
    results = []
    for size, limit in cases:
        result = measure(size, limit, args.rounds)
        results.append({"instance": size, **result})
        optimiser, greedy = result["optimiser"], result["greedy"]
        print(f"{size} {result['requests']}×{result['specialists']} "
              f"({result['candidate_pairs']} pairs), limit {limit:g} s: "
              f"optimiser {optimiser['median_seconds']} s, objective "
              f"{optimiser['median_objective']}, optimal in {optimiser['optimal_runs']}/"
              f"{result['rounds']}, gap {optimiser['median_gap']:.1e}; "
              f"greedy {greedy['median_seconds']} s, objective {greedy['objective']}")

    output = {
        "benchmark": "talent_assignment",
        "date": datetime.datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([".venv/bin/python", "benchmarks/talent_assignment.py",
                             *sys.argv[1:]]),
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "numpy": np.__version__,
                    "scipy": scipy.__version__},
        "seed": SEED,
        "results": results,
    }
    args.output.parent.mkdir(exist_ok=True)
    args.output.write_text(json.dumps(output, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
