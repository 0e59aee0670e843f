"""`migrate_fleet` migrates only the schemas behind the migration files, reports each
one, and goes on past a schema that fails."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.utils import schema_context

from tenants.fleet import fleet_schemas, graph_leaves, schemas_at_leaves

pytestmark = pytest.mark.django_db

WORKSPACE_LEAF = ("workspace", "0002_notes_limit")


def recorded_migrations():
    """The django_migrations rows of the schema in use (its search path finds its own
    table before the public one)."""
    return MigrationRecorder(connection).migration_qs


def forget_recorded(schema: str, *, app: str, names: list[str]) -> None:
    with schema_context(schema):
        recorded_migrations().filter(app=app, name__in=names).delete()


def recorded(schema: str, app: str, name: str) -> bool:
    with schema_context(schema):
        return recorded_migrations().filter(app=app, name=name).exists()


def run(out: StringIO | None = None) -> str:
    out = out or StringIO()
    call_command("migrate_fleet", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_current_fleet_is_found_current_and_nothing_is_migrated(beppu):
    schemas = fleet_schemas()
    assert schemas[0] == "public" and schemas[-1] == "municipality_template"
    assert beppu.schema_name in schemas

    assert schemas_at_leaves(schemas, graph_leaves()) == set(schemas)
    output = run()
    assert "0 behind" in output
    assert f"Schemas: 0 migrated, {len(schemas)} already current (skipped), 0 failed" in output


def test_only_the_town_behind_is_migrated(beppu, himeshima):
    assert WORKSPACE_LEAF in graph_leaves()
    forget_recorded(beppu.schema_name, app="workspace", names=[WORKSPACE_LEAF[1]])
    assert beppu.schema_name not in schemas_at_leaves(fleet_schemas(), graph_leaves())

    output = run()

    assert "1 behind" in output
    assert f"migrated: {beppu.schema_name}" in output
    assert f"migrated: {himeshima.schema_name}" not in output
    assert recorded(beppu.schema_name, *WORKSPACE_LEAF)
    assert beppu.schema_name in schemas_at_leaves(fleet_schemas(), graph_leaves())


def test_a_template_behind_is_migrated_so_new_towns_start_current(beppu):
    """New towns are replayed from the template: it is migrated like any town."""
    forget_recorded("municipality_template", app="workspace", names=[WORKSPACE_LEAF[1]])

    output = run()

    assert "1 behind" in output
    assert "migrated: municipality_template" in output
    assert recorded("municipality_template", *WORKSPACE_LEAF)


def test_a_failing_town_is_reported_and_the_others_still_migrate(beppu, himeshima):
    # himeshima forgets its first workspace migration too: applying it again fails,
    # because the table it creates is there.
    forget_recorded(himeshima.schema_name, app="workspace",
                    names=["0001_initial", WORKSPACE_LEAF[1]])
    forget_recorded(beppu.schema_name, app="workspace", names=[WORKSPACE_LEAF[1]])

    out = StringIO()
    with pytest.raises(CommandError, match="1 schema"):
        run(out)

    assert f"failed: {himeshima.schema_name}: ProgrammingError" in out.getvalue()
    assert "already exists" in out.getvalue()
    assert "1 failed" in out.getvalue()

    assert recorded(beppu.schema_name, *WORKSPACE_LEAF)
    assert not recorded(himeshima.schema_name, *WORKSPACE_LEAF)
    assert himeshima.schema_name not in schemas_at_leaves(fleet_schemas(), graph_leaves())


def column_type(schema: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                       " WHERE attrelid = %s::regclass AND attname = 'notes'",
                       [f'"{schema}".workspace_townprofile'])
        return cursor.fetchone()[0]


def test_towns_at_one_starting_point_share_one_rendered_state_and_each_gets_its_ddl(
        beppu, himeshima, monkeypatch):
    """The graph and the state before a migration are built once, not per town
    (tenants.fleet.TownMigrator), and every town behind still runs the migration."""
    from django.db.migrations.executor import MigrationExecutor

    for town in (beppu, himeshima):
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE "{town.schema_name}".workspace_townprofile'
                           " ALTER notes TYPE text")
        forget_recorded(town.schema_name, app="workspace", names=[WORKSPACE_LEAF[1]])
    renders = []
    original = MigrationExecutor._create_project_state
    monkeypatch.setattr(MigrationExecutor, "_create_project_state",
                        lambda self, **kwargs: renders.append(1) or original(self, **kwargs))

    output = run()

    assert "2 behind" in output
    assert column_type(beppu.schema_name) == column_type(himeshima.schema_name) == (
        "character varying(4000)")
    assert len(renders) == 1
