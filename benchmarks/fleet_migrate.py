"""Deploying migrations to every town: `migrate_fleet` beside django-tenants' `migrate`.

With all 1,741 municipalities provisioned (1,743 schemas with public and the template),
in one run on the same database:

1. a no-op deploy (nothing to migrate): `migrate_fleet --workers N` (one catalog query
   finds every schema current; tenants/fleet.py) and the standard `migrate` (django-tenants'
   standard executor, which visits every schema), fleet first and last so a warm cache
   favours neither;
2. one new tenant migration (a nullable column on the town profile): migration A by the
   standard `migrate`, then migration B, of the same shape, by `migrate_fleet`. The
   migrations live in a temporary copy of the workspace app's migrations
   (MIGRATION_MODULES), so nothing in the repository changes, and every schema is checked
   to record each migration afterwards.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kyodo \\
        .venv/bin/python benchmarks/fleet_migrate.py [--workers 2] [--limit N]

It works in its own database (kyodo_benchmark), created at the start and dropped at the
end. Results: benchmarks/results/fleet_migrate.json.
"""

import importlib
import shutil
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import provisioning as base

RESULTS_FILE = base.ROOT / "benchmarks" / "results" / "fleet_migrate.json"
APP = "workspace"
PACKAGE = "kyodo_benchmark_migrations"
NEW_MIGRATION = '''from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workspace", "{previous}")]
    operations = [migrations.AddField("townprofile", "{column}",
                                      models.CharField(max_length=200, null=True))]
'''


def migration_modules(root: Path, names: list[str]) -> str:
    """A copy of the workspace app's migrations plus `names` (each adding a column)."""
    from tenants.workspace import migrations as originals

    package = root / PACKAGE
    if package.exists():
        shutil.rmtree(package)
    shutil.copytree(Path(originals.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    previous = sorted(path.stem for path in package.glob("0*.py"))[-1]
    for name in names:
        (package / f"{name}.py").write_text(
            NEW_MIGRATION.format(previous=previous, column=name.split("_", 1)[1]),
            encoding="utf-8")
        previous = name
    for module in [m for m in sys.modules if m.startswith(PACKAGE)]:
        del sys.modules[module]
    importlib.invalidate_caches()
    return PACKAGE


def timed(command: str, **options) -> float:
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    started = time.perf_counter()
    call_command(command, verbosity=0, stdout=StringIO(), **options)
    return round(time.perf_counter() - started, 2)


def schemas_without(migration: str) -> int:
    from tenants.fleet import fleet_schemas, schemas_at_leaves

    schemas = fleet_schemas()
    return len(schemas) - len(schemas_at_leaves(schemas, [(APP, migration)]))


def main() -> None:
    parser = base.fleet_parser(__doc__, RESULTS_FILE)
    parser.add_argument("--workers", type=base.positive, default=2)
    options = parser.parse_args()
    fleet_options = {"workers": options.workers}
    root = Path(tempfile.mkdtemp(prefix="kyodo-fleet-"))
    sys.path.insert(0, str(root))

    with base.benchmark_database() as (server, url):
        base.django_start(url)
        base.platform_prepare()
        from django.test import override_settings

        from tenants.fleet import fleet_schemas

        records = base.fleet_provisioned(options.limit)
        schemas = len(fleet_schemas())
        print(f"{schemas} schemas. No-op deploys…", flush=True)
        noop = {"fleet_first": timed("migrate_fleet", **fleet_options),
                "standard": timed("migrate", interactive=False),
                "fleet_last": timed("migrate_fleet", **fleet_options)}
        print(f"  {noop}", flush=True)

        with override_settings(MIGRATION_MODULES={
                APP: migration_modules(root, ["9001_benchmark_a"])}):
            print("One new migration by the standard migrate…", flush=True)
            standard = timed("migrate", interactive=False)
            behind_a = schemas_without("9001_benchmark_a")
        with override_settings(MIGRATION_MODULES={
                APP: migration_modules(root, ["9001_benchmark_a", "9002_benchmark_b"])}):
            print("One new migration by migrate_fleet…", flush=True)
            fleet = timed("migrate_fleet", **fleet_options)
            behind_b = schemas_without("9002_benchmark_b")
        machine = base.machine_info(server)
    shutil.rmtree(root)
    if behind_a or behind_b:
        raise SystemExit(f"Schemas left behind: {behind_a} by migrate, {behind_b} by the fleet")

    arguments = f"--workers {options.workers}" + (
        f" --limit {options.limit}" if options.limit else "")
    results = base.run_header("fleet_migrate.py", arguments, machine) | {
        "towns": len(records),
        "schemas": schemas,
        "no_op_seconds": noop | {
            "standard_over_fleet": round(noop["standard"] / max(noop["fleet_last"], 0.01), 1)},
        "one_migration_seconds": {
            "standard": standard, "fleet": fleet,
            "standard_over_fleet": round(standard / fleet, 1),
            "schemas_left_behind": behind_a + behind_b,
        },
    }
    base.results_write(options.output, results)
    print(f"{schemas} schemas, {options.workers} workers: no-op fleet {noop['fleet_last']} s"
          f" vs standard {noop['standard']} s; one migration fleet {fleet} s vs standard"
          f" {standard} s → {options.output}")


if __name__ == "__main__":
    main()
