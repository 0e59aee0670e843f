"""`manage.py migrate_fleet`: migrate only the schemas that are behind.

One catalog query (tenants.fleet) finds the schemas already at the migration graph's
leaf nodes; they are skipped. The public schema is migrated first if it is behind, then
each town's schema that is behind, one by one, then the template schema new towns are
cloned from. A schema that fails is reported with its error and the others go on; the
command then exits with an error, and a rerun continues with the schemas still behind.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_tenants.utils import get_public_schema_name

from tenants.fleet import FleetReport, fleet_schemas, graph_leaves, schemas_at_leaves
from tenants.provisioning import template_schema_sync


class Command(BaseCommand):
    help = "Migrate the public, town and template schemas that are not yet current."

    def handle(self, *args, **options):
        verbosity = int(options["verbosity"])
        schemas = fleet_schemas()
        current = schemas_at_leaves(schemas, graph_leaves())
        report = FleetReport(skipped=[schema for schema in schemas if schema in current])
        behind = [schema for schema in schemas if schema not in current]
        self.stdout.write(f"{len(schemas)} schemas, {len(behind)} behind the migration files.")
        for number, schema in enumerate(behind, start=1):
            self.stdout.write(f"[{number}/{len(behind)}] {schema}")
            try:
                self._migrate(schema, verbosity=max(verbosity - 1, 0))
            except Exception as error:  # reported per schema; the others still run
                report.failed[schema] = f"{type(error).__name__}: {error}"
                self.stderr.write(f"  failed: {report.failed[schema]}")
            else:
                report.applied.append(schema)
            finally:
                connection.set_schema_to_public()
        for schema in report.applied:
            self.stdout.write(f"migrated: {schema}")
        for schema, error in report.failed.items():
            self.stdout.write(f"failed: {schema}: {error}")
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{len(report.failed)} schema(s) failed; run again to retry them.")

    @staticmethod
    def _migrate(schema: str, *, verbosity: int) -> None:
        from django.conf import settings

        if schema == get_public_schema_name():
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        elif schema == settings.TENANT_BASE_SCHEMA:
            template_schema_sync(verbosity=verbosity)
        else:
            call_command("migrate_schemas", tenant=True, schema_name=schema,
                         interactive=False, verbosity=verbosity)
