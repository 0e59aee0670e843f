"""Provisioning all 1,741 municipalities: is the cost per town flat as towns grow?

tenants/provisioning.py makes each new schema by replaying the template's DDL, read
once per migration state (tenants/schema_replay.py). django-tenants' clone function
reads the catalog afresh for every schema, and its cost grew with the number of
schemas (issue 11: 0.26 s per town for the first 100, 0.33 s for the last). This run:

1. provisions every municipality of the master data (1,741) with the replay, one
   connection as `provision_municipalities --all`, timing each town: the median, and
   the medians of the first and the last 100, whose ratio shows whether the cost grows,
   and the least-squares slope over all of them (`growth`); the catalog is analysed
   before every hundred, off the clock, as autovacuum would (base.catalog_analyze);
   with the server's CPU per hundred, user and system (`fleet_provision`);
2. then, at 1,741 towns, takes a sample of towns spread over the list and re-creates
   each one by django-tenants' clone and by the replay, alternately, each on a new
   connection opened before the clock starts: both ways at the same tenant count;
3. reruns the provisioning with nothing to change, counting connections and queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kyodo \\
        .venv/bin/python benchmarks/provisioning_fleet.py [--sample 100] [--limit N]

Like benchmarks/provisioning.py it works in its own database (kyodo_benchmark), created
at the start and dropped at the end. Results: benchmarks/results/provisioning_fleet.json.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import provisioning as base

RESULTS_FILE = base.ROOT / "benchmarks" / "results" / "provisioning_fleet.json"


def timed_provision(record) -> float:
    from tenants.provisioning import municipality_provision

    started = time.perf_counter()
    _, outcome = municipality_provision(record=record)
    elapsed = time.perf_counter() - started
    if outcome != "created":
        raise RuntimeError(f"{record.lg_code} was {outcome}, not created.")
    return elapsed


def server_cpu_seconds(pid: int | None) -> tuple[float, float] | None:
    """CPU seconds (user, system) the server process `pid` has used, when the server
    runs on this machine (/proc); None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / ticks, int(fields[12]) / ticks


def fleet_provision(records: list, every: int = 100) -> tuple[list[float], list[dict]]:
    """Provision `records` in order on one connection, timing each town, and per
    hundred the server process's CPU: user (PostgreSQL's own work, where a cost growing
    with the catalog would show) and system (the kernel, mostly creating the files of a
    town's 39 relations: strace puts 70–80% of the server's system-call time in openat,
    0.2–0.3 ms a call, varying with the file system's state rather than with the number
    of towns). The catalog is analysed before every hundred, off the clock,
    as autovacuum would (base.catalog_analyze)."""
    from django.db import connection

    connection.close()
    base.catalog_analyze()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    seconds, cpu = [], []
    before = server_cpu_seconds(pid)
    for number, record in enumerate(records, start=1):
        seconds.append(timed_provision(record))
        if number % every == 0 or number == len(records):
            after = server_cpu_seconds(pid)
            towns = (number - 1) % every + 1
            if before and after:
                cpu.append({"towns": towns,
                            "user_ms_per_town": round((after[0] - before[0]) * 1000 / towns, 1),
                            "system_ms_per_town": round((after[1] - before[1]) * 1000 / towns,
                                                        1)})
            print(f"  {number} towns, last {towns} median "
                  f"{statistics.median(seconds[-towns:]) * 1000:.1f} ms"
                  + (f", server CPU user {cpu[-1]['user_ms_per_town']} ms,"
                     f" system {cpu[-1]['system_ms_per_town']} ms per town" if cpu else ""),
                  flush=True)
            base.catalog_analyze()
            before = server_cpu_seconds(pid)
    return seconds, cpu


def town_drop(record) -> None:
    from tenants.models import Domain, Municipality

    municipality = Municipality.objects.get(lg_code=record.lg_code)
    Domain.objects.filter(tenant=municipality).delete()
    municipality.delete(force_drop=True)


def ddl_floor(sample: list) -> list[float]:
    """The physical floor: the template's DDL alone, executed into a throwaway schema."""
    from django.conf import settings
    from django.db import connection, transaction

    from tenants import schema_replay

    seconds = []
    for index, _ in enumerate(sample):
        base.connection_renew()
        with transaction.atomic():
            schema_replay.script_for(settings.TENANT_BASE_SCHEMA)
            started = time.perf_counter()
            schema_replay.replay(settings.TENANT_BASE_SCHEMA, f"ddl_floor_{index}")
            seconds.append(time.perf_counter() - started)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "ddl_floor_{index}" CASCADE')
    return seconds


def same_count_comparison(sample: list) -> dict[str, list[float]]:
    """Each sampled town re-created by both ways in turn, at the full tenant count."""
    from django.test import override_settings

    seconds = {"replay": [], "django_tenants_clone": []}
    for index, record in enumerate(sample):
        order = ["django_tenants_clone", "replay"]
        for method in order if index % 2 == 0 else order[::-1]:
            town_drop(record)
            with override_settings(KYODO_SCHEMA_REPLAY=method == "replay"):
                base.connection_renew()
                seconds[method].append(timed_provision(record))
    return seconds


