"""How many SQL statements the busiest pages cost, pinned so that a regression fails.

Each page is asked for twice and the second answer is counted: a worker that has
served the page before, as nearly every request in production is. `SET search_path`
statements count like any other (they go through Django's cursor). The limits are the
counts measured when the request path was last tuned (docs/scale.md); a change that
adds statements to every request must raise them knowingly.
"""

import pytest
from rest_framework.test import APIClient

from api.services import api_token_create
from kyodo.accounts.models import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

WORKSPACE_PAGE = 5
CONSOLE = 8
API_LIST = 5


@pytest.fixture
def beppu_lead(beppu):
    return MembershipFactory(user__email="lead@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_LEAD).user


def test_the_town_workspace_page_stays_within_its_statements(
        client, beppu_lead, django_assert_max_num_queries):
    client.force_login(beppu_lead)
    assert client.get("/m/beppu/").status_code == 200

    with django_assert_max_num_queries(WORKSPACE_PAGE):
        response = client.get("/m/beppu/")

    assert response.status_code == 200
    assert "別府市" in response.content.decode()


def test_the_prefecture_console_stays_within_its_statements(
        client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    assert client.get("/console/").status_code == 200

    with django_assert_max_num_queries(CONSOLE):
        response = client.get("/console/")

    assert response.status_code == 200
    assert "姫島村" in response.content.decode()


def test_the_api_list_stays_within_its_statements(
        coordinator, django_assert_max_num_queries):
    membership = coordinator.memberships.get()
    key = api_token_create(actor=coordinator, membership=membership, name="集計").key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/v1/municipalities/").status_code == 200

    with django_assert_max_num_queries(API_LIST):
        response = api.get("/api/v1/municipalities/")

    assert response.status_code == 200
    assert response.json()["count"] == 3
