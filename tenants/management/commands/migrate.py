"""`migrate` and `migrate_schemas`: django-tenants'' schema-aware migrate, then the template schema.

After the public schema and every municipality's schema are migrated, the template
schema that new municipalities are cloned from is brought up to date too, so a
municipality created after a deploy starts at the latest migration.
"""

from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand

from tenants.provisioning import template_schema_sync


class Command(MigrateSchemasCommand):
    def handle(self, *args, **options):
        one_schema = bool(options.get("schema_name"))
        super().handle(*args, **options)
        if self.sync_tenant and not one_schema:
            template_schema_sync(verbosity=int(options.get("verbosity", 1)) - 1)
