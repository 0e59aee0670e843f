"""The audit log: who changed what, when, from where. Rows are never changed.

Services write one AuditEvent per state change, in the same transaction as the
change. The database itself refuses UPDATE, DELETE and TRUNCATE on the table (see
the trigger in migration 0002), so even a bug or an operator's SQL cannot rewrite
history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実行者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("実行者の表示"), max_length=254, blank=True)
    tenant_schema = models.CharField(_("対象団体のスキーマ"), max_length=63, db_index=True)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    target_type = models.CharField(_("対象の種類"), max_length=64)
    target_id = models.CharField(_("対象のID"), max_length=64, blank=True)
    target_label = models.CharField(_("対象の表示"), max_length=200, blank=True)
    before = models.JSONField(_("変更前"), null=True, blank=True)
    after = models.JSONField(_("変更後"), null=True, blank=True)
    request_id = models.CharField(_("リクエストID"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)

    class Meta:
        verbose_name = _("監査記録")
        verbose_name_plural = _("監査記録")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"
