"""The automation register, monthly approval counts and resident surveys: the values
they give per fiscal year, the rules their services keep, and what is published."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from joint_targets.indicators import approval_values, automation_values, survey_values
from joint_targets.models import IndicatorSnapshot
from joint_targets.services.evidence import (
    approval_month_create,
    approval_month_delete,
    approval_month_update,
    automated_process_create,
    automated_process_update,
    resident_survey_create,
)
from joint_targets.services.publishing import snapshots_publish
from joint_targets.workspace.models import ApprovalMonth, AutomatedProcess, ResidentSurvey
from kyodo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _process(town, actor, **values):
    return automated_process_create(actor=actor, municipality=town, data={
        "name": "ふるさと納税の受付", "department": "企画課", "tool": "rpa",
        "started_on": datetime.date(2024, 10, 1), "ended_on": None,
        "hours_saved": 300} | values)


def _month(town, actor, year, month, decided, electronic):
    return approval_month_create(actor=actor, municipality=town, data={
        "year": year, "month": month, "decided": decided, "electronic": electronic})


def _published(town, fiscal_year) -> dict:
    return dict(IndicatorSnapshot.objects.filter(municipality=town, fiscal_year=fiscal_year)
                .values_list("indicator__code", "value"))


def test_an_empty_register_is_not_reported_never_no_or_zero_hours(beppu, in_schema):
    with in_schema(beppu):
        assert automation_values(2025) == {"rpa_adoption": None, "rpa_hours_saved": None}
        assert approval_values(2025) == {"e_approval_rate": None}
        assert survey_values(2025) == {"resident_satisfaction": None}


def test_processes_count_from_the_year_they_run_on_its_last_day(beppu, beppu_staff,
                                                                in_schema):
    _process(beppu, beppu_staff, started_on=datetime.date(2025, 3, 31), hours_saved=300)
    _process(beppu, beppu_staff, name="議事録の作成", tool="generative_ai",
             started_on=datetime.date(2025, 4, 1), hours_saved=120)
    _process(beppu, beppu_staff, name="住民票の照合", tool="rpa",
             started_on=datetime.date(2024, 4, 1), ended_on=datetime.date(2026, 3, 30),
             hours_saved=50)

    with in_schema(beppu):
        values = {year: automation_values(year) for year in (2023, 2024, 2025)}

    assert values[2023] == {"rpa_adoption": Decimal(0), "rpa_hours_saved": Decimal(0)}
    # 31 March 2025 is the last day of 2024年度: the first process counts there.
    assert values[2024] == {"rpa_adoption": Decimal(1), "rpa_hours_saved": Decimal(350)}
    # 住民票の照合 ended on 30 March 2026, before 2025年度's last day.
    assert values[2025] == {"rpa_adoption": Decimal(1), "rpa_hours_saved": Decimal(420)}


def test_only_rpa_makes_rpa_adopted(beppu, beppu_staff, in_schema):
    _process(beppu, beppu_staff, tool="ai_ocr", hours_saved=80)

    with in_schema(beppu):
        assert automation_values(2025) == {"rpa_adoption": Decimal(0),
                                           "rpa_hours_saved": Decimal(80)}


def test_march_counts_for_the_year_that_ends_and_april_for_the_next(beppu, beppu_staff,
                                                                    in_schema):
    _month(beppu, beppu_staff, 2025, 4, 100, 50)
    _month(beppu, beppu_staff, 2026, 3, 100, 100)  # 31 March: still 2025年度
    _month(beppu, beppu_staff, 2026, 4, 200, 20)  # 1 April: 2026年度

    with in_schema(beppu):
        assert approval_values(2024) == {"e_approval_rate": None}
        assert approval_values(2025) == {"e_approval_rate": Decimal("75.0")}
        assert approval_values(2026) == {"e_approval_rate": Decimal("10.0")}


def test_months_with_no_decision_are_not_reported_not_zero(beppu, beppu_staff, in_schema):
    _month(beppu, beppu_staff, 2025, 8, 0, 0)

    with in_schema(beppu):
        assert approval_values(2025) == {"e_approval_rate": None}


def test_satisfaction_is_the_share_of_respondents_satisfied(beppu, beppu_staff, in_schema):
    resident_survey_create(actor=beppu_staff, municipality=beppu,
                           data={"fiscal_year": 2025, "respondents": 1200, "satisfied": 731})

    with in_schema(beppu):
        assert survey_values(2025) == {"resident_satisfaction": Decimal("60.9")}
        assert survey_values(2024) == {"resident_satisfaction": None}


@pytest.mark.parametrize(("create", "data", "field", "code"), [
    (approval_month_create, {"year": 2025, "month": 5, "decided": 10, "electronic": 11},
     "electronic", "electronic_exceeds_decided"),
    (approval_month_create, {"year": 2025, "month": 13, "decided": 10, "electronic": 1},
     "month", "max_value"),
    (resident_survey_create, {"fiscal_year": 2025, "respondents": 10, "satisfied": 11},
     "satisfied", "satisfied_exceeds_respondents"),
    (resident_survey_create, {"fiscal_year": 2025, "respondents": 0, "satisfied": 0},
     "respondents", "min_value"),
    (automated_process_create, {"name": "照合", "department": "税務課", "tool": "rpa",
                                "started_on": datetime.date(2025, 4, 1),
                                "ended_on": datetime.date(2025, 3, 1), "hours_saved": 1},
     "ended_on", "ended_before_started"),
])
def test_broken_rules_are_refused_on_the_field_and_nothing_is_saved(
        beppu, beppu_staff, in_schema, create, data, field, code):
    with pytest.raises(ValidationError) as refused:
        create(actor=beppu_staff, municipality=beppu, data=data)

    assert code in [error.code for error in refused.value.error_dict[field]]
    with in_schema(beppu):
        assert not ApprovalMonth.objects.exists()
        assert not ResidentSurvey.objects.exists()
        assert not AutomatedProcess.objects.exists()


def test_a_month_or_a_year_is_entered_once(beppu, beppu_staff):
    _month(beppu, beppu_staff, 2025, 5, 10, 5)
    resident_survey_create(actor=beppu_staff, municipality=beppu,
                           data={"fiscal_year": 2025, "respondents": 10, "satisfied": 5})

    with pytest.raises(ValidationError, match="この年月の決裁件数はすでに登録されています"):
        _month(beppu, beppu_staff, 2025, 5, 20, 5)
    with pytest.raises(ValidationError, match="この年度の住民アンケートの結果はすでに"):
        resident_survey_create(actor=beppu_staff, municipality=beppu,
                               data={"fiscal_year": 2025, "respondents": 9, "satisfied": 1})


def test_another_towns_staff_may_not_write(beppu, himeshima_staff, in_schema):
    with pytest.raises(PermissionDenied):
        _process(beppu, himeshima_staff)
    with in_schema(beppu):
        assert not AutomatedProcess.objects.exists()


def test_every_change_is_audited_and_an_unchanged_save_is_not(beppu, beppu_staff):
    month = _month(beppu, beppu_staff, 2025, 5, 10, 5)
    approval_month_update(actor=beppu_staff, municipality=beppu, pk=month.pk,
                          data={"electronic": 8})
    approval_month_update(actor=beppu_staff, municipality=beppu, pk=month.pk,
                          data={"electronic": 8})
    approval_month_delete(actor=beppu_staff, municipality=beppu, pk=month.pk)

    events = list(AuditEvent.objects.filter(action__startswith="approval_month.")
                  .order_by("pk").values_list("action", flat=True))
    assert events == ["approval_month.create", "approval_month.update",
                      "approval_month.delete"]


def test_a_change_publishes_every_year_it_moves_once_committed(
        beppu, beppu_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        process = _process(beppu, beppu_staff, started_on=datetime.date(2024, 6, 1),
                           hours_saved=300)
    assert _published(beppu, 2024)["rpa_hours_saved"] == Decimal(300)
    assert _published(beppu, 2026)["rpa_adoption"] == Decimal(1)

    with django_capture_on_commit_callbacks(execute=True):
        automated_process_update(actor=beppu_staff, municipality=beppu, pk=process.pk,
                                 data={"hours_saved": 500})

    assert _published(beppu, 2025)["rpa_hours_saved"] == Decimal(500)


def test_the_public_schema_holds_no_register_row(beppu, beppu_staff):
    _process(beppu, beppu_staff, name="ISOLATION-別府市だけの自動化業務")
    _month(beppu, beppu_staff, 2025, 5, 10, 5)
    resident_survey_create(actor=beppu_staff, municipality=beppu,
                           data={"fiscal_year": 2025, "respondents": 10, "satisfied": 5})
    snapshots_publish(municipality=beppu, fiscal_year=2025)

    with connection.cursor() as cursor:
        for model in (AutomatedProcess, ApprovalMonth, ResidentSurvey):
            cursor.execute("SELECT table_schema FROM information_schema.tables"
                           " WHERE table_name = %s", [model._meta.db_table])
            schemas = {row[0] for row in cursor.fetchall()}
            assert "public" not in schemas and beppu.schema_name in schemas
    assert "ISOLATION-別府市だけの自動化業務" not in str(list(IndicatorSnapshot.objects.values()))
    assert _published(beppu, 2025)["resident_satisfaction"] == Decimal("50.0")


def test_many_changes_in_one_transaction_publish_once(beppu, beppu_staff,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        for month in (4, 5, 6):
            _month(beppu, beppu_staff, 2025, month, 10, 5)
        _process(beppu, beppu_staff)

    assert len(callbacks) == 1
