"""A malformed answer from a browser's security key is a form error, never a 500."""

import copy
import hashlib
import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.internal.auth import STATE_SESSION_KEY
from django.contrib.messages import get_messages
from django.urls import reverse
from fido2.utils import websafe_encode
from fido2.webauthn import AttestationObject, AuthenticatorData

from tests.mfa import add_security_key, security_key_registration, sign_in

pytestmark = pytest.mark.django_db

MALFORMED = "セキュリティキーからの応答を読み取れませんでした。もう一度お試しください。"


def _without(key: str):
    def change(credential):
        del credential[key]
    return change


def _set(value, *path):
    def change(credential):
        target = credential
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _no_attested_credential(credential):
    auth_data = AuthenticatorData.create(hashlib.sha256(b"testserver").digest(),
                                         AuthenticatorData.FLAG.UP, 0)
    credential["response"]["attestationObject"] = websafe_encode(
        AttestationObject.create("none", auth_data, {}))


REGISTRATION_DEFECTS = {
    "no id": _set(None, "id"),
    "no rawId": _without("rawId"),
    "id and rawId differ": _set(websafe_encode(b"another-key"), "id"),
    "not a public key": _set("password", "type"),
    "no response": _without("response"),
    "extension results as a list": _set([], "clientExtensionResults"),
    "credProps as text": _set("x", "clientExtensionResults", "credProps"),
    "client data that is not base64url": _set("!!!", "response", "clientDataJSON"),
    "client data that is not JSON": _set(websafe_encode(b"garbage"), "response",
                                         "clientDataJSON"),
    "attestation that is not CBOR": _set(websafe_encode(b"garbage"), "response",
                                         "attestationObject"),
    "attestation cut short": _set(websafe_encode(b"{}"), "response", "attestationObject"),
    "attestation without the key": _no_attested_credential,
    "an unknown attachment": _set("usb-stick", "authenticatorAttachment"),
}


@pytest.fixture
def adding(client, beppu_staff):
    """Signed in, on the page that adds a key: (client, the browser's valid answer)."""
    sign_in(client, beppu_staff)
    client.get(reverse("mfa_add_webauthn"))
    registration = security_key_registration(
        challenge=client.session[STATE_SESSION_KEY]["challenge"])
    return client, registration


@pytest.mark.parametrize("defect", REGISTRATION_DEFECTS)
def test_a_malformed_new_key_is_refused_with_a_message(adding, beppu_staff, defect):
    client, credential = adding
    credential = copy.deepcopy(credential)
    REGISTRATION_DEFECTS[defect](credential)

    response = client.post(reverse("mfa_add_webauthn"),
                           {"name": "業務用PC", "credential": json.dumps(credential)})

    assert response.status_code == 200
    assert MALFORMED in response.content.decode()
    assert not Authenticator.objects.filter(user=beppu_staff, type="webauthn").exists()


@pytest.mark.parametrize("posted", ["null", "[]", '"text"', "{", "1e999"])
def test_a_credential_that_is_not_a_json_object_is_refused(adding, beppu_staff, posted):
    client, _ = adding

    response = client.post(reverse("mfa_add_webauthn"), {"name": "業務用PC",
                                                         "credential": posted})

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=beppu_staff, type="webauthn").exists()


def test_a_valid_key_is_stored_without_members_kyodo_does_not_use(adding, beppu_staff):
    client, credential = adding
    credential["junk"] = "\u0000" * 10
    credential["response"]["junk"] = {"deep": "\u0000"}

    response = client.post(reverse("mfa_add_webauthn"),
                           {"name": "業務用PC", "credential": json.dumps(credential)})

    assert response.status_code == 302
    stored = Authenticator.objects.get(user=beppu_staff, type="webauthn").data["credential"]
    assert "junk" not in stored and "junk" not in stored["response"]
    assert client.get(reverse("mfa_list_webauthn")).status_code == 200


def _assertion(**changes) -> dict:
    credential = {
        "id": websafe_encode(b"k" * 16), "rawId": websafe_encode(b"k" * 16),
        "type": "public-key",
        "response": {"clientDataJSON": websafe_encode(b'{"type": "webauthn.get"}'),
                     "authenticatorData": websafe_encode(b"\x00" * 37),
                     "signature": websafe_encode(b"signature"),
                     "userHandle": websafe_encode(b"1")},
        "clientExtensionResults": {},
    }
    return credential | changes


AUTHENTICATION_DEFECTS = {
    "no rawId": {"rawId": None},
    "extension results as text": {"clientExtensionResults": "x"},
    "response as a list": {"response": []},
    "authenticator data cut short": {"response": _assertion()["response"] | {
        "authenticatorData": websafe_encode(b"\x00")}},
}


@pytest.mark.parametrize("defect", AUTHENTICATION_DEFECTS)
def test_a_malformed_passkey_sign_in_goes_back_to_the_sign_in_page(client, beppu_staff, defect):
    add_security_key(beppu_staff)
    url = reverse("mfa_login_webauthn")
    client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")

    response = client.post(url, {"credential": json.dumps(
        _assertion(**AUTHENTICATION_DEFECTS[defect]))})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert MALFORMED in [str(message) for message in get_messages(response.wsgi_request)]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("defect", AUTHENTICATION_DEFECTS)
def test_a_malformed_key_when_confirming_identity_is_refused(client, beppu_staff, defect):
    add_security_key(beppu_staff)
    client.force_login(beppu_staff)
    url = reverse("mfa_reauthenticate_webauthn")
    client.get(url)

    response = client.post(url, {"credential": json.dumps(
        _assertion(**AUTHENTICATION_DEFECTS[defect]))})

    assert response.status_code == 302
    assert MALFORMED in [str(message) for message in get_messages(response.wsgi_request)]
