"""New town schemas are the template's DDL replayed (tenants/schema_replay.py): the same
objects as the template, made in one round trip, and django-tenants' clone wherever the
replay would not reproduce the template."""

import pytest
from django.db import connection, connections
from django.db.backends.signals import connection_created
from django.test.utils import CaptureQueriesContext

from tenants import schema_replay
from tenants.models import Municipality
from tenants.provisioning import municipalities_provision, municipality_provision, select_records
from tenants.schema_catalog import schema_description

pytestmark = pytest.mark.django_db

TEMPLATE = "municipality_template"


def _record(lg_code: str):
    return next(record for record in select_records(prefecture="大分県")
                if record.lg_code == lg_code)


def _provision(lg_code: str) -> Municipality:
    municipality, outcome = municipality_provision(record=_record(lg_code))
    assert outcome == "created"
    return municipality


def _run(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _record_in_template(migration: str) -> None:
    """A migration applied to the template: its migration state changes."""
    values = f"('workspace', '{migration}', now())"
    _run(f"INSERT INTO {TEMPLATE}.django_migrations (app, name, applied) VALUES {values}")  # noqa: S608


def test_a_replayed_schema_holds_exactly_what_the_template_holds():
    kusu = _provision("444626")

    assert kusu.schema_created_by == "replay"
    template = schema_description(TEMPLATE)
    assert template["relations"] and template["constraints"] and template["indexes"]
    assert any(name.startswith("rows of django_migrations") and rows
               for name, rows in template.items())
    assert schema_description(kusu.schema_name) == template


def test_the_comparison_sees_a_missing_index_a_changed_default_and_a_missing_row():
    """The equality above can fail: each difference a faulty replay could make shows."""
    kusu = _provision("444626")
    template = schema_description(TEMPLATE)
    schema = f'"{kusu.schema_name}"'

    _run(f"DROP INDEX {schema}.joint_targets_workspace__measure_db0d93d0_like")
    assert schema_description(kusu.schema_name)["indexes"] != template["indexes"]
    _run(f"ALTER TABLE {schema}.workspace_townprofile ALTER notes SET DEFAULT 'x'")
    assert schema_description(kusu.schema_name)["columns"] != template["columns"]
    _run(f"DELETE FROM {schema}.django_migrations WHERE app = 'workspace'")  # noqa: S608
    assert (schema_description(kusu.schema_name)["rows of django_migrations"]
            != template["rows of django_migrations"])


def test_the_template_read_outside_a_transaction_gives_the_same_script(monkeypatch):
    """A script captured on a connection in autocommit (a command, a benchmark) names the
    template's objects as one captured inside a transaction does, unqualified: qualified,
    its ALTER TABLEs would go to the template itself."""
    inside = schema_replay.capture(TEMPLATE, "state")
    autocommit = connections.create_connection("default")
    monkeypatch.setattr(schema_replay, "connection", autocommit)
    try:
        outside = schema_replay.capture(TEMPLATE, "state")
    finally:
        autocommit.close()

    assert f"{TEMPLATE}.django_migrations ADD" not in outside.body
    assert outside.body == inside.body


def test_a_new_schema_is_made_in_one_round_trip_once_the_template_is_read():
    _provision("444626")  # reads the template at its migration state

    with CaptureQueriesContext(connection) as queries:
        schema_replay.replay(TEMPLATE, "replay_round_trip")

    assert len(queries) == 2  # the template's migration state, then the whole script
    assert queries[1]["sql"].startswith('CREATE SCHEMA "replay_round_trip"')
    assert schema_description("replay_round_trip") == schema_description(TEMPLATE)


def test_a_template_migration_is_in_the_next_schema_without_a_restart():
    _provision("444626")
    _run(f"ALTER TABLE {TEMPLATE}.workspace_townprofile ADD COLUMN website varchar(200)")
    _record_in_template("9999_town_website")

    kokonoe = _provision("444618")

    assert kokonoe.schema_created_by == "replay"
    assert schema_description(kokonoe.schema_name) == schema_description(TEMPLATE)


@pytest.mark.parametrize("unsupported, named", [
    (f"CREATE VIEW {TEMPLATE}.profile_names AS SELECT 1 AS one", "relation: v profile_names"),
    (f"CREATE SEQUENCE {TEMPLATE}.receipt_numbers", "sequence without identity: receipt_numbers"),
    (f"COMMENT ON TABLE {TEMPLATE}.workspace_townprofile IS 'profile'",
     "comment: workspace_townprofile"),
])
def test_a_template_object_the_replay_cannot_make_sends_the_town_to_django_tenants_clone(
        unsupported, named):
    _run(unsupported)
    _record_in_template("9999_unsupported")

    with pytest.raises(schema_replay.TemplateNotReplayable, match=named):
        schema_replay.script_for(TEMPLATE)
    kusu = _provision("444626")

    assert kusu.schema_created_by == "django-tenants"
    cloned, template = schema_description(kusu.schema_name), schema_description(TEMPLATE)
    # django-tenants' clone renames a named unique constraint (procedure_unique_in_year
    # becomes the default name), one more reason for the replay: compare the tables.
    for part in ("columns", "sequences", "rows of django_migrations"):
        assert cloned[part] == template[part]


def test_a_rerun_with_nothing_to_change_reads_once_and_opens_no_connection(
        django_assert_max_num_queries):
    records = select_records(prefecture="大分県")
    municipalities_provision(records=records)
    opened = []

    def count(sender, connection, **kwargs):
        opened.append(connection.alias)

    connection_created.connect(count)
    try:
        with django_assert_max_num_queries(4):  # the prefecture's row, then every town's
            report = municipalities_provision(records=records)
    finally:
        connection_created.disconnect(count)

    assert report.unchanged == 18 and not report.created and not report.updated
    assert opened == []


def test_a_town_cloned_by_django_tenants_gets_its_constraint_name_back(settings):
    """joint_targets.workspace 0004 renames the unique constraint the clone renamed."""
    import importlib

    from django_tenants.utils import tenant_context

    migration = importlib.import_module(
        "joint_targets.workspace.migrations.0004_procedure_constraint_name")
    settings.KYODO_SCHEMA_REPLAY = False
    kusu = _provision("444626")

    def constraint_names():
        names = {row[1] for row in schema_description(kusu.schema_name)["constraints"]}
        return {name for name in names if "fiscal_year_department" in name
                or name == "procedure_unique_in_year"}

    assert constraint_names() == {"joint_targets_workspace_procedu_fiscal_year_department_name_key"}
    with tenant_context(kusu):
        _run(migration.RENAME)
        _run(migration.RENAME)  # a second run (a town already right) changes nothing
    assert constraint_names() == {"procedure_unique_in_year"}
