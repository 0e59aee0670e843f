"""Authentication backends that refuse the demo accounts outside DEBUG (admin, API).

The demo accounts have a published password. Creating them is refused without DEBUG
(kyodo.accounts.demo), and so is signing in with them or using their API tokens, in
case a database prepared for a demo is ever served with production settings.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from kyodo.accounts.demo import DEMO_EMAILS


def demo_account_refused(user) -> bool:
    """Is this a demo account, whose password is published, outside DEBUG?

    The one rule for every way in: the sign-in backends below, the session they
    restore on each request, and the API's tokens (api.authentication).
    """
    return not settings.DEBUG and user.email in DEMO_EMAILS


class _NoDemoAccountsOutsideDebug:
    def user_can_authenticate(self, user) -> bool:
        if demo_account_refused(user):
            return False
        return super().user_can_authenticate(user)


class KyodoModelBackend(_NoDemoAccountsOutsideDebug, ModelBackend):
    """Django's backend (the admin's sign-in and API session checks)."""


class KyodoAllauthBackend(_NoDemoAccountsOutsideDebug, AuthenticationBackend):
    """allauth's backend (sign-in by e-mail)."""
