"""Production settings refuse insecure configuration; `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-for-the-settings-test-0123456789"
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "kyodo.pref.oita.example",
    "DATABASE_URL": "postgres://kyodo@db.invalid:5432/kyodo",
    "DJANGO_SETTINGS_MODULE": "kyodo.settings.base",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items()
            if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL",
                           "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(("override", "complaint"), [
    ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
    ({"SECRET_KEY": "a-key-that-is-far-too-short-to-be-safe"}, "SECRET_KEY must be set"),
    ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
    ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list"),
    ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
    ({"DATABASE_URL": ""}, "DATABASE_URL must be set"),
])
def test_production_refuses_to_start_with_insecure_settings(override, complaint):
    env = {**PRODUCTION, **override}
    env = {key: value for key, value in env.items() if value != ""}

    result = manage("check", **env)

    assert result.returncode != 0
    assert complaint in result.stderr
