"""The coordinator's page for one town: master data, what it publishes, who works there."""

import pytest

from kyodo.accounts.models import Role
from tenants.workspace.services import profile_update
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_town_page_shows_master_data_the_published_contact_and_the_members(
        client, coordinator, beppu, django_capture_on_commit_callbacks):
    lead = MembershipFactory(user__email="lead@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_LEAD).user
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(actor=lead, municipality=beppu, data={
            "department": "企画戦略部 DX推進課", "dx_lead_name": "別府 一郎",
            "dx_lead_title": "副市長", "contact_email": "dx@city.beppu.example",
            "contact_phone": "0977-21-1111", "notes": "庁内だけのメモ"})
    client.force_login(coordinator)

    page = client.get("/console/towns/442020/").content.decode()

    for shown in ("442020", "113,454", "企画戦略部 DX推進課", "別府 一郎", "副市長",
                  "dx@city.beppu.example", "0977-21-1111", "lead@beppu.test"):
        assert shown in page
    assert "庁内だけのメモ" not in page


@pytest.mark.parametrize("code", ["442021", "999999", "44202", "abcdef"])
def test_an_unknown_or_malformed_code_is_a_404(client, coordinator, code):
    client.force_login(coordinator)

    assert client.get(f"/console/towns/{code}/").status_code == 404


def test_only_the_prefectures_staff_see_a_towns_page(client, beppu_staff):
    client.force_login(beppu_staff)

    assert client.get("/console/towns/442020/").status_code == 403


def test_the_console_list_links_each_town_to_its_page(client, coordinator, beppu):
    client.force_login(coordinator)

    assert 'href="/console/towns/442020/"' in client.get("/console/").content.decode()
