"""Creating municipalities' schemas from the master data.

A new municipality's schema is a copy of the template schema (TENANT_BASE_SCHEMA),
which `manage.py migrate` keeps at the latest migration: the template's DDL, read
once per migration state, is replayed in one round trip per town
(tenants/schema_replay.py), so the cost per town stays flat however many towns exist
(benchmarks/provisioning_fleet.py). Each municipality is created in one transaction,
so a failure leaves neither a row without a schema nor a schema without a row. A rerun
reads every municipality's master data in one query and touches only what changed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_exists

from kyodo.audit.services import audit_record, snapshot
from tenants.master_data import (
    POPULATION_SOURCE,
    MunicipalityRecord,
    prefecture_record,
    read_municipalities,
)
from tenants.models import Domain, Municipality

MASTER_FIELDS = [
    "name",
    "name_kana",
    "kind",
    "prefecture",
    "population",
    "population_as_of",
    "population_band",
    "mynumber_card_rate",
    "mynumber_card_rate_as_of",
]


@dataclass
class ProvisionReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"Municipalities: {len(self.created)} provisioned, {len(self.updated)} with "
            f"changed master data updated, {self.unchanged} unchanged"
        )


def template_schema_sync(*, verbosity: int = 0) -> None:
    """Create the template schema if needed and bring it to the latest migration."""
    template = settings.TENANT_BASE_SCHEMA
    if not schema_exists(template):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{template}"')
    call_command(
        "migrate_schemas",
        tenant=True,
        schema_name=template,
        interactive=False,
        verbosity=verbosity,
    )


def _master_values(record: MunicipalityRecord) -> dict:
    return {
        name: getattr(record, name) for name in MASTER_FIELDS
    } | {"population_source": POPULATION_SOURCE if record.population is not None else ""}


def municipality_provision(
    *, record: MunicipalityRecord, actor=None, schema_name: str | None = None
) -> tuple[Municipality, str]:
    """Create the municipality (schema, row, routing) or refresh its master data.

    Returns the municipality and what happened: "created", "updated" or "unchanged".
    """
    schema_name = schema_name or record.schema_name
    with transaction.atomic():
        existing = Municipality.objects.select_for_update().filter(lg_code=record.lg_code).first()
        if existing is None:
            municipality = Municipality(
                schema_name=schema_name, lg_code=record.lg_code, slug=record.slug,
                **_master_values(record),
            )
            # The table's CHECK constraints hold the rest: validating them here would
            # cost a round trip each (issue 11's flat provisioning cost).
            municipality.full_clean(exclude=["schema_name"], validate_constraints=False)
            municipality.save(verbosity=0)
            # Making the schema moved search_path: the next statement must set it
            # again, whatever the connection remembers (kyodo.db_backend).
            connection.search_path_set_schemas = None
            if not municipality.is_public:
                Domain.objects.create(domain=record.slug, tenant=municipality, is_primary=True)
            audit_record(
                actor=actor,
                action="municipality.provision",
                target=municipality,
                after=snapshot(municipality, ["lg_code", "slug", "schema_name", *MASTER_FIELDS]),
                tenant_schema=municipality.schema_name,
            )
            return municipality, "created"

        before = snapshot(existing, MASTER_FIELDS)
        for name, value in _master_values(record).items():
            setattr(existing, name, value)
        after = snapshot(existing, MASTER_FIELDS)
        if before == after:
            return existing, "unchanged"
        existing.full_clean(exclude=["schema_name"])
        existing.save()
        audit_record(
            actor=actor,
            action="municipality.update_master_data",
            target=existing,
            before={k: v for k, v in before.items() if before[k] != after[k]},
            after={k: v for k, v in after.items() if before[k] != after[k]},
            tenant_schema=existing.schema_name,
        )
        return existing, "updated"


def _fresh_connection_after_clone(municipality: Municipality) -> None:
    """After django-tenants' clone (the fallback), start the next municipality on a new
    database connection.

    django-tenants re-creates its clone_schema PL/pgSQL functions on every clone, and
    the server process behind a connection keeps each compiled copy and its plans:
    on one connection every clone is slower than the last (0.19 s for the first
    twenty, 2.3 s by the two-hundredth; see benchmarks/README.md). A new connection
    per municipality keeps the cost flat. Inside a caller's transaction the
    connection must stay, and the growth is bounded by that transaction's size.
    """
    created_by = getattr(municipality, "schema_created_by", "replay")
    if created_by != "replay" and not connection.in_atomic_block:
        connection.close()


def prefecture_provision(*, prefecture: str | None = None, actor=None) -> Municipality:
    """The prefecture that runs the platform, as the public tenant."""
    record = prefecture_record(prefecture or settings.KYODO_PREFECTURE)
    municipality, _ = municipality_provision(
        record=record, actor=actor, schema_name=get_public_schema_name()
    )
    return municipality


def municipalities_provision(
    *,
    records: Iterable[MunicipalityRecord],
    actor=None,
    progress: Callable[[MunicipalityRecord], None] | None = None,
) -> ProvisionReport:
    report = ProvisionReport()
    prefecture_provision(actor=actor)
    records = list(records)
    known = _master_snapshots([record.lg_code for record in records])
    for record in records:
        if known.get(record.lg_code) == _record_snapshot(record):
            outcome = "unchanged"
        else:
            municipality, outcome = municipality_provision(record=record, actor=actor)
        if outcome == "created":
            _fresh_connection_after_clone(municipality)
            report.created.append(record.lg_code)
        elif outcome == "updated":
            report.updated.append(record.lg_code)
        else:
            report.unchanged += 1
        if progress:
            progress(record)
    return report


def _master_snapshots(lg_codes: list[str]) -> dict[str, dict]:
    """Master data of the municipalities that exist already, in one query."""
    return {
        municipality.lg_code: snapshot(municipality, MASTER_FIELDS)
        for municipality in Municipality.objects.filter(lg_code__in=lg_codes).only(
            "lg_code", *MASTER_FIELDS)
    }


def _record_snapshot(record: MunicipalityRecord) -> dict:
    return snapshot(Municipality(**_master_values(record)), MASTER_FIELDS)


def select_records(*, prefecture: str | None = None, **files) -> list[MunicipalityRecord]:
    """The master data rows to provision: one prefecture's, or all 1,741 when None.

    Raises MasterDataError before anything is created if any row of the files is bad.
    """
    records = read_municipalities(**files)
    if prefecture is None:
        return records
    chosen = [record for record in records if record.prefecture == prefecture]
    if not chosen:
        raise LookupError(f"No municipalities of {prefecture} in the master data.")
    return chosen
