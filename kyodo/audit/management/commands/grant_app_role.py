"""Give the application role its privileges (run as the owner, after `migrate`).

    manage.py grant_app_role kyodo_app

Idempotent: docker compose's `migrate` service and the Kubernetes migrate Job run it
after every migration. The role must exist already (deploy/postgres/ creates it with
docker compose; RUNBOOK.md shows the SQL for a managed PostgreSQL).
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from kyodo.audit.db_roles import app_role_grant


class Command(BaseCommand):
    help = ("Grant the application role (web, Celery worker and beat) what it needs: "
            "read and write the tables, only read and append to the audit log.")

    def add_arguments(self, parser):
        parser.add_argument("role", help="The application role, e.g. kyodo_app.")

    def handle(self, *args, role: str, **options):
        try:
            report = app_role_grant(role=role)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
