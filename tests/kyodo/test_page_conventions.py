"""Page conventions: destructive actions with a stated reason, named date formats, the
office named wherever a page says whom to ask, and quiet logs."""

import io
import logging
import logging.config
import re

import pytest
from allauth.core import context
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from kyodo.accounts.models import Role, VendorStatus
from kyodo.audit.models import AuditEvent
from kyodo.invitations.services import invitation_create
from tests.factories import MembershipFactory, VendorFactory
from tests.mfa import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory(legal_name="株式会社停止テスト", status=VendorStatus.APPROVED)


def test_a_vendor_is_not_suspended_without_a_reason(client, coordinator, vendor):
    client.force_login(coordinator)

    response = client.post(f"/console/vendors/{vendor.pk}/suspend/", {"reason": "  "},
                           follow=True)

    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.APPROVED
    assert "停止の理由を入力してください。" in response.content.decode()


def test_the_suspension_reason_is_stored_audited_and_shown_to_the_vendor(client, coordinator,
                                                                         vendor):
    admin = MembershipFactory(vendor=vendor, role=Role.VENDOR_ADMIN).user
    client.force_login(coordinator)

    client.post(f"/console/vendors/{vendor.pk}/suspend/",
                {"reason": "契約違反により指名停止（令和8年12月1日から3か月）"})

    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.SUSPENDED
    assert vendor.status_reason == "契約違反により指名停止（令和8年12月1日から3か月）"
    event = AuditEvent.objects.get(action="vendor.suspend", target_id=str(vendor.pk))
    assert event.after["status_reason"] == vendor.status_reason
    client.force_login(admin)
    page = client.get(f"/vendors/{vendor.pk}/").content.decode()
    assert "契約違反により指名停止" in page
    assert settings.KYODO_OFFICE_NAME in page


def test_reinstating_a_vendor_clears_the_reason(client, coordinator, vendor):
    client.force_login(coordinator)
    client.post(f"/console/vendors/{vendor.pk}/suspend/", {"reason": "調査のため"})

    client.post(f"/console/vendors/{vendor.pk}/reinstate/")

    vendor.refresh_from_db()
    assert (vendor.status, vendor.status_reason) == (VendorStatus.APPROVED, "")


def test_destructive_buttons_open_a_confirmation_dialog_holding_the_form(client, coordinator,
                                                                        vendor):
    client.force_login(coordinator)

    page = client.get("/console/vendors/").content.decode()

    dialog = re.search(r'<dialog class="confirm" id="(confirm-\w+)".*?</dialog>', page, re.S)
    assert dialog is not None
    assert f'data-dialog-open="{dialog.group(1)}"' in page
    assert f'action="/console/vendors/{vendor.pk}/suspend/"' in dialog.group(0)
    assert 'name="reason"' in dialog.group(0) and "required" in dialog.group(0)


def test_a_removed_members_reason_is_kept_in_the_audit_log(client, beppu):
    lead = MembershipFactory(municipality=beppu, role=Role.MUNICIPALITY_LEAD).user
    colleague = MembershipFactory(municipality=beppu, role=Role.MUNICIPALITY_STAFF)
    client.force_login(lead)

    client.post(f"/m/beppu/members/{colleague.pk}/remove/", {"reason": "人事異動のため"})

    event = AuditEvent.objects.get(action="membership.remove", target_id=str(colleague.pk))
    assert event.after == {"reason": "人事異動のため"}


def test_dates_follow_the_language_of_the_page(client, rf, coordinator, beppu):
    with context.request_context(rf.get("/")):
        invitation_create(actor=coordinator, email="date@beppu.example", municipality=beppu,
                          role=Role.MUNICIPALITY_STAFF)
    client.force_login(coordinator)
    year = timezone.localdate().year

    japanese = client.get("/console/invitations/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/console/invitations/").content.decode()

    assert re.search(rf"{year}年\d+月\d+日 \d\d:\d\d", japanese)
    assert re.search(rf"\d+ [A-Z][a-z]+ {year}, \d\d:\d\d", english)
    assert "年" not in re.sub(r"<[^>]+>", "", english.split('id="invitations"')[1])


def test_signing_in_shows_no_signed_in_as_banner(client, beppu_staff):
    response = client.post("/accounts/login/", {"login": beppu_staff.email,
                                                "password": PASSWORD}, follow=True)

    assert response.status_code == 200
    assert "としてログインしました" not in response.content.decode()


def test_the_password_reset_page_names_whom_to_ask(client):
    page = client.get("/accounts/password/reset/").content.decode()

    assert settings.KYODO_OFFICE_NAME in page
    assert "ご連絡ください" not in page


def _log_output(path: str, client) -> str:
    stream = io.StringIO()
    config = {**settings.LOGGING, "handlers": {
        "console": {**settings.LOGGING["handlers"]["console"], "stream": stream,
                    "class": "logging.StreamHandler"}}}
    logging.config.dictConfig(config)
    try:
        client.get(path)
    finally:
        logging.config.dictConfig(settings.LOGGING)
    return stream.getvalue()


@override_settings(DEBUG=True)
def test_a_403_is_logged_once_without_a_traceback(client, beppu, himeshima_staff):
    client.force_login(himeshima_staff)

    output = _log_output("/m/beppu/", client)

    assert output.count("Forbidden") == 1
    assert "Traceback" not in output
