"""Time to open and score 1,000 sealed bids under 総合評価 加算方式, beside a plaintext baseline.

    .venv/bin/python benchmarks/procurement_opening.py [--bids 1000] [--rounds 5]

Opening a tender (procurement.sealing, procurement.receipts, procurement.evaluation,
procurement.tabulation) means: unwrap the tender's private key once; for every bid
open its sealed bid key, decrypt its content and its technical proposal (~100 KB);
check the content against the bid's receipt digest and the document against the
content's SHA-256; then score every bid (3 evaluators × 5 items, exact Fractions),
rank it (くじ for ties) and build the 入札経過調書.

Two baselines are measured in the same run on the same bids:

- **plaintext**: the same pipeline on the already-decrypted bytes (content parsed,
  digests checked, scored, ranked, tabulated). The difference to `sealed` is what
  sealing costs at opening, which is the question the benchmark answers.
- **float_loop**: a bare loop over the same scores in floats (averages, price
  points, total, sort), with no validation, receipts or tabulation. Not a design
  Kyodo could use (floats decide nothing here); it shows how much of the rest is
  exact arithmetic and checking rather than cryptography.

Each round times the three pipelines in turn (rotated every round). Nothing here
passes or fails on a time. Results go to benchmarks/results/procurement_opening.json;
benchmarks/README.md explains how to read them. No database and no Django settings
are needed: the modules are pure Python.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS_FILE = ROOT / "benchmarks" / "results" / "procurement_opening.json"
DEFAULT_BIDS = 1000
DEFAULT_ROUNDS = 5
DOCUMENT_BYTES = 100 * 1024
EVALUATORS = ("e1", "e2", "e3")
ITEM_MAXIMA = {"plan": 30, "schedule": 20, "support": 20, "security": 15, "usability": 15}
TOWNS = ("442011", "442020", "443221")
TENDER_ID = "T-bench"
CEILING = 100_000_000
PRICE_POINTS_MAX = 50
OPENING = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)
PIPELINES = ("sealed", "plaintext", "float_loop")

sys.path.insert(0, str(ROOT))

from procurement.evaluation import (  # noqa: E402
    Method,
    OpenedBid,
    PriceFormula,
    TechnicalItem,
    TechnicalScore,
    TenderRules,
    evaluate,
)
from procurement.receipts import BidContent, BidDocument, receipt_issue  # noqa: E402
from procurement.sealing import (  # noqa: E402
    MasterKeyring,
    bid_seal,
    master_key_generate,
    tender_key_create,
    tender_key_open,
)
from procurement.tabulation import tabulation_build  # noqa: E402

RULES = TenderRules(
    method=Method.ADDITION, ceiling_price=CEILING, investigation_price=75_000_000,
    technical_items=tuple(TechnicalItem(key, key, maximum)
                          for key, maximum in ITEM_MAXIMA.items()),
    price_points_max=PRICE_POINTS_MAX, price_formula=PriceFormula.CEILING_RATIO,
)


# --- The tender, built once (not timed) ---------------------------------------------------


def tender_build(count: int, seed: int) -> dict[str, Any]:
    """`count` sealed bids with their receipts, the panel's scores, and the plaintexts."""
    chooser = random.Random(seed)  # noqa: S311 - reproducible figures, not keys
    keyring = MasterKeyring(current=master_key_generate("bench"))
    tender_key = tender_key_create(tender_id=TENDER_ID, keyring=keyring)
    bids = []
    seal_seconds = 0.0
    for index in range(count):
        document = secrets.token_bytes(DOCUMENT_BYTES)  # a PDF compresses like noise
        total = chooser.randrange(70_000_000, 102_000_000, 10_000)
        shares = [total // len(TOWNS)] * len(TOWNS)
        shares[0] += total - sum(shares)
        content = BidContent(
            tender_id=TENDER_ID, bid_id=f"B{index:04d}", vendor_id=f"V{index:04d}",
            total_price=total, kuji_number=f"{chooser.randrange(1000):03d}",
            submitted_at=OPENING - datetime.timedelta(seconds=chooser.randrange(10**6),
                                                      microseconds=index),
            town_prices=dict(zip(TOWNS, shares, strict=True)),
            declarations={"暴力団等の排除": True, "資格要件の充足": True},
            documents=(BidDocument.from_bytes("提案書.pdf", document),),
        )
        receipt = receipt_issue(content)
        started = time.perf_counter()
        sealed = bid_seal(tender_key=tender_key, tender_id=TENDER_ID, bid_id=content.bid_id,
                          keyring=keyring,
                          items={"content": receipt.canonical, "document:0": document})
        seal_seconds += time.perf_counter() - started
        bids.append({"bid_id": content.bid_id, "vendor_name": f"事業者{index:04d}",
                     "receipt": receipt.sha256, "sealed": sealed,
                     "plain": {"content": receipt.canonical, "document:0": document}})
    scores = [TechnicalScore(evaluator, bid["bid_id"], item, chooser.randint(0, maximum))
              for bid in bids for item, maximum in ITEM_MAXIMA.items()
              for evaluator in EVALUATORS]
    return {"keyring": keyring, "tender_key": tender_key, "bids": bids, "scores": scores,
            "seal_seconds_per_bid": seal_seconds / count}


# --- The pipelines ----------------------------------------------------------------------


def opened_bid(bid: dict, items: dict[str, bytes]) -> OpenedBid:
    """Check what was opened against the receipt and the document digest; the bid."""
    if hashlib.sha256(items["content"]).hexdigest() != bid["receipt"]:
        raise RuntimeError(f"{bid['bid_id']}: content does not match its receipt")
    content = BidContent.from_canonical(items["content"])
    if hashlib.sha256(items["document:0"]).hexdigest() != content.documents[0].sha256:
        raise RuntimeError(f"{bid['bid_id']}: document does not match its digest")
    return OpenedBid(bid_id=content.bid_id, vendor_id=content.vendor_id,
                     vendor_name=bid["vendor_name"], price=content.total_price,
                     kuji_number=content.kuji_number, received_at=content.submitted_at,
                     receipt_sha256=bid["receipt"])


def score_and_tabulate(opened: list[OpenedBid], scores: list) -> tuple[str, dict[str, float]]:
    phases = {}
    started = time.perf_counter()
    evaluation = evaluate(rules=RULES, bids=opened, scores=scores)
    phases["evaluate"] = time.perf_counter() - started
    started = time.perf_counter()
    tabulation = tabulation_build(evaluation)
    phases["tabulate"] = time.perf_counter() - started
    return tabulation.rows[0].bid_id, phases


def run_sealed(tender: dict) -> tuple[str, dict[str, float]]:
    phases = {}
    started = time.perf_counter()
    opened_tender = tender_key_open(tender_key=tender["tender_key"], tender_id=TENDER_ID,
                                    keyring=tender["keyring"], opening_at=OPENING,
                                    now=OPENING)
    phases["unwrap"] = time.perf_counter() - started
    started = time.perf_counter()
    decrypted = [opened_tender.bid_open(bid_id=bid["bid_id"], sealed=bid["sealed"])
                 for bid in tender["bids"]]
    phases["decrypt"] = time.perf_counter() - started
    started = time.perf_counter()
    opened = [opened_bid(bid, items) for bid, items in zip(tender["bids"], decrypted,
                                                           strict=True)]
    phases["check_receipts"] = time.perf_counter() - started
    winner, rest = score_and_tabulate(opened, tender["scores"])
    return winner, {**phases, **rest}


def run_plaintext(tender: dict) -> tuple[str, dict[str, float]]:
    started = time.perf_counter()
    opened = [opened_bid(bid, bid["plain"]) for bid in tender["bids"]]
    phases = {"check_receipts": time.perf_counter() - started}
    winner, rest = score_and_tabulate(opened, tender["scores"])
    return winner, {**phases, **rest}


def run_float_loop(tender: dict) -> tuple[str, dict[str, float]]:
    started = time.perf_counter()
    prices = {bid["bid_id"]: json.loads(bid["plain"]["content"])["total_price"]
              for bid in tender["bids"]}
    sums: dict[tuple[str, str], float] = {}
    for score in tender["scores"]:
        key = (score.bid_id, score.item_key)
        sums[key] = sums.get(key, 0.0) + float(score.points)
    totals = {}
    for bid_id, price in prices.items():
        if price > CEILING:
            continue
        technical = sum(sums[(bid_id, item)] / len(EVALUATORS) for item in ITEM_MAXIMA)
        totals[bid_id] = technical + PRICE_POINTS_MAX * (1 - price / CEILING)
    ranking = sorted(totals, key=totals.get, reverse=True)
    return ranking[0], {"score": time.perf_counter() - started}


RUNNERS = {"sealed": run_sealed, "plaintext": run_plaintext, "float_loop": run_float_loop}


def rounds_run(tender: dict, rounds: int) -> dict[str, list[dict[str, float]]]:
    """Every pipeline once per round, the order rotated, each checked to pick a winner."""
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in PIPELINES}
    for round_number in range(rounds):
        order = PIPELINES[round_number % 3:] + PIPELINES[:round_number % 3]
        winners = {}
        for name in order:
            started = time.perf_counter()
            winners[name], phases = RUNNERS[name](tender)
            samples[name].append({"total": time.perf_counter() - started, **phases})
        if winners["sealed"] != winners["plaintext"]:
            raise RuntimeError("sealed and plaintext pipelines ranked different winners")
    return samples


