"""Every free text has a limit: in the model (and so the database) and in the form, where
passing it gets Kyodo's message naming the limit, never a 500 or an oversized row."""

import pytest
from allauth.mfa.models import Authenticator
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_resolver

from kyodo.accounts.forms import AddSecurityKeyForm, EditSecurityKeyForm
from kyodo.audit.models import AuditEvent
from kyodo.invitations.forms import AcceptNewAccountForm
from kyodo.text_limits import LengthLimitMessages
from tenants.workspace.services import profile_get, profile_update
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

KYODO_PACKAGES = ("kyodo.", "tenants.", "api.")
TWO_POINT_FOUR_MB = 2_400_000


def _kyodo_models():
    return [model for model in apps.get_models() if model.__module__.startswith(KYODO_PACKAGES)]


def _kyodo_forms():
    for urlconf in (settings.ROOT_URLCONF, settings.KYODO_WORKSPACE_URLCONF):
        get_resolver(urlconf).url_patterns  # noqa: B018  (imports every view and form)
    found, pending = set(), [forms.BaseForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith(KYODO_PACKAGES):
                found.add(sub)
    return sorted(found, key=lambda form: form.__qualname__)


def test_every_text_field_of_every_model_has_a_limit():
    unbounded = [f"{model.__name__}.{field.name}" for model in _kyodo_models()
                 for field in model._meta.get_fields()
                 if isinstance(field, models.CharField | models.TextField) and not field.max_length]

    assert unbounded == []


def _is_typed_text(field) -> bool:
    """A field a person types text into (a JSON or UUID field is parsed, not typed)."""
    return isinstance(field, forms.CharField) and not isinstance(
        field, forms.JSONField | forms.UUIDField)


def test_every_text_field_of_every_form_has_a_limit_and_kyodos_message():
    kyodo_forms = _kyodo_forms()
    unbounded = [f"{form.__name__}.{name}" for form in kyodo_forms
                 for name, field in form.base_fields.items()
                 if _is_typed_text(field) and not field.max_length]
    plain_message = [form.__name__ for form in kyodo_forms
                     if any(_is_typed_text(field) for field in form.base_fields.values())
                     and not issubclass(form, LengthLimitMessages)]

    assert {"TownProfileForm", "ConsoleInvitationForm"} <= {f.__name__ for f in kyodo_forms}
    assert unbounded == []
    assert plain_message == []


def test_the_profile_page_answers_a_2_4_mb_note_with_the_limit_and_saves_nothing(
    client, beppu, beppu_staff
):
    client.force_login(beppu_staff)

    response = client.post("/m/beppu/profile/edit/",
                           {"department": "企画課", "notes": "x" * TWO_POINT_FOUR_MB})

    assert response.status_code == 200
    assert "4,000文字以内で入力してください（現在 2,400,000文字）。" in response.content.decode()
    assert profile_get(municipality=beppu).pk is None
    assert not AuditEvent.objects.filter(action="town_profile.update").exists()


def test_a_note_one_character_over_the_limit_is_refused_with_its_length(client, beppu_staff):
    client.force_login(beppu_staff)

    response = client.post("/m/beppu/profile/edit/", {"notes": "あ" * 4_001})

    assert "4,000文字以内で入力してください（現在 4,001文字）。" in response.content.decode()


def test_a_body_beyond_the_upload_limit_is_refused_with_400_before_any_view(
    client, beppu, beppu_staff
):
    client.force_login(beppu_staff)

    response = client.post("/m/beppu/profile/edit/",
                           {"notes": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})

    assert response.status_code == 400
    assert "送信された内容が大きすぎるか" in response.content.decode()
    assert profile_get(municipality=beppu).pk is None


def test_the_service_refuses_a_2_4_mb_note_and_records_nothing(beppu, beppu_staff):
    with pytest.raises(ValidationError) as refused:
        profile_update(actor=beppu_staff, municipality=beppu,
                       data={"notes": "x" * TWO_POINT_FOUR_MB})

    assert "notes" in refused.value.message_dict
    assert profile_get(municipality=beppu).pk is None
    assert not AuditEvent.objects.filter(action="town_profile.update").exists()


def test_an_address_too_long_for_any_mailbox_is_a_form_error_on_the_members_page(
    client, beppu
):
    lead = MembershipFactory(user__email="lead@beppu.test", municipality=beppu,
                             role="municipality_lead").user
    client.force_login(lead)
    address = "a" * 290 + "@beppu.test"

    response = client.post("/m/beppu/members/", {"email": address,
                                                 "role": "municipality_staff"})

    assert response.status_code == 200
    assert "254文字以内で入力してください（現在 301文字）。" in response.content.decode()


def test_a_password_has_a_limit_too():
    form = AcceptNewAccountForm(data={"full_name": "大分 太郎", "password1": "p" * 5_000,
                                      "password2": "p" * 5_000}, email="new@beppu.test")

    assert form.errors["password1"] == ["4,096文字以内で入力してください（現在 5,000文字）。"]


def test_a_security_keys_name_has_a_limit(beppu_staff):
    key = Authenticator(user=beppu_staff, type=Authenticator.Type.WEBAUTHN,
                        data={"name": "業務用PC", "credential": {}})

    edit = EditSecurityKeyForm(data={"name": "鍵" * 101}, instance=key)
    add = AddSecurityKeyForm(data={"name": "鍵" * 101, "credential": "{}"}, user=beppu_staff)

    assert edit.errors["name"] == ["100文字以内で入力してください（現在 101文字）。"]
    assert add.errors["name"] == ["100文字以内で入力してください（現在 101文字）。"]
