"""Demo data for the joint targets: 大分県's 市町村行政DX共同目標 for 令和6–10年度 and each
town's organisation checklist and procedure inventory for last year and this one, its
automation register, monthly approval counts for three fiscal years, resident surveys
and a roadmap, so the dashboards have values.

The targets are samples (is_sample): the shape of Oita's programme (year-end values from
令和6年度 to 令和10年度), not its published figures. Inventories follow the polarisation
the programme exists for: larger towns have more of their procedures online. Written
through the services as each town's DX office; idempotent: a town and year that already
has an inventory is left alone, and targets are matched by indicator, year and band.
"""

import calendar
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, tenant_context

from joint_targets.models import Indicator, JointTarget
from joint_targets.services.evidence import (
    approval_month_create,
    automated_process_create,
    resident_survey_create,
)
from joint_targets.services.organisation import organisation_update
from joint_targets.services.procedures import procedure_create
from joint_targets.services.publishing import snapshots_publish, years_to_publish
from joint_targets.services.roadmap import milestone_create
from joint_targets.workspace.models import (
    ApprovalMonth,
    AutomatedProcess,
    Measure,
    Milestone,
    OrganisationMeasure,
    Procedure,
    ResidentSurvey,
)
from kyodo.accounts.demo import demo_town_lead
from kyodo.fiscal import FIRST_MONTH, fiscal_year_of, fiscal_year_start
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


# How far along a town is with the records below, 0 (just starting) to 3: by band, cities
# under 25,000 people a step behind the others, with Oita's exceptions: 豊後高田市 ahead of
# cities its size, 九重町 ahead of the small towns on automation.
LEVEL_BY_BAND = {PopulationBand.CORE_CITY: 3, PopulationBand.GENERAL_CITY: 2,
                 PopulationBand.TOWN_VILLAGE_10K: 1, PopulationBand.TOWN_VILLAGE_SMALL: 0}
SMALL_CITY = 25_000
LEVEL_EXCEPTIONS = {"442097": 3, "444618": 2}  # 豊後高田市, 九重町
HIMESHIMA = "443221"  # a village of 2,000 people: Oita's most satisfied residents
# (process, department, tool, hours saved a year): in the order a town automates them.
AUTOMATIONS = [
    ("給与支払報告書の入力", "税務課", "ai_ocr", 300),
    ("ふるさと納税の受付データ入力", "企画課", "rpa", 400),
    ("児童手当の現況確認", "子育て支援課", "rpa", 250),
    ("会計伝票の照合", "会計課", "rpa", 180),
    ("議事録の作成", "議会事務局", "generative_ai", 150),
    ("要介護認定の結果通知", "介護保険課", "rpa", 120),
]
AUTOMATIONS_BY_LEVEL = {0: 1, 1: 2, 2: 4, 3: 6}
APPROVAL_RATE_BY_LEVEL = {0: 5, 1: 20, 2: 35, 3: 55}  # in the first of the three years
SATISFACTION_BY_LEVEL = {0: 44, 1: 48, 2: 52, 3: 58}
# (step, milestone, owner, due: fiscal years from this one and month, status by level 0–3).
MILESTONES = [
    ("shared_understanding", "首長・幹部職員向けDX研修の実施", "企画課", (-2, 12),
     ("met", "met", "met", "met")),
    ("policy", "DX推進方針の策定", "企画課", (-1, 9),
     ("partially_met", "met", "met", "met")),
    ("structure", "CIO補佐官（外部デジタル人材）の任用", "総務課", (-1, 3),
     ("scheduled", "not_met", "met", "met")),
    ("structure", "全庁的なDX推進本部の設置", "総務課", (0, 9),
     ("scheduled", "scheduled", "met", "met")),
    ("execution", "電子決裁の全庁導入", "総務課", (0, 12),
     ("scheduled", "scheduled", "scheduled", "met")),
    ("execution", "書かないワンストップ窓口の導入", "市民課", (1, 3),
     ("scheduled", "scheduled", "scheduled", "scheduled")),
]


