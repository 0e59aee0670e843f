"""`Authorization: Bearer <token>` (or `Token <token>`) for API clients.

A header naming one of these schemes must carry a usable token: anything else (no
key, a malformed, unknown, tampered, revoked or expired one, or a demo account's
outside DEBUG) is refused with 401
rather than left to the next authentication class, so a client with a broken token
learns it at once instead of seeing the API as an anonymous visitor.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import HTTP_HEADER_ENCODING
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api.selectors import api_token_get_by_key
from api.services import api_token_mark_used
from kyodo.accounts.backends import demo_account_refused

KEYWORDS = ("bearer", "token")  # `Token` is what clients of DRF's authtoken already send


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode(HTTP_HEADER_ENCODING, "replace").lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                _("Authorization ヘッダーは「Bearer <APIトークン>」の形式で送ってください。"))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(_("APIトークンが正しくありません。")) from error
        token = api_token_get_by_key(key=key)
        # The demo accounts' tokens stop with their sign-in once DEBUG is off.
        if token is None or demo_account_refused(token.user):
            raise AuthenticationFailed(
                _("APIトークンが正しくないか、無効化または期限切れになっています。"))
        api_token_mark_used(token=token)
        user = token.user
        # Every policy decision in this request acts for the token's organisation only.
        user.api_token_membership_id = token.membership_id
        return user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
