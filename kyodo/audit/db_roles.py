"""The two database roles: the owner, which migrates, and the application role.

The audit log's triggers refuse UPDATE, DELETE and TRUNCATE, but they bind only roles
that cannot switch them off: the table's owner (or any member of the owner's role) may
`ALTER TABLE … DISABLE TRIGGER`, and a superuser may also
`SET session_replication_role = replica`, under which ordinary triggers do not fire.
So the processes that serve people (web, Celery worker and beat) connect as a role that
owns nothing: it reads and writes the platform's tables, may only read and append to
the audit log, and may create nothing. Migrations and provisioning run as the owner,
which owns every schema and table.

`app_role_grant` gives the application role exactly that, in every schema that exists,
and sets the owner's default privileges so that schemas and tables created later (a
municipality provisioned next year, a table a migration adds) are covered without
running it again. `role_problems` says what makes a role unfit to be the application
role; the deploy check and the start of web and worker ask it about the role they are
connected as.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import get_public_schema_name, get_tenant_model
from psycopg import sql

from kyodo.audit.models import AuditEvent

logger = logging.getLogger(__name__)

TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
AUDIT_PRIVILEGES = ("SELECT", "INSERT")
# What the application role must never hold on the audit table.
AUDIT_FORBIDDEN = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")


@dataclass
class GrantReport:
    role: str
    owner: str
    schemas: list[str]

    def summary(self) -> str:
        return (
            f"{self.role}: USAGE on {len(self.schemas)} schemas, "
            f"{'/'.join(TABLE_PRIVILEGES)} on their tables, "
            f"{'/'.join(AUDIT_PRIVILEGES)} only on {AuditEvent._meta.db_table}; "
            f"default privileges of {self.owner} cover schemas and tables created later."
        )


def _audit_table() -> tuple[str, str]:
    return get_public_schema_name(), AuditEvent._meta.db_table


def _schemas(cursor) -> list[str]:
    """The public schema, the template and every municipality's schema that exists."""
    wanted = [get_public_schema_name(), settings.TENANT_BASE_SCHEMA]
    wanted += list(get_tenant_model().objects.values_list("schema_name", flat=True))
    cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [wanted])
    existing = {row[0] for row in cursor.fetchall()}
    return [name for name in dict.fromkeys(wanted) if name in existing]


def _fetch_one(cursor, query, params=()):
    cursor.execute(query, params)
    return cursor.fetchone()


def role_problems(role: str | None = None) -> list[str]:
    """Why `role` (by default the connected role) must not be the application role.

    An empty list means the role cannot alter, disable or bypass the audit log's
    protection, and cannot create schemas or tables.
    """
    with connection.cursor() as cursor:
        if role is None:
            role = _fetch_one(cursor, "SELECT current_user")[0]
        found = _fetch_one(
            cursor, "SELECT oid, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = %s", [role]
        )
        if found is None:
            return [f"the role {role} does not exist"]
        oid, is_superuser, may_create_roles = found
        if is_superuser:
            return [f"{role} is a superuser"]
        problems = []
        if may_create_roles:  # before PostgreSQL 16 it may join the owner's role itself
            problems.append(f"{role} may create roles (CREATEROLE)")
        audit = ".".join(_audit_table())
        owns_audit = _fetch_one(
            cursor,
            "SELECT pg_has_role(%s, relowner, 'MEMBER') FROM pg_class WHERE oid = %s::regclass",
            [role, audit],
        )[0]
        if owns_audit:
            problems.append(f"{role} owns {audit} or is a member of its owner's role")
        held = [
            privilege for privilege in AUDIT_FORBIDDEN
            if _fetch_one(cursor, "SELECT has_table_privilege(%s, %s, %s)",
                          [role, audit, privilege])[0]
        ]
        if held:
            problems.append(f"{role} holds {', '.join(held)} on {audit}")
        owned = _fetch_one(
            cursor,
            "SELECT (SELECT count(*) FROM pg_class WHERE relowner = %(oid)s)"
            " + (SELECT count(*) FROM pg_namespace WHERE nspowner = %(oid)s)"
            " + (SELECT count(*) FROM pg_proc WHERE proowner = %(oid)s)",
            {"oid": oid},
        )[0]
        if owned:
            problems.append(f"{role} owns {owned} objects in this database")
        if _fetch_one(cursor, "SELECT has_database_privilege(%s, current_database(), 'CREATE')",
                      [role])[0]:
            problems.append(f"{role} may create schemas in this database")
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)"
            " AND has_schema_privilege(%s, oid, 'CREATE') ORDER BY nspname",
            [_schemas(cursor), role],
        )
        creatable = [row[0] for row in cursor.fetchall()]
        if creatable:
            problems.append(f"{role} may create objects in the schemas {', '.join(creatable)}")
        return problems


