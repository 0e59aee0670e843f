"""The README's first command must work on whatever day it is run.

Each module's demo data is created through its services, which refuse dates in the past
(a catalog adoption cannot start before this month, a tender deadline must fall on an
office day): the demo is built here on several days of the year, so data that only
worked on the day it was written fails the suite instead of a new user's first start.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings

from joint_targets.models import IndicatorSnapshot, JointTarget
from kyodo.accounts.demo import demo_accounts_create
from kyodo.fiscal import fiscal_year_of
from shared_services.lifecycle import AdoptionStatus
from shared_services.models import AdoptionRequest, CommonSystem, Subscription
from tenants.management.commands.demo import modules_with_demo_data
from tenants.provisioning import municipality_provision, select_records

pytestmark = pytest.mark.django_db

JST = ZoneInfo("Asia/Tokyo")
DAYS = [
    datetime.datetime(2026, 12, 1, 9, 0, tzinfo=JST),   # December: no April left this year
    datetime.datetime(2027, 3, 31, 23, 30, tzinfo=JST),  # its last evening
    datetime.datetime(2027, 12, 30, 10, 0, tzinfo=JST),  # the year-end closure
]


def _build_demo():
    for record in select_records(prefecture="大分県"):
        municipality_provision(record=record)
    demo_accounts_create()
    for module in modules_with_demo_data():
        module.create_demo_data()


@override_settings(DEBUG=True)
@pytest.mark.parametrize("day", DAYS, ids=lambda day: day.strftime("%Y-%m-%d"))
def test_the_demo_data_is_created_on_any_day(prefecture, day):
    with time_machine.travel(day, tick=False):
        _build_demo()

    assert CommonSystem.objects.count() >= 9
    assert AdoptionRequest.objects.filter(status=AdoptionStatus.ACTIVE).exists()
    first_months = set(Subscription.objects.values_list("first_month", flat=True))
    assert first_months and max(first_months) <= day.date()
    assert JointTarget.objects.exists()
    assert IndicatorSnapshot.objects.filter(fiscal_year=fiscal_year_of(day.date()),
                                            value__isnull=False).count() >= 18


@override_settings(DEBUG=True)
def test_a_second_start_changes_nothing(prefecture):
    with time_machine.travel(DAYS[0], tick=False):
        _build_demo()
        counts = _counts()
        _build_demo()

    assert _counts() == counts


def _counts() -> tuple:
    return (CommonSystem.objects.count(), AdoptionRequest.objects.count(),
            JointTarget.objects.count(), list(IndicatorSnapshot.objects.order_by("pk").values()))
