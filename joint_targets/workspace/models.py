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
