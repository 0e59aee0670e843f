"""API tokens: how an API client (a vendor's bid-management system, a town's own
tools) acts for one organisation.

A token is shown to its owner once, when it is issued, as `kyodo_<prefix>_<secret>`.
Only the SHA-256 of the secret is kept. The secret is 256 random bits, so a fast hash
is enough (there is nothing to guess), and a copy of the database opens no API. The
prefix is kept in clear: the owner recognises a token by it in lists, and
authentication finds the row by it with one indexed lookup.
"""

import hashlib
import hmac
import re
import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_SCHEME = "kyodo"
PREFIX_LENGTH = 8
SECRET_BYTES = 32
# The whole shape of a key: `kyodo_`, 8 hex digits, `_`, and the 32 random bytes of the
# secret in URL-safe base64 (43 characters, which may themselves include `_`).
KEY_PATTERN = re.compile(r"kyodo_(?P<prefix>[0-9a-f]{8})_(?P<secret>[A-Za-z0-9_-]{43})")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_prefix() -> str:
    return secrets.token_hex(PREFIX_LENGTH // 2)


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def join_key(prefix: str, secret: str) -> str:
    return f"{KEY_SCHEME}_{prefix}_{secret}"


def split_key(key: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed key, None for anything else.

    The shape is checked in full before the prefix goes anywhere near the database:
    a prefix with a NUL byte, say, would make the driver raise instead of finding
    no token.
    """
    match = KEY_PATTERN.fullmatch(key)
    if match is None:
        return None
    return match["prefix"], match["secret"]


class ApiToken(models.Model):
    """A user's token for one of their memberships: it acts for that organisation,
    in that role, and for nothing else the user may also belong to."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("利用者"))
    # Removing the membership removes its tokens: a token never outlives the role it acts in.
    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE,
                                   related_name="api_tokens", verbose_name=_("所属"))
    name = models.CharField(_("名前"), max_length=100,
                            help_text=_("どのシステムで使うトークンかが分かる名前にしてください。"))
    prefix = models.CharField(_("識別子"), max_length=PREFIX_LENGTH, unique=True)
    key_hash = models.CharField(_("シークレットのハッシュ値"), max_length=64)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最終利用日時"), null=True, blank=True)
    expires_at = models.DateTimeField(_("有効期限"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("無効化日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("APIトークン")
        verbose_name_plural = _("APIトークン")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(prefix__regex=r"^[0-9a-f]{8}$"),
                                   name="api_token_prefix_hex"),
            models.CheckConstraint(condition=models.Q(key_hash__regex=r"^[0-9a-f]{64}$"),
                                   name="api_token_key_hash_sha256"),
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True)
                | models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | models.Q(revoked_at__gte=models.F("created_at")),
                name="api_token_revoked_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_key})"

    def clean(self) -> None:
        if self.membership_id and self.user_id and self.membership.user_id != self.user_id:
            raise ValidationError(
                {"membership": _("APIトークンは自分の所属についてだけ発行できます。")},
                code="membership_of_another_user",
            )

    @property
    def masked_key(self) -> str:
        """What lists show: enough to recognise the token, nothing to use it."""
        return f"{KEY_SCHEME}_{self.prefix}_…"

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.key_hash, hash_secret(secret))

    def is_expired(self, at: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())

    def is_usable(self, at: datetime | None = None) -> bool:
        return self.revoked_at is None and not self.is_expired(at)
