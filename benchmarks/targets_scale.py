"""The joint targets at national scale: the progress view and the nightly fan-out.

Towns keep their evidence in their own schemas and publish only values to the public
schema (joint_targets/services/publishing.py), so the prefecture's progress view reads
one table instead of visiting every town. This measures, on one database with every
municipality provisioned and each given five fiscal years of evidence (a procedure
inventory of `--procedures` rows a year and the organisation checklist):

1. the nightly fan-out: what each `publish_indicators` task does (compute a town's
   values for a year in its schema, write what changed to the public schema), for every
   town and year one after another in this process — the first run writes every
   snapshot, the second finds nothing changed;
2. the progress view: GET /targets/progress/?fiscal_year=… as a coordinator through
   Django's test client (server time, no network), beside the per-request loop a view
   without published values would need: enter every town's schema and compute its
   values for the year.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kyodo \\
        .venv/bin/python benchmarks/targets_scale.py [--limit N] [--procedures 20]

It works in its own database (kyodo_benchmark), dropped at the end. Results:
benchmarks/results/targets_scale.json.
"""

import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import provisioning as base

RESULTS_FILE = base.ROOT / "benchmarks" / "results" / "targets_scale.json"
YEARS = 5
VIEW_ROUNDS = 5


def evidence_give(towns: list, procedures: int, years: list[int]) -> None:
    """Each town's inventory and checklist, varied by the town's code (larger towns
    further on), as a town would have entered or imported them."""
    from django_tenants.utils import tenant_context

    from joint_targets.workspace.models import Measure, OrganisationMeasure, Procedure

    def procedure(seed: int, year: int, number: int) -> Procedure:
        cases = 100 + (seed + number) % 900
        online = (seed + number + year) % 3 != 0
        return Procedure(fiscal_year=year, name=f"手続{number}", department=f"課{number % 7}",
                         annual_cases=cases, online_available=online,
                         card_authentication=online and (seed + number + year) % 5 == 0,
                         online_cases=cases // 4 if online else None)

    for town in towns:
        seed = int(town.lg_code)
        with tenant_context(town):
            Procedure.objects.bulk_create([procedure(seed, year, number)
                                           for year in years for number in range(procedures)])
            OrganisationMeasure.objects.bulk_create([
                OrganisationMeasure(measure=measure,
                                    since=datetime.date(years[0] + index % 3, 6, 1)
                                    if (seed + index) % 4 else None)
                for index, measure in enumerate(Measure)])


def fan_out(towns: list, years: list[int]) -> tuple[float, int]:
    from joint_targets.services.publishing import snapshots_publish

    started = time.perf_counter()
    written = sum(snapshots_publish(municipality=town, fiscal_year=year)
                  for town in towns for year in years)
    return round(time.perf_counter() - started, 2), written


def per_request_loop(towns: list, fiscal_year: int) -> float:
    """Every town's values for the year, computed in its schema, as one request would."""
    from django_tenants.utils import tenant_context

    from joint_targets.indicators import computed_values

    started = time.perf_counter()
    for town in towns:
        with tenant_context(town):
            computed_values(fiscal_year)
    return time.perf_counter() - started


def coordinator_client():
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client

    from kyodo.accounts.models import Membership, Role, User
    from tenants.models import Municipality

    coordinator = User.objects.create_user("coordinator@pref.bench", None)
    Membership.objects.create(user=coordinator,
                              municipality=Municipality.objects.get(schema_name="public"),
                              role=Role.PREFECTURE_COORDINATOR)
    TOTP.activate(coordinator, "NN4W6ZDPFV2GK43UFV2G65DQFVVWK6JB")
    client = Client(HTTP_HOST="127.0.0.1")  # a host the DEBUG settings allow
    client.force_login(coordinator)
    return client


def view_times(client, fiscal_year: int, towns: int) -> list[float]:
    seconds = []
    for _ in range(VIEW_ROUNDS):
        started = time.perf_counter()
        response = client.get("/targets/progress/", {"fiscal_year": fiscal_year})
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200 or response.content.count(b"<tr") < towns:
            raise RuntimeError(f"The progress view answered {response.status_code} with "
                               f"{response.content.count(b'<tr')} rows for {towns} towns.")
    return seconds


def main() -> None:
    parser = base.fleet_parser(__doc__, RESULTS_FILE)
    parser.add_argument("--procedures", type=base.positive, default=20)
    options = parser.parse_args()

    with base.benchmark_database() as (server, url):
        base.django_start(url)
        base.platform_prepare()
        from django.utils import timezone

        from joint_targets.models import Indicator, IndicatorSnapshot
        from kyodo.fiscal import fiscal_year_of
        from tenants.models import Municipality

        base.fleet_provisioned(options.limit)
        towns = list(Municipality.objects.exclude(schema_name="public").order_by("lg_code"))
        this_year = fiscal_year_of(timezone.localdate())
        years = list(range(this_year - YEARS + 1, this_year + 1))
        print(f"Evidence for {len(towns)} towns × {YEARS} years…", flush=True)
        evidence_give(towns, options.procedures, years)

        print("Nightly fan-out, twice…", flush=True)
        first_seconds, first_written = fan_out(towns, years)
        second_seconds, second_written = fan_out(towns, years)
        snapshots = IndicatorSnapshot.objects.count()
        print("Progress view and the per-request loop…", flush=True)
        client = coordinator_client()
        view = view_times(client, this_year, len(towns))
        loop = [per_request_loop(towns, this_year) for _ in range(3)]
        indicators = Indicator.objects.count()
        machine = base.machine_info(server)

    arguments = f"--procedures {options.procedures}" + (
        f" --limit {options.limit}" if options.limit else "")
    view_ms = round(statistics.median(view) * 1000, 1)
    loop_ms = round(statistics.median(loop) * 1000, 1)
    results = base.run_header("targets_scale.py", arguments, machine) | {
        "towns": len(towns), "indicators": indicators, "fiscal_years": years,
        "procedures_per_town_and_year": options.procedures,
        "snapshots_published": snapshots,
        "nightly_fan_out_seconds": {
            "first_run": first_seconds, "snapshots_written": first_written,
            "second_run": second_seconds, "snapshots_written_again": second_written,
            "per_town_and_year_ms": round(first_seconds * 1000 / (len(towns) * YEARS), 2),
        },
        "progress_view_ms": {
            "published_values_median": view_ms,
            "samples": [round(value * 1000, 1) for value in view],
            "per_request_loop_over_schemas_median": loop_ms,
            "loop_over_view": round(loop_ms / view_ms, 1),
        },
    }
    base.results_write(options.output, results)
    print(f"{len(towns)} towns × {indicators} indicators × {YEARS} years ({snapshots}"
          f" snapshots): fan-out {first_seconds} s (rerun {second_seconds} s, "
          f"{second_written} written); progress view {view_ms} ms vs a loop over every"
          f" schema {loop_ms} ms → {options.output}")


if __name__ == "__main__":
    main()
