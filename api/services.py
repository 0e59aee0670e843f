"""Issuing and revoking API tokens. Each takes the acting user and is audited."""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from api.models import ApiToken, hash_secret, join_key, new_prefix, new_secret
from kyodo.accounts.models import Membership
from kyodo.accounts.policy import can_create_api_token, can_revoke_api_token
from kyodo.audit.services import audit_record, snapshot
from kyodo.errors import DomainError, ErrorCode

AUDITED_FIELDS = ["name", "prefix", "membership", "expires_at", "revoked_at"]

# A busy client would otherwise turn every read into a write on the token's row.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class IssuedApiToken(NamedTuple):
    token: ApiToken
    key: str  # the only copy of the full key; it is never stored


def api_token_create(
    *, actor, membership: Membership, name: str, expires_at: datetime | None = None
) -> IssuedApiToken:
    """Issue a token that acts for `membership`. The key is returned here and nowhere
    else again: only its prefix and the hash of its secret are kept."""
    if not can_create_api_token(actor, membership):
        raise DomainError(ErrorCode.PERMISSION_DENIED,
                          _("APIトークンは自分の所属についてだけ発行できます。"), status=403)
    if expires_at is not None and expires_at <= timezone.now():
        message = _("有効期限には未来の日時を指定してください。")
        raise DomainError(ErrorCode.VALIDATION_ERROR, message, details=[
            {"field": "expires_at", "code": "expires_at_in_past", "message": message}])
    secret = new_secret()
    with transaction.atomic():
        prefix = new_prefix()
        while ApiToken.objects.filter(prefix=prefix).exists():
            prefix = new_prefix()
        token = ApiToken(user=actor, membership=membership, name=name, prefix=prefix,
                         key_hash=hash_secret(secret), expires_at=expires_at)
        token.full_clean()
        token.save()
        audit_record(actor=actor, action="api_token.create", target=token,
                     after=snapshot(token, AUDITED_FIELDS),
                     tenant_schema=get_public_schema_name())
    return IssuedApiToken(token=token, key=join_key(prefix, secret))


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Stop the token working from now on. The row stays, so lists and the audit log
    can still say which token it was and when it was last used."""
    if not can_revoke_api_token(actor, token):
        raise DomainError(ErrorCode.PERMISSION_DENIED,
                          _("他の利用者のAPIトークンは無効化できません。"), status=403)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise DomainError(ErrorCode.CONFLICT,
                              _("このAPIトークンは既に無効化されています。"), status=409)
        before = snapshot(token, AUDITED_FIELDS)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", target=token, before=before,
                     after=snapshot(token, AUDITED_FIELDS),
                     tenant_schema=get_public_schema_name())
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    """Record that the token authenticated a request, at most once a minute.

    Called by the authentication class for every request, so it has no actor and is
    not audited; the condition in the UPDATE keeps concurrent requests from writing
    the row more than once per minute between them.
    """
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION),
        pk=token.pk,
    ).update(last_used_at=now)
    token.last_used_at = now
