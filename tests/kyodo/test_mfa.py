"""Prefecture staff work only with a second factor; every change to one is audited."""

import json

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from allauth.mfa.webauthn.internal.auth import STATE_SESSION_KEY
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse

from api.services import api_token_create
from kyodo.accounts.demo import demo_accounts_create
from kyodo.accounts.mfa import second_factor_missing
from kyodo.accounts.models import Role
from kyodo.audit.models import AuditEvent
from tests.factories import MembershipFactory
from tests.mfa import (
    PASSWORD,
    activate_totp,
    add_security_key,
    security_key_registration,
    sign_in,
    totp_code,
)

pytestmark = pytest.mark.django_db

MFA_SETUP = "/accounts/2fa/"
PREFECTURE_STAFF = [Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_OPERATOR]


@pytest.fixture(params=PREFECTURE_STAFF)
def staff_without_mfa(request, prefecture):
    """A coordinator, then an operator, who has not set up a second factor yet."""
    return MembershipFactory(user__email=f"{request.param}@pref.example",
                             municipality=prefecture, role=request.param).user


@pytest.mark.parametrize("path", ["/console/", "/admin/", "/"])
def test_prefecture_staff_without_a_second_factor_are_sent_to_mfa_setup(
        client, staff_without_mfa, path):
    client.force_login(staff_without_mfa)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == MFA_SETUP
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("多要素認証が必要です" in message for message in messages)


def test_the_mfa_setup_page_says_why_the_console_sent_them_there(client, staff_without_mfa):
    client.force_login(staff_without_mfa)

    response = client.get("/console/", follow=True)

    assert response.redirect_chain == [(MFA_SETUP, 302)]
    assert "認証アプリまたはセキュリティキーを登録してください" in response.content.decode()


def test_prefecture_staff_without_a_second_factor_get_403_mfa_required_from_the_api(
        client, staff_without_mfa):
    client.force_login(staff_without_mfa)

    response = client.get("/api/v1/municipalities/")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"
    assert "多要素認証" in response.json()["error"]["message"]


def test_an_api_token_does_not_get_round_the_second_factor(client, staff_without_mfa):
    membership = staff_without_mfa.memberships.get()
    key = api_token_create(actor=staff_without_mfa, membership=membership, name="集計").key

    response = client.get("/api/v1/municipalities/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"


def test_signing_in_signing_out_and_the_language_switch_stay_open(client, staff_without_mfa):
    client.force_login(staff_without_mfa)

    assert client.get(MFA_SETUP).status_code == 200
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate"))
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": MFA_SETUP},
                       HTTP_REFERER=MFA_SETUP)["Location"] == MFA_SETUP
    assert client.post(reverse("account_logout"))["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_after_activating_an_authenticator_app_the_coordinator_reaches_the_console(
        client, staff_without_mfa):
    client.force_login(staff_without_mfa)
    assert client.get("/console/").status_code == 302

    activate_totp(staff_without_mfa)

    assert client.get("/console/").status_code == 200
    assert client.get("/api/v1/municipalities/").status_code == 200


def test_a_security_key_counts_as_a_second_factor(client, staff_without_mfa):
    add_security_key(staff_without_mfa)
    client.force_login(staff_without_mfa)

    assert client.get("/console/").status_code == 200


def test_recovery_codes_alone_do_not_count(client, staff_without_mfa):
    RecoveryCodes.activate(staff_without_mfa)
    client.force_login(staff_without_mfa)

    assert client.get("/console/")["Location"] == MFA_SETUP


