"""The town's record pages (automation register, approval counts, surveys) and its
roadmap, as its people use them."""

import datetime

import pytest
import time_machine

from joint_targets.services.evidence import approval_month_create, automated_process_create
from joint_targets.services.roadmap import milestone_create
from joint_targets.workspace.models import AutomatedProcess, Milestone
from kyodo.accounts import policy
from kyodo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
AUTOMATION = "/m/beppu/targets/automation/"
APPROVALS = "/m/beppu/targets/approvals/"
SURVEYS = "/m/beppu/targets/surveys/"
ROADMAP = "/m/beppu/targets/roadmap/"


def _milestone(town, actor, **values):
    return milestone_create(actor=actor, municipality=town, data={
        "step": "policy", "title": "DX推進方針の策定", "owner": "企画課",
        "due_on": datetime.date(2026, 3, 31), "status": "scheduled"} | values)


def test_only_the_towns_own_people_may_read_or_keep_its_records(beppu, beppu_staff,
                                                               himeshima_staff, coordinator,
                                                               outsider):
    assert policy.can_view_town_evidence(beppu_staff, beppu)
    assert policy.can_edit_town_evidence(beppu_staff, beppu)
    for other in (himeshima_staff, coordinator, outsider):
        assert not policy.can_view_town_evidence(other, beppu)
        assert not policy.can_edit_town_evidence(other, beppu)


def test_staff_add_an_automated_process_and_see_the_hours_for_the_year(client, beppu,
                                                                       beppu_staff):
    client.force_login(beppu_staff)

    response = client.post(f"{AUTOMATION}?fiscal_year=2025", {
        "new-name": "ふるさと納税の受付", "new-department": "企画課", "new-tool": "rpa",
        "new-started_on": "2025-06-01", "new-hours_saved": "1200"})

    assert response.status_code == 302
    page = client.get(f"{AUTOMATION}?fiscal_year=2025").content.decode()
    assert "ふるさと納税の受付" in page
    assert "1,200時間" in page or "1200時間" in page
    assert AuditEvent.objects.filter(action="automated_process.create").exists()


def test_a_bad_row_is_refused_in_japanese_and_nothing_is_saved(client, beppu, beppu_staff,
                                                               in_schema):
    client.force_login(beppu_staff)

    response = client.post(f"{APPROVALS}?fiscal_year=2025", {
        "new-year": "2025", "new-month": "5", "new-decided": "10", "new-electronic": "20"})
    survey = client.post(SURVEYS, {"new-fiscal_year": "2025", "new-respondents": "",
                                   "new-satisfied": "3"})
    process = client.post(AUTOMATION, {
        "new-name": "照合", "new-department": "税務課", "new-tool": "rpa",
        "new-started_on": "2025-06-01", "new-ended_on": "2025-05-01", "new-hours_saved": "1"})

    assert response.status_code == 200
    assert "電子決裁の件数は決裁件数以下にしてください。" in response.content.decode()
    assert survey.status_code == 200 and "この項目は必須です。" in survey.content.decode()
    assert "稼働終了日は稼働開始日以降にしてください。" in process.content.decode()
    with in_schema(beppu):
        assert not AutomatedProcess.objects.exists()


def test_the_approvals_page_lists_the_fiscal_years_months_and_its_rate(client, beppu,
                                                                       beppu_staff):
    for year, month, decided, electronic in ((2025, 3, 100, 0), (2025, 4, 100, 40),
                                             (2026, 3, 100, 60)):
        approval_month_create(actor=beppu_staff, municipality=beppu, data={
            "year": year, "month": month, "decided": decided, "electronic": electronic})
    client.force_login(beppu_staff)

    page = client.get(f"{APPROVALS}?fiscal_year=2025").content.decode()

    assert "2025年4月" in page and "2026年3月" in page
    assert "2025年3月" not in page  # 2024年度
    assert "50.0%" in page


def test_a_row_is_edited_in_place_and_removed(client, beppu, beppu_staff, in_schema):
    process = automated_process_create(actor=beppu_staff, municipality=beppu, data={
        "name": "照合", "department": "税務課", "tool": "rpa",
        "started_on": datetime.date(2025, 6, 1), "hours_saved": 10})
    client.force_login(beppu_staff)
    edit = f"{AUTOMATION}{process.pk}/edit/"

    page = client.get(edit).content.decode()
    assert f'<tr id="record-{process.pk}" class="editing">' in page
    response = client.post(edit, {"edit-name": "照合", "edit-department": "税務課",
                                  "edit-tool": "ai_ocr", "edit-started_on": "2025-06-01",
                                  "edit-hours_saved": "40"})
    assert response.status_code == 302
    with in_schema(beppu):
        assert AutomatedProcess.objects.get().hours_saved == 40

    assert client.post(f"{AUTOMATION}{process.pk}/remove/").status_code == 302
    with in_schema(beppu):
        assert not AutomatedProcess.objects.exists()


