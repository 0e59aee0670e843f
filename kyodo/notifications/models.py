"""Notifications (public schema): one row per recipient, and each person's e-mail choice.

A row keeps what happened as data — its kind's code and the placeholder values — never
rendered text: the text is drawn when it is read, in the reader's language
(kyodo.notifications.kinds). The row is written in the same transaction as the change it
reports, so a change that is rolled back leaves no notification behind.
"""

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyodo.notifications import kinds


class EmailDelivery(models.TextChoices):
    """How a person wants their notifications by e-mail (the inbox always has them)."""

    IMMEDIATE = "immediate", _("即時")  # one e-mail per notification, once it is committed
    DAILY_DIGEST = "daily_digest", _("1日1回まとめて")  # one e-mail each morning at 8:00


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受信者"),
                                  on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("種類"), max_length=kinds.CODE_MAX_LENGTH)
    params = models.JSONField(_("差込み値"), default=dict, blank=True)
    url = models.CharField(_("リンク先"), max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作した人"),
                              on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    organisation_label = models.CharField(_("関係先"), max_length=200, blank=True)
    # The recipient's choice when the row was written: the row is e-mailed that way even
    # if the choice changes before it is sent.
    delivery = models.CharField(_("メールの送り方"), max_length=16,
                                choices=EmailDelivery.choices)
    created_at = models.DateTimeField(_("通知日時"), auto_now_add=True)
    read_at = models.DateTimeField(_("既読日時"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("メール送信日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True),
                         name="notification_unread"),
            models.Index(fields=["delivery", "created_at"],
                         condition=models.Q(emailed_at__isnull=True), name="notification_unsent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivery__in=[choice.value for choice in EmailDelivery]),
                name="notification_delivery_known"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"

    @cached_property
    def text(self) -> tuple[str, str]:
        """(title, body), drawn once per instance in the language active at the time."""
        return kinds.render(self.kind, self.params)

    @property
    def title(self) -> str:
        return self.text[0]

    @property
    def body(self) -> str:
        return self.text[1]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's choice of e-mail delivery. No row means the default: immediate."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("利用者"),
                                on_delete=models.CASCADE,
                                related_name="notification_preference")
    email_delivery = models.CharField(_("メールでのお知らせ"), max_length=16,
                                      choices=EmailDelivery.choices,
                                      default=EmailDelivery.IMMEDIATE)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("お知らせの設定")
        verbose_name_plural = _("お知らせの設定")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    email_delivery__in=[choice.value for choice in EmailDelivery]),
                name="notification_preference_delivery_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_delivery_display()}"
