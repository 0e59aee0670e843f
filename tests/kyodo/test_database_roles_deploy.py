"""The deploy's two database roles end to end, each process logged in as its own role.

docker compose's init script creates the owner and the application role in a scratch
database; the owner (not a superuser) migrates, grants and provisions, as the migrate
service does; then a process logged in as the application role serves a profile change
and is refused the audit log's guard, and web refuses to start as the owner.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from tests.conftest import missing_service

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
INIT_SCRIPT = ROOT / "deploy" / "postgres" / "initdb" / "10-kyodo-roles.sh"
SUFFIX = os.getpid()
DATABASE = f"kyodo_test_roles_{SUFFIX}"
OWNER, APP = f"kyodo_test_owner_{SUFFIX}", f"kyodo_test_app_{SUFFIX}"
PASSWORDS = {OWNER: "owner-Pa55'word", APP: "app-Pa55word"}

# What `provision_municipalities --prefecture 大分県` does, for the prefecture and one town.
PROVISION_AS_OWNER = """
from tenants.provisioning import municipality_provision, prefecture_provision, select_records
prefecture_provision(prefecture="大分県")
municipality_provision(record=next(r for r in select_records(prefecture="大分県")
                                   if r.slug == "beppu"))
"""

SERVE_AS_APP = """
import json
from django.db import DatabaseError, connection, transaction
from django.test import Client
from kyodo.accounts.models import Membership, Role, User
from kyodo.audit.models import AuditEvent
from tenants.models import Municipality, PublishedContact

beppu = Municipality.objects.get(slug="beppu")
user = User.objects.create_user(email="lead@beppu.test", password="correct-horse-battery")
Membership.objects.create(user=user, municipality=beppu, role=Role.MUNICIPALITY_LEAD)
client = Client(SERVER_NAME="localhost")
client.force_login(user)
response = client.post("/m/beppu/profile/edit/", {"department": "DX推進課"})
refusals = {}
for statement in ("UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent",
                  "TRUNCATE audit_auditevent",
                  "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
                  "SET session_replication_role = replica", "CREATE SCHEMA planted"):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
        refusals[statement] = "allowed"
    except DatabaseError as error:
        refusals[statement] = error.__cause__.sqlstate
print(json.dumps({
    "status": response.status_code,
    "audited": AuditEvent.objects.filter(action="town_profile.update",
                                         after__department="DX推進課").count(),
    "published": PublishedContact.objects.get(municipality=beppu).department,
    "refusals": refusals,
}))
"""


def _server() -> dict:
    db = settings.DATABASES["default"]
    return {"host": db["HOST"] or "127.0.0.1", "port": int(db["PORT"] or 5432),
            "user": db["USER"] or "postgres", "password": db["PASSWORD"] or ""}


def _url(role: str) -> str:
    server = _server()
    credentials = f"{quote(role, safe='')}:{quote(PASSWORDS[role], safe='')}"
    if server["host"].startswith("/"):  # the embedded server's socket directory
        return (f"postgres://{credentials}@/{DATABASE}"
                f"?host={quote(server['host'], safe='')}&port={server['port']}")
    return f"postgres://{credentials}@{server['host']}:{server['port']}/{DATABASE}"


def _admin(*statements) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as conn:
        for statement in statements:
            conn.execute(statement)


def _drop_everything() -> None:
    _admin(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)),
        sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(APP)),
        sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(OWNER)),
    )


def _run(args: list[str], *, env: dict) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(args, cwd=ROOT, env={**base, **env}, capture_output=True, text=True,
                          timeout=300)


def _manage(*args: str, role: str, **env: str) -> subprocess.CompletedProcess:
    return _run([sys.executable, "manage.py", *args],
                env={"DEBUG": "true", "DATABASE_URL": _url(role), **env})


@pytest.fixture
def roles_from_the_init_script():
    if shutil.which("psql") is None:
        missing_service("psql is not installed (the compose init script runs it)")
    server = _server()
    _drop_everything()
    _admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    script_env = {
        "PGHOST": server["host"], "PGPORT": str(server["port"]),
        "PGPASSWORD": server["password"], "POSTGRES_USER": server["user"],
        "POSTGRES_DB": DATABASE, "KYODO_DB_OWNER": OWNER, "KYODO_DB_APP_USER": APP,
        "KYODO_DB_OWNER_PASSWORD": PASSWORDS[OWNER], "KYODO_DB_APP_PASSWORD": PASSWORDS[APP],
    }
    try:
        for _ in range(2):  # the second run is how a password is changed
            result = _run(["sh", str(INIT_SCRIPT)], env=script_env)
            assert result.returncode == 0, result.stderr
        yield
    finally:
        _drop_everything()


def test_the_owner_migrates_and_provisions_and_the_application_role_serves(
    roles_from_the_init_script
):
    with psycopg.connect(dbname=DATABASE, **_server()) as conn:
        owner, = conn.execute("SELECT pg_get_userbyid(datdba) FROM pg_database"
                              " WHERE datname = current_database()").fetchone()
        attributes = conn.execute("SELECT rolname, rolsuper, rolcreatedb, rolcreaterole"
                                  " FROM pg_roles WHERE rolname = ANY(%s) ORDER BY rolname",
                                  [[OWNER, APP]]).fetchall()
    assert owner == OWNER
    assert attributes == [(APP, False, False, False), (OWNER, False, False, False)]

    for args in (["migrate", "--noinput"], ["grant_app_role", APP],
                 ["shell", "-c", PROVISION_AS_OWNER]):
        result = _manage(*args, role=OWNER)
        assert result.returncode == 0, result.stderr

    served = _manage("shell", "-c", SERVE_AS_APP, role=APP)
    assert served.returncode == 0, served.stderr
    outcome = json.loads(served.stdout.strip().splitlines()[-1])
    assert (outcome["status"], outcome["audited"], outcome["published"]) == (302, 1, "DX推進課")
    assert set(outcome["refusals"].values()) == {"42501"}, outcome["refusals"]

    production = {"DEBUG": "false", "SECRET_KEY": "s" * 30 + "-production-like-key-0123456789",
                  "ALLOWED_HOSTS": "kyodo.example.jp"}
    web_as_app = _run([sys.executable, "-c", "import kyodo.wsgi"],
                      env={**production, "DATABASE_URL": _url(APP)})
    web_as_owner = _run([sys.executable, "-c", "import kyodo.wsgi"],
                        env={**production, "DATABASE_URL": _url(OWNER)})
    assert web_as_app.returncode == 0, web_as_app.stderr
    assert web_as_owner.returncode != 0
    assert f"{OWNER} owns public.audit_auditevent" in web_as_owner.stderr
