"""Reads of municipality data, filtered by who asks."""

from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name

from tenants.models import Municipality


def municipality_list(
    *, actor, prefecture: str | None = None, band: str | None = None, kind: str | None = None
) -> QuerySet[Municipality]:
    """The municipalities (not the prefecture itself) an actor may list.

    Master data (code, name, population, band, card rate) is public information, so
    every signed-in actor may read it; what a town keeps privately lives in its own
    schema and is not reachable from here.
    """
    if not actor.is_authenticated:
        return Municipality.objects.none()
    municipalities = Municipality.objects.exclude(schema_name=get_public_schema_name())
    if prefecture:
        municipalities = municipalities.filter(prefecture=prefecture)
    if band:
        municipalities = municipalities.filter(population_band=band)
    if kind:
        municipalities = municipalities.filter(kind=kind)
    return municipalities.select_related("published_contact").order_by("lg_code")


def municipality_get(*, actor, lg_code: str) -> Municipality:
    return municipality_list(actor=actor).get(lg_code=lg_code)
