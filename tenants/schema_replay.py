"""New municipality schemas from the template's DDL, captured once and replayed.

django-tenants' clone function (PL/pgSQL `clone_schema`) reads the system catalog
afresh for every new schema, and those reads grow with the number of schemas in the
database: 105 ms per town at 18 towns, 280 ms at 1,741 (issue 11). The template's
structure only changes when a tenant migration is applied to it, so Kyodo reads it
once per migration state (`capture`) and creates each new schema by sending the
resulting script in one round trip (`replay`): CREATE TABLE with columns and
identities, the template's rows (its migration records), constraints, indexes and
identity positions. That is the physical floor of making a schema: executing its DDL.

Only what Kyodo's tenant schemas contain is reproduced: ordinary tables, their
indexes and identity sequences. Anything else in the template (a view, a trigger, a
function, a stand-alone sequence, a comment) raises `TemplateNotReplayable`, and the
caller falls back to django-tenants' clone; tests/tenants/test_schema_replay.py keeps
the current template replayable and compares a replayed schema with the template,
object by object (`tenants.schema_catalog.schema_description`).
"""

import hashlib
from dataclasses import dataclass

from django.db import connection

from tenants.schema_catalog import quote, unsupported_objects


class TemplateNotReplayable(Exception):
    """The template holds an object the replay does not reproduce."""


@dataclass(frozen=True)
class TemplateScript:
    """The template's DDL at one migration state, relative to the search path."""

    template: str
    state: str
    body: str

    def for_schema(self, schema_name: str) -> str:
        return (
            f"CREATE SCHEMA {quote(schema_name)};\n"
            f"SET LOCAL search_path TO {quote(schema_name)};\n{self.body}"
        )


_scripts: dict[tuple[str, str], TemplateScript] = {}


def migration_state(template: str) -> str:
    """A digest of the migrations recorded in the template: it changes with its DDL."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT app, name FROM {quote(template)}.django_migrations ORDER BY app, name")  # noqa: S608
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def script_for(template: str) -> TemplateScript:
    """The template's script for its current migration state (captured on first use)."""
    key = (connection.settings_dict["NAME"], template)
    state = migration_state(template)
    script = _scripts.get(key)
    if script is None or script.state != state:
        script = _scripts[key] = capture(template, state)
    return script


def replay(template: str, schema_name: str) -> None:
    """Create `schema_name` as a copy of the template, in one round trip."""
    script = script_for(template)
    with connection.cursor() as cursor:
        cursor.execute(script.for_schema(schema_name))
    # The script moved the search path inside the transaction: the next statement must
    # set it again, whatever the connection remembers (kyodo.db_backend).
    connection.search_path_set_schemas = None


def capture(template: str, state: str) -> TemplateScript:
    with connection.cursor() as cursor:
        problems = unsupported_objects(cursor, template)
        if problems:
            raise TemplateNotReplayable(", ".join(problems))
        # Names of the template's own objects come out unqualified, anything else
        # (a public table an FK points at) qualified: the replay resolves the former
        # in the new schema through its search path. Not SET LOCAL: outside a
        # transaction it would not hold, and every name would come out qualified.
        cursor.execute(f"SET search_path TO {quote(template)}")
        try:
            tables = _tables(cursor, template)
            body = "\n".join([
                *(_create_table(cursor, template, table) for table in tables),
                *_copy_rows(cursor, template, tables),
                *_constraints(cursor, template),
                *_indexes(cursor, template),
                *_identity_positions(cursor, template),
            ])
        finally:
            cursor.execute("SET search_path TO DEFAULT")
            connection.search_path_set_schemas = None
    return TemplateScript(template=template, state=state, body=body)


def _tables(cursor, template: str) -> list[tuple[int, str]]:
    cursor.execute(
        "SELECT c.oid, c.relname FROM pg_class c WHERE c.relnamespace = %s::regnamespace"
        " AND c.relkind = 'r' ORDER BY c.relname", [template])
    return cursor.fetchall()


def _create_table(cursor, template: str, table: tuple[int, str]) -> str:
    oid, name = table
    cursor.execute(
        """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid),
               CASE WHEN a.attcollation <> t.typcollation THEN co.collname END
        FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """, [oid])
    columns = []
    for column, type_name, not_null, identity, generated, expression, collation in (
            cursor.fetchall()):
        parts = [quote(column), type_name]
        if collation:
            parts.append(f"COLLATE {quote(collation)}")
        if generated == "s":
            parts.append(f"GENERATED ALWAYS AS ({expression}) STORED")
        elif expression is not None:
            parts.append(f"DEFAULT {expression}")
        if identity:
            parts.append("GENERATED ALWAYS AS IDENTITY" if identity == "a"
                         else "GENERATED BY DEFAULT AS IDENTITY")
        if not_null:
            parts.append("NOT NULL")
        columns.append(" ".join(parts))
    return f"CREATE TABLE {quote(name)} ({', '.join(columns)});"


def _copy_rows(cursor, template: str, tables: list[tuple[int, str]]) -> list[str]:
    """The template's rows (its migration records, any seeded row), copied as they are
    when the schema is made."""
    statements = []
    for _, name in tables:
        cursor.execute(f"SELECT EXISTS (SELECT FROM {quote(template)}.{quote(name)})")  # noqa: S608
        if cursor.fetchone()[0]:
            source = f"{quote(template)}.{quote(name)}"
            copy = f"INSERT INTO {quote(name)} OVERRIDING SYSTEM VALUE SELECT * FROM {source};"  # noqa: S608
            statements.append(copy)
    return statements


def _constraints(cursor, template: str) -> list[str]:
    # Keys before foreign keys: a foreign key needs the unique index it references.
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        WHERE c.connamespace = %s::regnamespace AND c.contype <> 'n'
        ORDER BY c.contype = 'f', c.conrelid::regclass::text, c.conname
        """, [template])
    return [f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition};"
            for table, name, definition in cursor.fetchall()]


def _indexes(cursor, template: str) -> list[str]:
    """Indexes of their own (those of keys come with the constraint)."""
    cursor.execute(
        """
        SELECT pg_get_indexdef(i.indexrelid), c.relnamespace::regnamespace::text
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        WHERE c.relnamespace = %s::regnamespace
          AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        ORDER BY 1
        """, [template])
    statements = []
    for definition, namespace in cursor.fetchall():
        qualified = f" ON {namespace}."
        if qualified not in definition:
            raise TemplateNotReplayable(f"index definition not understood: {definition}")
        statements.append(definition.replace(qualified, " ON ", 1) + ";")
    return statements


def _identity_positions(cursor, template: str) -> list[str]:
    """Each identity continues where the template's does (after the copied rows)."""
    cursor.execute(
        """
        SELECT c.relname, a.attname, s.relname
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_depend d ON d.refobjid = a.attrelid AND d.refobjsubid = a.attnum
             AND d.deptype = 'i'
        JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
        WHERE c.relnamespace = %s::regnamespace AND a.attidentity <> ''
        ORDER BY c.relname
        """, [template])
    statements = []
    for table, column, sequence in cursor.fetchall():
        identity = f"pg_get_serial_sequence({_literal(quote(table))}, {_literal(column)})"
        source = f"{quote(template)}.{quote(sequence)}"
        statements.append(f"SELECT setval({identity}, last_value, is_called) FROM {source};")  # noqa: S608
    return statements


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
