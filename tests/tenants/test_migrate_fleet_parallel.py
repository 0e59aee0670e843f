"""`migrate_fleet --workers`: towns migrate in forked worker processes, each under a
lock_timeout, so a town whose table another transaction holds fails fast, is reported,
and is migrated by the next run. The workers see only committed data, so this test
commits its changes (to the session's towns) and leaves them migrated again."""

from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.utils import schema_context

from tenants.fleet import fleet_schemas, graph_leaves, schemas_at_leaves
from tenants.models import Municipality
from tests.conftest import SESSION_TOWNS

LEAF = ("workspace", "0002_notes_limit")  # alters workspace_townprofile


def _forget_leaf(schema: str) -> None:
    with schema_context(schema):
        MigrationRecorder(connection).migration_qs.filter(app=LEAF[0], name=LEAF[1]).delete()


def _holding_a_lock_on(schema: str) -> psycopg.Connection:
    """Another session in the middle of a transaction that holds the town's table."""
    settings = connection.settings_dict
    holder = psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                             user=settings["USER"] or "postgres", dbname=settings["NAME"])
    holder.execute(f'LOCK TABLE "{schema}".workspace_townprofile IN ACCESS EXCLUSIVE MODE')
    return holder


def _fleet(*arguments) -> str:
    out = StringIO()
    try:
        call_command("migrate_fleet", *arguments, stdout=out, stderr=out)
    except CommandError as error:
        out.write(f"\nCommandError: {error}")
    return out.getvalue()


def test_workers_migrate_the_towns_and_a_locked_town_fails_fast_then_resumes(
        django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        beppu, himeshima, oita = (Municipality.objects.get(lg_code=code).schema_name
                                  for code in SESSION_TOWNS.values())
        for schema in (beppu, himeshima, oita):
            _forget_leaf(schema)
        holder = _holding_a_lock_on(himeshima)
        try:
            first = _fleet("--workers", "2", "--lock-timeout", "500ms",
                           "--statement-timeout", "15s")
        finally:
            holder.rollback()
            holder.close()
        second = _fleet("--workers", "2")
        behind_after = set(fleet_schemas()) - schemas_at_leaves(fleet_schemas(), graph_leaves())
        # After a browser test, test code runs in a greenlet with a connection of its
        # own, which must not outlive the test (the test database is dropped at the end).
        connections.close_all()

    assert "3 behind" in first
    assert f"migrated: {beppu}" in first and f"migrated: {oita}" in first
    assert f"failed: {himeshima}: OperationalError: canceling statement due to lock timeout" \
        in first
    assert "1 schema(s) failed; run again to retry them." in first
    assert "1 behind" in second and f"migrated: {himeshima}" in second
    assert behind_after == set()


@pytest.mark.parametrize("arguments", [("--workers", "0"), ("--lock-timeout", "10 seconds"),
                                       ("--statement-timeout", "5s; DROP")])
def test_bad_options_are_refused_before_anything_runs(arguments, db):
    with pytest.raises(CommandError):
        call_command("migrate_fleet", *arguments, stdout=StringIO(), stderr=StringIO())
