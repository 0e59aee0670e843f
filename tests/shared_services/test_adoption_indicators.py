"""A town's use of a catalog system moves the joint targets' indicators it evidences
(joint_targets.adoptions): using the prefecture's RPA service is RPA adopted."""

import pytest
from django.utils import timezone

from joint_targets.adoptions import adoption_values
from joint_targets.models import IndicatorSnapshot
from kyodo.fiscal import fiscal_year_of
from shared_services.lifecycle import AdoptionAction
from shared_services.models import CommonSystem, SystemStatus
from shared_services.services.adoption import adoption_request_act

pytestmark = pytest.mark.django_db


@pytest.fixture
def rpa_service(provider):
    return CommonSystem.objects.create(
        name="共同RPAサービス", category="rpa", delivery="lgwan_asp", provider=provider,
        annual_cost=3_000_000, equal_weight=100, population_weight=0, usage_weight=0,
        status=SystemStatus.PUBLISHED)


def _rpa_published(town, fiscal_year):
    return IndicatorSnapshot.objects.filter(municipality=town, fiscal_year=fiscal_year,
                                            indicator__code="rpa_adoption").first()


def test_a_town_using_the_shared_rpa_service_has_adopted_rpa_once_the_change_commits(
        himeshima, himeshima_lead, rpa_service, adopt, django_capture_on_commit_callbacks):
    this_month = timezone.localdate().replace(day=1)
    year = fiscal_year_of(this_month)
    assert adoption_values(himeshima, year) == {}

    with django_capture_on_commit_callbacks(execute=True):
        adopt(himeshima, himeshima_lead, rpa_service, month=this_month)

    assert _rpa_published(himeshima, year).value == 1
    assert adoption_values(himeshima, year - 1) == {}  # not in use on last year's last month


def test_an_e_application_system_publishes_the_towns_values_again_but_is_no_rpa(
        himeshima, himeshima_lead, system, adopt, django_capture_on_commit_callbacks):
    """The e-application service moves the online rates (CATEGORIES_MOVING), so the values
    are published again; its use is no evidence of RPA, which stays 未報告."""
    this_month = timezone.localdate().replace(day=1)
    year = fiscal_year_of(this_month)

    with django_capture_on_commit_callbacks(execute=True):
        adopt(himeshima, himeshima_lead, system, month=this_month)

    assert adoption_values(himeshima, year) == {}
    assert _rpa_published(himeshima, year).value is None


def test_a_town_that_stops_before_the_years_last_month_falls_back_to_its_own_evidence(
        himeshima, himeshima_lead, coordinator, rpa_service, adopt,
        django_capture_on_commit_callbacks):
    this_month = timezone.localdate().replace(day=1)
    year = fiscal_year_of(this_month)
    with django_capture_on_commit_callbacks(execute=True):
        request = adopt(himeshima, himeshima_lead, rpa_service, month=this_month)
    assert _rpa_published(himeshima, year).value == 1

    with django_capture_on_commit_callbacks(execute=True):
        adoption_request_act(actor=coordinator, request=request, action=AdoptionAction.END,
                             month=this_month)

    assert adoption_values(himeshima, year) == {}
    assert _rpa_published(himeshima, year).value is None  # no register: 未報告 again
