"""Provisioning all 1,741 municipalities: is the cost per town flat as towns grow?

tenants/provisioning.py makes each new schema by replaying the template's DDL, read
once per migration state (tenants/schema_replay.py). django-tenants' clone function
reads the catalog afresh for every schema, and its cost grew with the number of
schemas (issue 11: 0.26 s per town for the first 100, 0.33 s for the last). This run:

1. waits for the file system to forget recent deletions (base.file_system_settle: on
   ext4 without a journal, new files are slow for up to six minutes after many were
   deleted, whatever makes them);
2. provisions every municipality of the master data (1,741) with the replay, one
   connection as `provision_municipalities --all`, timing each town: the median, and
   the medians of the first and the last 100, whose ratio shows whether the cost grows,
   and the least-squares slope over all of them (`growth`); the catalog is analysed
   before every hundred, off the clock, as autovacuum would (base.catalog_analyze);
   with what was spent per hundred: the server's CPU and buffers written, this
   process's CPU and the rest of the machine's (`fleet_provision`);
3. provisions the first 100 and the last 100 again, turn about in the same minutes:
   the first into a second database holding no town yet, the last into the full one
   after removing them (`early_and_late_interleaved`), so that what the machine does
   meanwhile weighs on both alike;
4. then, at 1,741 towns, takes a sample of towns spread over the list and re-creates
   each one by django-tenants' clone and by the replay, alternately, each on a new
   connection opened before the clock starts: both ways at the same tenant count;
5. reruns the provisioning with nothing to change, counting connections and queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kyodo \\
        .venv/bin/python benchmarks/provisioning_fleet.py [--sample 100] [--limit N]

Like benchmarks/provisioning.py it works in its own databases (kyodo_benchmark and, for
step 3, kyodo_benchmark_early), created at the start and dropped at the end.
Results: benchmarks/results/provisioning_fleet.json.
"""

