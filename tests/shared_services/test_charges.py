"""Subscriptions, versioned cost shares, the town's statement and its downloads."""

import io
from datetime import date

import pytest
from django.core import mail
from openpyxl import load_workbook

from kyodo.fiscal import fiscal_year_of, months_active
from kyodo.notifications.models import Notification
from shared_services.allocation import Adopter, SharingRule, allocate
from shared_services.models import AllocationVersion, Subscription
from shared_services.selectors import town_charges
from shared_services.services.adoption import adoption_request_act
from shared_services.services.catalog import common_system_update
from shared_services.services.charges import estimate

pytestmark = pytest.mark.django_db


def _amounts(version) -> dict[str, int]:
    return dict(version.lines.values_list("municipality__lg_code", "amount"))


def test_activation_starts_a_subscription_and_every_adopter_gets_a_new_version(
        beppu, beppu_lead, himeshima, himeshima_lead, system, adopt, next_month):
    adopt(beppu, beppu_lead, system)
    first = AllocationVersion.objects.get(system=system)
    assert _amounts(first) == {beppu.lg_code: 12_000_000}

    adopt(himeshima, himeshima_lead, system)

    subscription = Subscription.objects.get(municipality=himeshima, system=system)
    assert subscription.first_month == next_month
    latest = AllocationVersion.objects.filter(system=system).latest("version")
    assert latest.version == 2
    assert "姫島村" in latest.reason
    months = months_active(fiscal_year_of(next_month), (next_month.year, next_month.month))
    expected = allocate(total=12_000_000, rule=SharingRule(equal=50, population=50, usage=0),
                        adopters=[Adopter(lg_code=beppu.lg_code, population=beppu.population,
                                          months=months),
                                  Adopter(lg_code=himeshima.lg_code,
                                          population=himeshima.population, months=months)])
    assert _amounts(latest) == {share.lg_code: share.amount for share in expected.shares}
    assert sum(_amounts(latest).values()) == 12_000_000


def test_each_town_whose_share_changes_is_told_its_new_amount_and_why(
        beppu, beppu_lead, himeshima, himeshima_lead, system, adopt,
        django_capture_on_commit_callbacks):
    adopt(beppu, beppu_lead, system)

    with django_capture_on_commit_callbacks(execute=True):
        adopt(himeshima, himeshima_lead, system)

    notice = Notification.objects.filter(recipient=beppu_lead,
                                         kind="allocation.changed").latest("pk")
    assert notice.params["before"] == "12,000,000円"
    assert "姫島村" in notice.params["reason"]
    assert any(beppu_lead.email in message.to for message in mail.outbox)


def test_ending_a_subscription_shares_the_cost_among_those_who_remain(
        beppu, beppu_lead, himeshima, himeshima_lead, coordinator, system, adopt):
    adopt(beppu, beppu_lead, system)
    request = adopt(himeshima, himeshima_lead, system)

    adoption_request_act(actor=coordinator, request=request, action="end",
                         month=date(2027, 3, 1))

    assert Subscription.objects.get(request=request).last_month == date(2027, 3, 1)
    assert request.transitions.last().to_status == "ended"


def test_a_pricing_change_writes_a_new_version_with_its_reason(
        coordinator, beppu, beppu_lead, system, adopt):
    adopt(beppu, beppu_lead, system)

    common_system_update(actor=coordinator, system=system, data={"annual_cost": 10_000_000})

    latest = AllocationVersion.objects.filter(system=system).latest("version")
    assert latest.total == 10_000_000
    assert "変更" in latest.reason


def test_the_estimate_matches_the_bills_and_shows_the_saving(
        beppu, beppu_lead, himeshima, system, adopt):
    fiscal_year = fiscal_year_of(date.today())
    adopt(beppu, beppu_lead, system, month=date(fiscal_year, 4, 1))

    result = estimate(system=system, municipality=himeshima, usage=0,
                      start=date(fiscal_year, 4, 1))

    full = allocate(total=12_000_000, rule=SharingRule(equal=50, population=50, usage=0),
                    adopters=[Adopter(lg_code=beppu.lg_code, population=beppu.population),
                              Adopter(lg_code=himeshima.lg_code,
                                      population=himeshima.population)])
    assert result.full_year_share == full.share_of(himeshima.lg_code).amount
    assert result.first_year_share == result.full_year_share  # April: a full year
    assert result.standalone_price == 6_000_000
    assert result.saving == 6_000_000 - result.full_year_share > 0


def test_a_town_sees_every_version_of_its_own_line_and_no_other_towns(
        beppu, beppu_lead, himeshima, himeshima_lead, system, adopt):
    adopt(beppu, beppu_lead, system)
    adopt(himeshima, himeshima_lead, system)
    fiscal_year = AllocationVersion.objects.latest("pk").fiscal_year

    statement = town_charges(actor=himeshima_lead, municipality=himeshima,
                             fiscal_year=fiscal_year)
    beppus = town_charges(actor=beppu_lead, municipality=beppu, fiscal_year=fiscal_year)

    assert [line.municipality for line in statement[0]["history"]] == [himeshima]
    assert [line.version.version for line in beppus[0]["history"]] == [2, 1]


def test_the_excel_statement_reads_back_with_its_total(
        client, beppu, beppu_lead, himeshima, himeshima_lead, system, adopt):
    adopt(beppu, beppu_lead, system)
    adopt(himeshima, himeshima_lead, system)
    fiscal_year = AllocationVersion.objects.latest("pk").fiscal_year
    client.force_login(himeshima_lead)

    response = client.get("/m/himeshima/catalog/charges/download/",
                          {"fiscal_year": fiscal_year, "format": "xlsx"})

    assert response.status_code == 200
    assert "負担金明細" in response["Content-Disposition"] or "%E8%B2%A0" in response[
        "Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "負担金明細"
    assert "令和" in values[2][0] and f"（{fiscal_year}年度）" in values[2][0]
    line = Subscription.objects.get(municipality=himeshima).system.allocation_versions.latest(
        "version").lines.get(municipality=himeshima)
    assert values[-1] == ("合計", None, None, None, None, line.amount)


def test_the_csv_statement_opens_in_excel_and_no_other_town_is_in_it(
        client, beppu, beppu_lead, himeshima, himeshima_lead, system, adopt):
    adopt(beppu, beppu_lead, system)
    adopt(himeshima, himeshima_lead, system)
    fiscal_year = AllocationVersion.objects.latest("pk").fiscal_year
    client.force_login(himeshima_lead)

    response = client.get("/m/himeshima/catalog/charges/download/",
                          {"fiscal_year": fiscal_year, "format": "csv"})

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffシステム名,版,利用月数,人口,利用量,負担額（円）\r\n")
    assert str(beppu.population) not in text
