"""Indicator values computed from a town's own evidence, one fiscal year at a time.

Run inside the town's schema. A value is None — 未報告 — when the evidence it needs is
missing: no procedures recorded for the year, or no case counts to divide by. A rate is
never 0% for want of a denominator.

Definitions (docs/joint_targets.md says the same for people):
- online_procedures: procedures available online at the year's end.
- online_procedure_rate: online procedures / procedures, in percent.
- online_usage_rate: online cases / cases, in percent, over the procedures whose annual
  cases are known (and, for an online one, its online cases too).
- card_auth_procedures: procedures whose online form accepts My Number card
  authentication at the year's end.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from joint_targets.workspace.models import Procedure

COMPUTED_CODES = ("online_procedures", "online_procedure_rate", "online_usage_rate",
                  "card_auth_procedures")
ONE_PLACE = Decimal("0.1")


def percent(numerator: int, denominator: int | None) -> Decimal | None:
    """numerator / denominator in percent to one decimal place (half up, as 総務省's
    surveys print them); None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(ONE_PLACE, ROUND_HALF_UP)


def computed_values(fiscal_year: int) -> dict[str, Decimal | None]:
    """The computed indicators' values for `fiscal_year`, by indicator code."""
    procedures = Procedure.objects.filter(fiscal_year=fiscal_year)
    totals = procedures.aggregate(
        procedures=Count("pk"),
        online=Count("pk", filter=Q(online_available=True)),
        card=Count("pk", filter=Q(card_authentication=True)))
    counted = procedures.filter(annual_cases__isnull=False).filter(
        Q(online_available=False) | Q(online_cases__isnull=False))
    cases = counted.aggregate(cases=Sum("annual_cases"), online=Sum("online_cases"))
    reported = totals["procedures"] > 0
    return {
        "online_procedures": Decimal(totals["online"]) if reported else None,
        "online_procedure_rate": percent(totals["online"], totals["procedures"]),
        "online_usage_rate": percent(cases["online"] or 0, cases["cases"]),
        "card_auth_procedures": Decimal(totals["card"]) if reported else None,
    }
