"""Cost allocations through the API: the preview, and a system's current allocation."""

import pytest
from django.utils import timezone

from kyodo.accounts.models import Role
from kyodo.fiscal import fiscal_year_of
from shared_services.allocation import Adopter, SharingRule, allocate
from shared_services.services.adoption import adoption_request_act
from tenants.lg_code import prefecture_lg_code
from tenants.models import Municipality
from tests.api.catalog.conftest import first_of_this_month
from tests.conftest import SESSION_TOWNS
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db

PREVIEW = "/api/v1/allocations/preview/"
ALLOCATIONS = "/api/v1/allocations/"
KUNISAKI = "442143"  # 国東市: a real code, but not a town this test database holds


def preview_body(**change) -> dict:
    body = {"total": 12_000_000,
            "rule": {"equal": 30, "population": 70, "usage": 0, "taper": 1, "unit": 1},
            "adopters": [{"lg_code": SESSION_TOWNS["himeshima"], "months": 12, "usage": 0},
                         {"lg_code": SESSION_TOWNS["beppu"], "months": 6, "usage": 0},
                         {"lg_code": SESSION_TOWNS["oita"], "months": 12}]}
    return body | change


def details(response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "validation_error"
    return [(detail["field"], detail["code"]) for detail in response.json()["error"]["details"]]


@pytest.mark.parametrize(("rule", "unit"), [({"taper": 1}, 1), ({"taper": 0.585}, 1000)])
def test_the_preview_gives_the_engines_amounts_with_master_data_populations(
        api_as, himeshima_staff, rule, unit):
    body = preview_body()
    body["rule"] |= rule | {"unit": unit}

    response = api_as(himeshima_staff).post(PREVIEW, body, format="json")

    towns = {town.lg_code: town for town in Municipality.objects.filter(
        lg_code__in=SESSION_TOWNS.values())}
    expected = allocate(total=12_000_000, rule=SharingRule(**body["rule"]), adopters=[
        Adopter(lg_code=adopter["lg_code"], population=towns[adopter["lg_code"]].population,
                months=adopter["months"], usage=adopter.get("usage", 0))
        for adopter in body["adopters"]])
    result = response.json()
    assert response.status_code == 200
    assert [(share["lg_code"], share["amount"]) for share in result["shares"]] == [
        (share.lg_code, share.amount) for share in expected.shares]
    assert sum(share["amount"] for share in result["shares"]) == result["total"] == 12_000_000
    assert [share["population"] for share in result["shares"]] == [
        towns[adopter["lg_code"]].population for adopter in body["adopters"]]
    assert result["population_as_of"] == min(
        town.population_as_of for town in towns.values()).isoformat()


def test_the_preview_shows_the_parts_and_the_parts_left_out(api_as, coordinator):
    body = preview_body(rule={"equal": 40, "population": 40, "usage": 20})

    result = api_as(coordinator).post(PREVIEW, body, format="json").json()

    assert result["left_out"] == ["usage"]  # nobody has any usage
    himeshima = result["shares"][0]
    assert himeshima["parts"]["usage"] == "0.00"
    assert abs(float(himeshima["parts"]["equal"]) + float(himeshima["parts"]["population"])
               - himeshima["amount"]) < 1


@pytest.mark.parametrize(("change", "expected"), [
    ({"rule": {"equal": 30, "population": 60, "usage": 0}}, [("rule", "weights_sum_not_100")]),
    ({"rule": {"equal": 130, "population": -30, "usage": 0}},
     [("rule.equal", "weight_out_of_range"), ("rule.population", "weight_out_of_range")]),
    ({"total": -1}, [("total", "total_negative")]),
    ({"adopters": [{"lg_code": SESSION_TOWNS["beppu"]}, {"lg_code": KUNISAKI}]},
     [("adopters[1].lg_code", "lg_code_unknown")]),
    ({"adopters": [{"lg_code": prefecture_lg_code(44)}]},
     [("adopters[0].lg_code", "lg_code_unknown")]),
    ({"adopters": [{"lg_code": SESSION_TOWNS["beppu"]}, {"lg_code": SESSION_TOWNS["beppu"]}]},
     [("adopters[1].lg_code", "lg_code_duplicate")]),
    ({"adopters": [{"lg_code": "442021"}]}, [("adopters[0].lg_code", "lg_code_check_digit")]),
    ({"adopters": [{"lg_code": SESSION_TOWNS["beppu"], "months": 0}]},
     [("adopters[0].months", "months_out_of_range")]),
    ({"adopters": [{"lg_code": SESSION_TOWNS["beppu"], "months": 13}]},
     [("adopters[0].months", "months_out_of_range")]),
    ({"adopters": [{"lg_code": SESSION_TOWNS["beppu"], "usage": -5}]},
     [("adopters[0].usage", "usage_negative")]),
    ({"adopters": []}, [("adopters", "min_length")]),
    ({"total": "12000000"}, [("total", "invalid")]),
    ({"total": 1.5}, [("total", "invalid")]),
    ({"adopters": [{"lg_code": 442020}]}, [("adopters[0].lg_code", "invalid")]),
])
def test_a_bad_preview_is_a_400_naming_each_field_as_the_engine_does(api_as, himeshima_staff,
                                                                     change, expected):
    response = api_as(himeshima_staff).post(PREVIEW, preview_body(**change), format="json")

    assert details(response) == expected


def test_every_problem_of_a_preview_is_named_at_once_in_the_order_of_the_input(
        api_as, coordinator):
    body = preview_body(total=-5, adopters=[
        {"lg_code": KUNISAKI, "months": 13}, {"lg_code": SESSION_TOWNS["beppu"]},
        {"lg_code": SESSION_TOWNS["beppu"], "months": 0}])

    response = api_as(coordinator).post(PREVIEW, body, format="json")

    assert details(response) == [
        ("total", "total_negative"), ("adopters[0].months", "months_out_of_range"),
        ("adopters[0].lg_code", "lg_code_unknown"), ("adopters[2].lg_code", "lg_code_duplicate"),
        ("adopters[2].months", "months_out_of_range")]
    assert response.json()["error"]["message"] == "入力内容に誤りがあります。"


@pytest.mark.parametrize("role", [Role.VENDOR_ADMIN, Role.PREFECTURE_OPERATOR])
def test_the_preview_is_for_coordinators_and_towns_members(api_as, prefecture, role):
    organisation = {"vendor": VendorFactory()} if role == Role.VENDOR_ADMIN else {
        "municipality": prefecture}
    user = MembershipFactory(role=role, **organisation).user
    if role == Role.PREFECTURE_OPERATOR:
        from tests.mfa import activate_totp

        activate_totp(user)

    response = api_as(user).post(PREVIEW, preview_body(), format="json")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.fixture
def shared(coordinator, submitted, draft, beppu, beppu_lead):
    """姫島村 and 別府市 both use the system from this month."""
    theirs = adoption_request_act(actor=beppu_lead, request=draft(beppu, beppu_lead),
                                  action="submit")
    for adoption in (submitted, theirs):
        adoption_request_act(actor=coordinator, request=adoption, action="approve")
        adoption_request_act(actor=coordinator, request=adoption, action="activate",
                             month=first_of_this_month())
    return submitted.system


def query(system) -> dict:
    return {"system": system.pk, "fiscal_year": fiscal_year_of(timezone.localdate())}


def test_a_coordinator_sees_every_towns_line_of_the_current_version(api_as, coordinator,
                                                                    shared):
    response = api_as(coordinator).get(ALLOCATIONS, query(shared))

    body = response.json()
    assert response.status_code == 200
    assert [line["lg_code"] for line in body["lines"]] == ["442020", "443221"]
    assert sum(line["amount"] for line in body["lines"]) == body["total"] == 12_000_000
    assert body["version"] == 2 and "別府市" in body["reason"]
    assert set(body["lines"][0]["parts"]) == {"equal", "population", "usage"}


def test_a_towns_token_sees_only_its_own_line(api_as, himeshima_lead, beppu_lead, shared):
    mine = api_as(himeshima_lead).get(ALLOCATIONS, query(shared)).json()
    theirs = api_as(beppu_lead).get(ALLOCATIONS, query(shared)).json()

    assert [line["lg_code"] for line in mine["lines"]] == ["443221"]
    assert [line["lg_code"] for line in theirs["lines"]] == ["442020"]
    assert mine["lines"][0]["amount"] + theirs["lines"][0]["amount"] == 12_000_000


def test_allocations_are_closed_to_everyone_else(api_as, shared):
    vendor_admin = MembershipFactory(vendor=VendorFactory(), role=Role.VENDOR_ADMIN).user

    response = api_as(vendor_admin).get(ALLOCATIONS, query(shared))

    assert response.status_code == 403


def test_a_year_without_an_allocation_is_not_found(api_as, coordinator, shared):
    response = api_as(coordinator).get(ALLOCATIONS, query(shared) | {"fiscal_year": 2019})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(("params", "field", "code"), [
    ({"fiscal_year": 2026}, "system", "required"),
    ({"system": 1, "fiscal_year": "令和8"}, "fiscal_year", "invalid"),
    ({"system": 1, "fiscal_year": 1999}, "fiscal_year", "min_value"),
])
def test_a_bad_allocation_query_is_a_400_naming_the_parameter(api_as, coordinator, params,
                                                              field, code):
    response = api_as(coordinator).get(ALLOCATIONS, params)

    assert details(response) == [(field, code)]


def test_a_whole_number_written_with_a_decimal_point_is_an_integer(api_as, coordinator):
    body = preview_body(total=1.2e7)
    body["adopters"][0]["months"] = 12.0

    response = api_as(coordinator).post(PREVIEW, body, format="json")

    assert response.status_code == 200
    assert response.json()["total"] == 12_000_000
    assert response.json()["shares"][0]["months"] == 12
