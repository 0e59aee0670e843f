"""allauth adapter: how sign-in and sign-up behave on Kyodo.

Accounts are created by invitation, not by open sign-up (vendors' self-registration
arrives with the vendor portal). The demo accounts, whose password is published, are
turned away whenever DEBUG is off.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied

from kyodo.accounts.demo import DEMO_EMAILS
from kyodo.request_context import client_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def pre_login(self, request, user, **kwargs):
        if not settings.DEBUG and user.email in DEMO_EMAILS:
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits (and Kyodo's own) count a client by.

        It is the one the audit log records (KYODO_TRUSTED_PROXY_COUNT), so behind
        nginx each client is counted on its own instead of every client being the
        proxy. allauth's own ALLAUTH_TRUSTED_PROXY_COUNT is left unset: one setting,
        read in one place.
        """
        address = client_address(request)
        if not address:
            raise PermissionDenied("The client's address is unknown.")
        return address
