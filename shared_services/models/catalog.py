"""A common system (共通システム) the prefecture offers its towns, and how its cost is shared."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.bands import PopulationBand


class Category(models.TextChoices):
    E_APPLICATION = "e_application", _("電子申請")
    E_APPROVAL = "e_approval", _("電子決裁・文書管理")
    RPA = "rpa", _("RPA")
    AI_OCR = "ai_ocr", _("AI-OCR")
    AI_CHATBOT = "ai_chatbot", _("AIチャットボット")
    FACILITY_BOOKING = "facility_booking", _("施設予約")
    CASHLESS = "cashless", _("キャッシュレス決済")
    STANDARD = "standard", _("標準準拠システム")
    GROUPWARE = "groupware", _("グループウェア")
    WEB_MEETING = "web_meeting", _("Web会議")
    SECURITY = "security", _("セキュリティ")
    OPEN_DATA = "open_data", _("オープンデータ")
    OTHER = "other", _("その他")


class StandardArea(models.TextChoices):
    """The 20 business areas whose systems must follow the national standard specifications
    (地方公共団体情報システムの標準化に関する法律, 2021; the list of 標準化対象事務)."""

    RESIDENT_REGISTRY = "resident_registry", _("住民基本台帳")
    ELECTORAL_REGISTER = "electoral_register", _("選挙人名簿管理")
    FIXED_ASSET_TAX = "fixed_asset_tax", _("固定資産税")
    INDIVIDUAL_RESIDENT_TAX = "individual_resident_tax", _("個人住民税")
    CORPORATE_RESIDENT_TAX = "corporate_resident_tax", _("法人住民税")
    LIGHT_VEHICLE_TAX = "light_vehicle_tax", _("軽自動車税")
    FAMILY_REGISTER = "family_register", _("戸籍")
    FAMILY_REGISTER_ANNEX = "family_register_annex", _("戸籍の附票")
    SEAL_REGISTRATION = "seal_registration", _("印鑑登録")
    NATIONAL_HEALTH_INSURANCE = "national_health_insurance", _("国民健康保険")
    NATIONAL_PENSION = "national_pension", _("国民年金")
    DISABILITY_WELFARE = "disability_welfare", _("障害者福祉")
    LATE_ELDERLY_MEDICAL = "late_elderly_medical", _("後期高齢者医療")
    LONG_TERM_CARE = "long_term_care", _("介護保険")
    CHILD_ALLOWANCE = "child_allowance", _("児童手当")
    PUBLIC_ASSISTANCE = "public_assistance", _("生活保護")
    HEALTH_MANAGEMENT = "health_management", _("健康管理")
    SCHOOL_ENROLMENT = "school_enrolment", _("就学")
    CHILD_REARING_ALLOWANCE = "child_rearing_allowance", _("児童扶養手当")
    CHILD_CARE_SUPPORT = "child_care_support", _("子ども・子育て支援")


class Delivery(models.TextChoices):
    LGWAN_ASP = "lgwan_asp", _("LGWAN-ASP")
    INTERNET = "internet", _("インターネット")
    GOVERNMENT_CLOUD = "government_cloud", _("ガバメントクラウド")


class SystemStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")  # being prepared by the prefecture; towns do not see it
    PUBLISHED = "published", _("公開中")  # towns see it and may request it
    RETIRED = "retired", _("提供終了")  # no new requests; existing adopters keep their history


ROUNDING_UNITS = [(1, _("1円単位")), (1000, _("1,000円単位"))]


class CommonSystem(models.Model):
    """A system the prefecture buys once and offers to every town, with its sharing rule.

    The annual cost is shared among the adopters by 均等割, 人口割 and 利用量割 weights
    (whole percent, summing to 100), an optional population taper and a rounding unit:
    shared_services.allocation computes the shares (docs/shared_services.md).
    """

    name = models.CharField(_("名称"), max_length=150)
    name_en = models.CharField(_("名称（英語）"), max_length=150, blank=True)
    category = models.CharField(_("分類"), max_length=32, choices=Category.choices)
    standard_areas = ArrayField(
        models.CharField(max_length=32, choices=StandardArea.choices),
        verbose_name=_("標準化対象事務"), blank=True, default=list,
        help_text=_("標準準拠システムが対応する業務です。"))
    description = models.CharField(_("説明"), max_length=4000, blank=True)
    provider = models.ForeignKey(
        "accounts.Vendor", verbose_name=_("提供事業者"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="common_systems")
    delivery = models.CharField(_("提供形態"), max_length=32, choices=Delivery.choices)
    standard_compliant = models.BooleanField(_("標準準拠"), default=False)
    ismap_registered = models.BooleanField(_("ISMAP登録"), default=False)
    status = models.CharField(_("状態"), max_length=16, choices=SystemStatus.choices,
                              default=SystemStatus.DRAFT)
    annual_cost = models.PositiveBigIntegerField(
        _("年間費用（円・税抜）"), help_text=_("利用団体全体で分担する年間の費用です。"))
    equal_weight = models.PositiveSmallIntegerField(_("均等割（%）"), default=50)
    population_weight = models.PositiveSmallIntegerField(_("人口割（%）"), default=50)
    usage_weight = models.PositiveSmallIntegerField(_("利用量割（%）"), default=0)
    taper = models.DecimalField(
        _("人口割の逓減指数"), max_digits=4, decimal_places=3, default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal(1))],
        help_text=_("1で人口に比例します。0.585で人口が2倍のとき負担が1.5倍になります。"))
    rounding_unit = models.PositiveIntegerField(_("端数処理の単位"), choices=ROUNDING_UNITS,
                                                default=1)
    usage_label = models.CharField(_("利用量の単位"), max_length=50, blank=True,
                                   help_text=_("例: 年間申請件数、利用者数"))
    population_source = models.CharField(_("人口の出典"), max_length=200, blank=True)
    population_as_of = models.DateField(_("人口の基準日"), null=True, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    AUDITED_FIELDS = ("name", "name_en", "category", "standard_areas", "description", "provider",
                      "delivery", "standard_compliant", "ismap_registered", "annual_cost",
                      "equal_weight", "population_weight", "usage_weight", "taper",
                      "rounding_unit", "usage_label", "population_source", "population_as_of")
    PRICING_FIELDS = ("annual_cost", "equal_weight", "population_weight", "usage_weight",
                      "taper", "rounding_unit")

    class Meta:
        verbose_name = _("共通システム")
        verbose_name_plural = _("共通システム")
        ordering = ["category", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(equal_weight__gte=0, population_weight__gte=0,
                                   usage_weight__gte=0)
                & models.Q(equal_weight=100 - models.F("population_weight")
                           - models.F("usage_weight")),
                name="common_system_weights_sum_to_100"),
            models.CheckConstraint(condition=models.Q(taper__gt=0, taper__lte=1),
                                   name="common_system_taper_in_range"),
            models.CheckConstraint(condition=models.Q(rounding_unit__in=[1, 1000]),
                                   name="common_system_rounding_unit_known"),
            models.CheckConstraint(
                condition=models.Q(status__in=[choice.value for choice in SystemStatus]),
                name="common_system_status_known"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        weights = (self.equal_weight or 0) + (self.population_weight or 0) + (
            self.usage_weight or 0)
        if weights != 100:
            raise ValidationError(
                {"usage_weight": _("均等割・人口割・利用量割の合計を100%%にしてください"
                                   "（現在 %(sum)d%%）。") % {"sum": weights}},
                code="weights_sum_not_100")


class SystemStatusChange(models.Model):
    """Every change of a system's status, kept: the catalog's history is never overwritten."""

    system = models.ForeignKey(CommonSystem, on_delete=models.CASCADE,
                               related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=SystemStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=SystemStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    comment = models.CharField(_("コメント"), max_length=1000, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.system}: {self.to_status}"


class StandaloneCharge(models.Model):
    """What a town of a population band would pay a year to buy the system on its own,
    so each town sees its saving from sharing."""

    system = models.ForeignKey(CommonSystem, on_delete=models.CASCADE,
                               related_name="standalone_charges")
    band = models.CharField(_("団体区分"), max_length=24, choices=PopulationBand.choices)
    annual_price = models.PositiveBigIntegerField(_("単独導入の年額（円・税抜）"))

    class Meta:
        verbose_name = _("単独導入の価格")
        verbose_name_plural = _("単独導入の価格")
        constraints = [models.UniqueConstraint(fields=["system", "band"],
                                               name="standalone_charge_one_per_band")]

    def __str__(self) -> str:
        return f"{self.system}: {self.band}"


def specification_path(instance, filename: str) -> str:
    return f"catalog/{instance.system_id}/specifications/v{instance.version}/{filename}"


class SpecificationDocument(models.Model):
    """A version of a system's specification (仕様書). New versions are added, never replaced."""

    system = models.ForeignKey(CommonSystem, on_delete=models.CASCADE,
                               related_name="specifications")
    version = models.PositiveIntegerField(_("版"))
    title = models.CharField(_("表題"), max_length=200)
    file = models.FileField(_("ファイル"), upload_to=specification_path, max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["system", "version"],
                                               name="specification_version_unique")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"
