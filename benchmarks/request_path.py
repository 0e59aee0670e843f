"""Requests per second for the busiest pages: the request path as it was beside as it is.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kyodo REDIS_URL=redis://127.0.0.1:6379/15 \\
        .venv/bin/python benchmarks/request_path.py [--baseline REV] [--clients 8]
        [--seconds 10] [--rounds 3] [--workers 2]

Two servers, each gunicorn with `--workers` sync workers on a loopback port, serve the
same database in turn:

- **before**: the code of git revision `--baseline` (default: the commit before the
  request path was tuned), exported with `git archive` into a temporary folder, with
  its settings (CONN_MAX_AGE=0: a new connection per request; `SET search_path`
  before every statement; the municipality, the prefecture and the memberships read
  on every request);
- **after**: this checkout with its defaults (connections kept 60 s with health
  checks, the search path set when the schema changes, routing rows and memberships
  kept as kyodo.db_backend, tenants.routing and kyodo.accounts.policy describe).

Each is asked, by `--clients` client threads for `--seconds` per endpoint, for: a town's
workspace page (each request for the next of the prefecture's towns, as that town's
lead), the prefecture console (a coordinator), the API's municipality list (a
coordinator's API token) and /favicon.ico, a redirect that reads no data, as the
floor of what the server and the client cost. Rounds alternate which server goes first.
Every answer must be the expected status; anything else is counted as an error.

It works in a database of its own (kyodo_benchmark_requests) on the server the settings
point to, created, migrated and provisioned with the prefecture's municipalities at
the start and dropped at the end. REDIS_URL, when set, is given to both servers (the
after server keeps its routing generation there, as in production). DEBUG is on in
both servers, as for the other benchmarks. The client threads share the machine's
cores with the servers and PostgreSQL: compare the ratios, not the absolute rates, and
only between runs with the same machine block. Results go to
benchmarks/results/request_path.json.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provisioning import (
    ROOT,
    catalog_analyze,
    database_url,
    server_config,
    server_connect,
)

RESULTS_FILE = ROOT / "benchmarks" / "results" / "request_path.json"
DATABASE = "kyodo_benchmark_requests"
# The last commit before the request path was tuned (statement counts pinned, nothing
# else changed): what "before" means.
DEFAULT_BASELINE = "48882bd"
PREFECTURE = "大分県"
PORT = 8731
SECRET_KEY = secrets.token_urlsafe(64)


# --- The database, and the people who ask ------------------------------------------------


@contextmanager
def benchmark_database():
    config = server_config()
    if config.get("NAME") == DATABASE:
        raise SystemExit(f"The settings already use {DATABASE}; refusing to drop it.")
    with server_connect(config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    try:
        yield database_url(config, DATABASE)
    finally:
        from django.db import connections

        connections.close_all()
        with server_connect(config) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def platform_prepare(url: str, *, prefecture: str | None = PREFECTURE,
                     lead_every: int = 1) -> dict:
    """Migrate, provision the prefecture's towns (all 1,741 when None), and sign in a
    lead in every `lead_every`-th town and a coordinator.

    Returns the session cookie of each town's lead (by slug), the coordinator's session
    cookie and API token, and the PostgreSQL version.
    """
    os.environ["DATABASE_URL"] = url
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyodo.settings.base")
    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from api.services import api_token_create
    from kyodo.accounts.models import Membership, Role, User
    from tenants.provisioning import municipalities_provision, select_records

    call_command("migrate", interactive=False, verbosity=0)
    records = select_records(prefecture=prefecture)
    municipalities_provision(records=records)
    catalog_analyze()
    from tenants.models import Municipality

    def session_of(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    leads = {}
    towns = Municipality.objects.exclude(schema_name="public").order_by("lg_code")
    for town in list(towns)[::lead_every]:
        user = User.objects.create_user(f"lead@{town.slug}.bench", None)  # sessions only
        Membership.objects.create(user=user, municipality=town, role=Role.MUNICIPALITY_LEAD)
        leads[town.slug] = session_of(user)
    coordinator = User.objects.create_user("coordinator@pref.bench", None)
    membership = Membership.objects.create(
        user=coordinator, municipality=Municipality.objects.get(schema_name="public"),
        role=Role.PREFECTURE_COORDINATOR)
    TOTP.activate(coordinator, "NN4W6ZDPFV2GK43UFV2G65DQFVVWK6JB")
    token = api_token_create(actor=coordinator, membership=membership, name="benchmark").key
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    connection.close()
    return {"leads": leads, "coordinator": session_of(coordinator), "token": token,
            "postgres": postgres}


# --- The servers ----------------------------------------------------------------------------


def baseline_tree(revision: str, folder: Path) -> Path:
    """The code of `revision`, exported (no .git, no .venv) into `folder`."""
    archive = folder / "baseline.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), revision],
                   cwd=ROOT, check=True)
    tree = folder / "baseline"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


@contextmanager
def server(tree: Path, url: str, workers: int, extra_env: dict):
    env = {key: value for key, value in os.environ.items()
           if key not in {"CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "TENANT_LIMIT_SET_CALLS"}}
    env.update(DATABASE_URL=url, SECRET_KEY=SECRET_KEY, DEBUG="true", LOG_LEVEL="WARNING",
               ALLOWED_HOSTS="127.0.0.1", DJANGO_SETTINGS_MODULE="kyodo.settings.base",
               **extra_env)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--chdir", str(tree), "--workers", str(workers),
         "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning", "kyodo.wsgi:application"],
        cwd=tree, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = request("/favicon.ico", {})
                if status == 301:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn in {tree} did not start")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def request(path: str, headers: dict) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- The load ----------------------------------------------------------------------------------


def endpoints(people: dict) -> dict:
    """Each endpoint: (status expected, a function giving the next request's path and headers)."""
    slugs = sorted(people["leads"])
    turn = iter(range(10**12))
    lock = threading.Lock()

    def workspace():
        with lock:
            slug = slugs[next(turn) % len(slugs)]
        return f"/m/{slug}/", {"Cookie": f"sessionid={people['leads'][slug]}"}

    coordinator = {"Cookie": f"sessionid={people['coordinator']}"}
    token = {"Authorization": f"Bearer {people['token']}"}
    return {
        "workspace_page": (200, workspace),
        "console": (200, lambda: ("/console/", coordinator)),
        "api_list": (200, lambda: ("/api/v1/municipalities/", token)),
        "no_database": (301, lambda: ("/favicon.ico", {})),
    }


def load(expected: int, next_request, clients: int, seconds: float) -> dict:
    """`clients` threads asking as fast as they are answered for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        mine, failed = [], 0
        while time.monotonic() < stop:
            path, headers = next_request()
            started = time.perf_counter()
            try:
                status, _ = request(path, headers)
            except OSError:
                status = None
            mine.append(time.perf_counter() - started)
            failed += status != expected
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"requests": len(latencies), "errors": errors[0], "seconds": elapsed,
            "latencies": latencies}


def warm_up(all_endpoints: dict) -> None:
    for expected, next_request in all_endpoints.values():
        for _ in range(20):
            status, body = request(*next_request())
            if status != expected:
                raise RuntimeError(f"{next_request()[0]} answered {status}, not {expected}: "
                                   f"{body[:300]!r}")


# --- Results -------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarise(runs: list[dict]) -> dict:
    latencies = [value for run in runs for value in run["latencies"]]
    rates = [run["requests"] / run["seconds"] for run in runs]
    return {
        "requests_per_second": {"median": round(statistics.median(rates), 1),
                                "per_round": [round(rate, 1) for rate in rates]},
        "latency_ms": {"p50": round(percentile(latencies, 0.50) * 1000, 1),
                       "p95": round(percentile(latencies, 0.95) * 1000, 1)},
        "requests": sum(run["requests"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
    }


def machine_block(postgres: str) -> dict:
    return {"cpu_count": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "postgresql": postgres,
            "redis": bool(os.environ.get("REDIS_URL")),
            "load_average_at_end": [round(load, 2) for load in os.getloadavg()]}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path, default=RESULTS_FILE)
    return parser.parse_args()


def main() -> None:
    args = arguments()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL: the servers need a PostgreSQL server to share.")
    variants = {"before": {"CONN_MAX_AGE": "0"}, "after": {}}
    runs: dict[str, dict[str, list]] = {variant: {} for variant in variants}
    with tempfile.TemporaryDirectory(prefix="kyodo-request-path-") as folder, \
            benchmark_database() as url:
        people = platform_prepare(url)
        trees = {"before": baseline_tree(args.baseline, Path(folder)), "after": ROOT}
        all_endpoints = endpoints(people)
        for round_number in range(args.rounds):
            order = list(variants) if round_number % 2 == 0 else list(reversed(variants))
            for variant in order:
                with server(trees[variant], url, args.workers, variants[variant]):
                    warm_up(all_endpoints)
                    for name, (expected, next_request) in all_endpoints.items():
                        runs[variant].setdefault(name, []).append(
                            load(expected, next_request, args.clients, args.seconds))
        shutil.rmtree(Path(folder) / "baseline", ignore_errors=True)
    results = {
        "benchmark": "request_path",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["benchmarks/request_path.py", *sys.argv[1:]]),
        "machine": machine_block(people["postgres"]),
        "setup": {"baseline": args.baseline, "gunicorn_workers": args.workers,
                  "clients": args.clients, "seconds_per_endpoint": args.seconds,
                  "rounds": args.rounds, "towns": len(people["leads"]),
                  "before": "CONN_MAX_AGE=0 and the baseline's code",
                  "after": "this checkout's defaults"},
        "endpoints": {},
    }
    for name in all_endpoints:
        before, after = summarise(runs["before"][name]), summarise(runs["after"][name])
        results["endpoints"][name] = {
            "before": before, "after": after,
            "ratio_after_to_before": round(after["requests_per_second"]["median"]
                                           / before["requests_per_second"]["median"], 2),
        }
    args.output.parent.mkdir(exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    for name, result in results["endpoints"].items():
        print(f"{name}: {result['before']['requests_per_second']['median']} → "
              f"{result['after']['requests_per_second']['median']} req/s "
              f"(×{result['ratio_after_to_before']}), p50 {result['before']['latency_ms']['p50']}"
              f" → {result['after']['latency_ms']['p50']} ms, errors "
              f"{result['before']['errors']} / {result['after']['errors']}")


if __name__ == "__main__":
    main()
