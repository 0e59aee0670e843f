"""Invitations: how a person joins an organisation with a role.

Accounts are not opened by sign-up. A coordinator, a town's lead or a vendor's
administrator invites an e-mail address into their organisation; the link in the
e-mail is the only way to accept it. The row keeps who invited whom, into what, and
what became of it; the token itself is never stored (see kyodo.invitations.tokens).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyodo.accounts.models import Role, one_organisation_matching_role

INVITATION_LIFETIME = datetime.timedelta(days=7)


def default_expiry() -> datetime.datetime:
    return timezone.now() + INVITATION_LIFETIME


class InvitationStatus(models.TextChoices):
    """Derived from the row's timestamps and the clock (`Invitation.status`), never stored:
    an invitation expires when its time is up, with no job to mark it."""

    PENDING = "pending", _("未承諾")  # sent; the link still works
    ACCEPTED = "accepted", _("承諾済み")  # the invitee joined; the link is used up
    EXPIRED = "expired", _("期限切れ")  # not accepted within its lifetime
    REVOKED = "revoked", _("取消し")  # withdrawn, or replaced by a newer invitation


def pending_q(now: datetime.datetime | None = None) -> models.Q:
    """The invitations whose link still works at `now`."""
    return models.Q(accepted_at__isnull=True, revoked_at__isnull=True,
                    expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """An invitation of one e-mail address into one organisation with one role.

    The organisation is a municipality (the prefecture, for its own roles and the
    specialist pool, is a municipality row too) or a vendor, exactly as in Membership.
    """

    email = models.EmailField(_("メールアドレス"))
    municipality = models.ForeignKey(
        "tenants.Municipality", verbose_name=_("団体"), on_delete=models.CASCADE,
        related_name="invitations", null=True, blank=True,
    )
    vendor = models.ForeignKey(
        "accounts.Vendor", verbose_name=_("事業者"), on_delete=models.CASCADE,
        related_name="invitations", null=True, blank=True,
    )
    role = models.CharField(_("役割"), max_length=32, choices=Role.choices)
    token_hash = models.CharField(_("トークンのハッシュ値"), max_length=64, unique=True,
                                  editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("招待した人"), on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("招待日時"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有効期限"), default=default_expiry)
    accepted_at = models.DateTimeField(_("承諾日時"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承諾した人"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    revoked_at = models.DateTimeField(_("取消日時"), null=True, blank=True)

    AUDITED_FIELDS = ("email", "municipality", "vendor", "role", "expires_at", "accepted_at",
                      "accepted_by", "revoked_at")

    class Meta:
        verbose_name = _("招待")
        verbose_name_plural = _("招待")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["email"])]
        constraints = [
            one_organisation_matching_role("invitation_one_organisation_matching_role"),
            models.CheckConstraint(
                condition=(models.Q(accepted_at__isnull=True, accepted_by__isnull=True)
                           | models.Q(accepted_at__isnull=False, accepted_by__isnull=False)),
                name="invitation_accepted_by_someone",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"

    @property
    def organisation(self):
        return self.vendor if self.vendor_id else self.municipality

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return self.status.label

    def is_addressed_to(self, user) -> bool:
        """Whether `user` has the invited address (e-mail addresses compare without case)."""
        return user.is_authenticated and user.email.lower() == self.email.lower()
