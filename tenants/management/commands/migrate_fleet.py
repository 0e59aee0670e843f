"""`manage.py migrate_fleet`: migrate only the schemas that are behind.

One catalog query (tenants.fleet) finds the schemas already at the migration graph's
leaf nodes; they are skipped. The public schema is migrated first if it is behind, then
each town's schema that is behind — by `--workers` processes in parallel — then the
template schema new towns are cloned from. Each schema runs under a `lock_timeout` and a
`statement_timeout`, so a town whose table is locked by a long transaction fails fast
instead of stalling the fleet. A schema that fails is reported with its error and the
others go on; the command then exits with an error, and a rerun continues with the
schemas still behind.
"""

import multiprocessing
import os
import re

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, connections
from django_tenants.utils import get_public_schema_name

from tenants.fleet import (
    FleetReport,
    TownMigrator,
    fleet_schemas,
    graph_leaves,
    schemas_at_leaves,
)
from tenants.provisioning import template_schema_sync

# PostgreSQL durations as the timeouts take them: 0 (none), or a number with a unit.
DURATION = re.compile(r"^(0|[1-9][0-9]*(ms|s|min|h))$")


def migrate_schema(schema: str, *, lock_timeout: str, statement_timeout: str,
                   verbosity: int) -> str | None:
    """Migrate one schema under the timeouts; the error as text, or None."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, false), "
                           "set_config('statement_timeout', %s, false)",
                           [lock_timeout, statement_timeout])
        if schema == get_public_schema_name():
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        elif schema == settings.TENANT_BASE_SCHEMA:
            template_schema_sync(verbosity=verbosity)
        else:
            _town_migrator().migrate(schema)
    except Exception as error:  # reported per schema; the others still run
        return f"{type(error).__name__}: {error}".strip()
    finally:
        _reset_timeouts()
        connection.set_schema_to_public()
    return None


_migrators: dict[int, TownMigrator] = {}


def _town_migrator() -> TownMigrator:
    """One per process and run: a forked worker builds its own, and each run of the
    command starts afresh (the migration files may have changed in between)."""
    pid = os.getpid()
    if pid not in _migrators:
        _migrators[pid] = TownMigrator()
    return _migrators[pid]


def _reset_timeouts() -> None:
    """The next schema starts from the server's defaults; a connection the failure left
    unusable is closed instead, and the next schema opens a new one."""
    if connection.connection is None or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout; RESET statement_timeout")
    except DatabaseError:
        connection.close()


def _forget_inherited_connections() -> None:
    """A forked worker holds copies of the parent's open connections (not only the one
    its thread would use: a Playwright greenlet or another context may have opened
    others). Their sockets are the parent's: drop them unclosed, and open new ones."""
    for wrapper in connections.all(initialized_only=True):
        wrapper.connection = None


def _in_worker(job: tuple[str, dict]) -> tuple[str, str | None]:
    schema, options = job
    try:
        return schema, migrate_schema(schema, **options)
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = "Migrate the public, town and template schemas that are not yet current."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=1,
                            help="Processes migrating towns' schemas at once (default 1).")
        parser.add_argument("--lock-timeout", default="10s",
                            help="PostgreSQL lock_timeout per schema (default 10s; 0: none).")
        parser.add_argument("--statement-timeout", default="30min",
                            help="PostgreSQL statement_timeout per schema (default 30min).")

    def handle(self, *args, **options):
        workers = options["workers"]
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        for name in ("lock_timeout", "statement_timeout"):
            if not DURATION.match(options[name]):
                raise CommandError(f"--{name.replace('_', '-')} takes a duration such as "
                                   f"500ms, 10s or 5min (or 0), not {options[name]!r}.")
        _migrators.clear()
        job = {"lock_timeout": options["lock_timeout"],
               "statement_timeout": options["statement_timeout"],
               "verbosity": max(int(options["verbosity"]) - 1, 0)}
        schemas = fleet_schemas()
        current = schemas_at_leaves(schemas, graph_leaves())
        report = FleetReport(skipped=[schema for schema in schemas if schema in current])
        behind = [schema for schema in schemas if schema not in current]
        self.stdout.write(f"{len(schemas)} schemas, {len(behind)} behind the migration files.")
        self._done = 0
        ends = (get_public_schema_name(), settings.TENANT_BASE_SCHEMA)
        first = [schema for schema in behind if schema == ends[0]]
        last = [schema for schema in behind if schema == ends[1]]
        towns = [schema for schema in behind if schema not in ends]
        for schema in first:
            self._record(report, schema, migrate_schema(schema, **job), len(behind))
        if workers > 1 and len(towns) > 1:
            self._in_parallel(report, towns, job, workers, len(behind))
        else:
            for schema in towns:
                self._record(report, schema, migrate_schema(schema, **job), len(behind))
        for schema in last:
            self._record(report, schema, migrate_schema(schema, **job), len(behind))
        for schema in report.applied:
            self.stdout.write(f"migrated: {schema}")
        for schema, error in report.failed.items():
            self.stdout.write(f"failed: {schema}: {error}")
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{len(report.failed)} schema(s) failed; run again to retry them.")

    def _in_parallel(self, report, towns, job, workers, total) -> None:
        """Forked workers inherit the loaded project; each opens its own connection."""
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with context.Pool(processes=min(workers, len(towns)),
                          initializer=_forget_inherited_connections) as pool:
            for schema, error in pool.imap_unordered(_in_worker,
                                                     [(town, job) for town in towns]):
                self._record(report, schema, error, total)

    def _record(self, report: FleetReport, schema: str, error: str | None, total: int) -> None:
        self._done += 1
        if error is None:
            report.applied.append(schema)
            self.stdout.write(f"[{self._done}/{total}] {schema}: migrated")
        else:
            report.failed[schema] = error
            self.stdout.write(f"[{self._done}/{total}] {schema}: failed")
            self.stderr.write(f"  {schema}: {error}")
