"""The organisation checklist: dates in place, the year-end rule, and publishing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from joint_targets.indicators import checklist_values
from joint_targets.models import IndicatorSnapshot
from joint_targets.services.organisation import organisation_update
from joint_targets.workspace.models import OrganisationMeasure
from kyodo.audit.models import AuditEvent
from kyodo.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db
PAGE = "/m/beppu/targets/organisation/"


def _page_body(**items) -> dict:
    body = {}
    for code in ("cio", "cio_adviser", "dx_policy", "whole_organisation", "external_talent"):
        since, until, evidence = items.get(code, ("", "", ""))
        body |= {f"{code}-since": since, f"{code}-until": until, f"{code}-evidence": evidence}
    return body


@pytest.mark.parametrize(("since", "expected"), [
    (datetime.date(2026, 3, 31), {2024: 0, 2025: 1, 2026: 1}),  # in place on 31 March
    (datetime.date(2026, 4, 1), {2024: 0, 2025: 0, 2026: 1}),  # from the next year
])
def test_an_item_counts_for_a_year_when_in_place_on_its_last_day(beppu, beppu_staff,
                                                                 in_schema, since, expected):
    organisation_update(actor=beppu_staff, municipality=beppu,
                        items={"cio": {"since": since, "evidence": "CIO任命の辞令"}})

    with in_schema(beppu):
        values = {year: checklist_values(year)["cio"] for year in expected}

    assert values == {year: Decimal(value) for year, value in expected.items()}


def test_an_item_not_filled_in_is_not_reported_and_one_saved_empty_is_no(beppu, beppu_staff,
                                                                         in_schema):
    organisation_update(actor=beppu_staff, municipality=beppu,
                        items={"cio_adviser": {"since": None, "evidence": ""}})

    with in_schema(beppu):
        values = checklist_values(2025)

    assert values["cio_adviser"] == Decimal(0)
    assert values["cio"] is None


def test_an_ended_item_no_longer_counts(beppu, beppu_staff, in_schema):
    organisation_update(actor=beppu_staff, municipality=beppu, items={"external_talent": {
        "since": datetime.date(2023, 4, 1), "until": datetime.date(2025, 9, 30)}})

    with in_schema(beppu):
        assert checklist_values(2024)["external_talent"] == Decimal(1)
        assert checklist_values(2025)["external_talent"] == Decimal(0)


def test_staff_save_the_checklist_on_the_page_and_it_is_audited(client, beppu, beppu_staff,
                                                                in_schema):
    client.force_login(beppu_staff)

    response = client.post(PAGE, _page_body(cio=("2024-04-01", "", "令和6年4月1日付 辞令")))

    assert response.status_code == 302
    with in_schema(beppu):
        assert OrganisationMeasure.objects.get(measure="cio").evidence == "令和6年4月1日付 辞令"
        assert OrganisationMeasure.objects.count() == 5
    assert AuditEvent.objects.filter(action="organisation_measure.create").count() == 5
    assert "令和6年4月1日付 辞令" in client.get(PAGE).content.decode()


def test_an_end_before_the_start_is_refused_in_japanese(client, beppu, beppu_staff,
                                                        in_schema):
    client.force_login(beppu_staff)

    response = client.post(PAGE, _page_body(cio=("2025-04-01", "2024-04-01", "")))

    assert response.status_code == 200
    assert "終了日は開始日以降にしてください。" in response.content.decode()
    with in_schema(beppu):
        assert not OrganisationMeasure.objects.exists()


def test_the_checklist_is_published_once_committed(beppu, beppu_staff,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(actor=beppu_staff, municipality=beppu,
                            items={"dx_policy": {"since": datetime.date(2020, 4, 1)}})

    snapshot = IndicatorSnapshot.objects.get(
        municipality=beppu, indicator__code="dx_policy",
        fiscal_year=fiscal_year_of(timezone.localdate()))
    assert snapshot.value == Decimal(1)


def test_another_towns_people_cannot_open_the_checklist(client, himeshima_staff, coordinator):
    for person in (himeshima_staff, coordinator):
        client.force_login(person)
        assert client.get(PAGE).status_code == 403