def rerun_with_nothing_to_change(records: list) -> dict:
    from django.db import connection
    from django.db.backends.signals import connection_created
    from django.test.utils import CaptureQueriesContext

    from tenants.provisioning import municipalities_provision

    opened = []

    def count(sender, connection, **kwargs):
        opened.append(connection.alias)

    connection.close()
    connection.queries_log.clear()  # the log keeps 9,000 queries: make room to count
    connection_created.connect(count)
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = municipalities_provision(records=records)
            elapsed = time.perf_counter() - started
    finally:
        connection_created.disconnect(count)
    if report.created or report.updated:
        raise RuntimeError(f"The rerun changed something: {report.summary()}")
    return {"seconds": round(elapsed, 3), "connections_opened": len(opened),
            "queries": len(queries), "towns_unchanged": report.unchanged}


def growth(seconds: list[float]) -> dict:
    """The least-squares line through every town's time: its slope, and the fitted cost of
    the last town over the first. Unlike two medians of a hundred, a stretch of slower
    towns (the kernel's file creation slowing for a while, `fleet_provision`) moves it
    little."""
    fit = statistics.linear_regression(range(len(seconds)), [s * 1000 for s in seconds])
    first, last = fit.intercept, fit.intercept + fit.slope * (len(seconds) - 1)
    return {"slope_ms_per_1000_towns": round(fit.slope * 1000, 2),
            "fitted_first_ms": round(first, 1), "fitted_last_ms": round(last, 1),
            "fitted_last_over_first": round(last / first, 3)}


def median_ms(seconds: list[float]) -> float:
    return round(statistics.median(seconds) * 1000, 1)


def main() -> None:
    parser = base.fleet_parser(__doc__, RESULTS_FILE)
    parser.add_argument("--sample", type=base.positive, default=100,
                        help="towns re-created both ways at the full count (default 100)")
    options = parser.parse_args()

    with base.benchmark_database() as (server, url):
        base.django_start(url)
        base.platform_prepare()
        from django.db import connection

        from tenants.provisioning import select_records

        records = select_records(prefecture=None)[:options.limit]
        print(f"Provisioning {len(records)} municipalities by replaying the template…",
              flush=True)
        fleet, server_cpu = fleet_provision(records)
        step = max(1, len(records) // options.sample)
        sample = records[::step][:options.sample]
        print(f"Re-creating {len(sample)} towns both ways at {len(records)} towns…", flush=True)
        compared = same_count_comparison(sample)
        floor = ddl_floor(sample)
        rerun = rerun_with_nothing_to_change(records)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_class")
            catalog_relations = cursor.fetchone()[0]
        machine = base.machine_info(server)

    first, last = median_ms(fleet[:100]), median_ms(fleet[-100:])
    arguments = f"--sample {options.sample}" + (
        f" --limit {options.limit}" if options.limit else "")
    results = base.run_header("provisioning_fleet.py", arguments, machine) | {
        "towns": len(records),
        "catalog_relations_at_end": catalog_relations,
        "replay_fleet": {
            "total_seconds": round(sum(fleet), 1),
            "median_ms": median_ms(fleet),
            "first_100_median_ms": first,
            "last_100_median_ms": last,
            "last_over_first": round(last / first, 3),
            "per_hundred_median_ms": [median_ms(fleet[i:i + 100])
                                      for i in range(0, len(fleet), 100)],
            "growth": growth(fleet),
        },
        "server_cpu_per_hundred": server_cpu,
        "same_tenant_count": {
            "towns_sampled": len(sample),
            "replay_median_ms": median_ms(compared["replay"]),
            "django_tenants_clone_median_ms": median_ms(compared["django_tenants_clone"]),
            "clone_over_replay": round(statistics.median(compared["django_tenants_clone"])
                                       / statistics.median(compared["replay"]), 2),
            "ddl_only_median_ms": median_ms(floor),
            "replay_over_ddl_only": round(statistics.median(compared["replay"])
                                          / statistics.median(floor), 2),
        },
        "rerun_with_nothing_to_change": rerun,
    }
    base.results_write(options.output, results)
    fleet_result, same = results["replay_fleet"], results["same_tenant_count"]
    print(f"{len(records)} towns: replay median {fleet_result['median_ms']} ms"
          f" (first 100 {first} ms, last 100 {last} ms, ×{fleet_result['last_over_first']};"
          f" fitted ×{fleet_result['growth']['fitted_last_over_first']});"
          f" at {len(records)} towns clone {same['django_tenants_clone_median_ms']} ms vs"
          f" replay {same['replay_median_ms']} ms (×{same['clone_over_replay']}), DDL alone"
          f" {same['ddl_only_median_ms']} ms;"
          f" rerun {rerun['seconds']} s, {rerun['connections_opened']} connection(s),"
          f" {rerun['queries']} queries → {options.output}")


if __name__ == "__main__":
    main()
