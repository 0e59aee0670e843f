"""The exact cost allocation for every municipality in Japan vs a plain float split.

shared_services/allocation.py computes shares with exact fractions (and, for a taper
k ≠ 1, 34-digit decimal powers) and rounds them by the largest-remainder method, so
the shares add up to the total to the yen. This measures what that costs against the
obvious alternative, a float proportional split rounded town by town, in the same run
on the same inputs, and records how far the float split's sum misses the total. It is
a measurement only: nothing here passes or fails on a time.

    .venv/bin/python benchmarks/allocation.py [--rounds 21] [--output FILE]

Adopters: the 1,741 municipalities of the shipped master data (tenants/data/), with
their populations, usage = cards issued (population × My Number card rate, a stand-in
for a per-town volume) and months active 1–12 spread by code. Rule 30/60/10 (均等割 /
人口割 / 利用量割) with k = 1 and k = 0.585, units ¥1 and ¥1,000. No database and no
Django settings are needed. Results go to benchmarks/results/allocation.json;
benchmarks/README.md explains how to read them.
"""

import argparse
import datetime
import decimal
import json
import os
import platform
import statistics
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_FILE = ROOT / "benchmarks" / "results" / "allocation.json"
DEFAULT_ROUNDS = 21
TOTAL = 9_876_543_210  # not a multiple of ¥1,000, so the leftover rule runs too
WEIGHTS = (30, 60, 10)
TAPERS = ("1", "0.585")
UNITS = (1, 1000)

sys.path.insert(0, str(ROOT))

from shared_services.allocation import Adopter, SharingRule, allocate  # noqa: E402
from tenants.master_data import read_municipalities  # noqa: E402


def adopters() -> list[Adopter]:
    return [
        Adopter(record.lg_code, population=record.population,
                months=1 + int(record.lg_code[:5]) % 12,
                usage=int(record.population * record.mynumber_card_rate / 100))
        for record in read_municipalities()
    ]


def float_split(total: int, weights: tuple[int, int, int], taper: float, unit: int,
                towns: list[Adopter]) -> list[int]:
    """The same formula in floats, each share rounded to the unit on its own."""
    equal, population, usage = weights
    months = [town.months for town in towns]
    tapered = [town.months * float(town.population) ** taper for town in towns]
    usages = [float(town.usage) for town in towns]
    sum_months, sum_tapered, sum_usage = sum(months), sum(tapered), sum(usages)
    return [
        round(total * (equal * m / sum_months + population * p / sum_tapered
                       + usage * u / sum_usage) / 100 / unit) * unit
        for m, p, u in zip(months, tapered, usages, strict=True)
    ]


def timed(function) -> tuple[float, float, object]:
    """CPU seconds of this process, wall seconds, and the result.

    Both sides are single-threaded Python, so CPU time is what they cost; on a shared
    machine the wall time also counts the turns other processes take on the cores.
    """
    cpu, wall = time.process_time(), time.perf_counter()
    result = function()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def summary(samples: list[float]) -> dict:
    return {"median": round(statistics.median(samples), 6), "min": round(min(samples), 6),
            "max": round(max(samples), 6)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument("--output", type=Path, default=RESULTS_FILE)
    args = parser.parse_args()

    towns = adopters()
    cases = []
    for taper in TAPERS:
        for unit in UNITS:
            rule = SharingRule(*WEIGHTS, taper=decimal.Decimal(taper), unit=unit)
            runs = {"exact": partial(allocate, total=TOTAL, rule=rule, adopters=towns),
                    "float": partial(float_split, TOTAL, WEIGHTS, float(taper), unit, towns)}
            cpu = {"exact": [], "float": []}
            wall = {"exact": [], "float": []}
            results = {}
            for round_number in range(args.rounds):
                # Alternate which goes first, so drift on a busy machine hits both alike.
                for name in sorted(runs, reverse=round_number % 2 == 1):
                    cpu_seconds, wall_seconds, results[name] = timed(runs[name])
                    cpu[name].append(cpu_seconds)
                    wall[name].append(wall_seconds)
            allocation, floats = results["exact"], results["float"]
            exact_sum = sum(share.amount for share in allocation.shares)
            assert exact_sum == TOTAL
            cases.append({
                "taper": taper,
                "unit": unit,
                "cpu_seconds_exact": summary(cpu["exact"]),
                "cpu_seconds_float": summary(cpu["float"]),
                "ratio_exact_to_float": round(statistics.median(cpu["exact"])
                                              / statistics.median(cpu["float"]), 1),
                "wall_seconds_median": {name: round(statistics.median(wall[name]), 6)
                                        for name in wall},
                "float_split_misses_total_by_yen": sum(floats) - TOTAL,
                "towns_whose_float_amount_differs": sum(
                    share.amount != amount
                    for share, amount in zip(allocation.shares, floats, strict=True)),
            })

    result = {
        "benchmark": "allocation",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": f".venv/bin/python benchmarks/allocation.py --rounds {args.rounds}",
        "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "libmpdec": decimal.__libmpdec_version__,
                    "load_average_at_end": [round(load, 2) for load in os.getloadavg()]},
        "adopters": len(towns),
        "total_yen": TOTAL,
        "weights_equal_population_usage": list(WEIGHTS),
        "rounds": args.rounds,
        "cases": cases,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print("; ".join(
        f"k={case['taper']} ¥{case['unit']}: "
        f"exact {case['cpu_seconds_exact']['median'] * 1000:.1f} ms, "
        f"float {case['cpu_seconds_float']['median'] * 1000:.2f} ms CPU "
        f"({case['ratio_exact_to_float']}×; float sum off by "
        f"¥{case['float_split_misses_total_by_yen']})"
        for case in cases))

if __name__ == "__main__":
    main()
