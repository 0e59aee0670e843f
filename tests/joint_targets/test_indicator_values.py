"""Indicator values from a town's evidence, and publishing them to the prefecture."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from joint_targets.indicators import computed_values, inventory_values
from joint_targets.models import IndicatorSnapshot
from joint_targets.services.procedures import procedure_create, procedure_update
from joint_targets.services.publishing import snapshots_publish
from joint_targets.tasks import publish_all_indicators
from joint_targets.workspace.models import Procedure

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def _add(town, actor, fiscal_year=2025, **values):
    data = {"name": "手続", "department": "市民課", "annual_cases": None,
            "online_available": False, "card_authentication": False,
            "online_cases": None} | values
    return procedure_create(actor=actor, municipality=town, fiscal_year=fiscal_year, data=data)


def _published(town, fiscal_year=2025) -> dict:
    return dict(IndicatorSnapshot.objects.filter(municipality=town, fiscal_year=fiscal_year)
                .values_list("indicator__code", "value"))


def test_rates_are_the_online_share_of_procedures_and_of_cases(beppu, beppu_staff, in_schema):
    _add(beppu, beppu_staff, name="転出届", annual_cases=300, online_available=True,
         card_authentication=True, online_cases=90)
    _add(beppu, beppu_staff, name="犬の登録", annual_cases=100)
    _add(beppu, beppu_staff, name="罹災証明", online_available=True)  # cases not known

    with in_schema(beppu):
        values = inventory_values(2025)

    assert values == {"online_procedures": Decimal(2), "online_procedure_rate": Decimal("66.7"),
                      "online_usage_rate": Decimal("22.5"),  # 90 of the 400 known cases
                      "card_auth_procedures": Decimal(1)}


def test_a_year_without_evidence_is_not_reported_never_zero(beppu, in_schema):
    with in_schema(beppu):
        values = computed_values(2025)

    assert set(values) >= {"online_procedures", "online_procedure_rate", "online_usage_rate",
                           "card_auth_procedures", "cio", "dx_policy"}
    assert set(values.values()) == {None}


def test_the_usage_rate_is_not_reported_when_no_case_counts_are_known(beppu, beppu_staff,
                                                                      in_schema):
    _add(beppu, beppu_staff, name="転出届", online_available=True)

    with in_schema(beppu):
        values = computed_values(2025)

    assert values["online_procedure_rate"] == Decimal("100.0")
    assert values["online_usage_rate"] is None


@pytest.mark.parametrize(("moment", "fiscal_year"), [
    (datetime.datetime(2026, 3, 31, 23, 59, tzinfo=JST), 2025),
    (datetime.datetime(2026, 4, 1, 0, 0, tzinfo=JST), 2026),
])
def test_the_inventory_page_opens_on_the_year_of_the_day(client, beppu, beppu_staff, moment,
                                                         fiscal_year):
    _add(beppu, beppu_staff, fiscal_year=2025, name="令和7年度の手続")
    _add(beppu, beppu_staff, fiscal_year=2026, name="令和8年度の手続")
    client.force_login(beppu_staff)

    with time_machine.travel(moment, tick=False):
        page = client.get("/m/beppu/targets/procedures/").content.decode()

    assert f"{fiscal_year}年度" in page
    assert f"令和{fiscal_year - 2018}年度の手続" in page
    assert f"令和{fiscal_year - 2017}年度の手続" not in page


def test_publishing_writes_the_values_and_a_second_run_changes_nothing(beppu, beppu_staff):
    _add(beppu, beppu_staff, name="転出届", annual_cases=300, online_available=True,
         online_cases=30)

    assert snapshots_publish(municipality=beppu, fiscal_year=2025) == 13
    rows = list(IndicatorSnapshot.objects.order_by("pk").values())
    assert snapshots_publish(municipality=beppu, fiscal_year=2025) == 0

    assert list(IndicatorSnapshot.objects.order_by("pk").values()) == rows
    assert _published(beppu) == {"online_procedures": Decimal(1),
                                 "online_procedure_rate": Decimal("100.0"),
                                 "online_usage_rate": Decimal("10.0"),
                                 "card_auth_procedures": Decimal(0),
                                 "cio": None, "cio_adviser": None, "dx_policy": None,
                                 "whole_organisation": None, "external_talent": None,
                                 "rpa_adoption": None, "rpa_hours_saved": None,
                                 "e_approval_rate": None, "resident_satisfaction": None}


def test_a_change_is_published_once_committed(beppu, beppu_staff,
                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        procedure = _add(beppu, beppu_staff, name="転出届", annual_cases=300,
                         online_available=True, online_cases=30)
    assert _published(beppu)["online_usage_rate"] == Decimal("10.0")

    with django_capture_on_commit_callbacks(execute=True):
        procedure_update(actor=beppu_staff, municipality=beppu, pk=procedure.pk,
                         data={"online_cases": 150})

    assert _published(beppu)["online_usage_rate"] == Decimal("50.0")


def test_nothing_is_published_before_the_change_commits(beppu, beppu_staff,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _add(beppu, beppu_staff, name="転出届")

    assert len(callbacks) == 1
    assert not IndicatorSnapshot.objects.filter(municipality=beppu).exists()


def test_evidence_removed_later_is_published_as_not_reported(beppu, beppu_staff, in_schema):
    _add(beppu, beppu_staff, name="転出届", online_available=True)
    snapshots_publish(municipality=beppu, fiscal_year=2025)
    with in_schema(beppu):
        Procedure.objects.all().delete()

    publish_all_indicators()

    assert set(_published(beppu).values()) == {None}


def test_the_public_schema_never_holds_an_inventory_row(beppu, beppu_staff):
    _add(beppu, beppu_staff, name="ISOLATION-別府市だけの手続")
    snapshots_publish(municipality=beppu, fiscal_year=2025)

    with connection.cursor() as cursor:
        cursor.execute("SELECT table_schema FROM information_schema.tables"
                       " WHERE table_name = %s", [Procedure._meta.db_table])
        schemas = {row[0] for row in cursor.fetchall()}
    assert "public" not in schemas and beppu.schema_name in schemas
    public_text = str(list(IndicatorSnapshot.objects.values()))
    assert "ISOLATION-別府市だけの手続" not in public_text


def test_the_card_rate_is_the_master_datas_published_for_the_year_it_was_counted(himeshima):
    """姫島村's rate, 95.4% on 2022-12-31 (デジタル庁, tenants/data), is FY2022's value;
    other years are left as they were, and the nightly fan-out publishes it."""
    counted_in = himeshima.mynumber_card_rate_as_of
    assert (himeshima.mynumber_card_rate, counted_in) == (Decimal("95.4"),
                                                          datetime.date(2022, 12, 31))

    publish_all_indicators()

    assert _published(himeshima, 2022)["mynumber_card_rate"] == Decimal("95.4")
    assert "mynumber_card_rate" not in _published(himeshima, 2023)
    assert snapshots_publish(municipality=himeshima, fiscal_year=2022) == 0