def test_another_towns_staff_cannot_open_the_pages(client, beppu, beppu_staff,
                                                   himeshima_staff):
    process = automated_process_create(actor=beppu_staff, municipality=beppu, data={
        "name": "照合", "department": "税務課", "tool": "rpa",
        "started_on": datetime.date(2025, 6, 1), "hours_saved": 10})
    client.force_login(himeshima_staff)

    for url in (AUTOMATION, APPROVALS, SURVEYS, ROADMAP, f"{AUTOMATION}{process.pk}/edit/"):
        assert client.get(url).status_code in (302, 403, 404)
    assert client.post(f"{AUTOMATION}{process.pk}/remove/").status_code in (302, 403, 404)


def test_the_roadmap_lists_milestones_by_step_and_marks_overdue_ones(client, beppu,
                                                                     beppu_staff):
    _milestone(beppu, beppu_staff, title="全庁説明会の開催", step="shared_understanding",
               due_on=datetime.date(2026, 3, 31), status="met")
    _milestone(beppu, beppu_staff, title="DX推進方針の策定", due_on=datetime.date(2026, 6, 30))
    _milestone(beppu, beppu_staff, title="RPAの拡大", step="execution",
               due_on=datetime.date(2026, 9, 30), status="scheduled")
    client.force_login(beppu_staff)

    with time_machine.travel(datetime.datetime(2026, 7, 1, 9, 0), tick=False):
        page = client.get(ROADMAP).content.decode()

    steps = ["認識共有・機運醸成", "全体方針の決定", "推進体制の整備", "DXの取組みの実行"]
    positions = [page.index(f"<h2>{step}</h2>") for step in steps]
    assert positions == sorted(positions)
    assert page.index("全庁説明会の開催") < positions[1]
    assert positions[1] < page.index("DX推進方針の策定") < positions[2]
    start = page.index("DX推進方針の策定")
    overdue = page[start:page.index("</tr>", start)]
    assert "期限超過" in overdue
    assert page.count('class="overdue"') == 1  # the met one and the one not yet due are not
    assert "この手順のマイルストーンはまだありません。" in page  # 推進体制の整備


def test_staff_add_edit_and_remove_a_milestone(client, beppu, beppu_staff, in_schema):
    client.force_login(beppu_staff)

    response = client.post(ROADMAP, {"new-step": "structure", "new-title": "CIO補佐官の任用",
                                     "new-owner": "総務課", "new-due_on": "2026-10-01",
                                     "new-status": "scheduled"})
    assert response.status_code == 302
    with in_schema(beppu):
        milestone = Milestone.objects.get()
    response = client.post(f"{ROADMAP}{milestone.pk}/edit/", {
        "edit-step": "structure", "edit-title": "CIO補佐官の任用", "edit-owner": "総務課",
        "edit-due_on": "2026-10-01", "edit-status": "partially_met"})
    assert response.status_code == 302
    with in_schema(beppu):
        assert Milestone.objects.get().status == "partially_met"
    client.post(f"{ROADMAP}{milestone.pk}/remove/")
    with in_schema(beppu):
        assert not Milestone.objects.exists()
    assert [event.action for event in AuditEvent.objects.filter(
        action__startswith="milestone.").order_by("pk")] == [
        "milestone.create", "milestone.update", "milestone.delete"]


def test_a_milestone_without_a_due_date_is_refused_in_japanese(client, beppu, beppu_staff,
                                                               in_schema):
    client.force_login(beppu_staff)

    response = client.post(ROADMAP, {"new-step": "structure", "new-title": "CIO補佐官の任用",
                                     "new-owner": "総務課", "new-due_on": "",
                                     "new-status": "scheduled"})

    assert response.status_code == 200
    assert "この項目は必須です。" in response.content.decode()
    with in_schema(beppu):
        assert not Milestone.objects.exists()


def test_the_dashboard_links_to_every_record_page(client, beppu, beppu_staff):
    client.force_login(beppu_staff)

    page = client.get("/m/beppu/targets/").content.decode()

    for url in (AUTOMATION, APPROVALS, SURVEYS, ROADMAP):
        assert f'href="{url}' in page


def test_a_month_added_is_shown_among_its_fiscal_years_months(client, beppu, beppu_staff):
    client.force_login(beppu_staff)

    response = client.post(f"{APPROVALS}?fiscal_year=2026", {
        "new-year": "2026", "new-month": "3", "new-decided": "10", "new-electronic": "4"})

    assert response.status_code == 302
    assert response["Location"].endswith("?fiscal_year=2025")  # March 2026 is 2025年度
