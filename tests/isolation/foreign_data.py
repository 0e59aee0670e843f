"""The foreign side of the isolation test: data each role must not see, and who may.

MARKERS maps a unique string planted in another town's or organisation's data to the
roles that may legitimately see it. Add a marker here when a module gains private
data; the route walk itself needs no change.
"""

from django.apps import apps
from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_create
from kyodo.accounts.models import Role
from kyodo.invitations.models import Invitation
from kyodo.invitations.tokens import nonce_hash, nonce_new

BEPPU_NOTES = "ISOLATION-別府市の庁内メモ-7f3a"
BEPPU_LEAD_EMAIL = "isolation-lead@beppu.example"
VENDOR_B_EMAIL = "isolation-contact@vendor-b.example"
VENDOR_B_ADDRESS = "ISOLATION-福岡県福岡市他社町1-1"
BEPPU_INVITEE_EMAIL = "isolation-invitee@beppu.example"
BEPPU_TOKEN_NAME = "ISOLATION-別府市の内部ツール"

PREFECTURE_STAFF = frozenset({"prefecture_coordinator", "prefecture_operator"})

MARKERS: dict[str, frozenset[str]] = {
    # A town's private notes never leave its schema: nobody outside 別府市 sees them.
    BEPPU_NOTES: frozenset(),
    # Another vendor's registration: its own members and the prefecture's staff only.
    VENDOR_B_EMAIL: PREFECTURE_STAFF,
    VENDOR_B_ADDRESS: PREFECTURE_STAFF,
    # Another town's staff: their own town and the prefecture's staff only.
    BEPPU_LEAD_EMAIL: PREFECTURE_STAFF,
    # Someone invited into 別府市: the town and the prefecture's staff only.
    BEPPU_INVITEE_EMAIL: PREFECTURE_STAFF,
    # A person's API tokens: their owner only.
    BEPPU_TOKEN_NAME: frozenset(),
}


def create_extra(*, beppu, beppu_lead, vendor_b) -> dict:
    """A pending invitation into 別府市 and its lead's API token, with their ids.

    Their secrets (the invitation link's token, the API key) are not used as path
    values: holding one is holding the credential itself, which the invitation and
    token tests cover.
    """
    nonce = nonce_new()
    invitation = Invitation.objects.create(
        email=BEPPU_INVITEE_EMAIL, municipality=beppu, role=Role.MUNICIPALITY_STAFF,
        token_hash=nonce_hash(nonce), invited_by=beppu_lead)
    issued = api_token_create(actor=beppu_lead, membership=beppu_lead.memberships.get(),
                              name=BEPPU_TOKEN_NAME)
    return {
        "invitation": invitation,
        "api_token": issued.token,
        "foreign_ids": [invitation.pk, issued.token.pk, beppu_lead.memberships.get().pk],
        "foreign_strings": [],
    }


def extra_state(world, role: str) -> tuple:
    """What a request by `role` must not have changed: the invitation (the prefecture's
    staff may revoke a town's invitation), the token, and the town's invitations."""
    invitation = Invitation.objects.filter(pk=world["invitation"].pk).values_list(
        "accepted_at", "revoked_at" if role not in PREFECTURE_STAFF else "accepted_at").first()
    token = ApiToken.objects.filter(pk=world["api_token"].pk).values_list(
        "revoked_at").first()
    return invitation, token, Invitation.objects.filter(
        municipality=world["beppu"], created_at__lte=timezone.now()).count()


def restore(world) -> None:
    """Undo what a role was allowed to change, so the next role meets the same data."""
    Invitation.objects.filter(pk=world["invitation"].pk).update(revoked_at=None)


def satisfy_second_factor(user) -> None:
    """Give a user an active second factor when the MFA app is installed."""
    if not apps.is_installed("allauth.mfa"):
        return
    from tests.mfa import activate_totp

    activate_totp(user)


def record_coverage(*, routes: int, roles: int, requests: int) -> None:
    print(f"\nisolation: {routes} routes x {roles} roles, {requests} requests")
