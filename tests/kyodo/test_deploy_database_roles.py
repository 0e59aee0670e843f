"""The deploy files give web, worker and beat the application role and only the owner's
jobs the owner: a file that hands the owner's URL to a serving process fails here."""

from pathlib import Path
from urllib.parse import urlparse

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SERVING = ("web", "worker", "beat")
OWNER, APP = "kyodo", "kyodo_app"


def _env_file(path: Path) -> dict[str, str]:
    lines = (line for line in path.read_text().splitlines() if line and not line.startswith("#"))
    return dict(line.split("=", 1) for line in lines)


def _k8s(relative: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all((DEPLOY / "k8s" / relative).read_text()) if doc]


def _pod_containers(relative: str) -> list[dict]:
    return [container for doc in _k8s(relative) if doc["kind"] in {"Deployment", "Job"}
            for container in doc["spec"]["template"]["spec"]["containers"]]


def _secrets_of(container: dict) -> list[str]:
    return [source["secretRef"]["name"] for source in container["envFrom"]
            if "secretRef" in source]


def test_compose_serves_as_the_application_role_and_migrates_as_the_owner():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())["services"]
    app_env, db_env = _env_file(DEPLOY / "env.example"), _env_file(DEPLOY / "db.env.example")

    for name in (*SERVING, "collectstatic"):
        assert compose[name]["env_file"] == ".env", name
    assert compose["migrate"]["env_file"] == [".env", "db.env"]  # db.env's URL wins
    assert "grant_app_role kyodo_app" in " ".join(compose["migrate"]["command"])
    assert compose["postgres"]["env_file"] == "db.env"
    assert "./postgres/initdb:/docker-entrypoint-initdb.d:ro" in compose["postgres"]["volumes"]

    app_url, owner_url = urlparse(app_env["DATABASE_URL"]), urlparse(db_env["DATABASE_URL"])
    assert (app_url.username, app_url.password) == (APP, db_env["KYODO_DB_APP_PASSWORD"])
    assert (owner_url.username, owner_url.password) == (OWNER, db_env["KYODO_DB_OWNER_PASSWORD"])
    assert "POSTGRES_PASSWORD" not in app_env


def test_kubernetes_serves_as_the_application_role_and_migrates_as_the_owner():
    secrets = {doc["metadata"]["name"]: doc["stringData"]
               for doc in _k8s("secret.example.yaml")}

    for name in SERVING:
        (container,) = _pod_containers(f"{name}.yaml")
        assert _secrets_of(container) == ["kyodo-secrets"], name
    for job in ("migrate/job.yaml", "provision/job.yaml"):
        (container,) = _pod_containers(job)
        assert _secrets_of(container)[-1] == "kyodo-owner-secrets", job
    (migrate,) = _pod_containers("migrate/job.yaml")
    assert "grant_app_role kyodo_app" in " ".join(migrate["command"])
    assert "manage.py migrate_fleet --workers" in " ".join(migrate["command"])

    app_url = urlparse(secrets["kyodo-secrets"]["DATABASE_URL"])
    owner_url = urlparse(secrets["kyodo-owner-secrets"]["DATABASE_URL"])
    pgbouncer = secrets["pgbouncer-secrets"]
    assert (app_url.username, app_url.hostname) == (APP, "pgbouncer")
    assert (pgbouncer["DB_USER"], pgbouncer["DB_PASSWORD"]) == (APP, app_url.password)
    assert owner_url.username == OWNER
    assert owner_url.hostname == pgbouncer["DB_HOST"]  # straight to PostgreSQL
