"""The town's dashboard and the prefecture's progress matrix, read from published values."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from joint_targets import demo
from joint_targets.services.evidence import approval_month_create
from kyodo.accounts.models import Role
from tests.factories import MembershipFactory
from tests.joint_targets.conftest import YEAR, publish_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(prefecture):
    demo.targets_create()


def _row(page: str, code: str) -> str:
    start = page.index(f'data-indicator="{code}"')
    return page[start:page.index("</tr>", start)]


def test_the_town_sees_its_values_against_the_target_and_its_bands_median(
        client, beppu, beppu_staff, general_cities, targets):
    nakatsu, hita = general_cities
    approval_month_create(actor=beppu_staff, municipality=beppu, data={
        "year": YEAR, "month": 4, "decided": 100, "electronic": 75})  # read live
    publish_value(beppu, e_approval_rate=Decimal("75.0"))
    publish_value(nakatsu, e_approval_rate=Decimal("20.0"))
    publish_value(hita, e_approval_rate=Decimal("10.0"))
    client.force_login(beppu_staff)

    page = client.get("/m/beppu/targets/", {"fiscal_year": YEAR}).content.decode()

    row = _row(page, "e_approval_rate")
    assert 'data-progress="on_track"' in row  # 令和8年度's sample target is 70%
    assert "75.0%" in row and "70.0%" in row
    assert "20.0%" in row  # the median of 75, 20 and 10
    assert "中津市" not in page and "日田市" not in page


def test_the_median_is_withheld_while_fewer_than_three_towns_report(
        client, beppu, beppu_staff, general_cities, targets):
    publish_value(beppu, e_approval_rate=Decimal("45.0"))
    publish_value(general_cities[0], e_approval_rate=Decimal("20.0"))
    client.force_login(beppu_staff)

    page = client.get("/m/beppu/targets/", {"fiscal_year": YEAR}).content.decode()

    assert "32.5%" not in _row(page, "e_approval_rate")


def test_an_indicator_without_a_value_is_not_reported_on_the_dashboard(
        client, beppu, beppu_staff, targets):
    client.force_login(beppu_staff)

    page = client.get("/m/beppu/targets/", {"fiscal_year": YEAR}).content.decode()

    row = _row(page, "online_procedure_rate")
    assert 'data-progress="not_reported"' in row
    assert '<td class="num">未報告</td>' in row and ">0.0%" not in row


def test_the_coordinator_sees_every_town_on_track_behind_or_not_reported(
        client, coordinator, beppu, himeshima, targets):
    publish_value(beppu, online_procedure_rate=Decimal("70.0"))
    publish_value(himeshima, online_procedure_rate=Decimal("20.0"))
    client.force_login(coordinator)

    page = client.get("/targets/progress/", {"fiscal_year": YEAR}).content.decode()

    beppu_row = page[page.index('data-town="442020"'):]
    himeshima_row = page[page.index('data-town="443221"'):]
    oita_row = page[page.index('data-town="442011"'):]
    assert 'data-indicator="online_procedure_rate" data-progress="on_track"' in beppu_row
    assert 'data-indicator="online_procedure_rate" data-progress="behind"' in himeshima_row
    assert 'data-indicator="online_procedure_rate" data-progress="not_reported"' in oita_row


def test_the_matrix_is_filtered_by_population_band(client, coordinator, beppu, himeshima):
    client.force_login(coordinator)

    page = client.get("/targets/progress/", {"fiscal_year": YEAR,
                                             "band": "town_village_small"}).content.decode()

    assert 'data-town="443221"' in page and 'data-town="442020"' not in page


def test_a_national_matrix_comes_in_pages_that_keep_the_year_and_order(
        client, coordinator, beppu, himeshima, oita_city, monkeypatch):
    """1,741 towns in one table take seconds to draw: the matrix is cut into pages (here
    of 2), and moving between them keeps what was chosen; the download keeps every town."""
    from joint_targets.views import prefecture

    monkeypatch.setattr(prefecture, "PROGRESS_PAGE_SIZE", 2)
    client.force_login(coordinator)

    chosen = {"fiscal_year": YEAR, "sort": "cio"}
    first = client.get("/targets/progress/", chosen).content.decode()
    second = client.get("/targets/progress/", chosen | {"page": 2}).content.decode()

    towns = [beppu, himeshima, oita_city]
    shown = [[town.lg_code for town in towns if f'data-town="{town.lg_code}"' in page]
             for page in (first, second)]
    assert sorted(shown[0] + shown[1]) == sorted(town.lg_code for town in towns)
    assert len(shown[0]) == 2 and len(shown[1]) == 1
    assert f'href="?fiscal_year={YEAR}&amp;sort=cio&amp;page=2" rel="next"' in first
    assert "（1〜2団体目）" in first and "3団体" in first
    download = client.get("/targets/progress/download/", {"fiscal_year": YEAR})
    workbook_codes = {row[0] for row in load_workbook(io.BytesIO(download.content)).active
                      .iter_rows(values_only=True)}
    assert {town.lg_code for town in towns} <= workbook_codes


def test_the_matrix_downloads_as_excel_with_the_year_in_both_calendars(
        client, coordinator, beppu, targets):
    publish_value(beppu, online_procedure_rate=Decimal("70.0"), cio=Decimal(1))
    client.force_login(coordinator)

    response = client.get("/targets/progress/download/", {"fiscal_year": YEAR})

    rows = [list(row) for row in load_workbook(io.BytesIO(response.content)).active
            .iter_rows(values_only=True)]
    assert rows[0][0] == "DX共同目標の進捗"
    assert rows[1][0] == "令和8年度（2026年度）"
    headers = rows[4]
    beppu_row = next(row for row in rows if row[0] == "442020")
    rate = headers.index("手続のオンライン化率（%）")
    assert beppu_row[rate:rate + 3] == [70.0, 60.0, "達成"]
    assert beppu_row[headers.index("CIOの任命")] == "有"
    assert beppu_row[headers.index("電子決裁率（%）")] == "未報告"


@pytest.mark.parametrize("role", [Role.PREFECTURE_OPERATOR])
def test_prefecture_operators_read_the_matrix(client, prefecture, role):
    from tests.mfa import activate_totp

    operator = MembershipFactory(municipality=prefecture, role=role).user
    activate_totp(operator)
    client.force_login(operator)

    assert client.get("/targets/progress/").status_code == 200


def test_town_staff_and_vendors_cannot_open_the_matrix(client, beppu_staff):
    client.force_login(beppu_staff)

    assert client.get("/targets/progress/").status_code == 403
    assert client.get("/targets/progress/download/").status_code == 403


def test_the_dashboard_shows_the_rate_of_the_inventory_as_it_stands(client, beppu,
                                                                    beppu_staff, targets):
    from joint_targets.services.procedures import procedure_create

    for name, online in (("転出届", True), ("犬の登録", False)):
        procedure_create(actor=beppu_staff, municipality=beppu, fiscal_year=YEAR, data={
            "name": name, "department": "市民課", "online_available": online})
    client.force_login(beppu_staff)

    page = client.get("/m/beppu/targets/", {"fiscal_year": YEAR}).content.decode()

    row = _row(page, "online_procedure_rate")
    assert '<td class="num">50.0%</td>' in row
    assert 'data-progress="behind"' in row  # the sample target for 令和8年度 is 60%


def test_the_matrix_is_ordered_by_an_indicator_best_first_and_not_reported_last(
        client, coordinator, beppu, himeshima, oita_city):
    publish_value(beppu, online_procedure_rate=Decimal("70.0"))
    publish_value(himeshima, online_procedure_rate=Decimal("80.0"))
    client.force_login(coordinator)

    by_code = client.get("/targets/progress/", {"fiscal_year": YEAR}).content.decode()
    by_rate = client.get("/targets/progress/", {
        "fiscal_year": YEAR, "sort": "online_procedure_rate"}).content.decode()

    def order(page):
        return sorted(("442011", "442020", "443221"),
                      key=lambda code: page.index(f'data-town="{code}"'))

    assert order(by_code) == ["442011", "442020", "443221"]
    assert order(by_rate) == ["443221", "442020", "442011"]  # 80%, 70%, 未報告


@pytest.mark.parametrize("path", ["/targets/progress/", "/targets/polarisation/",
                                  "/targets/needs-support/", "/targets/progress/?sort=cio",
                                  "/targets/progress/?page=2", "/targets/progress/?fiscal_year=x",
                                  "/targets/needs-support/?band=town_village_small"])
def test_a_page_opened_without_a_year_selects_the_year_it_shows(client, coordinator, path):
    """Also when other choices are in the address: a select on another year would move
    the page to that year at the next 表示する."""
    from joint_targets.forms import current_fiscal_year

    client.force_login(coordinator)

    page = client.get(path).content.decode()

    select = page[page.index('name="fiscal_year"'):]
    select = select[:select.index("</select>")]
    assert f'value="{current_fiscal_year()}" selected' in select


def test_a_year_asked_for_is_kept_when_another_choice_is_wrong(client, coordinator):
    client.force_login(coordinator)

    page = client.get("/targets/progress/", {"fiscal_year": YEAR - 1, "band": "no_such_band"})

    from kyodo.fiscal import fiscal_year_label

    assert f"<h1>DX共同目標の進捗（{fiscal_year_label(YEAR - 1)}）</h1>" in page.content.decode()
