"""Fixtures for the catalog: a published system with its pricing, people of 姫島村 and
別府市, and a helper that walks a request through its lifecycle as the right people."""

import datetime

import pytest
from django.utils import timezone

from kyodo.accounts.models import Role, VendorStatus
from kyodo.fiscal import fiscal_year_of
from shared_services.lifecycle import AdoptionAction
from shared_services.models import CommonSystem, StandaloneCharge, SystemStatus
from shared_services.services.adoption import adoption_request_act, adoption_request_create
from tenants.bands import PopulationBand
from tests.factories import MembershipFactory, VendorFactory


@pytest.fixture
def provider(db):
    return VendorFactory(legal_name="株式会社共同提供", status=VendorStatus.APPROVED)


@pytest.fixture
def system(provider):
    system = CommonSystem.objects.create(
        name="電子申請サービス", category="e_application", delivery="lgwan_asp",
        provider=provider, annual_cost=12_000_000, equal_weight=50, population_weight=50,
        usage_weight=0, status=SystemStatus.PUBLISHED)
    StandaloneCharge.objects.create(system=system, band=PopulationBand.TOWN_VILLAGE_SMALL,
                                    annual_price=6_000_000)
    StandaloneCharge.objects.create(system=system, band=PopulationBand.GENERAL_CITY,
                                    annual_price=5_000_000)
    return system


@pytest.fixture
def himeshima_lead(himeshima):
    return MembershipFactory(user__email="lead@himeshima.test", municipality=himeshima,
                             role=Role.MUNICIPALITY_LEAD).user


@pytest.fixture
def beppu_lead(beppu):
    return MembershipFactory(user__email="lead@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_LEAD).user


@pytest.fixture
def next_month():
    return (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@pytest.fixture
def request_data(next_month):
    return {"start_fiscal_year": fiscal_year_of(next_month), "start_month": next_month.month,
            "expected_users": 10, "expected_usage": 0, "reason": "窓口の混雑を減らすため"}


@pytest.fixture
def adopt(coordinator, request_data):
    """`adopt(town, lead, system, until=AdoptionAction.ACTIVATE)`: a request taken through
    its lifecycle by the town's lead and the coordinator, up to and including `until`."""

    def adopt(town, lead, system, until=AdoptionAction.ACTIVATE, month=None):
        request = adoption_request_create(actor=lead, municipality=town, system=system,
                                          data=request_data)
        for action in (AdoptionAction.SUBMIT, AdoptionAction.APPROVE, AdoptionAction.ACTIVATE):
            actor = lead if action == AdoptionAction.SUBMIT else coordinator
            request = adoption_request_act(actor=actor, request=request, action=action,
                                           month=month if action == AdoptionAction.ACTIVATE
                                           else None)
            if action == until:
                break
        return request

    return adopt
