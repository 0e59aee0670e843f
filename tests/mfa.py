"""Second factors for tests.

An authenticator app with a known secret (its current code is computed as the app on
a phone would), a software security key that answers allauth's WebAuthn registration
ceremony without a browser (attestation "none", as most keys send), and signing in
with Django's test client through the second-factor step.
"""

import hashlib
import os
import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.webauthn.internal.auth import WebAuthn
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

TOTP_SECRET = "NN4W6ZDPFV2GK43UFV2G65DQFVVWK6JB"  # base32 of b"kyodo-test-totp-key!"
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def activate_totp(user, secret: str = TOTP_SECRET) -> Authenticator:
    """Store an authenticator app for `user` the way allauth's activation does."""
    return TOTP.activate(user, secret).instance


def totp_code(secret: str = TOTP_SECRET, *, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` now (or at time `at`)."""
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def security_key_registration(*, challenge: str, rp_id: str = "testserver",
                              origin: str = "http://testserver", passkey: bool = False) -> dict:
    """A new key's answer to a registration challenge, as the browser posts it (JSON)."""
    credential_id = os.urandom(16)
    public_key = ES256.from_cryptography_key(ec.generate_private_key(ec.SECP256R1()).public_key())
    flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT
    if passkey:
        flags |= AuthenticatorData.FLAG.UV
    auth_data = AuthenticatorData.create(
        hashlib.sha256(rp_id.encode()).digest(), flags, 0,
        AttestedCredentialData.create(Aaguid.NONE, credential_id, public_key),
    )
    client_data = CollectedClientData.create(
        type=CollectedClientData.TYPE.CREATE, challenge=challenge, origin=origin)
    return {
        "id": websafe_encode(credential_id),
        "rawId": websafe_encode(credential_id),
        "type": "public-key",
        "response": {
            "clientDataJSON": client_data.b64,
            "attestationObject": websafe_encode(AttestationObject.create("none", auth_data, {})),
        },
        "clientExtensionResults": {"credProps": {"rk": passkey}},
    }


def add_security_key(user, name: str = "業務用セキュリティキー") -> Authenticator:
    """Store a security key for `user` as allauth does after a successful registration."""
    credential = security_key_registration(challenge=websafe_encode(os.urandom(32)))
    return WebAuthn.add(user, name, credential).instance


def sign_in(client, user, password: str = PASSWORD, *, confirmed: bool = True):
    """Sign in through the form, and the second-factor step if the account has one.

    `confirmed`: then enter the password again, as allauth asks before any change to
    the second factors.
    """
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302, response.content.decode()
    if confirmed:
        client.post(reverse("account_reauthenticate"), {"password": password})
    return response
