"""allauth adapter: how sign-in and sign-up behave on Kyodo.

Accounts are created by invitation, not by open sign-up (vendors' self-registration
arrives with the vendor portal). The demo accounts, whose password is published, are
turned away whenever DEBUG is off.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from kyodo.accounts.demo import DEMO_EMAILS


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def pre_login(self, request, user, **kwargs):
        if not settings.DEBUG and user.email in DEMO_EMAILS:
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)
