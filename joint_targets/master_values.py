"""Indicator values that come from the prefecture's master data, not a town's evidence.

The My Number card rate (`mynumber_card_rate`, source external) is デジタル庁's figure
for each municipality, imported with the master data (tenants/data/PROVENANCE.md) as a
rate and the date it was counted. It is published for the fiscal year of that date only:
an older year keeps the value published then, and a year without a figure stays 未報告.
"""

from decimal import Decimal

from kyodo.fiscal import fiscal_year_of
from tenants.models import Municipality


def card_rate_year(municipality: Municipality) -> int | None:
    """The fiscal year the town's card rate was counted in, if it has one."""
    if municipality.mynumber_card_rate is None or municipality.mynumber_card_rate_as_of is None:
        return None
    return fiscal_year_of(municipality.mynumber_card_rate_as_of)


def master_data_values(municipality: Municipality, fiscal_year: int) -> dict[str, Decimal]:
    """The values the master data gives for `fiscal_year` (none for other years)."""
    if card_rate_year(municipality) != fiscal_year:
        return {}
    return {"mynumber_card_rate": Decimal(municipality.mynumber_card_rate)}