# --- Report -------------------------------------------------------------------------------


def summary(values: list[float]) -> dict[str, Any]:
    return {"median": round(statistics.median(values), 4), "min": round(min(values), 4),
            "max": round(max(values), 4), "samples": [round(value, 4) for value in values]}


def machine_info() -> dict[str, Any]:
    from importlib.metadata import version

    from cryptography.hazmat.backends.openssl.backend import backend

    return {"cpu_count": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "cryptography": version("cryptography"),
            "openssl": backend.openssl_version_text(),
            "load_average_1_5_15_min": [round(value, 2) for value in os.getloadavg()]}


def results_build(samples: dict, *, count: int, rounds: int, tender: dict) -> dict[str, Any]:
    pipelines = {}
    for name in PIPELINES:
        phases = samples[name][0].keys()
        pipelines[name] = {
            "seconds": summary([sample["total"] for sample in samples[name]]),
            "phase_medians": {phase: round(statistics.median(
                sample[phase] for sample in samples[name]), 4)
                for phase in phases if phase != "total"},
        }
    sealed = pipelines["sealed"]["seconds"]["median"]
    plaintext = pipelines["plaintext"]["seconds"]["median"]
    return {
        "benchmark": "procurement_opening",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "bids": count,
        "rounds": rounds,
        "document_bytes": DOCUMENT_BYTES,
        "evaluators": len(EVALUATORS),
        "items": len(ITEM_MAXIMA),
        "method": "総合評価落札方式（加算方式）, price points by ceiling ratio",
        "seal_seconds_per_bid": round(tender["seal_seconds_per_bid"], 6),
        "pipelines": pipelines,
        "sealing_overhead_seconds": round(sealed - plaintext, 4),
        "ratio_sealed_to_plaintext": round(sealed / plaintext, 2),
    }


