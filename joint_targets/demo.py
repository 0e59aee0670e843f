"""Demo data for the joint targets: 大分県's 市町村行政DX共同目標 for 令和6–10年度 and each
town's organisation checklist and procedure inventory for last year and this one, so the
dashboards have values.

The targets are samples (is_sample): the shape of Oita's programme (year-end values from
令和6年度 to 令和10年度), not its published figures. Inventories follow the polarisation
the programme exists for: larger towns have more of their procedures online. Written
through the services as each town's DX office; idempotent: a town and year that already
has an inventory is left alone, and targets are matched by indicator, year and band.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, tenant_context

from joint_targets.models import Indicator, JointTarget
from joint_targets.services.organisation import organisation_update
from joint_targets.services.procedures import procedure_create
from joint_targets.services.publishing import snapshots_publish
from joint_targets.workspace.models import Measure, OrganisationMeasure, Procedure
from kyodo.accounts.demo import demo_town_lead
from kyodo.fiscal import fiscal_year_of
from tenants.bands import PopulationBand
from tenants.models import Municipality

PROGRAMME = "市町村行政DX共同目標（大分県）"
BASELINE_YEAR = 2023
TARGET_YEARS = range(2024, 2029)  # 令和6年度 to 令和10年度
# Year-end targets for 令和6–10年度, by indicator code (yes/no: 1 is 「有」).
TARGETS = {
    "cio": [1, 1, 1, 1, 1],
    "dx_policy": [1, 1, 1, 1, 1],
    "whole_organisation": [0, 1, 1, 1, 1],
    "external_talent": [0, 0, 1, 1, 1],
    "e_approval_rate": [40, 55, 70, 85, 95],
    "online_procedure_rate": [30, 45, 60, 75, 90],
    "online_usage_rate": [20, 30, 40, 50, 60],
    "card_auth_procedures": [3, 5, 8, 10, 12],
    "rpa_adoption": [0, 1, 1, 1, 1],
    "mynumber_card_rate": [75, 80, 85, 90, 95],
}
# Smaller towns have a lower count target for card-authenticated procedures.
SMALL_TOWN_CARD_AUTH = [2, 3, 5, 7, 9]
# (name, department, legal basis, cases per 1,000 people): a town's usual procedures.
PROCEDURES = [
    ("住民票の写しの交付請求", "市民課", "住民基本台帳法第12条", 120),
    ("印鑑登録証明書の交付申請", "市民課", "印鑑条例", 60),
    ("転出届", "市民課", "住民基本台帳法第24条", 25),
    ("児童手当の認定請求", "子育て支援課", "児童手当法第7条", 8),
    ("保育所等の利用申込み", "子育て支援課", "子ども・子育て支援法第20条", 6),
    ("要介護認定の申請", "介護保険課", "介護保険法第27条", 12),
    ("税証明書の交付申請", "税務課", "地方税法第20条の10", 40),
    ("粗大ごみの収集申込み", "環境課", "廃棄物の処理及び清掃に関する法律第6条の2", 30),
    ("公共施設の利用申込み", "生涯学習課", "地方自治法第244条の2", 50),
    ("犬の登録", "環境課", "狂犬病予防法第4条", 3),
    ("水道の使用開始届", "上下水道課", "給水条例", 20),
    ("罹災証明書の交付申請", "防災危機管理課", "災害対策基本法第90条の2", 2),
]
# How many of the procedures (in the order above) a town of each band has online.
ONLINE_BY_BAND = {PopulationBand.CORE_CITY: 10, PopulationBand.GENERAL_CITY: 7,
                  PopulationBand.TOWN_VILLAGE_10K: 4, PopulationBand.TOWN_VILLAGE_SMALL: 2}


def targets_create() -> None:
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for code, values in TARGETS.items():
        bands = {"": values}
        if code == "card_auth_procedures":
            bands[PopulationBand.TOWN_VILLAGE_SMALL] = SMALL_TOWN_CARD_AUTH
        for band, by_year in bands.items():
            for fiscal_year, value in zip(TARGET_YEARS, by_year, strict=True):
                JointTarget.objects.update_or_create(
                    programme=PROGRAMME, indicator=indicators[code], fiscal_year=fiscal_year,
                    population_band=band,
                    defaults={"value": Decimal(value), "baseline_year": BASELINE_YEAR,
                              "is_sample": True})


def _inventory(town: Municipality, fiscal_year: int, catch_up: int) -> None:
    """The town's procedures for a year; `catch_up` more are online than its band's
    usual number (this year's progress over last year's)."""
    with tenant_context(town):
        if Procedure.objects.filter(fiscal_year=fiscal_year).exists():
            return
    office = demo_town_lead(town)
    population = town.population or 1_000
    online = min(len(PROCEDURES), ONLINE_BY_BAND.get(town.population_band, 2) + catch_up)
    for index, (name, department, basis, per_thousand) in enumerate(PROCEDURES):
        cases = max(1, population * per_thousand // 1_000)
        is_online = index < online
        share = 10 + 5 * ONLINE_BY_BAND.get(town.population_band, 2) + 5 * catch_up
        procedure_create(actor=office, municipality=town, fiscal_year=fiscal_year, data={
            "name": name, "department": department, "legal_basis": basis,
            "annual_cases": cases, "online_available": is_online,
            "card_authentication": is_online and index < online - 1,
            "online_cases": cases * share // 100 if is_online else None})


# The organisation checklist by band: which items are in place (since 2022-04-01).
CHECKLIST_BY_BAND = {
    PopulationBand.CORE_CITY: set(Measure),
    PopulationBand.GENERAL_CITY: {Measure.CIO, Measure.CIO_ADVISER, Measure.DX_POLICY,
                                  Measure.WHOLE_ORGANISATION},
    PopulationBand.TOWN_VILLAGE_10K: {Measure.CIO, Measure.DX_POLICY},
    PopulationBand.TOWN_VILLAGE_SMALL: {Measure.DX_POLICY},
}
CHECKLIST_SINCE = datetime.date(2022, 4, 1)


def _checklist(town: Municipality) -> None:
    with tenant_context(town):
        if OrganisationMeasure.objects.exists():
            return
    in_place = CHECKLIST_BY_BAND.get(town.population_band, set())
    organisation_update(actor=demo_town_lead(town), municipality=town, items={
        measure.value: {"since": CHECKLIST_SINCE if measure in in_place else None,
                        "evidence": "デモデータ" if measure in in_place else ""}
        for measure in Measure})


def create_demo_data() -> None:
    if not Indicator.objects.exists():
        return
    current = fiscal_year_of(timezone.localdate())
    towns = Municipality.objects.exclude(schema_name=get_public_schema_name()).order_by("lg_code")
    with transaction.atomic():
        targets_create()
        for town in towns:
            _checklist(town)
            for fiscal_year, catch_up in ((current - 1, 0), (current, 1)):
                _inventory(town, fiscal_year, catch_up)
    for town in towns:
        for fiscal_year in (current - 1, current):
            snapshots_publish(municipality=town, fiscal_year=fiscal_year)
