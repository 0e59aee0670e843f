"""What a schema holds, read from PostgreSQL's catalog.

Two uses: `unsupported_objects` tells the DDL replay (tenants/schema_replay.py) which
objects of the template it would not reproduce, and `schema_description` lists every
object of a schema with its definition, independent of the schema's name, so that a
replayed schema, a cloned one and the template can be compared for equality.
"""

from django.db import connection, transaction


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


UNSUPPORTED = {
    "relation": """
        SELECT relkind::text || ' ' || relname FROM pg_class
        WHERE relnamespace = %(schema)s::regnamespace AND relkind NOT IN ('r', 'i', 'S')""",
    "sequence without identity": """
        SELECT s.relname FROM pg_class s
        WHERE s.relnamespace = %(schema)s::regnamespace AND s.relkind = 'S'
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = s.oid AND d.deptype = 'i')""",
    "trigger": """
        SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = %(schema)s::regnamespace AND NOT t.tgisinternal""",
    "rule": """
        SELECT r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
        WHERE c.relnamespace = %(schema)s::regnamespace""",
    "policy": """
        SELECT p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
        WHERE c.relnamespace = %(schema)s::regnamespace""",
    "function": """
        SELECT proname FROM pg_proc WHERE pronamespace = %(schema)s::regnamespace""",
    "type": """
        SELECT t.typname FROM pg_type t WHERE t.typnamespace = %(schema)s::regnamespace
          AND t.typcategory <> 'A'
          AND NOT EXISTS (SELECT FROM pg_class c WHERE c.reltype = t.oid)""",
    "comment": """
        SELECT c.relname FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
        WHERE d.classoid = 'pg_class'::regclass
          AND c.relnamespace = %(schema)s::regnamespace""",
    "extended statistics": """
        SELECT stxname FROM pg_statistic_ext WHERE stxnamespace = %(schema)s::regnamespace""",
    "default naming the schema": """
        SELECT c.relname FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
        WHERE c.relnamespace = %(schema)s::regnamespace
          AND pg_get_expr(d.adbin, d.adrelid, true) LIKE '%%' || %(schema)s || '%%'""",
}


def unsupported_objects(cursor, schema: str) -> list[str]:
    """Objects of `schema` outside ordinary tables, their indexes and identities."""
    problems = []
    for kind, query in UNSUPPORTED.items():
        cursor.execute(query, {"schema": schema})
        problems.extend(f"{kind}: {name}" for (name,) in cursor.fetchall())
    return problems


DESCRIPTION = {
    "columns": """
        SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
               a.attnotnull, a.attidentity, a.attgenerated, a.attcollation::regcollation::text,
               pg_get_expr(d.adbin, d.adrelid)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = %(schema)s::regnamespace AND c.relkind = 'r'
          AND a.attnum > 0 AND NOT a.attisdropped""",
    "relations": """
        SELECT relname, relkind, pg_get_userbyid(relowner), relpersistence,
               relrowsecurity, reloptions::text
        FROM pg_class WHERE relnamespace = %(schema)s::regnamespace""",
    "constraints": """
        SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid),
               condeferrable, condeferred
        FROM pg_constraint WHERE connamespace = %(schema)s::regnamespace""",
    "indexes": """
        SELECT c.relname, replace(pg_get_indexdef(i.indexrelid), %(schema)s || '.', '')
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relnamespace = %(schema)s::regnamespace""",
    "sequences": """
        SELECT c.relname, s.seqtypid::regtype::text, s.seqstart, s.seqincrement, s.seqmax,
               s.seqmin, s.seqcache, s.seqcycle, v.last_value
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
        JOIN pg_sequences v ON v.schemaname = %(schema)s AND v.sequencename = c.relname
        WHERE c.relnamespace = %(schema)s::regnamespace""",
    "schema": """
        SELECT pg_get_userbyid(nspowner) FROM pg_namespace
        WHERE nspname = %(schema)s""",
}


def schema_description(schema: str) -> dict[str, list]:
    """Every object of `schema` with its definition, names relative to the schema, and
    the rows of its tables: equal for two schemas that were made the same way."""
    description = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL search_path TO {quote(schema)}")
        try:
            for part, query in DESCRIPTION.items():
                cursor.execute(query, {"schema": schema})
                description[part] = sorted(
                    tuple(str(value).replace(schema, "<schema>") for value in row)
                    for row in cursor.fetchall())
            for table, _, *_ in [row for row in description["relations"] if row[1] == "r"]:
                cursor.execute(f"SELECT * FROM {quote(schema)}.{quote(table)}")  # noqa: S608
                description[f"rows of {table}"] = sorted(map(repr, cursor.fetchall()))
        finally:
            connection.search_path_set_schemas = None
    return description