def results_line(results: dict[str, Any]) -> str:
    medians = {name: results["pipelines"][name]["seconds"]["median"] for name in PIPELINES}
    return (
        f"procurement opening, {results['bids']} bids × {results['rounds']} rounds "
        f"(~{results['document_bytes'] // 1024} KB document each, "
        f"{results['evaluators']}×{results['items']} scores): sealed {medians['sealed']:.3f} s, "
        f"plaintext {medians['plaintext']:.3f} s ({results['ratio_sealed_to_plaintext']:.2f}x), "
        f"float loop {medians['float_loop']:.4f} s; sealing a bid "
        f"{results['seal_seconds_per_bid'] * 1000:.2f} ms"
    )


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bids", type=positive, default=DEFAULT_BIDS)
    parser.add_argument("--rounds", type=positive, default=DEFAULT_ROUNDS)
    parser.add_argument("--seed", type=int, default=8, help="Seed of the figures and scores.")
    parser.add_argument("--output", type=Path, default=RESULTS_FILE)
    options = parser.parse_args()
    tender = tender_build(options.bids, options.seed)
    samples = rounds_run(tender, options.rounds)
    results = results_build(samples, count=options.bids, rounds=options.rounds, tender=tender)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(results_line(results))


if __name__ == "__main__":
    main()
