"""Security keys and passkeys: the browser's answer is checked for shape before use.

allauth hands the JSON the browser posts to fido2, which fails on a missing key or a
value of the wrong type with whatever error it meets first (KeyError, AttributeError,
struct.error, an assertion); allauth turns only some of them into a form error, so a
malformed credential was a 500, for anyone at the passkey sign-in. These forms check
the JSON against the WebAuthn JSON shapes first (jsonschema), keep only the members
Kyodo uses (so nothing else is stored with the key), and turn any failure to decode the
binary parts into the form's error.
"""

import struct

import jsonschema
from allauth.mfa.webauthn import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _
from fido2.webauthn import AuthenticationResponse, RegistrationResponse

from kyodo.accounts.forms import AddSecurityKeyForm

MALFORMED = _("セキュリティキーからの応答を読み取れませんでした。もう一度お試しください。")

# base64url without padding, as browsers send it; bounded, since the credential is stored.
_B64URL = {"type": "string", "pattern": "^[A-Za-z0-9_-]+={0,2}$", "maxLength": 65536}
_COMMON = {
    "id": _B64URL,
    "rawId": _B64URL,
    "type": {"const": "public-key"},
    "authenticatorAttachment": {"enum": ["platform", "cross-platform", None]},
    "clientExtensionResults": {
        "type": "object",
        "properties": {"credProps": {"type": "object",
                                     "properties": {"rk": {"type": "boolean"}}}},
    },
}
REGISTRATION = {
    "type": "object",
    "required": ["id", "rawId", "type", "response"],
    "properties": _COMMON | {
        "response": {
            "type": "object",
            "required": ["clientDataJSON", "attestationObject"],
            "properties": {
                "clientDataJSON": _B64URL,
                "attestationObject": _B64URL,
                "transports": {"type": "array", "maxItems": 8,
                               "items": {"type": "string", "pattern": "^[a-z-]{1,32}$"}},
            },
        },
    },
}
AUTHENTICATION = {
    "type": "object",
    "required": ["id", "rawId", "type", "response"],
    "properties": _COMMON | {
        "response": {
            "type": "object",
            "required": ["clientDataJSON", "authenticatorData", "signature"],
            "properties": {
                "clientDataJSON": _B64URL,
                "authenticatorData": _B64URL,
                "signature": _B64URL,
                "userHandle": {"anyOf": [_B64URL, {"type": "null"}]},
            },
        },
    },
}
# What fido2 raises when the base64url parts do not decode into the structures they
# claim to be (JSON client data, CBOR attestation, packed authenticator data).
_UNDECODABLE = (ValueError, TypeError, KeyError, IndexError, struct.error)


def _known_members(value: dict, schema: dict) -> dict:
    """`value` with only the members `schema` describes, recursively."""
    kept = {}
    for name, member in schema["properties"].items():
        if name in value:
            kept[name] = (_known_members(value[name], member)
                          if member.get("type") == "object" else value[name])
    return kept


def _checked(value, schema: dict) -> dict:
    try:
        jsonschema.validate(value, schema)
    except jsonschema.ValidationError:
        raise forms.ValidationError(MALFORMED, code="malformed_credential") from None
    return _known_members(value, schema)


def registration_response(value) -> dict:
    """The browser's answer to a registration, checked and trimmed to what is stored."""
    credential = _checked(value, REGISTRATION)
    try:
        parsed = RegistrationResponse.from_dict(credential)
    except _UNDECODABLE:
        raise forms.ValidationError(MALFORMED, code="malformed_credential") from None
    if parsed.response.attestation_object.auth_data.credential_data is None:
        raise forms.ValidationError(MALFORMED, code="malformed_credential")
    return credential


def authentication_response(value) -> dict:
    """The browser's answer to a sign-in challenge, checked."""
    credential = _checked(value, AUTHENTICATION)
    try:
        AuthenticationResponse.from_dict(credential)
    except _UNDECODABLE:
        raise forms.ValidationError(MALFORMED, code="malformed_credential") from None
    return credential


class AddWebAuthnForm(AddSecurityKeyForm):
    """Adding a key: its name bounded (kyodo.accounts.forms), its credential checked."""

    def clean_credential(self) -> dict:
        return registration_response(self.cleaned_data["credential"])


class _CheckedAuthentication:
    def clean_credential(self):
        self.cleaned_data["credential"] = authentication_response(
            self.cleaned_data["credential"])
        return super().clean_credential()


class AuthenticateWebAuthnForm(_CheckedAuthentication, allauth_forms.AuthenticateWebAuthnForm):
    pass


class LoginWebAuthnForm(_CheckedAuthentication, allauth_forms.LoginWebAuthnForm):
    pass


class ReauthenticateWebAuthnForm(_CheckedAuthentication,
                                 allauth_forms.ReauthenticateWebAuthnForm):
    pass