import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy so far (all cores, all processes and
    the kernel's own threads, steal included) from /proc/stat; None where there is none."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def client_cpu_seconds() -> float:
    """CPU seconds this process (Django, the client side) has used so far."""
    times = os.times()
    return times.user + times.system


def backend_buffer_writes() -> int:
    """Shared buffers the server's backends have written out themselves so far: once
    shared_buffers is full of dirty pages, each new page costs a backend a write."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT buffers_backend FROM pg_stat_bgwriter")
        return cursor.fetchone()[0]


def per_town(before: dict, after: dict, towns: int) -> dict:
    """What one hundred cost per town: the server process's CPU, user (PostgreSQL's own
    work, where a cost growing with the catalog would show) and system (the kernel,
    mostly creating the files of a town's 39 relations), when the server runs here;
    this process's CPU (the client); what the rest of the machine spent meanwhile
    (the server's background processes, the kernel's writeback threads: on two cores
    they take their time from the two processes being timed); and the buffers
    backends wrote out."""

    def ms(key: str) -> float:
        return round((after[key] - before[key]) * 1000 / towns, 1)

    row = {"towns": towns, "backend_buffer_writes_per_town": round(
        (after["writes"] - before["writes"]) / towns, 1),
        "client_ms_per_town": ms("client")}
    if before["cpu"] and after["cpu"]:
        user, system = (round((after["cpu"][i] - before["cpu"][i]) * 1000 / towns, 1)
                        for i in (0, 1))
        row |= {"user_ms_per_town": user, "system_ms_per_town": system}
        if before["machine"] is not None and after["machine"] is not None:
            row["rest_of_machine_ms_per_town"] = round(
                ms("machine") - user - system - row["client_ms_per_town"], 1)
    return row


def fleet_provision(records: list, every: int = 100) -> tuple[list[float], list[dict]]:
    """Provision `records` in order on one connection, as `provision_municipalities
    --all` does, timing each town, and per hundred what the server spent (`per_town`).
    The catalog is analysed before every hundred, off the clock, as autovacuum would
    (base.catalog_analyze)."""
    from django.db import connection

    connection.close()
    base.catalog_analyze()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]

    def counters() -> dict:
        return {"cpu": server_cpu_seconds(pid), "writes": backend_buffer_writes(),
                "client": client_cpu_seconds(), "machine": machine_busy_seconds()}

    seconds, server = [], []
    before = counters()
    for number, record in enumerate(records, start=1):
        seconds.append(timed_provision(record))
        if number % every == 0 or number == len(records):
            towns = (number - 1) % every + 1
            server.append(per_town(before, counters(), towns))
            print(f"  {number} towns, last {towns} median "
                  f"{statistics.median(seconds[-towns:]) * 1000:.1f} ms, per town: "
                  + ", ".join(f"{key} {value}" for key, value in server[-1].items()
                              if key != "towns"), flush=True)
            base.catalog_analyze()
            before = counters()
    return seconds, server


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


EARLY_DATABASE = "kyodo_benchmark_early"


@contextmanager
def database_used(name: str) -> Iterator[None]:
    """Django's connection pointed at database `name` (same server) for the block."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    previous = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()  # the ids are each database's own
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = previous
        ContentType.objects.clear_cache()


def early_and_late_interleaved(records: list, settle: int,
                               count: int = 100) -> dict[str, list[float]]:
    """The first `count` towns and the last `count`, provisioned turn about in the same
    minutes, so that the machine's state (the file system's memory of deletions, other
    load) weighs on both alike: the first ones into a second database holding only the
    platform and the template (towns 1 to `count`), the last ones into the full
    database after they were removed from it (towns 1,642 to 1,741). Each town on a new
    connection opened before the clock starts, in both databases; the catalog analysed
    and the file system settled before the first."""
    from django.conf import settings

    from tenants import schema_replay

    early, late = records[:count], records[-count:]
    for record in late:
        town_drop(record)
    main_database = settings.DATABASES["default"]["NAME"]
    with base.benchmark_database(EARLY_DATABASE):
        with database_used(EARLY_DATABASE):
            base.platform_prepare()
        for name in (EARLY_DATABASE, main_database):
            with database_used(name):
                base.catalog_analyze()
                schema_replay.script_for(settings.TENANT_BASE_SCHEMA)
        base.file_system_settle(settle)
        seconds = {"early": [], "late": []}
        for index in range(count):
            turns = [("early", EARLY_DATABASE, early), ("late", main_database, late)]
            for side, name, chosen in turns if index % 2 == 0 else turns[::-1]:
                with database_used(name):
                    base.connection_renew()
                    seconds[side].append(timed_provision(chosen[index]))
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
    towns (the file system slowing for a while, base.file_system_settle) moves it
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
    parser.add_argument("--settle", type=int, default=base.RECENT_DELETION_SECONDS,
                        help="seconds to wait for the file system before timing towns"
                             f" (default {base.RECENT_DELETION_SECONDS}; see"
                             " file_system_settle)")
    options = parser.parse_args()

    with base.benchmark_database() as (server, url):
        base.django_start(url)
        base.platform_prepare()
        from django.db import connection

        from tenants.provisioning import select_records

        records = select_records(prefecture=None)[:options.limit]
        print(f"Waiting {options.settle} s for the file system to forget recent deletions…",
              flush=True)
        settled = base.file_system_settle(options.settle)
        print(f"Provisioning {len(records)} municipalities by replaying the template…",
              flush=True)
        fleet, server_per_hundred = fleet_provision(records)
        step = max(1, len(records) // options.sample)
        sample = records[::step][:options.sample]
        print("The first and last 100 again, turn about in the same minutes…", flush=True)
        interleaved = early_and_late_interleaved(records, options.settle)
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
        f" --limit {options.limit}" if options.limit else "") + (
        f" --settle {options.settle}" if options.settle != base.RECENT_DELETION_SECONDS else "")
    results = base.run_header("provisioning_fleet.py", arguments, machine) | {
        "towns": len(records),
        "catalog_relations_at_end": catalog_relations,
        "file_system_settled_seconds": settled,
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
        "server_per_hundred": server_per_hundred,
        "first_and_last_100_interleaved": {
            "first_100_median_ms": median_ms(interleaved["early"]),
            "last_100_median_ms": median_ms(interleaved["late"]),
            "last_over_first": round(statistics.median(interleaved["late"])
                                     / statistics.median(interleaved["early"]), 3),
        },
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
    turns = results["first_and_last_100_interleaved"]
    print(f"{len(records)} towns: replay median {fleet_result['median_ms']} ms"
          f" (first 100 {first} ms, last 100 {last} ms, ×{fleet_result['last_over_first']};"
          f" fitted ×{fleet_result['growth']['fitted_last_over_first']};"
          f" turn about {turns['first_100_median_ms']} ms and {turns['last_100_median_ms']} ms,"
          f" ×{turns['last_over_first']});"
          f" at {len(records)} towns clone {same['django_tenants_clone_median_ms']} ms vs"
          f" replay {same['replay_median_ms']} ms (×{same['clone_over_replay']}), DDL alone"
          f" {same['ddl_only_median_ms']} ms;"
          f" rerun {rerun['seconds']} s, {rerun['connections_opened']} connection(s),"
          f" {rerun['queries']} queries → {options.output}")


if __name__ == "__main__":
    main()