def app_role_grant(*, role: str) -> GrantReport:
    """Give `role` what web and workers need and nothing more. Run as the owner; idempotent.

    Raises ImproperlyConfigured, changing nothing, when the role does not exist or could
    act as the owner; and when, after granting, the role could still bypass the audit
    log (for instance CREATE on the public schema that only a superuser can revoke).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        owner = _fetch_one(cursor, "SELECT current_user")[0]
        if _fetch_one(cursor, "SELECT 1 FROM pg_roles WHERE rolname = %s", [role]) is None:
            raise ImproperlyConfigured(
                f"The database role {role} does not exist. Create it first (RUNBOOK.md)."
            )
        if role == owner:
            raise ImproperlyConfigured(
                f"Connected as {role} itself: run grant_app_role as the owner (with the "
                "migrate service's or Job's DATABASE_URL)."
            )
        if _fetch_one(cursor, "SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])[0]:
            raise ImproperlyConfigured(
                f"{role} is a member of the owner {owner} and could act as it: the "
                "application role must be a separate role that owns nothing."
            )
        schemas = _schemas(cursor)
        database = _fetch_one(cursor, "SELECT current_database()")[0]
        audit = sql.Identifier(*_audit_table())
        parts = {
            "role": sql.Identifier(role),
            "owner": sql.Identifier(owner),
            "database": sql.Identifier(database),
            "schemas": sql.SQL(", ").join(sql.Identifier(name) for name in schemas),
        }

        def run(statement: str, **extra) -> None:
            cursor.execute(sql.SQL(statement).format(**parts, **extra))

        run("REVOKE CREATE, TEMPORARY ON DATABASE {database} FROM PUBLIC, {role}")
        run("GRANT CONNECT ON DATABASE {database} TO {role}")
        run("REVOKE CREATE ON SCHEMA {schemas} FROM PUBLIC, {role}")
        run("GRANT USAGE ON SCHEMA {schemas} TO {role}")
        run("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schemas} FROM {role}")
        run("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schemas} TO {role}")
        run("REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA {schemas} FROM {role}")
        run("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schemas} TO {role}")
        run("REVOKE ALL ON {audit} FROM PUBLIC, {role}", audit=audit)
        run("GRANT SELECT, INSERT ON {audit} TO {role}", audit=audit)
        # Objects the owner creates from now on: municipalities' schemas cloned from the
        # template, and the tables of later migrations.
        run("ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT USAGE ON SCHEMAS TO {role}")
        run("ALTER DEFAULT PRIVILEGES FOR ROLE {owner}"
            " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}")
        run("ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT USAGE, SELECT ON SEQUENCES TO {role}")
        problems = role_problems(role)
        if problems:
            raise ImproperlyConfigured(
                f"After granting, {role} could still bypass the audit log: "
                + "; ".join(problems) + ". Nothing was changed."
            )
    return GrantReport(role=role, owner=owner, schemas=schemas)


def refuse_unsafe_database_role() -> None:
    """Stop a web or worker process that is connected as a role that could rewrite history.

    Called once when web and worker processes start. With DEBUG on (the demo and the
    embedded database, which use one role) it does nothing. If the database cannot be
    reached the process starts anyway: its requests fail on their own, and the check
    runs again at the next start.
    """
    if settings.DEBUG:
        return
    try:
        problems = role_problems()
    except DatabaseError as error:
        logger.warning("Could not check the database role: %s", error)
        return
    finally:
        if not connection.in_atomic_block:
            connection.close()
    if problems:
        raise ImproperlyConfigured(
            "Web and workers must connect as the application role, which owns nothing "
            "and may only read and append to the audit log (deploy/RUNBOOK.md): "
            + "; ".join(problems) + "."
        )
