"""Demo data for the catalog: ten common systems an Oita-style prefecture might offer, with
plausible prices, several towns using some of them (so each adopter's share and 姫島村's
saving are real numbers from the allocation engine), and requests waiting in the queue.

Everything is written through the module's services, as the people who would do it:
the demo coordinator curates, each town's (demo) lead requests, the coordinator decides.
Idempotent: a second run finds the systems by name and changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kyodo.accounts.demo import demo_town_lead
from kyodo.accounts.models import User, Vendor, VendorStatus
from kyodo.fiscal import fiscal_year_of
from shared_services.lifecycle import AdoptionAction
from shared_services.models import CommonSystem, SystemStatus
from shared_services.services.adoption import adoption_request_act, adoption_request_create
from shared_services.services.catalog import common_system_create, common_system_set_status
from tenants.bands import PopulationBand
from tenants.models import Municipality

COORDINATOR = "coordinator@pref-oita.example"
POPULATION_SOURCE = "住民基本台帳人口（総務省「マイナンバーカード交付状況について」）"
POPULATION_AS_OF = datetime.date(2022, 1, 1)
# Fictional providers beside the demo vendor; their 法人番号 have valid check digits.
PROVIDERS = {
    "6320001012345": ("九州クラウドサービス株式会社", "キュウシュウクラウドサービス"),
    "6230001012346": ("株式会社豊の国データセンター", "トヨノクニデータセンター"),
}
DEMO_VENDOR = "3944000012345"


@dataclass
class DemoSystem:
    name: str
    name_en: str
    category: str
    provider: str
    delivery: str
    annual_cost: int
    weights: tuple[int, int, int]
    description: str
    standalone: dict[str, int]
    taper: Decimal = Decimal(1)
    unit: int = 1
    usage_label: str = ""
    standard: bool = False
    ismap: bool = False
    areas: list[str] = field(default_factory=list)
    adopters: dict[str, int] = field(default_factory=dict)  # lg_code → usage
    status: str = SystemStatus.PUBLISHED


def _bands(core: int, city: int, town_large: int, town_small: int) -> dict[str, int]:
    return {PopulationBand.CORE_CITY: core, PopulationBand.GENERAL_CITY: city,
            PopulationBand.TOWN_VILLAGE_10K: town_large,
            PopulationBand.TOWN_VILLAGE_SMALL: town_small}


SYSTEMS = [
    DemoSystem("電子申請サービス（おおいた共同電子申請）", "Joint e-application service",
               "e_application", DEMO_VENDOR, "lgwan_asp", 14_400_000, (50, 50, 0),
               "住民がスマートフォンから各種申請・届出を行えるサービスです。マイナンバーカードによる"
               "本人確認と、オンライン決済に対応しています。",
               _bands(9_600_000, 4_800_000, 2_400_000, 1_800_000),
               adopters={"442011": 0, "442020": 0, "442038": 0, "442046": 0, "442054": 0,
                         "442143": 0, "443417": 0}),
    DemoSystem("文書管理・電子決裁システム", "Document management and e-approval", "e_approval",
               "6320001012345", "government_cloud", 36_000_000, (30, 70, 0),
               "起案から決裁、保存までを電子化します。人口の多い団体ほど負担が大きくなりますが、"
               "逓減指数により小規模団体の負担を抑えています。",
               _bands(28_000_000, 12_000_000, 6_000_000, 4_200_000), taper=Decimal("0.585"),
               unit=1000, standard=False, ismap=True,
               adopters={"442011": 0, "442062": 0, "442071": 0, "442089": 0}),
    DemoSystem("RPA共同利用", "Shared RPA licences", "rpa", DEMO_VENDOR, "lgwan_asp", 9_600_000,
               (40, 30, 30),
               "定型的なパソコン作業を自動化するソフトウェアを、県内で共同利用します。"
               "利用量割はロボットの年間稼働時間で按分します。",
               _bands(4_800_000, 2_400_000, 1_500_000, 1_200_000), usage_label="年間稼働時間",
               adopters={"442011": 2400, "442020": 1300, "442119": 600}),
    DemoSystem("AI-OCR共同利用", "Shared AI-OCR", "ai_ocr", "6230001012346", "lgwan_asp", 6_000_000,
               (20, 20, 60),
               "手書きの申請書などを読み取り、データ化します。利用量割は年間の読取枚数で按分します。",
               _bands(3_600_000, 1_800_000, 1_200_000, 960_000),
               usage_label="年間読取枚数",
               adopters={"442020": 120_000, "442046": 40_000, "442135": 25_000}),
    DemoSystem("AIチャットボット（住民問合せ）", "AI chatbot for residents", "ai_chatbot",
               DEMO_VENDOR, "internet", 4_800_000, (50, 50, 0),
               "24時間、住民の問合せに自動で答えます。よくある質問は県内で共有します。",
               _bands(2_400_000, 1_440_000, 960_000, 720_000),
               adopters={"442011": 0, "442054": 0}),
    DemoSystem("公共施設予約システム", "Public facility booking", "facility_booking",
               "6230001012346", "internet", 7_200_000, (40, 60, 0),
               "体育館や公民館などの空き状況の確認と予約を、オンラインで行えます。",
               _bands(3_600_000, 2_160_000, 1_200_000, 840_000),
               adopters={"442020": 0, "442097": 0}),
    DemoSystem("キャッシュレス決済（窓口・公金収納）", "Cashless payment at counters",
               "cashless", "6320001012345", "internet", 8_400_000, (30, 30, 40),
               "窓口での手数料や公金の支払いに、クレジットカードや電子マネーを使えるようにします。"
               "利用量割は年間の決済件数で按分します。",
               _bands(4_200_000, 2_400_000, 1_440_000, 1_080_000), usage_label="年間決済件数",
               adopters={"442011": 48_000, "442127": 6_000}),
    DemoSystem("住民記録システム（標準準拠）", "Resident records (standard specification)",
               "standard", "6320001012345", "government_cloud", 120_000_000, (20, 80, 0),
               "国の標準仕様書に準拠した住民記録システムです。ガバメントクラウド上で共同利用します。",
               _bands(90_000_000, 40_000_000, 18_000_000, 12_000_000), taper=Decimal("0.585"),
               unit=1000, standard=True, ismap=True,
               areas=["resident_registry", "seal_registration", "family_register_annex"],
               adopters={"442062": 0, "442089": 0, "442097": 0, "444626": 0}),
    DemoSystem("Web会議システム", "Web conferencing", "web_meeting", DEMO_VENDOR, "internet",
               2_400_000, (40, 60, 0), "庁内の会議や、県・他市町村との打合せに使えるWeb会議です。",
               _bands(1_440_000, 960_000, 720_000, 600_000),
               adopters={"442011": 0, "442020": 0, "442038": 0, "443221": 0}),
    DemoSystem("オープンデータカタログ（旧）", "Open data catalogue (former)", "open_data",
               DEMO_VENDOR, "internet", 1_200_000, (100, 0, 0),
               "県内の統計データを公開する旧カタログです。新しい県オープンデータサイトへ移行しました。",
               _bands(480_000, 360_000, 240_000, 180_000), status=SystemStatus.RETIRED),
]
# Requests in the prefecture's queue: (lg_code, system name, usage, action to stop after).
QUEUE = [
    ("443417", "RPA共同利用", 400, AdoptionAction.SUBMIT),
    ("444618", "AIチャットボット（住民問合せ）", 0, AdoptionAction.SUBMIT),
    ("442101", "AI-OCR共同利用", 15_000, AdoptionAction.APPROVE),
]


def demo_provider(corporate_number: str) -> Vendor:
    if corporate_number in PROVIDERS:
        name, kana = PROVIDERS[corporate_number]
        vendor, _ = Vendor.objects.get_or_create(corporate_number=corporate_number, defaults={
            "legal_name": name, "legal_name_kana": kana, "address": "大分県大分市",
            "contact_name": "営業部", "contact_email": f"sales-{corporate_number}@vendor.example",
            "status": VendorStatus.APPROVED, "approved_at": timezone.now()})
        return vendor
    return Vendor.objects.get(corporate_number=corporate_number)


def _request(coordinator, town, system, usage: int, stop_after: str, start: datetime.date):
    lead = demo_town_lead(town)
    fiscal_year = fiscal_year_of(start)
    request = adoption_request_create(actor=lead, municipality=town, system=system, data={
        "start_fiscal_year": fiscal_year, "start_month": start.month,
        "expected_users": max(5, (town.population or 0) // 2000), "expected_usage": usage,
        "reason": f"{system.name}を導入し、{town.name}の窓口業務と職員の負担を軽くするため。"})
    for action in (AdoptionAction.SUBMIT, AdoptionAction.APPROVE, AdoptionAction.ACTIVATE):
        actor = lead if action == AdoptionAction.SUBMIT else coordinator
        adoption_request_act(actor=actor, request=request, action=action,
                             month=start if action == AdoptionAction.ACTIVATE else None)
        if action == stop_after:
            break


def create_demo_data() -> None:
    coordinator = User.objects.get(email=COORDINATOR)
    if CommonSystem.objects.filter(name=SYSTEMS[0].name).exists():
        return
    started = timezone.localdate().replace(day=1)
    with transaction.atomic():
        systems = {}
        for spec in SYSTEMS:
            system = common_system_create(actor=coordinator, data={
                "name": spec.name, "name_en": spec.name_en, "category": spec.category,
                "standard_areas": spec.areas, "description": spec.description,
                "provider": demo_provider(spec.provider), "delivery": spec.delivery,
                "standard_compliant": spec.standard, "ismap_registered": spec.ismap,
                "annual_cost": spec.annual_cost, "equal_weight": spec.weights[0],
                "population_weight": spec.weights[1], "usage_weight": spec.weights[2],
                "taper": spec.taper, "rounding_unit": spec.unit, "usage_label": spec.usage_label,
                "population_source": POPULATION_SOURCE, "population_as_of": POPULATION_AS_OF,
            }, standalone_prices=spec.standalone)
            system = common_system_set_status(actor=coordinator, system=system,
                                              status=SystemStatus.PUBLISHED)
            for lg_code, usage in spec.adopters.items():
                _request(coordinator, Municipality.objects.get(lg_code=lg_code), system, usage,
                         AdoptionAction.ACTIVATE, started)
            if spec.status == SystemStatus.RETIRED:
                system = common_system_set_status(actor=coordinator, system=system,
                                         status=SystemStatus.RETIRED,
                                         comment="県オープンデータサイトへ移行したため")
            systems[spec.name] = system
        next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(
            day=1)
        for lg_code, name, usage, stop_after in QUEUE:
            _request(coordinator, Municipality.objects.get(lg_code=lg_code), systems[name], usage,
                     stop_after, next_month)
