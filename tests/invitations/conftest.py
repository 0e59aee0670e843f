"""Fixtures for invitations: people in 別府市 and 姫島村, and a way to invite someone and
read the link from the e-mail they receive, as the invitee would."""

import re

import pytest
from allauth.core import context

from kyodo.accounts.models import Role, VendorStatus
from kyodo.invitations.services import invitation_create
from tests.factories import MembershipFactory, VendorFactory

LINK = re.compile(r"https?://[^/\s]+(?P<path>/invitations/(?P<token>[^/\s]+)/)")
NEW_PASSWORD = "umi-kaze-sora-2026"


def link_in(message) -> re.Match:
    match = LINK.search(message.body)
    assert match, f"no invitation link in: {message.body}"
    return match


@pytest.fixture(autouse=True)
def _served_request(rf):
    """Services build the e-mail's absolute link from the request being served; tests that
    call them directly serve a plain one (host `testserver`)."""
    with context.request_context(rf.get("/")):
        yield


@pytest.fixture
def beppu_lead(beppu):
    return MembershipFactory(user__email="lead@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_LEAD).user


@pytest.fixture
def himeshima_lead(himeshima):
    return MembershipFactory(user__email="lead@himeshima.test", municipality=himeshima,
                             role=Role.MUNICIPALITY_LEAD).user


@pytest.fixture
def approved_vendor(db):
    return VendorFactory(legal_name="株式会社姫島情報", status=VendorStatus.APPROVED)


@pytest.fixture
def invite(django_capture_on_commit_callbacks, mailoutbox):
    """`invite(actor=…, email=…, municipality=…)` → (invitation, token from the e-mail)."""

    def invite(*, actor, email, role=Role.MUNICIPALITY_STAFF, **organisation):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_create(actor=actor, email=email, role=role, **organisation)
        return invitation, link_in(mailoutbox[-1])["token"]

    return invite
