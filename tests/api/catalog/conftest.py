"""A published common system, the people who act on it, and their API clients."""

import datetime

import pytest
from django.utils import timezone

from kyodo.accounts.models import Role, VendorStatus
from kyodo.fiscal import fiscal_year_of
from shared_services.models import SystemStatus
from shared_services.services.adoption import adoption_request_act, adoption_request_create
from shared_services.services.catalog import common_system_create, common_system_set_status
from tests.factories import MembershipFactory, VendorFactory


def next_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate()) + 1


@pytest.fixture
def publish(coordinator):
    """`publish(name, **fields)`: a system the coordinator registered and published."""

    def make(name="電子申請サービス", *, status=SystemStatus.PUBLISHED, **fields):
        provider = VendorFactory(status=VendorStatus.APPROVED)
        data = {"name": name, "category": "e_application", "delivery": "lgwan_asp",
                "annual_cost": 12_000_000, "provider": provider, **fields}
        system = common_system_create(actor=coordinator, data=data,
                                      standalone_prices={"town_village_small": 4_000_000})
        if status != SystemStatus.DRAFT:
            system = common_system_set_status(actor=coordinator, system=system,
                                              status=SystemStatus.PUBLISHED)
        if status == SystemStatus.RETIRED:
            system = common_system_set_status(actor=coordinator, system=system, status=status)
        return system

    return make


@pytest.fixture
def system(publish):
    return publish()


@pytest.fixture
def himeshima_lead(himeshima):
    return MembershipFactory(user__email="lead@himeshima.test", municipality=himeshima,
                             role=Role.MUNICIPALITY_LEAD).user


@pytest.fixture
def beppu_lead(beppu):
    return MembershipFactory(user__email="lead@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_LEAD).user


@pytest.fixture
def api_as(issue_token, client_with):
    """`api_as(user)`: an API client with a token for the user's only membership (or, for
    someone with several, `api_as(user, membership)`)."""

    def client(user, membership=None):
        return client_with(issue_token(membership or user.memberships.get()))

    return client


@pytest.fixture
def draft(system):
    """`draft(town, by, **fields)`: a draft adoption request of `town` for `system`."""

    def make(town, by, *, of=None, **fields):
        data = {"start_fiscal_year": next_fiscal_year(), "start_month": 4,
                "reason": "窓口の手続をオンライン化するため", **fields}
        return adoption_request_create(actor=by, municipality=town, system=of or system,
                                       data=data)

    return make


@pytest.fixture
def submitted(draft, himeshima, himeshima_lead):
    """姫島村's request, submitted by its lead."""
    return adoption_request_act(actor=himeshima_lead, request=draft(himeshima, himeshima_lead),
                                action="submit")


def first_of_this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)
