"""`manage.py check --deploy --database default`: is the connected role fit to serve?"""

from django.conf import settings
from django.core.checks import Error, Tags, register

from kyodo.audit.db_roles import role_problems


@register(Tags.database, deploy=True)
def check_application_database_role(app_configs, databases=None, **kwargs):
    """Run with the settings web and workers use: their role must not be able to
    disable, bypass or rewrite the audit log. `migrate` runs no deploy checks, so it is
    not bothered while it connects as the owner."""
    if settings.DEBUG or not databases or "default" not in databases:
        return []
    return [
        Error(
            f"The database role cannot serve web and workers safely: {problem}.",
            hint="Connect web, worker and beat as the application role, which owns nothing "
                 "(deploy/RUNBOOK.md); run migrations as the owner.",
            id="kyodo.audit.E001",
        )
        for problem in role_problems()
    ]
