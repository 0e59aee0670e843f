"""Fixtures for notifications: a kind of the tests' own, people to notify, and a way to
notify inside a transaction and run what happens after its commit."""

import pytest
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kyodo.accounts.models import Role
from kyodo.notifications.kinds import NotificationKind, as_date, register
from kyodo.notifications.models import EmailDelivery, NotificationPreference
from kyodo.notifications.services import notify
from tests.factories import MembershipFactory, UserFactory

SAMPLE = register(NotificationKind(
    code="testing.sample",
    title=_("確認のお願い: %(subject)s"),
    body=_("%(subject)sについて、%(due)sまでに確認してください。"),
    formats={"due": as_date},
))


@pytest.fixture
def beppu_lead(beppu):
    return MembershipFactory(user__email="lead@beppu.test", user__full_name="別府 一郎",
                             municipality=beppu, role=Role.MUNICIPALITY_LEAD).user


@pytest.fixture
def digest_reader(himeshima):
    user = MembershipFactory(user__email="digest@himeshima.test", user__full_name="姫島 花子",
                             municipality=himeshima).user
    NotificationPreference.objects.create(user=user, email_delivery=EmailDelivery.DAILY_DIGEST)
    return user


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """`send(recipients=[…], subject=…)`: notify in a committed transaction, then run
    what waits for the commit (the e-mail tasks, eager in tests)."""

    def send(*, recipients, subject="別府市の導入申請", due="2027-04-01", **options):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return notify(recipients=recipients, kind=SAMPLE,
                          params={"subject": subject, "due": due}, **options)

    return send


def other_user(email="other@himeshima.test"):
    return UserFactory(email=email)
