"""The pool's data: skills, specialists, the towns' support requests, proposals,
engagements, hours, and spot consultations.

All of it is in the public schema: a specialist serves several towns, and the coordinator
matches across them. A support request names its town; who may see it is decided by
kyodo.accounts.policy (the town's members and the coordinators), never by the schema.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talent_pool.candidates import MAX_LEVEL, MIN_LEVEL, WorkMode
from talent_pool.fit import Priority
from talent_pool.lifecycle import RequestStatus

MAX_MONTHLY_HOURS = 160  # a full-time month; nobody is planned beyond it
SLOT_MINUTES = 60  # a spot consultation (スポット相談) is one hour, as GovTech東京 runs them


class SkillRole(models.TextChoices):
    """The five roles of the デジタルスキル標準 (DSS-P)."""

    BUSINESS_ARCHITECT = "business_architect", _("ビジネスアーキテクト")
    DESIGNER = "designer", _("デザイナー")
    DATA_SCIENTIST = "data_scientist", _("データサイエンティスト")
    SOFTWARE_ENGINEER = "software_engineer", _("ソフトウェアエンジニア")
    CYBERSECURITY = "cybersecurity", _("サイバーセキュリティ")


class Skill(models.Model):
    """One entry of the taxonomy (data/skills.json); the coordinator may add more."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    role = models.CharField(_("DSS-Pのロール"), max_length=30, choices=SkillRole.choices)
    name = models.CharField(_("名称"), max_length=80)
    name_en = models.CharField(_("名称（英語）"), max_length=80, blank=True,
                               help_text=_("英語の画面で表示します。空欄なら日本語の名称を表示します。"))
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("スキル")
        verbose_name_plural = _("スキル")

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


LEVEL_VALIDATORS = [MinValueValidator(MIN_LEVEL), MaxValueValidator(MAX_LEVEL)]


class EngagementType(models.TextChoices):
    SHARED_CIO_ADVISER = "shared_cio_adviser", _("県雇用の共有CIO補佐官")
    CONTRACTED_EXPERT = "contracted_expert", _("委託契約の専門家")
    SECONDEE = "secondee", _("地域活性化起業人")
    VENDOR_PROVIDED = "vendor_provided", _("事業者からの派遣")


class WorkModeChoice(models.TextChoices):
    ON_SITE_OK = WorkMode.ON_SITE_OK.value, _("訪問支援も可")
    REMOTE_ONLY = WorkMode.REMOTE_ONLY.value, _("リモートのみ")


