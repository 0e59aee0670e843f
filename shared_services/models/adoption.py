"""A town's request to adopt a common system, its history and thread, and the
subscription that follows when it goes live."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shared_services.lifecycle import OPEN, AdoptionAction, AdoptionStatus, Side


class AdoptionRequest(models.Model):
    """導入申請: drafted by the town's staff, submitted by its lead, decided by the prefecture."""

    municipality = models.ForeignKey("tenants.Municipality", verbose_name=_("団体"),
                                     on_delete=models.PROTECT, related_name="adoption_requests")
    system = models.ForeignKey("shared_services.CommonSystem", verbose_name=_("共通システム"),
                               on_delete=models.PROTECT, related_name="adoption_requests")
    status = models.CharField(_("状態"), max_length=16, choices=AdoptionStatus.choices,
                              default=AdoptionStatus.DRAFT)
    start_fiscal_year = models.PositiveSmallIntegerField(
        _("利用開始の年度"), validators=[MinValueValidator(2019), MaxValueValidator(2099)])
    start_month = models.PositiveSmallIntegerField(
        _("利用開始の月"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    expected_users = models.PositiveIntegerField(_("利用予定者数"), default=0)
    expected_usage = models.PositiveBigIntegerField(_("見込み利用量"), default=0)
    reason = models.CharField(_("導入の目的・理由"), max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    submitted_at = models.DateTimeField(_("申請日時"), null=True, blank=True)

    AUDITED_FIELDS = ("system", "status", "start_fiscal_year", "start_month", "expected_users",
                      "expected_usage", "reason")

    class Meta:
        verbose_name = _("導入申請")
        verbose_name_plural = _("導入申請")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "system"], condition=models.Q(status__in=sorted(OPEN)),
                name="adoption_request_one_open_per_town_and_system"),
            models.CheckConstraint(condition=models.Q(start_month__gte=1, start_month__lte=12),
                                   name="adoption_request_start_month_in_range"),
            models.CheckConstraint(
                condition=models.Q(status__in=[choice.value for choice in AdoptionStatus]),
                name="adoption_request_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.system}"

    @property
    def start_year_month(self) -> tuple[int, int]:
        """The calendar (year, month) the town wants to start: 年度 N runs April N – March N+1."""
        year = self.start_fiscal_year + (1 if self.start_month <= 3 else 0)
        return year, self.start_month


class AdoptionTransition(models.Model):
    """One step of a request's lifecycle: who took which action, when, and why."""

    request = models.ForeignKey(AdoptionRequest, on_delete=models.CASCADE,
                                related_name="transitions")
    action = models.CharField(max_length=16, choices=AdoptionAction.choices)
    from_status = models.CharField(max_length=16, choices=AdoptionStatus.choices)
    to_status = models.CharField(max_length=16, choices=AdoptionStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    comment = models.CharField(_("コメント"), max_length=2000, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request}: {self.action}"


class AdoptionComment(models.Model):
    """The thread the town and the prefecture share about one request."""

    request = models.ForeignKey(AdoptionRequest, on_delete=models.CASCADE,
                                related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    side = models.CharField(max_length=16, choices=Side.choices)
    body = models.CharField(_("コメント"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request}: {self.body[:40]}"


def attachment_path(instance, filename: str) -> str:
    """Stored by the town's storage, under MEDIA_ROOT/<the town's schema>/."""
    return f"adoption/{instance.request_id}/{filename}"


class AdoptionAttachment(models.Model):
    """A file the town attaches to its request. It is saved while the town's schema is
    active, so it lives with the town's own files (TenantFileSystemStorage)."""

    request = models.ForeignKey(AdoptionRequest, on_delete=models.CASCADE,
                                related_name="attachments")
    file = models.FileField(_("ファイル"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("ファイル名"), max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """A town's use of a system, month by month: from the first month of use to the last
    (open while it continues). Months active in a 年度 come from these two months."""

    municipality = models.ForeignKey("tenants.Municipality", on_delete=models.PROTECT,
                                     related_name="subscriptions")
    system = models.ForeignKey("shared_services.CommonSystem", on_delete=models.PROTECT,
                               related_name="subscriptions")
    request = models.OneToOneField(AdoptionRequest, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="subscription")
    first_month = models.DateField(_("利用開始月"))  # the first day of the month
    last_month = models.DateField(_("利用終了月"), null=True, blank=True)
    usage = models.PositiveBigIntegerField(_("利用量"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("利用")
        verbose_name_plural = _("利用")
        ordering = ["system", "municipality__lg_code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "system"],
                                    condition=models.Q(last_month__isnull=True),
                                    name="subscription_one_current_per_town_and_system"),
            models.CheckConstraint(condition=models.Q(first_month__day=1),
                                   name="subscription_first_month_is_a_month"),
            models.CheckConstraint(
                condition=models.Q(last_month__isnull=True)
                | models.Q(last_month__gte=models.F("first_month"), last_month__day=1),
                name="subscription_last_month_after_first"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.system}"
