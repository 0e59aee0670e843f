"""allauth's security-key forms, with a limit on the key's name.

allauth leaves the name unbounded; it is stored with the key and recorded in the audit
log when the key is removed, so it gets a limit like every other free text.
"""

from allauth.mfa.webauthn.forms import AddWebAuthnForm, EditWebAuthnForm
from django import forms

from kyodo.text_limits import LengthLimitMessages

AUTHENTICATOR_NAME_MAX_LENGTH = 100


class AddSecurityKeyForm(LengthLimitMessages, AddWebAuthnForm):
    name = forms.CharField(required=False, max_length=AUTHENTICATOR_NAME_MAX_LENGTH)


class EditSecurityKeyForm(LengthLimitMessages, EditWebAuthnForm):
    name = forms.CharField(required=True, max_length=AUTHENTICATOR_NAME_MAX_LENGTH)
