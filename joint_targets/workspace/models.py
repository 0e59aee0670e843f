"""What a town keeps, in its own schema, as the evidence behind its DX indicators."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from joint_targets.models import fiscal_year_field


class Procedure(models.Model):
    """One administrative procedure (行政手続き) of the town, as it stood in a fiscal year.

    The inventory is kept per 年度: `annual_cases` and `online_cases` are that year's
    volumes, `online_available` and `card_authentication` its state at the year's end.
    A volume left empty is 未把握 (not known), which is not the same as none.
    """

    fiscal_year = fiscal_year_field(_("年度"))
    name = models.CharField(_("手続名"), max_length=200)
    department = models.CharField(_("担当部署"), max_length=100)
    legal_basis = models.CharField(_("根拠法令"), max_length=200, blank=True)
    annual_cases = models.PositiveIntegerField(_("年間件数"), null=True, blank=True)
    online_available = models.BooleanField(_("オンライン化済み"), default=False)
    card_authentication = models.BooleanField(_("マイナンバーカード認証"), default=False)
    online_cases = models.PositiveIntegerField(_("オンライン件数"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    AUDITED_FIELDS = ("fiscal_year", "name", "department", "legal_basis", "annual_cases",
                      "online_available", "card_authentication", "online_cases")

    class Meta:
        verbose_name = _("行政手続き")
        verbose_name_plural = _("行政手続き")
        ordering = ["fiscal_year", "department", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "department", "name"],
                                    name="procedure_unique_in_year",
                                    violation_error_code="procedure_exists",
                                    violation_error_message=_(
                                        "同じ年度・担当部署・手続名の手続きがすでにあります。")),
            models.CheckConstraint(
                condition=Q(online_cases__isnull=True) | Q(annual_cases__isnull=True)
                | Q(online_cases__lte=F("annual_cases")),
                name="procedure_online_cases_within_cases",
                violation_error_code="online_cases_exceed_cases",
                violation_error_message=_("オンライン件数は年間件数以下にしてください。")),
            models.CheckConstraint(condition=Q(card_authentication=False)
                                   | Q(online_available=True),
                                   name="procedure_card_authentication_is_online",
                                   violation_error_code="card_authentication_needs_online",
                                   violation_error_message=_(
                                       "マイナンバーカード認証は、オンライン化済みの手続きにだけ"
                                       "設定できます。")),
            models.CheckConstraint(condition=Q(online_available=True)
                                   | Q(online_cases__isnull=True) | Q(online_cases=0),
                                   name="procedure_online_cases_need_online",
                                   violation_error_code="online_cases_need_online",
                                   violation_error_message=_(
                                       "オンライン化していない手続きにはオンライン件数を入力"
                                       "できません。")),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.name}"

    def clean(self) -> None:
        """The rules the constraints enforce, as messages a person can act on."""
        errors = {}
        if not self.online_available:
            if self.card_authentication:
                errors["card_authentication"] = ValidationError(_(
                    "マイナンバーカード認証は、オンライン化済みの手続きにだけ設定できます。"),
                    code="card_authentication_needs_online")
            if self.online_cases:
                errors["online_cases"] = ValidationError(_(
                    "オンライン化していない手続きにはオンライン件数を入力できません。"),
                    code="online_cases_need_online")
        if (self.online_cases is not None and self.annual_cases is not None
                and self.online_cases > self.annual_cases):
            errors["online_cases"] = ValidationError(
                _("オンライン件数は年間件数以下にしてください。"), code="online_cases_exceed_cases")
        if errors:
            raise ValidationError(errors)


class Measure(models.TextChoices):
    """The organisation checklist: what 総務省's survey asks about a town's DX set-up. Each
    is also an indicator of the same code (joint_targets/data/indicators.json)."""

    CIO = "cio", _("CIOの任命")
    CIO_ADVISER = "cio_adviser", _("CIO補佐官等の任命")
    DX_POLICY = "dx_policy", _("DX推進の全体方針の策定")
    WHOLE_ORGANISATION = "whole_organisation", _("全庁的なDX推進体制の整備")
    EXTERNAL_TALENT = "external_talent", _("外部デジタル人材の活用")


class OrganisationMeasure(models.Model):
    """One item of the town's organisation checklist: since when it is in place (empty: not
    in place), until when if it ended, and the evidence (a 辞令, the policy's URL …)."""

    measure = models.CharField(_("項目"), max_length=24, choices=Measure.choices, unique=True)
    since = models.DateField(_("開始日"), null=True, blank=True,
                             help_text=_("まだの場合は空欄にします。"))
    until = models.DateField(_("終了日"), null=True, blank=True)
    evidence = models.CharField(_("根拠資料"), max_length=500, blank=True,
                                help_text=_("辞令、方針の名称やURLなど。"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    AUDITED_FIELDS = ("measure", "since", "until", "evidence")

    class Meta:
        verbose_name = _("推進体制の項目")
        verbose_name_plural = _("推進体制の項目")
        ordering = ["measure"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | (Q(since__isnull=False)
                                                   & Q(until__gte=F("since"))),
                name="organisationmeasure_until_after_since",
                violation_error_code="until_before_since",
                violation_error_message=_("終了日は開始日以降にしてください。")),
        ]

    def __str__(self) -> str:
        return self.get_measure_display()

    def in_place_at(self, day) -> bool:
        return (self.since is not None and self.since <= day
                and (self.until is None or self.until >= day))
