"""A coordinator suggests support to a town behind a target: a common system from the
catalog, or a request for a digital specialist (joint_targets.needs_support).

The suggestion is audited (`support_suggestion.system` / `support_suggestion.specialist`,
in the public schema, on the town) and told to the town's members with a link that opens
the town's own form filled in. Nothing is written in the town's schema or name.
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from joint_targets import notices
from joint_targets.adoptions import CATEGORIES_MOVING
from joint_targets.models import Indicator, IndicatorSnapshot
from joint_targets.needs_support import SPECIALIST_THEMES
from joint_targets.progress import Progress, progress_of
from joint_targets.selectors import targets_for
from kyodo.accounts.policy import can_suggest_support
from kyodo.audit.services import audit_record
from kyodo.errors import DomainError, ErrorCode
from kyodo.notifications.recipients import town_members
from kyodo.notifications.services import notify
from shared_services.notices import town_url
from shared_services.selectors import common_system_list
from tenants.models import Municipality


class Suggestion(models.TextChoices):
    SYSTEM = "system", _("共通システムの導入")
    SPECIALIST = "specialist", _("デジタル人材の支援要請")


def _check_behind(*, municipality: Municipality, fiscal_year: int,
                  indicator: Indicator) -> None:
    """The suggestion answers a target the town is behind on now, not when the page was
    drawn: a value published since may have met it."""
    value = IndicatorSnapshot.objects.filter(
        municipality=municipality, fiscal_year=fiscal_year, indicator=indicator).values_list(
        "value", flat=True).first()
    target = targets_for(fiscal_year=fiscal_year,
                         band=municipality.population_band).get(indicator.pk)
    if progress_of(value, target.value if target else None,
                   indicator.direction) != Progress.BEHIND:
        raise DomainError(ErrorCode.NOT_BEHIND, _(
            "%(town)sは%(year)s年度の「%(indicator)s」の目標に遅れていません。") % {
            "town": municipality.name, "year": fiscal_year, "indicator": indicator.name},
            status=409)


def _system_error(code: str, message: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, message,
                       details=[{"field": "system", "code": code, "message": message}])


def _published_system(actor, system_id, indicator: Indicator):
    """The published system to suggest, of a category that moves `indicator`."""
    system = common_system_list(actor=actor, status="published").filter(
        pk=system_id).first() if system_id else None
    if system is None:
        raise _system_error("system_not_published", _("公開中の共通システムを選んでください。"))
    if system.category not in CATEGORIES_MOVING.get(indicator.code, ()):
        raise _system_error("system_not_relevant", _(
            "「%(system)s」は「%(indicator)s」の改善につながる共通システムではありません。") % {
            "system": system.name, "indicator": indicator.name})
    return system


def support_suggest(*, actor, municipality: Municipality, fiscal_year: int,
                    indicator: Indicator, suggestion: str, system_id: int | None = None) -> int:
    """Suggest to `municipality`, behind on `indicator` in `fiscal_year`, a published
    common system (`system_id`) or a specialist request. Returns how many people were told."""
    if not can_suggest_support(actor, municipality):
        raise PermissionDenied
    suggestion = Suggestion(suggestion)
    with schema_context(get_public_schema_name()), transaction.atomic():
        _check_behind(municipality=municipality, fiscal_year=fiscal_year, indicator=indicator)
        recipients = town_members(municipality)
        if not recipients.exists():
            raise DomainError(ErrorCode.NO_RECIPIENTS, _(
                "%(town)sにはまだ利用者がいないため、提案を伝えられません。") % {
                "town": municipality.name}, status=409)
        after = {"suggestion": suggestion.value, "fiscal_year": fiscal_year,
                 "indicator": indicator.code}
        params = {"year": fiscal_year, "indicator": indicator.name}
        if suggestion == Suggestion.SYSTEM:
            system = _published_system(actor, system_id, indicator)
            after["system"] = system.pk
            kind, params["system"] = notices.SYSTEM_SUGGESTED, system.name
            url = town_url(municipality, "workspace:catalog_request_new") + "?" + urlencode(
                {"system": system.pk})
        else:
            kind = notices.SPECIALIST_SUGGESTED
            url = town_url(municipality, "workspace:talent_request_new") + "?" + urlencode({
                "theme": SPECIALIST_THEMES.get(indicator.code, "other"),
                "title": _("%(indicator)sの改善") % {"indicator": indicator.name}})
        audit_record(actor=actor, action=f"support_suggestion.{suggestion.value}",
                     target=municipality, after=after,
                     tenant_schema=get_public_schema_name())
        told = notify(recipients=recipients, kind=kind, params=params, url=url, actor=actor,
                      organisation_label=municipality.name)
    return len(told)
