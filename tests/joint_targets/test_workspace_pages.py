"""The town's inventory pages as its people use them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from joint_targets.services.procedures import procedure_create
from joint_targets.workspace.models import Procedure

pytestmark = pytest.mark.django_db
LIST = "/m/beppu/targets/procedures/"


def _procedure(beppu, actor, **values):
    return procedure_create(actor=actor, municipality=beppu, fiscal_year=2025, data={
        "name": "転出届", "department": "市民課", "annual_cases": 300, "online_available": True,
        "card_authentication": False, "online_cases": 60} | values)


def test_staff_add_a_procedure_and_see_the_online_rate(client, beppu, beppu_staff, in_schema):
    client.force_login(beppu_staff)

    response = client.post(f"{LIST}?fiscal_year=2025", {
        "new-name": "住民票の写しの交付請求", "new-department": "市民課", "new-legal_basis": "",
        "new-annual_cases": "1000", "new-online_available": "on", "new-online_cases": "250"})

    assert response.status_code == 302
    page = client.get(f"{LIST}?fiscal_year=2025").content.decode()
    assert "住民票の写しの交付請求" in page
    assert "100.0%" in page  # every procedure online
    assert "25.0%" in page  # online usage


def test_a_procedure_with_inconsistent_counts_is_refused_in_japanese(client, beppu,
                                                                    beppu_staff, in_schema):
    client.force_login(beppu_staff)

    response = client.post(f"{LIST}?fiscal_year=2025", {
        "new-name": "転出届", "new-department": "市民課", "new-annual_cases": "10",
        "new-online_available": "on", "new-online_cases": "20"})

    assert response.status_code == 200
    assert "オンライン件数は年間件数以下にしてください。" in response.content.decode()
    with in_schema(beppu):
        assert not Procedure.objects.exists()


def test_a_row_is_edited_in_place(client, beppu, beppu_staff, in_schema):
    procedure = _procedure(beppu, beppu_staff)
    client.force_login(beppu_staff)
    edit = f"/m/beppu/targets/procedures/{procedure.pk}/edit/"

    page = client.get(edit).content.decode()
    assert f'<tr id="procedure-{procedure.pk}" class="editing">' in page
    assert 'name="edit-annual_cases"' in page
    response = client.post(edit, {"edit-name": "転出届", "edit-department": "市民課",
                                  "edit-annual_cases": "300", "edit-online_available": "on",
                                  "edit-card_authentication": "on", "edit-online_cases": "90"})

    assert response.status_code == 302
    with in_schema(beppu):
        procedure.refresh_from_db()
    assert (procedure.card_authentication, procedure.online_cases) == (True, 90)


def test_a_procedure_is_removed_from_the_list(client, beppu, beppu_staff, in_schema):
    procedure = _procedure(beppu, beppu_staff)
    client.force_login(beppu_staff)

    client.post(f"/m/beppu/targets/procedures/{procedure.pk}/remove/")

    with in_schema(beppu):
        assert not Procedure.objects.exists()


def test_the_excel_template_holds_the_years_list_and_reads_back(client, beppu, beppu_staff,
                                                                in_schema):
    _procedure(beppu, beppu_staff)
    client.force_login(beppu_staff)

    response = client.get(f"{LIST}template/", {"fiscal_year": "2025", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows.index(["手続名", "担当部署", "根拠法令", "年間件数", "オンライン化",
                         "マイナンバーカード認証", "オンライン件数"])
    assert rows[header + 1] == ["転出届", "市民課", None, 300, "○", "×", 60]
    assert "令和7年度（2025年度）" in rows[1][0]

    sheet.append(["犬の登録", "環境課", None, None, "×", "×", None])
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    response = client.post(f"{LIST}import/", {
        "import-fiscal_year": "2025",
        "import-file": SimpleUploadedFile("手続き.xlsx", buffer.getvalue())})

    assert response.status_code == 302
    with in_schema(beppu):
        assert sorted(Procedure.objects.values_list("name", flat=True)) == ["犬の登録", "転出届"]


def test_the_csv_template_opens_in_excel_as_utf8(client, beppu, beppu_staff):
    client.force_login(beppu_staff)

    response = client.get(f"{LIST}template/", {"fiscal_year": "2025", "format": "csv"})

    assert response.content.startswith("\ufeff手続名,担当部署".encode())


def test_an_import_with_bad_rows_lists_them_on_the_page(client, beppu, beppu_staff,
                                                        inventory_csv, in_schema):
    client.force_login(beppu_staff)

    page = client.post(f"{LIST}import/", {
        "import-fiscal_year": "2025", "import-file": SimpleUploadedFile(
            "手続き.csv", inventory_csv("転出届,市民課,,300,○,×,30", "犬の登録,環境課,,many,×,×,"))}
    ).content.decode()

    assert 'id="import-errors"' in page
    assert "<td class=\"num\">3</td><td>年間件数</td>" in page
    assert "1件の誤りがあるため、取り込みませんでした。" in page
    with in_schema(beppu):
        assert not Procedure.objects.exists()


def test_another_towns_people_and_the_prefecture_cannot_open_the_inventory(
        client, beppu, beppu_staff, himeshima_staff, coordinator):
    procedure = _procedure(beppu, beppu_staff)
    for person in (himeshima_staff, coordinator):
        client.force_login(person)
        assert client.get(LIST).status_code == 403
        assert client.get(f"/m/beppu/targets/procedures/{procedure.pk}/edit/").status_code == 403


def test_a_procedure_of_another_town_is_not_found_in_ones_own(client, beppu, beppu_staff,
                                                              himeshima_staff):
    procedure = _procedure(beppu, beppu_staff)
    client.force_login(himeshima_staff)

    response = client.get(f"/m/himeshima/targets/procedures/{procedure.pk}/edit/")

    assert response.status_code == 404
