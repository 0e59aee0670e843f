"""What a town keeps, in its own schema, as the evidence behind its DX indicators."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from joint_targets.models import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, fiscal_year_field
from kyodo.fiscal import FIRST_MONTH, fiscal_year_label, fiscal_year_of


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


class AutomationTool(models.TextChoices):
    """What does the work of an automated process. Only RPA counts for `rpa_adoption`;
    every tool's hours count for `rpa_hours_saved` (RPA等)."""

    RPA = "rpa", _("RPA")
    AI_OCR = "ai_ocr", _("AI-OCR")
    GENERATIVE_AI = "generative_ai", _("生成AI")
    OTHER = "other", _("その他")


class AutomatedProcess(models.Model):
    """One line of the automation register (RPA等の導入業務): a process the town has
    automated, since when (and until when, if it stopped), and the staff hours it saves
    in a year as the department estimates them."""

    name = models.CharField(_("業務名"), max_length=200)
    department = models.CharField(_("担当部署"), max_length=100)
    tool = models.CharField(_("ツール"), max_length=16, choices=AutomationTool.choices,
                            default=AutomationTool.RPA)
    started_on = models.DateField(_("稼働開始日"))
    ended_on = models.DateField(_("稼働終了日"), null=True, blank=True,
                                help_text=_("稼働中の場合は空欄にします。"))
    hours_saved = models.PositiveIntegerField(_("年間削減時間"),
                                              help_text=_("1年間に削減できる職員の作業時間。"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    AUDITED_FIELDS = ("name", "department", "tool", "started_on", "ended_on", "hours_saved")

    class Meta:
        verbose_name = _("自動化した業務")
        verbose_name_plural = _("自動化した業務")
        ordering = ["department", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"],
                                    name="automatedprocess_unique",
                                    violation_error_code="automated_process_exists",
                                    violation_error_message=_(
                                        "同じ担当部署・業務名の業務がすでにあります。")),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="automatedprocess_ended_after_started",
                violation_error_code="ended_before_started",
                violation_error_message=_("稼働終了日は稼働開始日以降にしてください。")),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.name}"

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": ValidationError(
                _("稼働終了日は稼働開始日以降にしてください。"), code="ended_before_started")})

    def in_operation_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


class ApprovalMonth(models.Model):
    """How many documents the town decided (決裁) in a calendar month, and how many of
    them electronically. The month belongs to the fiscal year it falls in: March 2026 to
    2025年度, April 2026 to 2026年度."""

    year = models.PositiveSmallIntegerField(_("年"), validators=[
        MinValueValidator(FIRST_FISCAL_YEAR), MaxValueValidator(LAST_FISCAL_YEAR + 1)])
    month = models.PositiveSmallIntegerField(_("月"), validators=[
        MinValueValidator(1), MaxValueValidator(12)])
    decided = models.PositiveIntegerField(_("決裁件数"))
    electronic = models.PositiveIntegerField(_("うち電子決裁"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    AUDITED_FIELDS = ("year", "month", "decided", "electronic")

    class Meta:
        verbose_name = _("月別の決裁件数")
        verbose_name_plural = _("月別の決裁件数")
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="approvalmonth_unique",
                                    violation_error_code="approval_month_exists",
                                    violation_error_message=_(
                                        "この年月の決裁件数はすでに登録されています。")),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12),
                                   name="approvalmonth_month_valid",
                                   violation_error_code="month_invalid",
                                   violation_error_message=_("月は1から12までで入力してください。")),
            models.CheckConstraint(condition=Q(electronic__lte=F("decided")),
                                   name="approvalmonth_electronic_within_decided",
                                   violation_error_code="electronic_exceeds_decided",
                                   violation_error_message=_(
                                       "電子決裁の件数は決裁件数以下にしてください。")),
        ]

    def __str__(self) -> str:
        return gettext("%(year)d年%(month)d月") % {"year": self.year, "month": self.month}

    def clean(self) -> None:
        if (self.electronic is not None and self.decided is not None
                and self.electronic > self.decided):
            raise ValidationError({"electronic": ValidationError(
                _("電子決裁の件数は決裁件数以下にしてください。"),
                code="electronic_exceeds_decided")})

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(datetime.date(self.year, self.month, 1))


