"""Migrating the fleet: the public schema, every town's schema and the template.

django-tenants' `migrate` visits every schema, even when there is nothing to do: at
1,742 schemas a no-op run took 144 s (issue 11), almost all of it a fixed cost per
schema. Here one catalog query first finds the schemas whose `django_migrations` already
records every leaf node of the migration graph, and only the others are migrated.
A rerun after a failure therefore continues with the schemas still behind.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState
from django_tenants.utils import get_public_schema_name

from tenants.models import Municipality

# The named schemas that have a django_migrations table.
SCHEMAS_WITH_RECORDS = """
SELECT nspname FROM pg_catalog.pg_namespace
WHERE nspname = ANY(%(schemas)s)
  AND to_regclass(format('%%I.django_migrations', nspname)) IS NOT NULL
"""
# For each of them, how many of the leaf nodes it records: one statement over all the
# schemas (a UNION ALL of one count each), so 1,742 schemas are one round trip. (No
# query_to_xml: PostgreSQL built without libxml, as the embedded one is, lacks it.)
LEAVES = "WITH leaves(app, name) AS (SELECT * FROM unnest(%s::text[], %s::text[])) "
RECORDED_LEAVES = ("SELECT %s::text, count(DISTINCT (app, name)) FROM {}.django_migrations"
                   " WHERE (app, name) IN (SELECT app, name FROM leaves)")


def graph_leaves() -> list[tuple[str, str]]:
    """The latest migration of each app, from the migration files (no database read).
    Every schema records every app's migrations (django-tenants' router skips the
    operations of apps that do not live there, not their records)."""
    return sorted(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def schemas_at_leaves(schemas: list[str], leaves: list[tuple[str, str]]) -> set[str]:
    """Which of `schemas` already record every one of `leaves`: two queries."""
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(SCHEMAS_WITH_RECORDS, {"schemas": schemas})
        present = [row[0] for row in cursor.fetchall()]
        if not present:
            return set()
        counts = " UNION ALL ".join(RECORDED_LEAVES.format(connection.ops.quote_name(schema))
                                    for schema in present)
        # Schema names quoted as identifiers; every value a parameter.
        statement = LEAVES + counts
        cursor.execute(statement,
                       [[app for app, _ in leaves], [name for _, name in leaves], *present])
        return {schema for schema, recorded in cursor.fetchall() if recorded == len(leaves)}


def fleet_schemas() -> list[str]:
    """The public schema first, then every town's, then the template (created by the
    migration when it is missing)."""
    public = get_public_schema_name()
    connection.set_schema_to_public()
    with connection.cursor() as cursor:  # a new database has no municipality table yet
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL",
                       [f"{public}.{Municipality._meta.db_table}"])
        provisioned = cursor.fetchone()[0]
    towns = list(Municipality.objects.exclude(schema_name=public).order_by("lg_code")
                 .values_list("schema_name", flat=True)) if provisioned else []
    template = settings.TENANT_BASE_SCHEMA
    return [public, *towns, *([template] if template else [])]


@dataclass
class FleetReport:
    applied: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return (f"Schemas: {len(self.applied)} migrated, {len(self.skipped)} already current "
                f"(skipped), {len(self.failed)} failed")


class TownMigrator:
    """Migrates town schemas one after another, loading the migration graph once.

    django-tenants runs Django's whole `migrate` for each schema: it loads the migration
    files, lists every table in the database and renders the project state from the first
    migration on, about 50 ms per schema before any DDL (issue 11). Towns start from
    the same few points, usually all from the same one, so here the graph is loaded once
    per process, the state at each starting point is rendered once and copied, and a
    schema costs one read of its records, then its DDL and records. Signals are not
    sent: `migrate` on the public schema (migrated first) sends them for every app.
    """

    def __init__(self):
        connection.set_schema_to_public()
        self.executor = MigrationExecutor(connection)
        self.targets = self.executor.loader.graph.leaf_nodes()
        self._states: dict[frozenset, ProjectState] = {}

    def migrate(self, schema: str) -> None:
        executor = self.executor
        connection.set_schema(schema)  # the town first, then public (FKs to shared tables)
        try:
            executor.loader.applied_migrations = executor.recorder.applied_migrations()
            plan = executor.migration_plan(self.targets)
            if plan:
                executor.migrate(self.targets, plan=plan, state=self._state_before().clone())
        finally:
            connection.set_schema_to_public()

    def _state_before(self) -> ProjectState:
        applied = frozenset(self.executor.loader.applied_migrations)
        if applied not in self._states:
            # As Django's migrate does for its pre_migrate state; rendered once here.
            state = self.executor._create_project_state(with_applied_migrations=True)
            state.apps  # noqa: B018 (renders the models, the costly part, once)
            self._states[applied] = state
        return self._states[applied]
