"""Web and workers connect as an application role that cannot touch the audit log's guard.

The suite connects as a superuser, so each test creates its own application role and
runs `grant_app_role` inside its transaction, then acts as that role with
`SET SESSION AUTHORIZATION` (session and current user both become the role, as when it
logs in). Roles are cluster-wide: the name carries the process id so that two test runs
on one server never meet, and the rollback at the end of each test removes the role,
its grants and the owner's default privileges again.
"""

import contextlib
import os
from io import StringIO

import pytest
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from kyodo.audit.checks import check_application_database_role
from kyodo.audit.db_roles import refuse_unsafe_database_role, role_problems
from kyodo.audit.models import AuditEvent
from kyodo.audit.services import audit_record
from tenants.models import PublishedContact
from tenants.provisioning import municipality_provision, select_records
from tenants.workspace.services import profile_get, profile_update
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

APP_ROLE = f"kyodo_test_app_{os.getpid()}"
INSUFFICIENT_PRIVILEGE = "42501"
KUSU = "444626"  # 玖珠町, not among the session's towns


def _execute(statement: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _create_role(name: str) -> None:
    """CREATE ROLE if it does not exist (it cannot say IF NOT EXISTS itself)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format('CREATE ROLE %%I NOLOGIN', %s::text)"
            " WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = %s)", [name, name])
        for (statement,) in cursor.fetchall():
            cursor.execute(statement)


@contextlib.contextmanager
def acting_as(role: str):
    """Run the block as `role`, the way a process logged in as it would."""
    _execute(f'SET SESSION AUTHORIZATION "{role}"')
    try:
        yield
    finally:
        with contextlib.suppress(DatabaseError):
            _execute("RESET SESSION AUTHORIZATION")


@pytest.fixture
def app_role(beppu) -> str:
    _create_role(APP_ROLE)
    call_command("grant_app_role", APP_ROLE, stdout=StringIO())
    return APP_ROLE


@pytest.fixture
def owner(db) -> str:
    """The suite's own role, which owns every table (a superuser, in CI and embedded)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


@pytest.fixture
def audit_row(beppu, beppu_staff) -> AuditEvent:
    profile_update(actor=beppu_staff, municipality=beppu, data={"department": "情報政策課"})
    return AuditEvent.objects.get(action="town_profile.update")


def refused(statement: str, params=None) -> DatabaseError:
    """Run `statement` in a savepoint and return the database's refusal."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        _execute(statement, params)
    error = caught.value
    assert error.__cause__.sqlstate == INSUFFICIENT_PRIVILEGE, error
    return error


@pytest.mark.parametrize("statement", [
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_update_delete",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER USER",
    "DROP TRIGGER audit_auditevent_no_truncate ON audit_auditevent",
    "ALTER TABLE audit_auditevent OWNER TO CURRENT_USER",
    "DROP FUNCTION audit_auditevent_append_only() CASCADE",
])
def test_the_application_role_cannot_disable_or_drop_the_audit_triggers(app_role, statement):
    with acting_as(app_role):
        error = refused(statement)

    assert "must be owner" in str(error)
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass"
                       " AND NOT tgisinternal AND tgenabled = 'O' ORDER BY tgname")
        assert [row[0] for row in cursor.fetchall()] == [
            "audit_auditevent_no_truncate", "audit_auditevent_no_update_delete"]


def test_the_application_role_cannot_switch_triggers_off_for_its_session(app_role):
    with acting_as(app_role):
        error = refused("SET session_replication_role = replica")

    assert "permission denied" in str(error)


@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditevent SET action = 'rewritten' WHERE id = {id}",
    "DELETE FROM audit_auditevent WHERE id = {id}",
    "TRUNCATE audit_auditevent",
])
def test_the_application_role_may_not_update_delete_or_truncate_audit_rows(
    app_role, audit_row, statement
):
    with acting_as(app_role):
        error = refused(statement.format(id=audit_row.pk))

    # Refused by the role's privileges, before the append-only trigger is even reached.
    assert "permission denied for table audit_auditevent" in str(error)
    audit_row.refresh_from_db()
    assert audit_row.action == "town_profile.update"


def test_the_application_role_reads_and_appends_to_the_audit_log(app_role, audit_row, beppu):
    with acting_as(app_role):
        appended = audit_record(actor=None, action="test.append", target=beppu)
        seen = set(AuditEvent.objects.values_list("pk", flat=True))

    assert {audit_row.pk, appended.pk} <= seen


@pytest.mark.parametrize("statement", [
    "CREATE TABLE public.planted (id int)",
    "CREATE TABLE lg_442020.planted (id int)",
    "CREATE TABLE municipality_template.planted (id int)",
    "CREATE SCHEMA planted",
    "CREATE TEMPORARY TABLE planted (id int)",
    "CREATE FUNCTION public.planted() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    'SET ROLE "{owner}"',
])
def test_the_application_role_creates_nothing_and_cannot_become_the_owner(
    app_role, owner, statement
):
    with acting_as(app_role):
        refused(statement.format(owner=owner))


def test_the_application_role_cannot_grant_itself_more_on_the_audit_log(app_role):
    with acting_as(app_role), connection.cursor() as cursor:
        cursor.execute(f'GRANT UPDATE, DELETE ON audit_auditevent TO "{app_role}"')  # a warning
        cursor.execute("SELECT has_table_privilege('audit_auditevent', 'UPDATE'),"
                       " has_table_privilege('audit_auditevent', 'DELETE')")
        assert cursor.fetchone() == (False, False)


def test_the_application_role_serves_sign_in_and_a_profile_change_with_its_audit_row(
    app_role, client, beppu, django_capture_on_commit_callbacks
):
    staff = MembershipFactory(user__email="lead@beppu.test", municipality=beppu).user

    with acting_as(app_role):
        signed_in = client.post(reverse("account_login"),
                                {"login": staff.email, "password": "correct-horse-battery"})
        home = client.get("/m/beppu/")
        with django_capture_on_commit_callbacks(execute=True):
            saved = client.post("/m/beppu/profile/edit/",
                                {"department": "DX推進課", "notes": "庁内メモ"})
        published = PublishedContact.objects.get(municipality=beppu)
        event = AuditEvent.objects.get(action="town_profile.update")

    assert (signed_in.status_code, home.status_code, saved.status_code) == (302, 200, 302)
    assert profile_get(municipality=beppu).notes == "庁内メモ"
    assert published.department == "DX推進課"  # the publishing task ran as the role too
    assert (event.actor, event.after["department"]) == (staff, "DX推進課")


def test_a_municipality_provisioned_after_the_grant_is_usable_by_the_application_role(
    app_role
):
    record = next(r for r in select_records(prefecture="大分県") if r.lg_code == KUSU)
    kusu, outcome = municipality_provision(record=record)
    lead = MembershipFactory(user__email="lead@kusu.test", municipality=kusu).user

    with acting_as(app_role):
        profile_update(actor=lead, municipality=kusu, data={"department": "総務課"})
        profile_update(actor=lead, municipality=kusu, data={"department": "DX推進室"})
        kusu_event = AuditEvent.objects.filter(tenant_schema=kusu.schema_name).latest("id")
        refused("UPDATE audit_auditevent SET action = 'rewritten' WHERE id = %s", [kusu_event.pk])
        refused(f"CREATE TABLE {kusu.schema_name}.planted (id int)")

    assert outcome == "created"
    assert profile_get(municipality=kusu).department == "DX推進室"
    assert kusu_event.before["department"] == "総務課"


def test_schemas_and_tables_the_owner_creates_later_are_usable_by_the_application_role(
    app_role
):
    """What later migrations create (the owner's default privileges), not only clones."""
    _execute("CREATE SCHEMA later_schema")
    _execute("CREATE TABLE later_schema.later_table (id bigint GENERATED BY DEFAULT AS"
             " IDENTITY PRIMARY KEY, note text)")
    _execute("CREATE TABLE lg_442020.later_table (id serial PRIMARY KEY, note text)")

    with acting_as(app_role):
        for table in ("later_schema.later_table", "lg_442020.later_table"):
            _execute(f"INSERT INTO {table} (note) VALUES ('a')")  # noqa: S608
            _execute(f"UPDATE {table} SET note = 'b'")  # noqa: S608
            _execute(f"DELETE FROM {table}")  # noqa: S608
            refused(f"TRUNCATE {table}")
        refused("CREATE TABLE later_schema.planted (id int)")


def test_granting_twice_changes_nothing_and_leaves_the_role_nothing_to_bypass(app_role):
    out = StringIO()
    call_command("grant_app_role", app_role, stdout=out)

    assert role_problems(app_role) == []
    assert f"{app_role}: USAGE on 5 schemas" in out.getvalue()  # public, template, 3 towns
    assert "SELECT/INSERT only on audit_auditevent" in out.getvalue()


def test_grant_refuses_a_role_that_does_not_exist_or_could_act_as_the_owner(owner):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("grant_app_role", f"kyodo_test_missing_{os.getpid()}")
    with pytest.raises(CommandError, match="itself"):
        call_command("grant_app_role", owner)

    _create_role(APP_ROLE)
    _execute(f'GRANT "{owner}" TO "{APP_ROLE}"')
    with pytest.raises(CommandError, match="member of the owner"):
        call_command("grant_app_role", APP_ROLE)


def test_a_role_that_owns_the_audit_table_or_may_change_its_rows_is_unfit_to_serve(
    app_role, owner
):
    table_owner, updater = f"{APP_ROLE}_owner", f"{APP_ROLE}_updater"
    for role in (table_owner, updater):
        _create_role(role)
    _execute(f'ALTER TABLE audit_auditevent OWNER TO "{table_owner}"')
    _execute(f'GRANT SELECT, INSERT, UPDATE ON audit_auditevent TO "{updater}"')

    assert role_problems(owner) == [f"{owner} is a superuser"]
    assert f"{table_owner} owns public.audit_auditevent or is a member of its owner's role" \
        in role_problems(table_owner)
    assert role_problems(updater) == [f"{updater} holds UPDATE on public.audit_auditevent"]
    assert role_problems(app_role) == []


def test_the_deploy_check_reports_a_role_that_owns_the_audit_table(app_role, settings):
    settings.DEBUG = False

    as_owner = check_application_database_role(None, databases=["default"])
    with acting_as(app_role):
        as_app = check_application_database_role(None, databases=["default"])

    assert [type(e) for e in as_owner] == [Error]
    assert as_owner[0].id == "kyodo.audit.E001" and "superuser" in as_owner[0].msg
    assert as_app == []
    assert check_application_database_role(None, databases=None) == []


def test_web_and_workers_refuse_to_start_as_the_owner_with_debug_off(app_role, settings):
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="superuser"):
        refuse_unsafe_database_role()

    with acting_as(app_role):
        refuse_unsafe_database_role()

    settings.DEBUG = True
    refuse_unsafe_database_role()
