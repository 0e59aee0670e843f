"""PgBouncer in the mode deploy/k8s/pgbouncer.yaml configures (session pooling) never lets
one town's search_path reach another town's queries; transaction pooling would, which the
transaction-mode cases show (they keep the test honest: it sees a leak when there is one).

django-tenants selects a town with `SET search_path` on the connection and relies on it
for the queries that follow. Each case starts a PgBouncer of its own in front of the test
database (Debian's package; CI installs it).
"""

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection

from tests.conftest import missing_service

pytestmark = [pytest.mark.services, pytest.mark.django_db]

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server() -> dict:
    settings = connection.settings_dict
    return {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432,
            "user": settings["USER"] or "postgres", "dbname": settings["NAME"]}


@contextmanager
def pgbouncer(pool_mode: str, pool_size: int):
    """A PgBouncer on a free loopback port in front of the test database; yields the port."""
    if not os.path.exists(PGBOUNCER):
        missing_service("PgBouncer is not installed (apt-get install pgbouncer)")
    server = _server()
    if str(server["host"]).startswith("/"):
        missing_service("PgBouncer is tested in front of PostgreSQL over TCP (DATABASE_URL); "
                        "the embedded server listens only on its own Unix socket")
    folder = tempfile.mkdtemp(prefix="kyodo-pgbouncer-")
    os.chmod(folder, 0o755)  # noqa: S103 (it drops root for `nobody`, who reads its files)
    port = _free_port()
    with open(f"{folder}/users.txt", "w") as users:
        users.write(f'"{server["user"]}" ""\n')
    with open(f"{folder}/pgbouncer.ini", "w") as ini:
        ini.write(f"""[databases]
* = host={server["host"]} port={server["port"]}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/users.txt
pool_mode = {pool_mode}
default_pool_size = {pool_size}
max_client_conn = 200
server_reset_query = DISCARD ALL
ignore_startup_parameters = extra_float_digits
""")
    for name in os.listdir(folder):
        os.chmod(f"{folder}/{name}", 0o644)
    command = [PGBOUNCER, *(["-u", "nobody"] if os.geteuid() == 0 else []),
               f"{folder}/pgbouncer.ini"]
    log = open(f"{folder}/pgbouncer.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    try:
        _wait_for(port, process, f"{folder}/pgbouncer.log")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(port: int, process, log: str) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            with open(log) as text:
                raise RuntimeError(f"PgBouncer stopped: {text.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("PgBouncer did not start listening")


def _client(port: int) -> psycopg.Connection:
    server = _server()
    return psycopg.connect(host="127.0.0.1", port=port, user=server["user"],
                           dbname=server["dbname"], autocommit=True, prepare_threshold=None)


def _current_schema(client) -> str:
    return client.execute("SELECT current_schema()").fetchone()[0]


@pytest.mark.parametrize(("pool_mode", "pool_size", "leaks"), [
    ("session", 2, False),
    ("transaction", 1, True),
])
def test_a_town_set_on_one_client_never_shows_on_another(pool_mode, pool_size, leaks,
                                                          beppu, himeshima):
    with (pgbouncer(pool_mode, pool_size) as port, _client(port) as ours,
          _client(port) as theirs):
        ours.execute(f'SET search_path = "{beppu.schema_name}", public')
        theirs.execute(f'SET search_path = "{himeshima.schema_name}", public')

        assert (_current_schema(ours) != beppu.schema_name) is leaks


def test_a_server_connection_lent_to_the_next_client_forgets_the_last_town(beppu):
    with pgbouncer("session", 1) as port:
        with _client(port) as first:
            first.execute(f'SET search_path = "{beppu.schema_name}", public')
            assert _current_schema(first) == beppu.schema_name
        with _client(port) as next_client:  # the same server connection, after DISCARD ALL
            assert _current_schema(next_client) == "public"


@pytest.mark.parametrize(("pool_mode", "leaks"), [("session", False), ("transaction", True)])
def test_concurrent_requests_for_different_towns_each_see_only_their_own_schema(
        pool_mode, leaks, beppu, himeshima, oita_city):
    """Requests as Kyodo makes them behind PgBouncer (CONN_MAX_AGE=0): django-tenants sets
    the town, queries, and the connection closes at the request's end; eight threads over
    three towns share two server connections. In transaction mode about half the queries
    run in another town's schema (seen: 109 and 114 of 200), so finding none is not luck."""
    towns = [beppu, himeshima, oita_city]
    seen: list[tuple[str, str]] = []
    errors: list[BaseException] = []

    def requests(town, port):
        try:
            connection.settings_dict = {**connection.settings_dict, "HOST": "127.0.0.1",
                                        "PORT": port, "CONN_MAX_AGE": 0}
            for _ in range(25):
                connection.set_tenant(town)
                with connection.cursor() as cursor:
                    cursor.execute("SELECT current_schema()")
                    seen.append((town.schema_name, cursor.fetchone()[0]))
                connection.close()
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)

    with pgbouncer(pool_mode, 2) as port:
        threads = [threading.Thread(target=requests, args=(towns[number % 3], port))
                   for number in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    assert errors == []
    assert len(seen) == 8 * 25
    assert bool([pair for pair in seen if pair[0] != pair[1]]) is leaks
