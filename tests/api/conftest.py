import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from api.services import api_token_create

FUZZ_RUNS = pytest.StashKey[list]()
FUZZ_TOTALS_FILE = Path("test-results/schemathesis.json")


@pytest.fixture
def issue_token():
    """`issue_token(membership)` issues a token for the membership's user; returns its key."""

    def issue(membership, *, name="入札管理システム", **options) -> str:
        return api_token_create(actor=membership.user, membership=membership, name=name,
                                **options).key

    return issue


@pytest.fixture
def client_with():
    """`client_with(key)` is an API client that sends `Authorization: Bearer <key>`."""

    def client(key: str, *, keyword: str = "Bearer") -> APIClient:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
        return api

    return client


@dataclass
class FuzzRecord:
    """What schemathesis did with one operation as one caller
    (tests/api/test_schemathesis.py): the statuses it was answered with, per case sent,
    and how many cases failed a check."""

    caller: str
    operation: str = ""
    statuses: Counter = field(default_factory=Counter)
    failures: int = 0

    def add(self, case, *, status: int | None, failed: bool) -> None:
        self.operation = case.operation.label
        self.statuses[str(status) if status else "none"] += 1
        self.failures += failed


def record_fuzz_run(config, record: FuzzRecord) -> None:
    config.stash.setdefault(FUZZ_RUNS, []).append(record)


def _fuzz_totals(records: list[FuzzRecord]) -> list[dict]:
    by_caller = defaultdict(list)
    for record in records:
        by_caller[record.caller].append(record)
    return [{
        "caller": str(caller),
        "operations": len(runs),
        "cases": sum(run.statuses.total() for run in runs),
        "failures": sum(run.failures for run in runs),
        "by_operation": {run.operation: {"cases": run.statuses.total(),
                                         "failures": run.failures,
                                         "statuses": dict(sorted(run.statuses.items()))}
                         for run in sorted(runs, key=lambda run: run.operation)},
    } for caller, runs in by_caller.items()]


def pytest_terminal_summary(terminalreporter, config):
    """Print the schemathesis totals, and keep them in test-results/ for the record."""
    records = config.stash.get(FUZZ_RUNS, [])
    if not records:
        return
    totals = _fuzz_totals(records)
    terminalreporter.section("schemathesis")
    for run in totals:
        terminalreporter.write_line(
            f"as {run['caller']}: {run['operations']} operations, {run['cases']} cases, "
            f"{run['failures']} failures")
        for label, operation in run["by_operation"].items():
            statuses = ", ".join(f"{status}×{count}"
                                 for status, count in operation["statuses"].items())
            terminalreporter.write_line(
                f"  {label}: {operation['cases']} cases ({statuses}), "
                f"{operation['failures']} failures")
    FUZZ_TOTALS_FILE.parent.mkdir(exist_ok=True)
    FUZZ_TOTALS_FILE.write_text(json.dumps(totals, ensure_ascii=False, indent=2) + "\n")