def test_the_admin_sign_in_hands_over_to_allauth_and_its_second_factor(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


@pytest.mark.parametrize(("steps_back", "accepted"), [(0, True), (1, True), (2, False)])
def test_an_app_code_from_the_window_just_past_is_accepted_but_not_an_older_one(
        client, coordinator, steps_back, accepted):
    """Typing a code as the 30-second window turns over must not fail the sign-in."""
    moment = 1_800_000_015  # the middle of a window; the clock stands still
    with time_machine.travel(moment, tick=False):
        client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
        response = client.post(reverse("mfa_authenticate"),
                               {"code": totp_code(at=moment - 30 * steps_back)})

    assert (response.status_code == 302) is accepted


def test_town_staff_are_not_forced_to_set_up_a_second_factor(client, beppu_staff):
    client.force_login(beppu_staff)

    assert client.get("/m/beppu/").status_code == 200
    assert client.get("/api/v1/municipalities/").status_code == 200


@override_settings(DEBUG=True)
def test_the_demo_coordinator_works_without_a_second_factor_while_debug_is_on(
        client, prefecture, beppu, himeshima):
    demo = {user.email: user for user in demo_accounts_create()}
    client.force_login(demo["coordinator@pref-oita.example"])

    assert client.get("/console/").status_code == 200


def test_the_demo_coordinator_is_not_exempt_once_debug_is_off(prefecture, beppu, himeshima):
    with override_settings(DEBUG=True):
        coordinator = {user.email: user for user in demo_accounts_create()}[
            "coordinator@pref-oita.example"]
        assert not second_factor_missing(coordinator)

    # Outside DEBUG a demo account cannot even sign in (kyodo.accounts.backends); should one
    # be signed in anyway, the rule still asks for its second factor.
    assert second_factor_missing(coordinator)


def _audit(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_activating_an_authenticator_app_is_audited(
        client, staff_without_mfa, django_capture_on_commit_callbacks):
    sign_in(client, staff_without_mfa)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    added = _audit("mfa.authenticator_added")
    assert [event.after for event in added] == [{"type": "totp"}, {"type": "recovery_codes"}]
    assert {event.actor for event in added} == {staff_without_mfa}
    assert added[0].target_type == "mfa.authenticator"
    totp = Authenticator.objects.get(user=staff_without_mfa, type="totp")
    assert added[0].target_id == str(totp.pk)
    assert client.get("/console/").status_code == 200


def test_deactivating_the_authenticator_app_is_audited_and_locks_the_console_again(
        client, coordinator):
    RecoveryCodes.activate(coordinator)
    sign_in(client, coordinator)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    removed = _audit("mfa.authenticator_removed")
    assert [event.before for event in removed] == [{"type": "totp"},
                                                   {"type": "recovery_codes"}]
    assert {event.actor for event in removed} == {coordinator}
    assert not Authenticator.objects.filter(user=coordinator).exists()
    assert client.get("/console/")["Location"] == MFA_SETUP


def test_regenerating_recovery_codes_is_audited(
        client, coordinator, django_capture_on_commit_callbacks):
    RecoveryCodes.activate(coordinator)
    sign_in(client, coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_generate_recovery_codes"))

    [reset] = _audit("mfa.authenticator_reset")
    codes = Authenticator.objects.get(user=coordinator, type="recovery_codes")
    assert (reset.actor, reset.target_id, reset.after) == (
        coordinator, str(codes.pk), {"type": "recovery_codes"})


def test_adding_and_removing_a_security_key_is_audited(
        client, beppu_staff, django_capture_on_commit_callbacks):
    sign_in(client, beppu_staff)
    client.get(reverse("mfa_add_webauthn"))
    registration = security_key_registration(
        challenge=client.session[STATE_SESSION_KEY]["challenge"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_add_webauthn"),
                    {"name": "業務用PC", "credential": json.dumps(registration)})
    key = Authenticator.objects.get(user=beppu_staff, type="webauthn")
    client.post(reverse("mfa_remove_webauthn", kwargs={"pk": key.pk}))

    added = [event for event in _audit("mfa.authenticator_added")
             if event.after == {"type": "webauthn"}]
    removed = [event for event in _audit("mfa.authenticator_removed")
               if event.before == {"type": "webauthn"}]
    assert [(event.actor, event.target_label) for event in added + removed] == [
        (beppu_staff, "業務用PC"), (beppu_staff, "業務用PC")]
    assert not Authenticator.objects.filter(user=beppu_staff, type="webauthn").exists()