class Specialist(models.Model):
    """A person in the pool. `user` is their sign-in (a 「デジタル人材」 membership of the
    prefecture); a profile may exist before the person has accepted the invitation."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("利用者"),
                                null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="specialist_profile")
    name = models.CharField(_("氏名"), max_length=100)
    engagement_type = models.CharField(_("任用形態"), max_length=30,
                                       choices=EngagementType.choices)
    home = models.ForeignKey("tenants.Municipality", verbose_name=_("活動拠点"),
                             on_delete=models.PROTECT, related_name="+")
    work_mode = models.CharField(_("支援の方法"), max_length=20, choices=WorkModeChoice.choices,
                                 default=WorkModeChoice.ON_SITE_OK)
    monthly_capacity_hours = models.PositiveSmallIntegerField(
        _("月あたりの稼働可能時間"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHLY_HOURS)])
    max_towns = models.PositiveSmallIntegerField(
        _("同時に支援できる団体数"), validators=[MinValueValidator(1), MaxValueValidator(20)])
    available_from = models.DateField(_("稼働開始日"), null=True, blank=True)
    available_until = models.DateField(_("稼働終了日"), null=True, blank=True)
    certifications = models.TextField(_("資格"), blank=True,
                                      help_text=_("1行に1つ書いてください（例：情報処理安全確保支援士）。"))
    is_active = models.BooleanField(_("割当ての対象"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("name", "engagement_type", "home", "work_mode",
                      "monthly_capacity_hours", "max_towns", "available_from",
                      "available_until", "certifications", "is_active", "user")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("デジタル人材")
        verbose_name_plural = _("デジタル人材")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_capacity_hours__gte=1,
                            monthly_capacity_hours__lte=MAX_MONTHLY_HOURS),
                name="specialist_capacity_range"),
            models.CheckConstraint(condition=Q(max_towns__gte=1), name="specialist_max_towns"),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True) | Q(available_until__isnull=True)
                | Q(available_until__gte=models.F("available_from")),
                name="specialist_availability_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def certification_list(self) -> list[str]:
        return [line.strip() for line in self.certifications.splitlines() if line.strip()]


class SpecialistSkill(models.Model):
    specialist = models.ForeignKey(Specialist, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, verbose_name=_("スキル"), on_delete=models.PROTECT,
                              related_name="+")
    level = models.PositiveSmallIntegerField(_("レベル"), validators=LEVEL_VALIDATORS)

    class Meta:
        ordering = ["skill__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["specialist", "skill"], name="specialist_skill_once"),
            models.CheckConstraint(condition=Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL),
                                   name="specialist_skill_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} {self.level}"


class Theme(models.TextChoices):
    ONLINE_APPLICATION = "online_application", _("電子申請の導入")
    BPR = "bpr", _("業務改善（BPR）")
    SECURITY = "security", _("情報セキュリティ")
    DATA = "data", _("データ活用")
    STANDARDISATION = "standardisation", _("標準化・ガバメントクラウド移行")
    DX_PLANNING = "dx_planning", _("DX推進計画・体制づくり")
    OTHER = "other", _("その他")


class PriorityChoice(models.TextChoices):
    HIGH = Priority.HIGH.value, _("高")
    NORMAL = Priority.NORMAL.value, _("通常")
    LOW = Priority.LOW.value, _("低")


class SupportRequest(models.Model):
    """A town's request for a specialist (支援要請). Its state is one lifecycle
    (talent_pool.lifecycle); the engagement that serves it hangs off it."""

    municipality = models.ForeignKey("tenants.Municipality", verbose_name=_("団体"),
                                     on_delete=models.PROTECT, related_name="support_requests")
    theme = models.CharField(_("テーマ"), max_length=30, choices=Theme.choices)
    title = models.CharField(_("件名"), max_length=120)
    hours_per_month = models.PositiveSmallIntegerField(
        _("月あたりの支援時間"), validators=[MinValueValidator(1),
                                      MaxValueValidator(MAX_MONTHLY_HOURS)])
    period_from = models.DateField(_("支援開始日"))
    period_until = models.DateField(_("支援終了日"))
    on_site_percent = models.PositiveSmallIntegerField(
        _("訪問の割合（%）"), default=0, validators=[MaxValueValidator(100)],
        help_text=_("0はすべてリモート、100はすべて訪問です。"))
    priority = models.CharField(_("優先度"), max_length=10, choices=PriorityChoice.choices,
                                default=PriorityChoice.NORMAL)
    reason = models.TextField(_("依頼の理由"), max_length=2000)
    status = models.CharField(_("状態"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.DRAFT)
    decline_reason = models.TextField(_("見送りの理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    AUDITED_FIELDS = ("theme", "title", "hours_per_month", "period_from", "period_until",
                      "on_site_percent", "priority", "reason", "status", "decline_reason")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("支援要請")
        verbose_name_plural = _("支援要請")
        constraints = [
            models.CheckConstraint(condition=Q(period_until__gte=models.F("period_from")),
                                   name="support_request_period_order"),
            models.CheckConstraint(condition=Q(on_site_percent__lte=100),
                                   name="support_request_on_site_percent"),
            models.CheckConstraint(
                condition=Q(hours_per_month__gte=1, hours_per_month__lte=MAX_MONTHLY_HOURS),
                name="support_request_hours_range"),
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values),
                                   name="support_request_status_known"),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    def status_enum(self) -> RequestStatus:
        return RequestStatus(self.status)


class RequiredSkill(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE,
                                related_name="required_skills")
    skill = models.ForeignKey(Skill, verbose_name=_("スキル"), on_delete=models.PROTECT,
                              related_name="+")
    min_level = models.PositiveSmallIntegerField(_("必要なレベル"), validators=LEVEL_VALIDATORS)

    class Meta:
        ordering = ["skill__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["request", "skill"], name="required_skill_once"),
            models.CheckConstraint(condition=Q(min_level__gte=MIN_LEVEL, min_level__lte=MAX_LEVEL),
                                   name="required_skill_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} {self.min_level}"


class ProposalStatus(models.TextChoices):
    OPTIMAL = "optimal", _("最適解（証明済み）")
    TIME_LIMIT = "time_limit", _("時間制限で打切り")
    SOLVER_FAILED = "solver_failed", _("ソルバーが停止")


class Proposal(models.Model):
    """One run of the optimiser over the open requests, kept with its weights, so the
    coordinator (and the audit) can see what was proposed and why."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    objective = models.FloatField(_("適合度の合計"))
    bound = models.FloatField(_("上界"), null=True)
    gap = models.FloatField(_("ギャップ"), null=True)
    optimal = models.BooleanField(_("最適性の証明"))
    status = models.CharField(_("結果"), max_length=20, choices=ProposalStatus.choices)
    weights = models.JSONField(_("重み"))
    unserved = models.JSONField(_("割り当てられなかった要請"), default=list)
    seconds = models.FloatField(_("計算時間（秒）"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("割当て案")
        verbose_name_plural = _("割当て案")

    def __str__(self) -> str:
        return f"#{self.pk}"


class MatchDecision(models.TextChoices):
    PENDING = "pending", _("未決定")
    ACCEPTED = "accepted", _("採用")
    REJECTED = "rejected", _("不採用")
    SUPERSEDED = "superseded", _("新しい割当て案に置換え")


class ProposedMatch(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="matches")
    request = models.ForeignKey(SupportRequest, on_delete=models.PROTECT,
                                related_name="proposed_matches")
    specialist = models.ForeignKey(Specialist, verbose_name=_("デジタル人材"),
                                   on_delete=models.PROTECT, related_name="proposed_matches")
    hours = models.PositiveSmallIntegerField(_("月あたりの支援時間"))
    fit = models.FloatField(_("適合度"))
    explanation = models.JSONField(_("理由"))  # talent_pool.fit.Explanation.as_dict()
    decision = models.CharField(_("決定"), max_length=20, choices=MatchDecision.choices,
                                default=MatchDecision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-fit", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "request"], name="proposed_match_once"),
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.specialist}"


class Engagement(models.Model):
    """A specialist serving a request: made when the coordinator accepts a match."""

    request = models.OneToOneField(SupportRequest, on_delete=models.PROTECT,
                                   related_name="engagement")
    specialist = models.ForeignKey(Specialist, verbose_name=_("デジタル人材"),
                                   on_delete=models.PROTECT, related_name="engagements")
    hours_per_month = models.PositiveSmallIntegerField(_("月あたりの支援時間"))
    started_on = models.DateField(_("開始日"))
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("評価"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    rating_comment = models.TextField(_("評価のコメント"), blank=True, max_length=2000)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("支援")
        verbose_name_plural = _("支援")
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True)
                                   | Q(rating__gte=1, rating__lte=5),
                                   name="engagement_rating_range"),
        ]

    def __str__(self) -> str:
        return f"{self.request.title} / {self.specialist.name}"


