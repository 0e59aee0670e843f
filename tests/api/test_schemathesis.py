"""Schemathesis against every operation of the API, as its OpenAPI schema describes it.

Each operation of the schema is a test here (schemathesis' pytest plugin makes one
per operation, so a module's new endpoints are included without editing this file),
run once as a town's lead and once as a prefecture coordinator, each with an API
token. Every request goes through the WSGI application, in the test's transaction
(no server, no network). Schemathesis runs its examples, coverage (boundaries,
missing and wrong parameters, undeclared methods) and fuzzing phases, in positive and
negative mode, with all of its checks: no server error; status code, content type,
headers and body as documented; invalid input refused and valid input accepted; and
requests without credentials, or with bad ones, refused.

The schema is built when this module is imported (the served one needs the database,
which is not there yet); `test_the_schema_under_test_is_the_one_the_api_serves`
proves the two are the same. The run's totals are printed at the end of the pytest
run and written to test-results/schemathesis.json (tests/api/conftest.py).
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.settings import spectacular_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kyodo.accounts.models import Role
from tenants.lg_code import check_digit
from tests.api.conftest import FuzzRecord, record_fuzz_run
from tests.conftest import SESSION_TOWNS
from tests.factories import MembershipFactory
from tests.mfa import activate_totp

pytestmark = pytest.mark.django_db

SCHEMA_PATH = "/api/schema/"
CONFIG = {
    "seed": 20260601,  # fixed, so that a failure in CI can be repeated exactly
    "generation": {"mode": "all", "max-examples": 15, "database": "none"},
}
# Rules the API checks that JSON Schema cannot state; a 400 naming only these is the
# right answer to input the schema allows. The check digit of a 地方公共団体コード is
# not a pattern: the coverage phase sends 000000, which matches `^[0-9]{6}$`. Nor can a
# schema say that the allocation rule's three weights sum to 100, that no two adopters
# share a code, that a code or an id names something the database holds, or that a
# start month is not yet past; nor that a procedure's online cases stay within its cases,
# that only an online procedure has online cases or card authentication, or that a year's
# inventory names a procedure once, or what a spreadsheet's cells must hold; nor that a
# skill code is one of the pool's taxonomy (which coordinators extend), named once per
# request, or that a period ends on or after its start; nor, in a town's registers, that
# electronic approvals stay within those decided, the satisfied within the respondents,
# an automated process ends after it starts, or that a month, a year's survey or a
# department's process is there once.
RULES_BEYOND_THE_SCHEMA = {"lg_code_check_digit", "weights_sum_not_100", "lg_code_duplicate",
                           "lg_code_unknown", "does_not_exist", "start_in_past",
                           "online_cases_exceed_cases", "online_cases_need_online",
                           "card_authentication_needs_online", "procedure_exists",
                           "row_invalid", "file_unreadable", "unknown_skill", "duplicate",
                           "period_order", "electronic_exceeds_decided",
                           "satisfied_exceeds_respondents", "ended_before_started",
                           "approval_month_exists", "survey_exists",
                           "automated_process_exists"}


def lg_codes():
    """Valid 地方公共団体コード (check digit included) for the schema's `lg-code` format,
    half of them the session's towns, so the fuzzer reaches 200s as well as 404s."""
    any_code = st.integers(0, 99999).map(lambda number: f"{number:05d}").map(
        lambda first_five: first_five + str(check_digit(first_five)))
    return st.one_of(st.sampled_from(sorted(SESSION_TOWNS.values())), any_code)


def town_slugs():
    """Slugs for a town's path (`town-slug`): mostly the session's towns, whose API answers
    (as their member, or as someone who may not enter), sometimes a town that is not there."""
    return st.one_of(st.sampled_from(sorted(SESSION_TOWNS)),
                     st.from_regex(r"\A[-a-zA-Z0-9_]{1,60}\Z"))


def schema_as_served() -> dict:
    """What /api/schema/ answers, built by the same generator without a request."""
    generated = spectacular_settings.DEFAULT_GENERATOR_CLASS().get_schema(request=None,
                                                                          public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schemathesis.openapi.format("lg-code", lg_codes())
schemathesis.openapi.format("town-slug", town_slugs())
schema = schemathesis.openapi.from_dict(schema_as_served(),
                                        config=schemathesis.Config.from_dict(CONFIG))
schema.app = WSGIHandler()


@pytest.fixture
def in_test_transaction():
    """Requests to the WSGI application see and roll back with the test's data.

    At the start and end of each request Django closes the database connections it
    considers stale, which inside a test's transaction would close the transaction
    itself; Django's own test client disconnects that handler in the same way.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=[Role.MUNICIPALITY_LEAD, Role.PREFECTURE_COORDINATOR])
def caller(request, prefecture, himeshima, issue_token) -> tuple[str, str]:
    """(role, API key): 姫島村's lead, or a coordinator with an authenticator app."""
    role = request.param
    town = prefecture if role == Role.PREFECTURE_COORDINATOR else himeshima
    membership = MembershipFactory(user__email=f"{role}@schemathesis.test", municipality=town,
                                   role=role)
    if role == Role.PREFECTURE_COORDINATOR:
        activate_totp(membership.user)
    return role, issue_token(membership, name="schemathesis")


@pytest.fixture
def fuzz_record(request, caller):
    record = FuzzRecord(caller=caller[0])
    yield record
    record_fuzz_run(request.config, record)


def valid_data_accepted(ctx, response, case):
    """schemathesis' positive_data_acceptance, but for a 400 that names only rules
    beyond the schema (RULES_BEYOND_THE_SCHEMA). Any other 400 for input the schema
    allows still fails."""
    if response.status_code == 400:
        details = json.loads(response.content)["error"]["details"]
        if details and {detail["code"] for detail in details} <= RULES_BEYOND_THE_SCHEMA:
            return None
    return schemathesis.checks.positive_data_acceptance(ctx, response, case)


def test_the_schema_under_test_is_the_one_the_api_serves(client):
    served = client.get(SCHEMA_PATH, {"format": "json"}).json()

    assert served == schema.raw_schema
    operations = {f"{method.upper()} {path}"
                  for path, methods in served["paths"].items() for method in methods}
    assert {result.ok().label for result in schema.get_all_operations()} == operations


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_api_operation_meets_its_schema_with_no_server_error(
    case, caller, fuzz_record, in_test_transaction
):
    _, key = caller
    try:
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {key}"},
            excluded_checks=[schemathesis.checks.positive_data_acceptance],
            additional_checks=[valid_data_accepted],
        )
    except BaseException:  # schemathesis' FailureGroup is a BaseExceptionGroup
        fuzz_record.add(case, status=None, failed=True)
        raise
    fuzz_record.add(case, status=response.status_code, failed=False)
