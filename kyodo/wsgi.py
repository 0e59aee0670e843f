"""WSGI entry point (gunicorn kyodo.wsgi).

With DEBUG off, a process connected to the database as a role that could disable or
rewrite the audit log (its owner, a superuser) refuses to serve: see
`kyodo.audit.db_roles`.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyodo.settings.base")
application = get_wsgi_application()

from kyodo.audit.db_roles import refuse_unsafe_database_role  # noqa: E402  (needs the apps)

refuse_unsafe_database_role()
