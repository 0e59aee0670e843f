"""allauth adapter: Kyodo accounts are created by invitation, not by open sign-up.

Open self-registration arrives with the vendor portal; until then the sign-up page
is closed and says so.
"""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False