def _level(town: Municipality) -> int:
    if town.lg_code in LEVEL_EXCEPTIONS:
        return LEVEL_EXCEPTIONS[town.lg_code]
    level = LEVEL_BY_BAND.get(town.population_band, 0)
    if town.population_band == PopulationBand.GENERAL_CITY and (town.population
                                                                or 0) < SMALL_CITY:
        level -= 1
    return level


def _has(town: Municipality, model) -> bool:
    with tenant_context(town):
        return model.objects.exists()


def _automation(town: Municipality, current: int, level: int) -> None:
    """The first processes earlier in a town further along; the least advanced has only
    an AI-OCR one this year, so its RPA is 「無」 and not 未報告."""
    if _has(town, AutomatedProcess):
        return
    office = demo_town_lead(town)
    for index, (name, department, tool, hours) in enumerate(
            AUTOMATIONS[:AUTOMATIONS_BY_LEVEL[level]]):
        start_year = max(current - 3, current - level + index // 2)
        automated_process_create(actor=office, municipality=town, data={
            "name": name, "department": department, "tool": tool,
            "started_on": fiscal_year_start(min(start_year, current)), "hours_saved": hours})


def _approvals(town: Municipality, current: int, level: int, today: datetime.date) -> None:
    """Every month of the last three fiscal years that has ended; the rate climbs eight
    points a year from the town's level, a little different each month."""
    if _has(town, ApprovalMonth):
        return
    office = demo_town_lead(town)
    decided = max(40, (town.population or 1_000) // 60)
    for offset, fiscal_year in enumerate(range(current - 2, current + 1)):
        for month_index in range(12):
            first = datetime.date(fiscal_year + (month_index + 3) // 12,
                                  (month_index + 3) % 12 + 1, 1)
            if first >= today.replace(day=1):
                break
            rate = APPROVAL_RATE_BY_LEVEL[level] + 8 * offset + (month_index % 4) - 1
            approval_month_create(actor=office, municipality=town, data={
                "year": first.year, "month": first.month, "decided": decided,
                "electronic": decided * max(0, min(rate, 100)) // 100})


def _surveys(town: Municipality, current: int, level: int) -> None:
    """A survey for each of the last three years that ended (the least advanced towns,
    only the last one)."""
    if _has(town, ResidentSurvey):
        return
    respondents = min(2_000, max(150, (town.population or 1_000) // 50))
    years = range(current - 3, current) if level else [current - 1]
    for offset, fiscal_year in enumerate(years):
        share = 72 if town.lg_code == HIMESHIMA else SATISFACTION_BY_LEVEL[level] + 2 * offset
        resident_survey_create(actor=demo_town_lead(town), municipality=town, data={
            "fiscal_year": fiscal_year, "respondents": respondents,
            "satisfied": respondents * share // 100})


def _roadmap(town: Municipality, current: int, level: int) -> None:
    if _has(town, Milestone):
        return
    for step, title, owner, (years, month), statuses in MILESTONES:
        year = current + years + (1 if month < FIRST_MONTH else 0)
        due_on = datetime.date(year, month, calendar.monthrange(year, month)[1])
        milestone_create(actor=demo_town_lead(town), municipality=town, data={
            "step": step, "title": title, "owner": owner, "due_on": due_on,
            "status": statuses[level]})


def _evidence(town: Municipality, current: int, today: datetime.date) -> None:
    level = _level(town)
    _automation(town, current, level)
    _approvals(town, current, level, today)
    _surveys(town, current, level)
    _roadmap(town, current, level)


def create_demo_data() -> None:
    if not Indicator.objects.exists():
        return
    today = timezone.localdate()
    current = fiscal_year_of(today)
    towns = Municipality.objects.exclude(schema_name=get_public_schema_name()).order_by("lg_code")
    with transaction.atomic():
        targets_create()
        for town in towns:
            _checklist(town)
            for fiscal_year, catch_up in ((current - 1, 0), (current, 1)):
                _inventory(town, fiscal_year, catch_up)
            _evidence(town, current, today)
    for town in towns:
        for fiscal_year in years_to_publish(town):
            snapshots_publish(municipality=town, fiscal_year=fiscal_year)
