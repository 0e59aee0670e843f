"""The town's registers through the API: the automation register, the monthly approval
counts, the resident surveys and the roadmap. What a town's own systems send (an
e-approval system's monthly counts, say) goes through the same audited services as the
pages, and moves the town's published values."""

import pytest

from joint_targets.models import IndicatorSnapshot
from joint_targets.workspace.models import ApprovalMonth
from kyodo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
BEPPU = "/m/beppu/api/v1/"


def _error(response) -> tuple[int, list[tuple[str, str]]]:
    error = response.json()["error"]
    return response.status_code, [(detail["field"], detail["code"])
                                  for detail in error["details"]]


def test_monthly_approval_counts_are_added_listed_by_fiscal_year_and_published(
        api_as, beppu, beppu_staff, in_schema, django_capture_on_commit_callbacks):
    api = api_as(beppu_staff)

    for year, month, decided, electronic in [(2026, 3, 100, 10), (2026, 4, 200, 150),
                                             (2027, 3, 100, 50)]:
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(f"{BEPPU}approval-months/", {
                "year": year, "month": month, "decided": decided, "electronic": electronic},
                format="json")
        assert response.status_code == 201, response.json()
    listed = api.get(f"{BEPPU}approval-months/", {"fiscal_year": 2026}).json()

    assert [(row["year"], row["month"], row["fiscal_year"]) for row in listed] == [
        (2026, 4, 2026), (2027, 3, 2026)]
    with in_schema(beppu):
        assert ApprovalMonth.objects.count() == 3
    assert AuditEvent.objects.filter(action="approval_month.create").count() == 3
    published = IndicatorSnapshot.objects.get(municipality=beppu, fiscal_year=2026,
                                              indicator__code="e_approval_rate")
    assert float(published.value) == pytest.approx(66.7, abs=0.05)  # 200 of 300 in 2026年度


def test_the_registers_and_roadmap_take_a_line_each(api_as, beppu, beppu_staff):
    api = api_as(beppu_staff)
    lines = {
        "automated-processes/": {"name": "給与計算の入力", "department": "総務課",
                                 "started_on": "2025-04-01", "hours_saved": 120},
        "resident-surveys/": {"fiscal_year": 2025, "respondents": 400, "satisfied": 250},
        "milestones/": {"step": "policy", "title": "DX推進方針の策定", "owner": "企画課",
                        "due_on": "2026-03-31"},
    }

    for path, body in lines.items():
        created = api.post(f"{BEPPU}{path}", body, format="json")
        assert created.status_code == 201, (path, created.json())
        assert api.get(f"{BEPPU}{path}").json() == [created.json()]

    assert api.get(f"{BEPPU}automated-processes/").json()[0]["tool"] == "rpa"
    assert api.get(f"{BEPPU}milestones/").json()[0]["status"] == "scheduled"


@pytest.mark.parametrize(("path", "body", "expected"), [
    ("approval-months/", {"year": 2026, "month": 4, "decided": 10, "electronic": 11},
     [("electronic", "electronic_exceeds_decided")]),
    ("approval-months/", {"year": 2026, "month": 13, "decided": 10, "electronic": 1},
     [("month", "max_value")]),
    ("automated-processes/", {"name": "受付", "department": "市民課", "hours_saved": 1,
                              "started_on": "2026-04-01", "ended_on": "2026-03-31"},
     [("ended_on", "ended_before_started")]),
    ("automated-processes/", {"name": " ", "department": "市民課", "hours_saved": -1,
                              "started_on": "2026-04-01"},
     [("name", "blank"), ("hours_saved", "min_value")]),
    ("resident-surveys/", {"fiscal_year": 2025, "respondents": 10, "satisfied": 11},
     [("satisfied", "satisfied_exceeds_respondents")]),
    ("milestones/", {"step": "nothing", "title": "方針", "owner": "企画課",
                     "due_on": "2026-02-30"},
     [("step", "invalid_choice"), ("due_on", "invalid")]),
])
def test_a_line_that_breaks_a_rule_is_a_400_naming_the_field(api_as, beppu, beppu_staff,
                                                             path, body, expected):
    status, details = _error(api_as(beppu_staff).post(f"{BEPPU}{path}", body, format="json"))

    assert status == 400
    assert details == expected
    assert not AuditEvent.objects.exclude(action="api_token.create").filter(
        action__endswith=".create").exists()


def test_the_same_month_twice_is_refused(api_as, beppu, beppu_staff):
    api = api_as(beppu_staff)
    body = {"year": 2026, "month": 4, "decided": 10, "electronic": 1}
    api.post(f"{BEPPU}approval-months/", body, format="json")

    status, details = _error(api.post(f"{BEPPU}approval-months/", body, format="json"))

    assert status == 400
    assert [code for _field, code in details] == ["approval_month_exists"]


def test_another_towns_token_reaches_neither_the_rows_nor_the_form(api_as, beppu,
                                                                  himeshima_staff):
    api = api_as(himeshima_staff)

    assert api.get(f"{BEPPU}approval-months/").status_code == 403
    assert api.post(f"{BEPPU}resident-surveys/", {
        "fiscal_year": 2025, "respondents": 1, "satisfied": 1},
        format="json").status_code == 403
