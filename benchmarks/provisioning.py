"""Per-municipality provisioning time: replaying the template, cloning it, migrating.

tenants/provisioning.py creates a municipality by replaying the template schema's DDL
(TENANT_BASE_SCHEMA; tenants/schema_replay.py) instead of django-tenants' clone or
running every tenant migration. This measures the three ways in the same run, on the
same server, with the same master data records, and reports the median seconds per
municipality and the ratios migrations / clone and clone / replay. It is a measurement
only: nothing here passes or fails on a time.

    .venv/bin/python benchmarks/provisioning.py          # the embedded PostgreSQL
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kyodo \\
        .venv/bin/python benchmarks/provisioning.py      # the server of that URL

It works in a database of its own (kyodo_benchmark) on the server the settings point
to, created at the start and dropped at the end, so neither the developer's database
nor the test database is touched. Results go to benchmarks/results/provisioning.json;
benchmarks/README.md explains how to read them.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS_FILE = ROOT / "benchmarks" / "results" / "provisioning.json"
BENCHMARK_DATABASE = "kyodo_benchmark"
METHODS = ("replay", "clone", "migrations")
# Cloning gets slower with every clone made on the same database connection (see
# README.md), so both ways of calling the service are measured.
SCENARIOS = {
    "own_connection": "each municipality on a new database connection, as one web request",
    "one_connection": "the batch on one database connection, as provision_municipalities",
}
DEFAULT_PREFECTURE = "大分県"
DEFAULT_ROUNDS = 3

sys.path.insert(0, str(ROOT))
# Like the test settings: the development defaults (embedded server, dev secret key).
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyodo.settings.base")


# --- The benchmark database, before Django is set up ----------------------------------


def server_config() -> dict[str, Any]:
    """The connection settings (Django's DATABASES form) the Kyodo settings would use.

    Read the same way as kyodo/settings/base.py: DATABASE_URL when given, otherwise
    the embedded server, which this process then keeps running until it exits.
    """
    import environ

    from kyodo.embedded_db import embedded_database

    url = os.environ.get("DATABASE_URL", "")
    return environ.Env.db_url_config(url) if url else embedded_database(ROOT)


def database_url(config: dict[str, Any], name: str) -> str:
    """A DATABASE_URL for database `name` on the server of `config`.

    django-environ does not unquote a percent-encoded host, so a Unix socket
    directory goes in the path instead (postgres://user@:port//socket/dir/name),
    which it splits into HOST and NAME.
    """
    user = quote(str(config.get("USER") or ""), safe="")
    password = quote(str(config.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    host = str(config.get("HOST") or "")
    port = f":{config['PORT']}" if config.get("PORT") else ""
    options = config.get("OPTIONS") or {}
    query = f"?{urlencode(options)}" if options else ""
    if host.startswith("/"):
        return f"postgres://{credentials}{port}/{quote(f'{host}/{name}', safe='/')}{query}"
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"postgres://{credentials}{host}{port}/{quote(name, safe='')}{query}"


def server_connect(config: dict[str, Any]):
    """An autocommit connection to the server's maintenance database `postgres`."""
    import psycopg

    return psycopg.connect(
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
        **(config.get("OPTIONS") or {}),
    )


def database_drop(config: dict[str, Any], name: str = BENCHMARK_DATABASE) -> None:
    """Drop a benchmark database; FORCE ends a connection a crashed run left behind."""
    with server_connect(config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_create(config: dict[str, Any], name: str = BENCHMARK_DATABASE) -> None:
    """A fresh benchmark database: one left over by an interrupted run is dropped first."""
    if config.get("NAME") == name:
        raise SystemExit(f"The settings already use {name}; refusing to drop it.")
    database_drop(config, name)
    with server_connect(config) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def benchmark_database(name: str = BENCHMARK_DATABASE) -> Iterator[tuple[str, str]]:
    """A benchmark database for the duration of the block: the server's kind and URL."""
    server = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "embedded"
    config = server_config()
    database_create(config, name)
    try:
        yield server, database_url(config, name)
    finally:
        from django.db import connections

        connections.close_all()
        database_drop(config, name)


def django_start(url: str) -> None:
    """Point the settings at the benchmark database, then set Django up.

    The settings read DATABASE_URL when they are imported, which django.setup() does,
    so the variable has to be in place before it.
    """
    import django

    os.environ["DATABASE_URL"] = url
    django.setup()


# --- Provisioning, once Django is set up ---------------------------------------------------


def platform_prepare() -> None:
    """What a deploy does: migrate (which also builds the template) and the public tenant."""
    from django.core.management import call_command

    from tenants.provisioning import prefecture_provision

    call_command("migrate", interactive=False, verbosity=0)
    prefecture_provision()


def method_settings(method: str):
    """The settings under which municipality_provision creates a schema by `method`.

    TenantMixin.create_schema silently runs the migrations when the template schema
    is missing, so the clone method first checks that it is there. For the migrations
    method both settings must change: django-tenants refuses a TENANT_BASE_SCHEMA
    without TENANT_CREATION_FAKES_MIGRATIONS.
    """
    from django.conf import settings
    from django.test import override_settings
    from django_tenants.utils import get_creation_fakes_migrations, schema_exists

    if method in ("replay", "clone"):
        if not (get_creation_fakes_migrations() and schema_exists(settings.TENANT_BASE_SCHEMA)):
            raise RuntimeError(
                f"No template schema {settings.TENANT_BASE_SCHEMA!r} to copy, or copying is off."
            )
        # replay: the project's way (tenants/schema_replay.py); clone: django-tenants'.
        return override_settings(KYODO_SCHEMA_REPLAY=method == "replay")
    return override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False, TENANT_BASE_SCHEMA=None)


def connection_renew() -> None:
    """A new database connection, opened before the clock starts."""
    from django.db import connection

    connection.close()
    connection.ensure_connection()


def batch_provision(records: list, method: str, scenario: str) -> list[float]:
    """Create every record's municipality by `method`; the seconds each one took.

    Every batch starts on a new connection, so what one batch did to its connection
    does not carry over to the next.
    """
    from tenants.provisioning import municipality_provision

    seconds = []
    with method_settings(method):
        connection_renew()
        for record in records:
            if scenario == "own_connection":
                connection_renew()
            started = time.perf_counter()
            _, outcome = municipality_provision(record=record)
            seconds.append(time.perf_counter() - started)
            if outcome != "created":
                raise RuntimeError(f"{record.lg_code} was {outcome}, not created.")
    return seconds


def municipalities_drop() -> None:
    """Remove every municipality but the prefecture: schema, row and routing."""
    from django_tenants.utils import get_public_schema_name

    from tenants.models import Domain, Municipality

    for municipality in Municipality.objects.exclude(schema_name=get_public_schema_name()):
        Domain.objects.filter(tenant=municipality).delete()
        municipality.delete(force_drop=True)


def schema_shape(schema_name: str) -> dict[str, Any]:
    """The tables and recorded migrations of a schema, to check both methods agree."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder
    from django_tenants.utils import schema_context

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            [schema_name],
        )
        tables = sorted(row[0] for row in cursor.fetchall())
    with schema_context(schema_name):
        migrations = sorted(MigrationRecorder(connection).applied_migrations())
    return {"tables": tables, "migrations": migrations}


def warm_up(record) -> None:
    """One municipality per method, not timed: one-off costs (imports, the migration
    graph) stay out of the samples, and both methods must build the same schema."""
    shapes = {}
    for method in METHODS:
        batch_provision([record], method, "own_connection")
        shapes[method] = schema_shape(record.schema_name)
        municipalities_drop()
    if not shapes["replay"] == shapes["clone"] == shapes["migrations"]:
        raise RuntimeError(f"The two methods build different schemas: {shapes}")


def rounds_run(records: list, rounds: int) -> dict[str, dict[str, list[float]]]:
    """Interleaved rounds of one batch per scenario and method, seconds per municipality.

    Every other round runs the batches in reverse order, which spreads any drift over
    the run (server caches, catalog bloat from creating and dropping schemas) evenly.
    """
    samples = {scenario: {method: [] for method in METHODS} for scenario in SCENARIOS}
    batches = [(scenario, method) for scenario in SCENARIOS for method in METHODS]
    warm_up(records[0])
    for round_number in range(rounds):
        for scenario, method in batches if round_number % 2 == 0 else batches[::-1]:
            samples[scenario][method] += batch_provision(records, method, scenario)
            municipalities_drop()
    return samples


# --- Report -----------------------------------------------------------------------------


def machine_info(server: str) -> dict[str, Any]:
    """Where the numbers come from, so results from different machines are not mixed up."""
    from importlib.metadata import version

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "database_server": server,
        "autovacuum": autovacuum,
        "shared_buffers": shared_buffers,
        "django": version("django"),
        "django_tenants": version("django-tenants"),
    }


def fleet_parser(doc: str, results_file: Path) -> argparse.ArgumentParser:
    """The options every fleet-scale benchmark takes."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--limit", type=positive,
                        help="only the first N municipalities (a quick trial run)")
    parser.add_argument("--output", type=Path, default=results_file)
    return parser


def fleet_provisioned(limit: int | None) -> list:
    """Every municipality of the master data (or the first `limit`), provisioned."""
    from tenants.provisioning import municipalities_provision, select_records

    records = select_records(prefecture=None)[:limit]
    print(f"Provisioning {len(records)} municipalities…", flush=True)
    municipalities_provision(records=records)
    catalog_analyze()
    return records


def catalog_analyze() -> None:
    """Bring the system catalog's statistics up to date, as autovacuum does on a server
    that runs it: it analyses a catalog table once a tenth of its rows are new. The
    benchmark server may run with autovacuum off (machine_info records the setting);
    then the planner goes on reading a growing catalog as nearly empty, and catalog
    queries run on plans for a few hundred rows: one django-tenants clone at 1,741 towns
    ran for more than 45 s before it was stopped."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n"
                       " ON n.oid = c.relnamespace"
                       " WHERE n.nspname = 'pg_catalog' AND c.relkind = 'r'")
        for (table,) in cursor.fetchall():
            cursor.execute(f"ANALYZE {table}")


RECENT_DELETION_SECONDS = 361


def file_system_settle(seconds: int = RECENT_DELETION_SECONDS) -> float:
    """Wait until the file system no longer counts recent deletions; the seconds waited.

    On ext4 without a journal, as on this machine, the kernel does not reuse an inode
    freed less than a minute ago, six minutes if its inode-table block has been written
    to since (fs/ext4/ialloc.c, recently_deleted), and every new file scans past each
    such inode. Right after tens of thousands of files are deleted (an earlier run's
    database dropped, a test suite's schemas), creating a town's 39 relation files cost
    20–45 ms of kernel time instead of about 1.5 ms, in PostgreSQL and in a plain loop
    of os.open alike (perf put 60% of the samples in recently_deleted), and the first
    hundred towns timed came out slower than the last; a minute's wait after a sync
    was not enough. A checkpoint makes PostgreSQL unlink the files of relations
    already dropped, then the six minutes pass.
    """
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    os.sync()
    time.sleep(seconds)
    return round(time.perf_counter() - started, 1)


def run_header(script: str, arguments: str, machine: dict[str, Any]) -> dict[str, Any]:
    """When, how and where a fleet-scale run was made (provisioning_fleet, fleet_migrate)."""
    return {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": f"DATABASE_URL=… .venv/bin/python benchmarks/{script} {arguments}".strip(),
        "machine": machine,
    }


def results_write(path: Path, results: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def summary(seconds: list[float]) -> dict[str, Any]:
    """Median and range of one method's samples, with the samples in the order taken."""
    return {
        "median": round(statistics.median(seconds), 4),
        "min": round(min(seconds), 4),
        "max": round(max(seconds), 4),
        "samples": [round(value, 4) for value in seconds],
    }


def scenario_results(samples: dict[str, list[float]], description: str) -> dict[str, Any]:
    per_municipality = {method: summary(samples[method]) for method in METHODS}
    return {
        "description": description,
        "seconds_per_municipality": per_municipality,
        "ratio_migrations_to_clone": round(
            per_municipality["migrations"]["median"] / per_municipality["clone"]["median"], 2
        ),
        "ratio_clone_to_replay": round(
            per_municipality["clone"]["median"] / per_municipality["replay"]["median"], 2
        ),
    }


def results_build(
    samples: dict[str, dict[str, list[float]]],
    *,
    prefecture: str,
    count: int,
    rounds: int,
    server: str,
) -> dict[str, Any]:
    return {
        "benchmark": "provisioning",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(server),
        "prefecture": prefecture,
        "municipalities": count,
        "rounds": rounds,
        "scenarios": {
            scenario: scenario_results(samples[scenario], description)
            for scenario, description in SCENARIOS.items()
        },
    }


def results_line(results: dict[str, Any]) -> str:
    """The run in one line: median seconds per municipality and the ratio, per scenario."""
    machine = results["machine"]
    parts = []
    for scenario, result in results["scenarios"].items():
        medians = {m: result["seconds_per_municipality"][m]["median"] for m in METHODS}
        parts.append(
            f"{scenario}: replay {medians['replay']:.3f} s, clone {medians['clone']:.3f} s,"
            f" migrations "
            f"{medians['migrations']:.3f} s, migrations/clone "
            f"{result['ratio_migrations_to_clone']:.2f}x"
        )
    return (
        f"provisioning {results['municipalities']} municipalities x {results['rounds']} rounds "
        f"({machine['database_server']} PostgreSQL {machine['postgresql']}), median per "
        f"municipality: " + "; ".join(parts)
    )


# --- Entry point ----------------------------------------------------------------------------


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--prefecture",
        default=DEFAULT_PREFECTURE,
        help=f"Whose municipalities to provision (default {DEFAULT_PREFECTURE}).",
    )
    parser.add_argument(
        "--rounds",
        type=positive,
        default=DEFAULT_ROUNDS,
        help=f"Batches per scenario and method (default {DEFAULT_ROUNDS}).",
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS_FILE, help="Where to write the JSON results."
    )
    return parser.parse_args()


def main() -> None:
    options = arguments()
    with benchmark_database() as (server, url):
        django_start(url)
        from tenants.provisioning import select_records

        try:
            records = select_records(prefecture=options.prefecture)
        except LookupError as error:
            raise SystemExit(str(error)) from error
        platform_prepare()
        samples = rounds_run(records, options.rounds)
        results = results_build(
            samples,
            prefecture=options.prefecture,
            count=len(records),
            rounds=options.rounds,
            server=server,
        )
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(results_line(results))


if __name__ == "__main__":
    main()
