"""Reads of API tokens and of who a request acts for, filtered by who asks."""

from dataclasses import dataclass

from django.db.models import QuerySet

from api.models import ApiToken, split_key
from kyodo.accounts.models import Membership, User
from kyodo.accounts.policy import memberships_of


def api_token_list(*, actor) -> QuerySet[ApiToken]:
    """The actor's own tokens, revoked ones included; nobody lists another's."""
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor).select_related(
        "membership__municipality", "membership__vendor")


def api_token_get(*, actor, pk: int) -> ApiToken:
    return api_token_list(actor=actor).get(pk=pk)


def api_token_get_by_key(*, key: str) -> ApiToken | None:
    """The token this key opens, or None when the key is malformed or unknown, its
    secret does not match, the token is revoked or expired, or its user is inactive."""
    parts = split_key(key)
    if parts is None:
        return None
    prefix, secret = parts
    token = ApiToken.objects.select_related(
        "user", "membership__municipality", "membership__vendor").filter(prefix=prefix).first()
    if token is None or not token.matches(secret):
        return None
    if not token.is_usable() or not token.user.is_active:
        return None
    return token


@dataclass(frozen=True)
class Me:
    user: User
    memberships: list[Membership]
    token: ApiToken | None


def me_get(*, actor, api_token: ApiToken | None = None) -> Me:
    """The signed-in user and what they act for; with a token, only its organisation."""
    return Me(user=actor, memberships=list(memberships_of(actor, api_token=api_token)),
              token=api_token)
