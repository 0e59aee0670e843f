import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(coordinator) -> APIClient:
    client = APIClient()
    client.force_authenticate(coordinator)
    return client


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["results"]]


def test_the_list_returns_municipalities_with_their_master_data(api):
    response = api.get("/api/v1/municipalities/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    himeshima = next(item for item in body["results"] if item["lg_code"] == "443221")
    assert himeshima == himeshima | {
        "slug": "himeshima", "name": "姫島村", "name_kana": "ひめしまむら", "kind": "village",
        "prefecture": "大分県", "population": 1878, "population_band": "town_village_small",
    }
    assert himeshima["mynumber_card_rate"] is not None


def test_the_prefecture_itself_is_not_listed_as_a_municipality(api):
    assert "大分県" not in names(api.get("/api/v1/municipalities/"))


@pytest.mark.parametrize(("query", "expected"), [
    ({"band": "core_city"}, ["大分市"]),
    ({"band": "town_village_small"}, ["姫島村"]),
    ({"kind": "village"}, ["姫島村"]),
    ({"kind": "city"}, ["大分市", "別府市"]),
    ({"prefecture": "大分県", "band": "general_city"}, ["別府市"]),
    ({"prefecture": "北海道"}, []),
])
def test_the_list_filters_by_prefecture_band_and_kind(api, query, expected):
    assert names(api.get("/api/v1/municipalities/", query)) == expected


@pytest.mark.parametrize(("query", "field"), [
    ({"band": "megacity"}, "band"),
    ({"kind": "hamlet"}, "kind"),
    ({"prefecture": "大分"}, "prefecture"),
])
def test_a_bad_filter_value_is_a_400_naming_the_field(api, query, field):
    response = api.get("/api/v1/municipalities/", query)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"] == [
        {"field": field, "code": "invalid_choice", "message": error["details"][0]["message"]}
    ]


@pytest.mark.parametrize("field", ["prefecture", "band", "kind", "limit", "offset"])
def test_an_empty_parameter_is_a_400_naming_it_not_a_missing_filter(api, field):
    response = api.get(f"/api/v1/municipalities/?{field}=")

    assert response.status_code == 400
    assert [(detail["field"], detail["code"]) for detail in response.json()["error"]["details"]] \
        == [(field, "blank")]


@pytest.mark.parametrize(("query", "code"), [
    ("limit=abc", "invalid"),
    ("limit=0", "min_value"),
    ("limit=1001", "max_value"),
    ("limit=１０", "invalid"),  # full-width digits, which int() would take
    ("limit=1_0", "invalid"),
    ("limit=10.0", "invalid"),
    ("offset=-1", "invalid"),
    ("offset=2147483648", "max_value"),
])
def test_a_page_parameter_out_of_shape_or_range_is_a_400_not_the_default_page(api, query, code):
    response = api.get(f"/api/v1/municipalities/?{query}")

    assert response.status_code == 400
    detail = response.json()["error"]["details"][0]
    assert (detail["field"], detail["code"]) == (query.split("=")[0], code)


def test_limit_and_offset_page_through_the_list(api):
    response = api.get("/api/v1/municipalities/", {"limit": 1, "offset": 1})

    body = response.json()
    assert response.status_code == 200
    assert (body["count"], names(response)) == (3, ["別府市"])  # in lg_code order
    assert "offset=2" in body["next"] and body["previous"] is not None


def test_one_municipality_by_its_code(api):
    response = api.get("/api/v1/municipalities/443221/")

    assert response.status_code == 200
    assert response.json()["name"] == "姫島村"


def test_a_code_with_a_wrong_check_digit_is_a_400_naming_lg_code(api):
    response = api.get("/api/v1/municipalities/443222/")

    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["field"] == "lg_code"
    assert response.json()["error"]["details"][0]["code"] == "lg_code_check_digit"


def test_a_valid_code_that_is_not_a_tenant_is_a_404_in_the_same_shape(api):
    response = api.get("/api/v1/municipalities/011002/")  # 札幌市: valid, not provisioned

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_anonymous_requests_get_401_in_the_same_error_shape():
    response = APIClient().get("/api/v1/municipalities/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("path", [
    "/api/v1/nothing-here/",
    "/api/v1/municipalities/44/20/",
    "/api/v1/municipalities//",
    "/api/v2/municipalities/",
])
def test_an_address_under_api_that_names_no_operation_is_a_404_in_the_error_shape(api, path):
    for response in (api.get(path), api.post(path), APIClient().get(path)):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == "not_found"


def test_a_token_authenticates_an_api_client(himeshima_staff, issue_token, client_with):
    key = issue_token(himeshima_staff.memberships.get())

    assert client_with(key).get("/api/v1/municipalities/").status_code == 200


def test_a_wrong_token_is_refused_in_the_error_shape():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/municipalities/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_wrong_method_is_refused_in_the_error_shape(api):
    response = api.post("/api/v1/municipalities/", {})

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_asking_for_a_format_other_than_json_is_a_406_in_json(api):
    response = api.get("/api/v1/municipalities/", HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert response.json()["error"]["code"] == "not_acceptable"


def test_the_openapi_schema_describes_the_municipality_endpoints(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/municipalities/" in schema["paths"]
    operation = schema["paths"]["/api/v1/municipalities/"]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"prefecture", "band", "kind"} <= parameters


def test_swagger_ui_is_served_without_any_cdn(client, db):
    response = client.get("/api/docs/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in body
    assert "cdn." not in body and "unpkg" not in body and "jsdelivr" not in body
