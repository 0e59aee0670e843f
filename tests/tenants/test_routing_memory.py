"""Workers keep the municipalities they route to (tenants.routing); a change to one,
or to its routing name, must reach every worker at once."""

import time

import pytest
from django.core.cache import caches
from django.db import connection

from tenants import routing
from tenants.models import Domain
from tenants.routing import GENERATION_KEY, ROUTING_CACHE, municipality_for_slug
from tenants.workspace.services import profile_update
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def rename_route(municipality, new_slug: str) -> None:
    municipality.slug = new_slug
    municipality.save()
    Domain.objects.filter(tenant=municipality).update(domain=new_slug)


@pytest.fixture
def beppu_notes(beppu, beppu_staff):
    return profile_update(actor=beppu_staff, municipality=beppu,
                          data={"department": "別府市 DX推進課", "notes": "別府市の内部メモ"})


def test_a_town_whose_slug_changes_is_served_only_at_its_new_address(
        client, beppu, beppu_staff, beppu_notes):
    client.force_login(beppu_staff)
    assert client.get("/m/beppu/").status_code == 200  # the worker now keeps 別府市

    rename_route(beppu, "beppu-city")

    assert client.get("/m/beppu/").status_code == 404
    response = client.get("/m/beppu-city/")
    assert response.status_code == 200
    assert "別府市の内部メモ" in response.content.decode()


def test_a_change_made_by_another_worker_reaches_this_one(client, beppu, beppu_staff):
    client.force_login(beppu_staff)
    assert client.get("/m/beppu/").status_code == 200
    # Another worker renames the route: its signals run there, not here; what reaches
    # this worker is the new generation it wrote into the shared routing cache.
    Domain.objects.filter(tenant=beppu).update(domain="beppu-city")
    caches[ROUTING_CACHE].set(GENERATION_KEY, "written-by-another-worker", timeout=None)

    assert client.get("/m/beppu/").status_code == 404
    assert client.get("/m/beppu-city/").status_code == 200


def test_a_kept_town_still_refuses_other_towns_members(
        client, beppu, himeshima_staff, beppu_notes):
    client.force_login(himeshima_staff)
    assert client.get("/m/himeshima/").status_code == 200

    response = client.get("/m/beppu/")

    assert response.status_code == 403
    assert "別府市の内部メモ" not in response.content.decode()


def test_alternating_towns_on_one_connection_each_read_their_own_schema(
        client, beppu, beppu_staff, himeshima, beppu_notes):
    MembershipFactory(user=beppu_staff, municipality=himeshima)
    client.force_login(beppu_staff)

    for _ in range(2):
        assert "別府市の内部メモ" in client.get("/m/beppu/").content.decode()
        assert connection.schema_name == beppu.schema_name
        assert "別府市の内部メモ" not in client.get("/m/himeshima/").content.decode()
        assert connection.schema_name == himeshima.schema_name


def test_each_request_gets_its_own_copy_of_the_town(beppu):
    first = municipality_for_slug("beppu")
    first.domain_subfolder = "changed-by-one-request"

    assert municipality_for_slug("beppu") is not first
    assert getattr(municipality_for_slug("beppu"), "domain_subfolder", None) is None


def test_without_the_routing_cache_requests_are_routed_from_the_database(
        client, beppu, beppu_staff, beppu_notes, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(caches[ROUTING_CACHE], "get", unreachable)
    monkeypatch.setattr(caches[ROUTING_CACHE], "set", unreachable)
    client.force_login(beppu_staff)
    assert "別府市の内部メモ" in client.get("/m/beppu/").content.decode()

    rename_route(beppu, "beppu-city")  # the change is saved all the same

    assert client.get("/m/beppu/").status_code == 404
    assert "別府市の内部メモ" in client.get("/m/beppu-city/").content.decode()


def test_a_worker_reads_its_towns_again_after_a_while_whatever_the_mark(
        client, beppu, beppu_staff, monkeypatch):
    client.force_login(beppu_staff)
    assert client.get("/m/beppu/").status_code == 200
    # A rename whose new mark never reached the cache.
    Domain.objects.filter(tenant=beppu).update(domain="beppu-city")
    assert client.get("/m/beppu/").status_code == 200  # still kept

    later = time.monotonic() + routing.KEEP_SECONDS + 1
    monkeypatch.setattr(routing.time, "monotonic", lambda: later)

    assert client.get("/m/beppu/").status_code == 404
    assert client.get("/m/beppu-city/").status_code == 200