class TimeEntry(models.Model):
    """Hours a specialist worked for one engagement on one day (one row per day: logging
    the day again corrects it)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT,
                                   related_name="time_entries")
    day = models.DateField(_("日付"))
    hours = models.DecimalField(_("時間"), max_digits=4, decimal_places=2)
    note = models.CharField(_("内容"), max_length=200, blank=True)
    over_capacity_reason = models.CharField(_("稼働可能時間を超える理由"), max_length=200,
                                            blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    logged_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("稼働時間")
        verbose_name_plural = _("稼働時間")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "day"], name="time_entry_once_a_day"),
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24),
                                   name="time_entry_hours_range"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.hours}h"


class ConsultationSlot(models.Model):
    """One hour a specialist offers for a spot consultation (スポット相談)."""

    specialist = models.ForeignKey(Specialist, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("開始日時"))
    online = models.BooleanField(_("オンライン"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("スポット相談の枠")
        verbose_name_plural = _("スポット相談の枠")
        constraints = [
            models.UniqueConstraint(fields=["specialist", "starts_at"],
                                    name="consultation_slot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.specialist.name} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=SLOT_MINUTES)


class Booking(models.Model):
    """A town's booking of a slot. The database allows one live booking per slot, so two
    towns pressing 「予約する」 at the same moment cannot both get it."""

    slot = models.ForeignKey(ConsultationSlot, on_delete=models.PROTECT, related_name="bookings")
    municipality = models.ForeignKey("tenants.Municipality", verbose_name=_("団体"),
                                     on_delete=models.PROTECT, related_name="+")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    question = models.TextField(_("相談したいこと"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        verbose_name = _("スポット相談の予約")
        verbose_name_plural = _("スポット相談の予約")
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=Q(cancelled_at__isnull=True),
                                    name="booking_one_live_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.slot} {self.municipality.name}"
