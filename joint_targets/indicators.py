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
- cio, cio_adviser, dx_policy, whole_organisation, external_talent (the organisation
  checklist): 1 when the item is in place on the year's last day, 0 when the town has
  recorded it as not (yet) in place, None when the town has not filled it in.
- rpa_adoption: 1 when an RPA process of the automation register is in operation on the
  year's last day, 0 when the register has lines but none such, None when it is empty.
- rpa_hours_saved: the yearly hours saved, summed over the register's processes (any
  tool) in operation on the year's last day; None when the register is empty.
- e_approval_rate: electronic decisions / decisions, in percent, summed over the year's
  months (April to March) the town has entered; None without a month or a decision.
- resident_satisfaction: satisfied / respondents of the year's resident survey, in
  percent; None without a survey for the year.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from joint_targets.workspace.models import (
    ApprovalMonth,
    AutomatedProcess,
    AutomationTool,
    Measure,
    OrganisationMeasure,
    Procedure,
    ResidentSurvey,
    fiscal_year_months,
)
from kyodo.fiscal import fiscal_year_end

ONE_PLACE = Decimal("0.1")


def percent(numerator: int, denominator: int | None) -> Decimal | None:
    """numerator / denominator in percent to one decimal place (half up, as 総務省's
    surveys print them); None when there is nothing to divide by."""
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(ONE_PLACE, ROUND_HALF_UP)


def computed_values(fiscal_year: int) -> dict[str, Decimal | None]:
    """Every indicator the town's records give, for `fiscal_year`, by indicator code."""
    return {**checklist_values(fiscal_year), **inventory_values(fiscal_year),
            **automation_values(fiscal_year), **approval_values(fiscal_year),
            **survey_values(fiscal_year)}


def inventory_values(fiscal_year: int) -> dict[str, Decimal | None]:
    """What the year's procedure inventory gives."""
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


def checklist_values(fiscal_year: int) -> dict[str, Decimal | None]:
    """What the organisation checklist gives for the year's last day."""
    last_day = fiscal_year_end(fiscal_year)
    recorded = {item.measure: item for item in OrganisationMeasure.objects.all()}
    return {measure.value: (Decimal(int(recorded[measure].in_place_at(last_day)))
                            if measure in recorded else None) for measure in Measure}


def automation_values(fiscal_year: int) -> dict[str, Decimal | None]:
    """What the automation register gives for the year's last day. An empty register is
    未報告: a town that lists none has not said it has none."""
    processes = list(AutomatedProcess.objects.all())
    if not processes:
        return {"rpa_adoption": None, "rpa_hours_saved": None}
    last_day = fiscal_year_end(fiscal_year)
    running = [process for process in processes if process.in_operation_on(last_day)]
    return {
        "rpa_adoption": Decimal(int(any(process.tool == AutomationTool.RPA
                                        for process in running))),
        "rpa_hours_saved": Decimal(sum(process.hours_saved for process in running)),
    }


def approval_values(fiscal_year: int) -> dict[str, Decimal | None]:
    """The year's e-approval rate over the months entered for it."""
    totals = ApprovalMonth.objects.filter(fiscal_year_months(fiscal_year)).aggregate(
        decided=Sum("decided"), electronic=Sum("electronic"))
    return {"e_approval_rate": percent(totals["electronic"] or 0, totals["decided"])}


def survey_values(fiscal_year: int) -> dict[str, Decimal | None]:
    survey = ResidentSurvey.objects.filter(fiscal_year=fiscal_year).first()
    return {"resident_satisfaction": percent(survey.satisfied, survey.respondents)
            if survey else None}
