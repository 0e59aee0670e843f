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
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import get_public_schema_name

from tenants.models import Municipality

# For each named schema that has a django_migrations table: how many of the leaf nodes
# it records. query_to_xml runs the count inside each schema in the same statement, so
# 1,742 schemas are one round trip and one statement.
SCHEMAS_AT_LEAVES = """
SELECT nspname
FROM pg_catalog.pg_namespace
WHERE nspname = ANY(%(schemas)s)
  AND to_regclass(format('%%I.django_migrations', nspname)) IS NOT NULL
  AND (xpath('/row/recorded/text()', query_to_xml(format(
        'SELECT count(DISTINCT (app, name)) AS recorded FROM %%I.django_migrations'
        ' WHERE (app, name) IN (SELECT * FROM unnest(%%L::text[], %%L::text[]))',
        nspname, %(apps)s::text[], %(names)s::text[]), false, true, '')))[1]::text::int
      = %(leaves)s
"""


def graph_leaves() -> list[tuple[str, str]]:
    """The latest migration of each app, from the migration files (no database read).
    Every schema records every app's migrations (django-tenants' router skips the
    operations of apps that do not live there, not their records)."""
    return sorted(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def schemas_at_leaves(schemas: list[str], leaves: list[tuple[str, str]]) -> set[str]:
    """Which of `schemas` already record every one of `leaves`: one query."""
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(SCHEMAS_AT_LEAVES, {
            "schemas": schemas, "apps": [app for app, _ in leaves],
            "names": [name for _, name in leaves], "leaves": len(leaves)})
        return {row[0] for row in cursor.fetchall()}


def fleet_schemas() -> list[str]:
    """The public schema first, then every town's, then the template (created by the
    migration when it is missing)."""
    public = get_public_schema_name()
    towns = list(Municipality.objects.exclude(schema_name=public)
                 .order_by("lg_code").values_list("schema_name", flat=True))
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
