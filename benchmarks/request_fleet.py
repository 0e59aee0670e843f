"""Requests at national scale: Locust against gunicorn with all 1,741 towns provisioned.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kyodo REDIS_URL=redis://127.0.0.1:6379/15 \\
        .venv/bin/python benchmarks/request_fleet.py [--users 32] [--seconds 60]
        [--workers 2] [--lead-every 7]

Every municipality is provisioned (the prefecture as the public tenant), a lead is
signed in for every `--lead-every`-th town (249 towns by default) and a coordinator with
an API token. gunicorn serves this checkout with `--workers` sync workers on a loopback
port, and for each endpoint in turn Locust runs headless for `--seconds` with `--users`
users that ask as fast as they are answered (benchmarks/locust/kyodo_users.py): a town's
workspace page (each user a lead of a town of its own), the prefecture console, the
API's municipality list, and /favicon.ico, a redirect that reads no data — the floor of
what gunicorn, Django's middleware and the Locust client cost on this machine. Locust
shares the machine's two cores with gunicorn and PostgreSQL: read the database endpoints
against the floor in the same run. Every answer with another status is an error.

It works in its own database (kyodo_benchmark_requests), dropped at the end. Results:
benchmarks/results/request_fleet.json.
"""

import argparse
import csv
import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from request_path import (
    PORT,
    ROOT,
    benchmark_database,
    machine_block,
    platform_prepare,
    request,
    server,
)

RESULTS_FILE = ROOT / "benchmarks" / "results" / "request_fleet.json"
LOCUSTFILE = ROOT / "benchmarks" / "locust" / "kyodo_users.py"
ENDPOINTS = ("no_database", "workspace_page", "console", "api_list")


def locust_run(endpoint: str, people_file: Path, folder: Path, users: int,
               seconds: int) -> dict:
    prefix = folder / endpoint
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
         "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
         "--host", f"http://127.0.0.1:{PORT}", "--csv", str(prefix), "--only-summary",
         "--loglevel", "WARNING", "--exit-code-on-error", "0"],
        env=os.environ | {"KYODO_LOCUST_PEOPLE": str(people_file),
                          "KYODO_LOCUST_ENDPOINT": endpoint},
        check=True, stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    return {"requests_per_second": round(float(total["Requests/s"]), 1),
            "latency_ms": {"p50": float(total["50%"]), "p95": float(total["95%"])},
            "requests": int(total["Request Count"]), "errors": int(total["Failure Count"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lead-every", type=int, default=7)
    parser.add_argument("--prefecture", help="only this prefecture's towns (a trial run)")
    parser.add_argument("--output", type=Path, default=RESULTS_FILE)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL: gunicorn and this script share a PostgreSQL server.")
    results = {}
    with tempfile.TemporaryDirectory(prefix="kyodo-request-fleet-") as folder, \
            benchmark_database() as url:
        people = platform_prepare(url, prefecture=args.prefecture, lead_every=args.lead_every)
        from tenants.models import Municipality

        towns = Municipality.objects.exclude(schema_name="public").count()
        from django.db import connection

        connection.close()
        people_file = Path(folder) / "people.json"
        people_file.write_text(json.dumps(people), encoding="utf-8")
        with server(ROOT, url, args.workers, {}):
            for endpoint in ENDPOINTS:
                request("/favicon.ico", {})  # the server is up
                results[endpoint] = locust_run(endpoint, people_file, Path(folder),
                                               args.users, args.seconds)
                print(f"  {endpoint}: {results[endpoint]}", flush=True)
    floor = results["no_database"]["requests_per_second"]
    report = {
        "benchmark": "request_fleet",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["benchmarks/request_fleet.py", *sys.argv[1:]]),
        "machine": machine_block(people["postgres"]),
        "setup": {"towns": towns, "towns_with_a_signed_in_lead": len(people["leads"]),
                  "users": args.users, "seconds_per_endpoint": args.seconds,
                  "gunicorn_workers": args.workers},
        "endpoints": {name: result | {"share_of_no_database_rate": round(
            result["requests_per_second"] / floor, 2)} for name, result in results.items()},
    }
    args.output.parent.mkdir(exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    for name, result in report["endpoints"].items():
        print(f"{name}: {result['requests_per_second']} req/s"
              f" (×{result['share_of_no_database_rate']} of the floor), p50"
              f" {result['latency_ms']['p50']} ms, p95 {result['latency_ms']['p95']} ms,"
              f" errors {result['errors']}")


if __name__ == "__main__":
    main()