def fiscal_year_months(fiscal_year: int) -> Q:
    """The ApprovalMonth rows of a fiscal year: April to December of its first calendar
    year, January to March of the next."""
    return (Q(year=fiscal_year, month__gte=FIRST_MONTH)
            | Q(year=fiscal_year + 1, month__lt=FIRST_MONTH))


class ResidentSurvey(models.Model):
    """The result of the year's resident survey (住民アンケート) on the town's services:
    how many answered, and how many of them were satisfied (満足・やや満足)."""

    fiscal_year = fiscal_year_field(_("年度"))
    respondents = models.PositiveIntegerField(_("回答者数"), validators=[MinValueValidator(1)])
    satisfied = models.PositiveIntegerField(_("満足と回答した人数"),
                                            help_text=_("「満足」「やや満足」の合計。"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    AUDITED_FIELDS = ("fiscal_year", "respondents", "satisfied")

    class Meta:
        verbose_name = _("住民アンケートの結果")
        verbose_name_plural = _("住民アンケートの結果")
        ordering = ["fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year"], name="residentsurvey_unique_year",
                                    violation_error_code="survey_exists",
                                    violation_error_message=_(
                                        "この年度の住民アンケートの結果はすでに登録されています。")),
            models.CheckConstraint(condition=Q(respondents__gte=1),
                                   name="residentsurvey_has_respondents",
                                   violation_error_code="respondents_required",
                                   violation_error_message=_("回答者数は1以上にしてください。")),
            models.CheckConstraint(condition=Q(satisfied__lte=F("respondents")),
                                   name="residentsurvey_satisfied_within_respondents",
                                   violation_error_code="satisfied_exceeds_respondents",
                                   violation_error_message=_(
                                       "満足と回答した人数は回答者数以下にしてください。")),
        ]

    def __str__(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    def clean(self) -> None:
        if (self.satisfied is not None and self.respondents is not None
                and self.satisfied > self.respondents):
            raise ValidationError({"satisfied": ValidationError(
                _("満足と回答した人数は回答者数以下にしてください。"),
                code="satisfied_exceeds_respondents")})


class RoadmapStep(models.TextChoices):
    """The four steps of 総務省's 自治体DX全体手順書, in their order."""

    SHARED_UNDERSTANDING = "shared_understanding", _("認識共有・機運醸成")
    POLICY = "policy", _("全体方針の決定")
    STRUCTURE = "structure", _("推進体制の整備")
    EXECUTION = "execution", _("DXの取組みの実行")


class MilestoneStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("予定")  # not yet assessed
    MET = "met", _("達成")
    PARTIALLY_MET = "partially_met", _("一部達成")
    NOT_MET = "not_met", _("未達成")


class Milestone(models.Model):
    """One milestone of the town's roadmap (工程表). It is overdue when its due date has
    passed and it is still only scheduled: nobody has said whether it was met."""

    step = models.CharField(_("手順"), max_length=24, choices=RoadmapStep.choices)
    title = models.CharField(_("マイルストーン"), max_length=200)
    owner = models.CharField(_("担当"), max_length=100)
    due_on = models.DateField(_("期限"))
    status = models.CharField(_("状況"), max_length=16, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.SCHEDULED)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    AUDITED_FIELDS = ("step", "title", "owner", "due_on", "status")

    class Meta:
        verbose_name = _("工程表のマイルストーン")
        verbose_name_plural = _("工程表のマイルストーン")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today) -> bool:
        return self.status == MilestoneStatus.SCHEDULED and self.due_on < today
