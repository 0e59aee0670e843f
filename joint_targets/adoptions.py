"""Indicator values a town's use of a common system gives (the catalog, shared_services).

`CATEGORIES_MOVING` names, for each indicator, the catalog categories whose systems move
it: the systems the needs-support list suggests (joint_targets.needs_support), and the
adoptions after which a town's values are published again. For a yes/no indicator the
use itself can be the evidence: a town that uses a shared RPA service from the catalog
has adopted RPA, whether or not its automation register lists a process yet.
`EVIDENCE_OF` names, for each such indicator, the categories whose use is evidence of it:
a system in use on the fiscal year's last month gives 1; without one the town's own
evidence decides (never 0 from here: not using the prefecture's system says nothing of
the town's own).

When towns start or stop using a system (shared_services.signals.subscriptions_changed)
their values are published again once the change commits.
"""

import datetime
from decimal import Decimal

from django.db.models import Q

from shared_services.models import Category, Subscription
from tenants.models import Municipality

CATEGORIES_MOVING = {
    "e_approval_rate": (Category.E_APPROVAL,),
    "online_procedures": (Category.E_APPLICATION,),
    "online_procedure_rate": (Category.E_APPLICATION,),
    "online_usage_rate": (Category.E_APPLICATION, Category.CASHLESS,
                          Category.FACILITY_BOOKING),
    "card_auth_procedures": (Category.E_APPLICATION,),
    "rpa_adoption": (Category.RPA, Category.AI_OCR),
    "rpa_hours_saved": (Category.RPA, Category.AI_OCR),
}
EVIDENCE_OF = {"rpa_adoption": frozenset({Category.RPA})}


def adoption_values(municipality: Municipality, fiscal_year: int) -> dict[str, Decimal]:
    """1 for each indicator a system in use on the year's last month gives evidence of."""
    last_month = datetime.date(fiscal_year + 1, 3, 1)
    in_use = set(Subscription.objects.filter(
        Q(last_month__isnull=True) | Q(last_month__gte=last_month),
        municipality=municipality, first_month__lte=last_month,
    ).values_list("system__category", flat=True))
    return {code: Decimal(1) for code, categories in EVIDENCE_OF.items() if categories & in_use}


def with_adoptions(values: dict, municipality: Municipality, fiscal_year: int) -> dict:
    """The town's own values, with what its systems in use give on top: a moved indicator
    the town's evidence does not give is 未報告 unless a system gives it."""
    merged = {code: None for code in EVIDENCE_OF} | values
    return merged | adoption_values(municipality, fiscal_year)


def publish_after_subscriptions_change(sender, *, system, municipalities, **kwargs) -> None:
    """Publish the towns' values again after commit, if the system moves an indicator."""
    from joint_targets.services.publishing import publish_all_after_commit

    if not any(system.category in categories for categories in CATEGORIES_MOVING.values()):
        return
    for town in municipalities:
        publish_all_after_commit(town)
