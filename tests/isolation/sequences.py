"""Rows planted with chosen ids (the towns' own numbers among them) sit outside the id
sequence: move each sequence past them, so that a row the walk creates never takes one."""

from django.db import connection


def sequences_past_planted_ids(*models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                           f"(SELECT MAX(id) FROM {table}))")
