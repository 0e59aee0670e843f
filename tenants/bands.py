"""Population bands (団体区分), as 総務省 reports DX progress by municipality size.

総務省's 「自治体DX推進計画」 follow-up surveys group municipalities as 指定都市,
中核市, 一般市, 特別区 and 町村, and split 町村 at 1万人 when the gap between small
and very small bodies matters. Kyodo uses exactly those bands:

| band                | rule                                                        |
| ------------------- | ----------------------------------------------------------- |
| designated_city     | 指定都市 by cabinet order (地方自治法第252条の19)          |
| core_city           | 中核市 by cabinet order (地方自治法第252条の22)            |
| general_city        | any other 市                                                |
| special_ward        | 東京都の特別区                                              |
| town_village_10k    | 町 or 村 with a population of 10,000 or more               |
| town_village_small  | 町 or 村 with a population under 10,000                    |
| prefecture          | the prefecture itself (the platform's public tenant)       |

指定都市 and 中核市 are designations with population thresholds in law (50万 and
20万), not thresholds alone, so they come from the dated designation list in
tenants/data/city_designations.csv (as of 2024-04-01: 20 指定都市, 62 中核市).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.kinds import MunicipalityKind

TOWN_VILLAGE_SPLIT = 10_000
DESIGNATIONS_AS_OF = "2024-04-01"


class PopulationBand(models.TextChoices):
    PREFECTURE = "prefecture", _("都道府県")
    DESIGNATED_CITY = "designated_city", _("指定都市")
    CORE_CITY = "core_city", _("中核市")
    GENERAL_CITY = "general_city", _("一般市")
    SPECIAL_WARD = "special_ward", _("特別区")
    TOWN_VILLAGE_10K = "town_village_10k", _("町村（1万人以上）")
    TOWN_VILLAGE_SMALL = "town_village_small", _("町村（1万人未満）")


def population_band(kind: str, designation: str | None, population: int | None) -> str:
    if kind == MunicipalityKind.PREFECTURE:
        return PopulationBand.PREFECTURE
    if kind == MunicipalityKind.SPECIAL_WARD:
        return PopulationBand.SPECIAL_WARD
    if kind == MunicipalityKind.CITY:
        if designation == PopulationBand.DESIGNATED_CITY:
            return PopulationBand.DESIGNATED_CITY
        if designation == PopulationBand.CORE_CITY:
            return PopulationBand.CORE_CITY
        return PopulationBand.GENERAL_CITY
    if population is not None and population >= TOWN_VILLAGE_SPLIT:
        return PopulationBand.TOWN_VILLAGE_10K
    return PopulationBand.TOWN_VILLAGE_SMALL
