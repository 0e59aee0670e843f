"""django-tenants' PostgreSQL backend, with the search path set once per schema change.

With `TENANT_LIMIT_SET_CALLS` django-tenants sends `SET search_path` once after each
`set_tenant()` instead of before every statement, but `set_tenant()` forgets what the
session already has even when the schema does not change, and the routing middleware
calls it on every request (django-tenants issue #594). Here `set_tenant()` keeps the
remembered search path when the new tenant needs exactly the same one, so a kept
connection (CONN_MAX_AGE) that serves the same town, or the prefecture, again sends
no `SET` at all.

What the session has is still forgotten whenever it may have changed: a new
connection (`close()`), a `ROLLBACK` and a `ROLLBACK TO SAVEPOINT` (which undo a `SET`
made inside them: django-tenants handles those), and any change of schema. A pooler in
transaction mode would break this (a kept `SET` would belong to another server
connection); deploy/k8s/pgbouncer.yaml runs PgBouncer in session mode for that reason.
"""

from django_tenants.postgresql_backend import base
from django_tenants.utils import get_limit_set_calls


class DatabaseWrapper(base.DatabaseWrapper):
    def set_tenant(self, tenant, include_public=True):
        in_session = self.search_path_set_schemas
        super().set_tenant(tenant, include_public)
        if (in_session is not None and get_limit_set_calls()
                and in_session == self._get_cursor_search_paths()):
            self.search_path_set_schemas = in_session
