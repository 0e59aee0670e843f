"""The indicators of the joint DX targets, the targets themselves and the values towns publish.

All three live in the public schema. An indicator's value for a town is computed in the
town's schema from its evidence (joint_targets.indicators) and published here as an
`IndicatorSnapshot`; a value of None is 未報告 (nothing to compute it from), never zero.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.bands import PopulationBand

FIRST_FISCAL_YEAR = 2019  # 令和元年度: no target or value before the 令和 era's first year
LAST_FISCAL_YEAR = 2099


class Unit(models.TextChoices):
    PERCENT = "percent", _("%")
    COUNT = "count", _("件")
    HOURS = "hours", _("時間")
    YES_NO = "yes_no", _("有無")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("高いほどよい")
    LOWER_IS_BETTER = "lower", _("低いほどよい")


class Source(models.TextChoices):
    COMPUTED = "computed", _("市町村の記録から算出")  # e.g. the procedure inventory
    SELF_REPORTED = "self_reported", _("市町村の自己申告")  # checklist, registers, surveys
    EXTERNAL = "external", _("外部の統計")  # e.g. デジタル庁's My Number card figures


def fiscal_year_field(label):
    return models.PositiveSmallIntegerField(label, validators=[
        MinValueValidator(FIRST_FISCAL_YEAR), MaxValueValidator(LAST_FISCAL_YEAR)])


class Indicator(models.Model):
    """One measure of DX progress, defined once for every town.

    The national reference is the nationwide figure a town can be compared with (for a
    yes/no indicator, the share of municipalities that have it), with its year and
    source. `is_sample` marks a reference value that is illustrative, not published.
    """

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称（英語）"), max_length=100)
    unit = models.CharField(_("単位"), max_length=12, choices=Unit.choices)
    numerator = models.CharField(_("分子（または値）の定義"), max_length=300)
    denominator = models.CharField(_("分母の定義"), max_length=300, blank=True)
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices,
                                 default=Direction.HIGHER_IS_BETTER)
    source = models.CharField(_("データの出所"), max_length=16, choices=Source.choices)
    national_value = models.DecimalField(_("全国の参考値"), max_digits=8, decimal_places=1,
                                         null=True, blank=True)
    national_year = models.PositiveSmallIntegerField(_("参考値の年度"), null=True, blank=True)
    national_source = models.CharField(_("参考値の出典"), max_length=300, blank=True)
    national_note = models.CharField(_("参考値の注記"), max_length=200, blank=True)
    is_sample = models.BooleanField(_("サンプル値"), default=False,
                                    help_text=_("公表値ではない参考値に印を付けます。"))
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("指標")
        verbose_name_plural = _("指標")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(national_value__isnull=True)
                | (models.Q(national_year__isnull=False) & ~models.Q(national_source="")),
                name="indicator_national_value_has_year_and_source"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED


class JointTarget(models.Model):
    """A target value of an indicator for a fiscal year's end, set by the prefecture and
    its towns together. A target for a population band applies to that band's towns in
    place of the band-less one."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets",
                                  verbose_name=_("指標"))
    fiscal_year = fiscal_year_field(_("年度"))
    population_band = models.CharField(_("団体区分"), max_length=24, blank=True,
                                       choices=PopulationBand.choices,
                                       help_text=_("空欄はすべての団体に共通の目標です。"))
    value = models.DecimalField(_("目標値"), max_digits=10, decimal_places=1)
    baseline_year = models.PositiveSmallIntegerField(_("基準年度"), null=True, blank=True)
    programme = models.CharField(_("計画"), max_length=100)
    is_sample = models.BooleanField(_("サンプル値"), default=False)

    class Meta:
        verbose_name = _("共同目標")
        verbose_name_plural = _("共同目標")
        ordering = ["indicator__order", "fiscal_year", "population_band"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "indicator", "fiscal_year",
                                            "population_band"],
                                    name="jointtarget_one_per_year_and_band"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.fiscal_year} {self.value}"


class IndicatorSnapshot(models.Model):
    """A town's value of an indicator for a fiscal year, as the town last published it.

    `value` None is 未報告: the town's evidence has nothing to compute it from. Only the
    value leaves the town's schema, never the rows it was computed from.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="snapshots",
                                  verbose_name=_("指標"))
    municipality = models.ForeignKey("tenants.Municipality", on_delete=models.CASCADE,
                                     related_name="indicator_snapshots",
                                     verbose_name=_("団体"))
    fiscal_year = fiscal_year_field(_("年度"))
    value = models.DecimalField(_("値"), max_digits=12, decimal_places=1, null=True,
                                blank=True)
    computed_at = models.DateTimeField(_("算出日時"))

    class Meta:
        verbose_name = _("公開された指標値")
        verbose_name_plural = _("公開された指標値")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "municipality", "fiscal_year"],
                                    name="indicatorsnapshot_one_per_town_and_year"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.indicator} {self.fiscal_year}"
