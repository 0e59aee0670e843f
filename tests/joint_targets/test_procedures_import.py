"""Importing a town's procedure inventory: all rows or none, each bad row explained."""

import io

import pytest
from openpyxl import Workbook

from joint_targets.services.procedures import procedures_import
from joint_targets.workspace.models import Procedure
from kyodo.audit.models import AuditEvent
from kyodo.errors import DomainError, ErrorCode

pytestmark = pytest.mark.django_db


def _import(beppu, lead, content, fiscal_year=2025):
    return procedures_import(actor=lead, municipality=beppu, fiscal_year=fiscal_year,
                             content=content)


def test_a_good_file_adds_every_procedure_and_audits_each(beppu, beppu_staff, inventory_csv,
                                                          in_schema):
    counts = _import(beppu, beppu_staff, inventory_csv(
        "住民票の写しの交付請求,市民課,住民基本台帳法第12条,\"12,000\",○,○,3000",
        "犬の登録,環境課,,80,×,×,"))

    assert counts == {"created": 2, "updated": 0, "unchanged": 0}
    with in_schema(beppu):
        first = Procedure.objects.get(name="住民票の写しの交付請求")
        assert (first.annual_cases, first.online_available, first.card_authentication,
                first.online_cases) == (12_000, True, True, 3_000)
        assert Procedure.objects.get(name="犬の登録").online_cases is None
    assert AuditEvent.objects.filter(action="procedure.create",
                                     tenant_schema=beppu.schema_name).count() == 2


def test_a_file_with_bad_rows_imports_nothing_and_lists_each_error(
        beppu, beppu_staff, inventory_csv, in_schema):
    with pytest.raises(DomainError) as raised:
        _import(beppu, beppu_staff, inventory_csv(
            "住民票の写しの交付請求,市民課,,1000,○,○,200",
            "転出届,市民課,,多数,○,×,10",
            "児童手当の認定請求,子育て支援課,,100,×,○,",
            ",税務課,,10,×,×,",
            "住民票の写しの交付請求,市民課,,5,×,×,",
            "粗大ごみの収集申込み,環境課,,50,○,×,80",
            "水道の使用開始届,上下水道課,,20,たぶん,×,"))

    error = raised.value
    assert error.code == ErrorCode.IMPORT_INVALID
    assert {(detail["field"], detail["code"]) for detail in error.details} == {
        ("file", "row_invalid")}
    assert [(detail["row"], detail["column"], detail["message"]) for detail in error.details] == [
        (3, "年間件数", "0以上の整数で入力してください（把握していない場合は空欄）。"),
        (4, "マイナンバーカード認証",
         "マイナンバーカード認証は、オンライン化済みの手続きにだけ設定できます。"),
        (5, "手続名", "入力してください。"),
        (6, "手続名", "2行目と同じ担当部署・手続名です。"),
        (7, "オンライン件数", "オンライン件数は年間件数以下にしてください。"),
        (8, "オンライン化", "「○」か「×」で入力してください。"),
    ]
    with in_schema(beppu):
        assert not Procedure.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="procedure.").exists()


def test_a_row_matching_a_procedure_of_the_year_updates_it_and_others_are_kept(
        beppu, beppu_staff, inventory_csv, in_schema):
    _import(beppu, beppu_staff, inventory_csv("転出届,市民課,,300,×,×,",
                                              "犬の登録,環境課,,80,×,×,"))

    counts = _import(beppu, beppu_staff, inventory_csv("転出届,市民課,,320,○,○,40",
                                                      "犬の登録,環境課,,80,×,×,"))

    assert counts == {"created": 0, "updated": 1, "unchanged": 1}
    with in_schema(beppu):
        moved = Procedure.objects.get(name="転出届")
        assert (moved.annual_cases, moved.online_cases) == (320, 40)
        assert Procedure.objects.count() == 2
    assert AuditEvent.objects.filter(action="procedure.update").count() == 1


def test_another_years_inventory_is_a_separate_list(beppu, beppu_staff, inventory_csv,
                                                    in_schema):
    _import(beppu, beppu_staff, inventory_csv("転出届,市民課,,300,×,×,"), fiscal_year=2024)
    _import(beppu, beppu_staff, inventory_csv("転出届,市民課,,310,○,×,20"), fiscal_year=2025)

    with in_schema(beppu):
        assert sorted(Procedure.objects.values_list("fiscal_year", "annual_cases")) == [
            (2024, 300), (2025, 310)]


def test_a_shift_jis_csv_as_older_excel_saves_it_is_read(beppu, beppu_staff, inventory_csv,
                                                         in_schema):
    _import(beppu, beppu_staff, inventory_csv("転出届,市民課,,３００,はい,いいえ,",
                                             encoding="cp932"))

    with in_schema(beppu):
        assert Procedure.objects.get().annual_cases == 300


def test_an_excel_file_is_read_below_its_title_and_notes(beppu, beppu_staff, in_schema):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["行政手続き一覧"])
    sheet.append(["別府市 令和7年度"])
    sheet.append(["担当部署", "手続名", "根拠法令", "年間件数", "オンライン化",
                  "マイナンバーカード認証", "オンライン件数"])  # columns in another order
    sheet.append(["市民課", "転出届", None, 300.0, "○", "×", 25])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(DomainError):  # the heading row must start with 手続名
        _import(beppu, beppu_staff, buffer.getvalue())

    sheet.delete_rows(3, 2)
    sheet.append(["手続名", "担当部署", "根拠法令", "年間件数", "オンライン化",
                  "マイナンバーカード認証", "オンライン件数"])
    sheet.append(["転出届", "市民課", None, 300.0, "○", "×", 25])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _import(beppu, beppu_staff, buffer.getvalue())

    with in_schema(beppu):
        assert Procedure.objects.get().online_cases == 25


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_japanese(beppu, beppu_staff):
    with pytest.raises(DomainError) as raised:
        _import(beppu, beppu_staff, b"%PDF-1.4 \x00\x01 not a table")

    assert raised.value.code == ErrorCode.IMPORT_INVALID
    assert "読み取れませんでした" in raised.value.message


def test_only_the_towns_own_members_may_import(beppu, himeshima_staff, inventory_csv):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _import(beppu, himeshima_staff, inventory_csv("転出届,市民課,,300,×,×,"))
