"""The joint targets through the API: the town's inventory and values, the prefecture's
indicators and progress."""

from decimal import Decimal

import pytest
from django.utils import timezone

from joint_targets import demo
from joint_targets.models import Indicator, IndicatorSnapshot
from joint_targets.workspace.models import Procedure
from kyodo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
BEPPU = "/m/beppu/api/v1/"


def _procedure(**fields) -> dict:
    return {"fiscal_year": 2025, "name": "転出届", "department": "市民課",
            "annual_cases": 300, "online_available": True, "online_cases": 60, **fields}


def _error(response) -> tuple[int, str, list[tuple[str, str]]]:
    error = response.json()["error"]
    return (response.status_code, error["code"],
            [(detail["field"], detail["code"]) for detail in error["details"]])


def test_a_town_member_adds_a_procedure_and_reads_the_inventory(api_as, beppu, beppu_staff,
                                                                in_schema):
    api = api_as(beppu_staff)

    created = api.post(f"{BEPPU}procedures/", _procedure(), format="json")
    listed = api.get(f"{BEPPU}procedures/", {"fiscal_year": 2025})

    assert created.status_code == 201
    assert [row["name"] for row in listed.json()["results"]] == ["転出届"]
    with in_schema(beppu):
        assert Procedure.objects.get().online_cases == 60
    assert AuditEvent.objects.filter(action="procedure.create").exists()


@pytest.mark.parametrize(("fields", "expected"), [
    ({"online_cases": 400}, [("online_cases", "online_cases_exceed_cases")]),
    ({"online_available": False, "card_authentication": True, "online_cases": None},
     [("card_authentication", "card_authentication_needs_online")]),
    ({"annual_cases": -1}, [("annual_cases", "min_value")]),
    ({"name": "  "}, [("name", "blank")]),
])
def test_a_procedure_that_breaks_a_rule_is_a_400_naming_the_field(api_as, beppu_staff, fields,
                                                                  expected):
    response = api_as(beppu_staff).post(f"{BEPPU}procedures/", _procedure(**fields),
                                        format="json")

    status, code, details = _error(response)
    assert (status, code) == (400, "validation_error")
    assert details == expected


def test_the_same_procedure_twice_in_a_year_is_refused(api_as, beppu_staff):
    api = api_as(beppu_staff)
    api.post(f"{BEPPU}procedures/", _procedure(), format="json")

    status, code, details = _error(api.post(f"{BEPPU}procedures/", _procedure(),
                                            format="json"))

    assert (status, code) == (400, "validation_error")
    assert [detail for _field, detail in details] == ["procedure_exists"]


def test_the_towns_values_are_null_when_not_reported(api_as, beppu, beppu_staff):
    api = api_as(beppu_staff)
    api.post(f"{BEPPU}procedures/", _procedure(online_cases=None), format="json")

    values = {row["code"]: row for row in api.get(f"{BEPPU}indicators/",
                                                  {"fiscal_year": 2025}).json()}

    assert values["online_procedure_rate"]["value"] == 100.0
    assert values["online_usage_rate"]["value"] is None
    assert values["online_usage_rate"]["progress"] == "not_reported"


def test_another_towns_token_cannot_reach_the_inventory(api_as, himeshima_staff):
    response = api_as(himeshima_staff).get(f"{BEPPU}procedures/")

    assert _error(response)[:2] == (403, "permission_denied")


def test_everyone_signed_in_reads_the_indicators(api_as, beppu_staff):
    indicators = api_as(beppu_staff).get("/api/v1/targets/indicators/").json()

    cio = next(row for row in indicators if row["code"] == "cio")
    assert (cio["national_value"], cio["national_year"]) == (73.3, 2023)


def test_coordinators_read_every_towns_progress_and_towns_do_not(api_as, coordinator, beppu,
                                                                beppu_staff):
    demo.targets_create()
    IndicatorSnapshot.objects.create(
        indicator=Indicator.objects.get(code="online_procedure_rate"), municipality=beppu,
        fiscal_year=2026, value=Decimal("70.0"), computed_at=timezone.now())

    rows = api_as(coordinator).get("/api/v1/targets/progress/",
                                   {"fiscal_year": 2026}).json()["results"]
    refused = api_as(beppu_staff).get("/api/v1/targets/progress/", {"fiscal_year": 2026})

    beppu_row = next(row for row in rows if row["lg_code"] == "442020")
    rate = next(cell for cell in beppu_row["indicators"]
                if cell["code"] == "online_procedure_rate")
    assert rate == {"code": "online_procedure_rate", "value": 70.0, "target": 60.0,
                    "progress": "on_track"}
    assert refused.status_code == 403


def test_a_band_that_is_not_one_is_a_400(api_as, coordinator):
    response = api_as(coordinator).get("/api/v1/targets/progress/", {"band": "village"})

    assert _error(response) == (400, "validation_error", [("band", "invalid_choice")])


HEADINGS = "手続名,担当部署,根拠法令,年間件数,オンライン化,マイナンバーカード認証,オンライン件数"


def _file(*rows: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("inventory.csv", "\r\n".join([HEADINGS, *rows]).encode(
        "utf-8-sig"), "text/csv")


def test_the_inventory_file_is_imported_through_the_api(api_as, beppu, beppu_staff,
                                                        in_schema):
    response = api_as(beppu_staff).post(f"{BEPPU}procedures/import/", {
        "fiscal_year": "2025", "file": _file("転出届,市民課,,300,○,×,30",
                                             "犬の登録,環境課,,80,×,×,")}, format="multipart")

    assert response.status_code == 200
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0}
    with in_schema(beppu):
        assert Procedure.objects.filter(fiscal_year=2025).count() == 2


def test_an_import_with_bad_rows_is_a_400_listing_each_row(api_as, beppu, beppu_staff,
                                                           in_schema):
    response = api_as(beppu_staff).post(f"{BEPPU}procedures/import/", {
        "fiscal_year": "2025", "file": _file("転出届,市民課,,300,○,×,30",
                                             "犬の登録,環境課,,many,×,×,")}, format="multipart")

    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (400, "import_invalid")
    assert error["details"] == [{"field": "file", "code": "row_invalid", "row": 3,
                                 "column": "年間件数", "message":
                                 "0以上の整数で入力してください（把握していない場合は空欄）。"}]
    with in_schema(beppu):
        assert not Procedure.objects.exists()
