"""The pool's pages as each person uses them: a town writes and submits a request with its
bad input answered in Japanese on the field, the coordinator proposes and accepts, the
specialist logs hours, the town sees them; the coordinator's views and downloads."""

import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from talent_pool.lifecycle import RequestStatus
from talent_pool.models import SupportRequest
from talent_pool.services.engagements import engagement_complete, engagement_rate
from talent_pool.services.proposals import match_accept, proposal_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0), tick=False):
        yield


def _page(client, user, url, data=None):
    client.force_login(user)
    return client.get(url) if data is None else client.post(url, data)


REQUEST_FORM = {"title": "情報セキュリティポリシーの改定", "theme": "security",
                "reason": "職員に専門知識がないため。", "hours_per_month": "16",
                "period_from": "2026-12-01", "period_until": "2027-03-31",
                "on_site_percent": "25", "priority": "normal",
                "skill_security_manager": "2"}


def test_a_town_writes_a_request_and_its_lead_submits_it(client, himeshima, himeshima_staff,
                                                          himeshima_lead, coordinator):
    base = f"/m/{himeshima.slug}/talent/"
    response = _page(client, himeshima_staff, base + "new/",
                     REQUEST_FORM | {"hours_per_month": "", "period_until": "2026-11-01",
                                     "skill_security_manager": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert "period_until" in form.errors and "hours_per_month" in form.errors
    assert "必要なスキルを1つ以上選んでください。" in form.non_field_errors()
    assert not SupportRequest.objects.exists()

    response = _page(client, himeshima_staff, base + "new/", REQUEST_FORM)
    request = SupportRequest.objects.get()
    assert response["Location"] == f"{base}{request.pk}/"
    page = _page(client, himeshima_staff, f"{base}{request.pk}/").content.decode()
    assert "県に提出する" not in page  # staff draft; the lead submits
    response = _page(client, himeshima_lead, f"{base}{request.pk}/submit/", {})
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    queue = _page(client, coordinator, "/talent/").content.decode()
    assert "情報セキュリティポリシーの改定" in queue


def test_another_towns_request_is_not_found_in_the_workspace(client, himeshima, beppu,
                                                              beppu_lead, make_request,
                                                              himeshima_lead):
    request = make_request(himeshima_lead, himeshima)
    response = _page(client, beppu_lead, f"/m/{beppu.slug}/talent/{request.pk}/")
    assert response.status_code == 404


def test_the_story_from_proposal_to_hours_seen_by_the_town(
        client, coordinator, himeshima, himeshima_lead, make_specialist, make_request):
    specialist = make_specialist("sec@pool.test", name="安全 守")
    request = make_request(himeshima_lead, himeshima)
    response = _page(client, coordinator, "/talent/proposal/", {})
    assert response.status_code == 302
    page = _page(client, coordinator, "/talent/proposal/").content.decode()
    assert "安全 守" in page and "小規模団体優先" in page
    match = request.proposed_matches.get()
    response = _page(client, coordinator, f"/talent/matches/{match.pk}/accept/", {
        f"m{match.pk}-specialist": str(specialist.pk), f"m{match.pk}-hours": "16"})
    request.refresh_from_db()
    assert request.status == RequestStatus.ACTIVE

    engagement = request.engagement
    response = _page(client, specialist.user, f"/talent/me/engagements/{engagement.pk}/hours/",
                     {f"e{engagement.pk}-day": "2026-12-01", f"e{engagement.pk}-hours": "1.3"})
    assert response.status_code == 200
    assert "15分（0.25時間）単位" in response.content.decode()
    _page(client, specialist.user, f"/talent/me/engagements/{engagement.pk}/hours/",
          {f"e{engagement.pk}-day": "2026-12-01", f"e{engagement.pk}-hours": "2.5"})
    town_page = _page(client, himeshima_lead, f"/m/{himeshima.slug}/talent/{request.pk}/")
    assert town_page.context["hours"] == 2.5
    assert "安全 守" in town_page.content.decode()


def test_the_rating_is_shown_to_coordinators_only(client, coordinator, himeshima,
                                                   himeshima_lead, make_specialist,
                                                   make_request):
    specialist = make_specialist("sec@pool.test")
    request = make_request(himeshima_lead, himeshima)
    engagement = match_accept(actor=coordinator,
                              match=proposal_run(actor=coordinator).matches.get())
    engagement_complete(actor=coordinator, engagement=engagement)
    engagement_rate(actor=himeshima_lead, engagement=engagement, rating=2,
                    comment="連絡が遅かった")
    assert "連絡が遅かった" in _page(client, coordinator,
                                     f"/talent/requests/{request.pk}/").content.decode()
    assert "連絡が遅かった" not in _page(client, himeshima_lead,
                                         f"/m/{himeshima.slug}/talent/{request.pk}/").content.decode()
    assert "連絡が遅かった" not in _page(client, specialist.user, "/specialist/").content.decode()


def test_utilisation_downloads_in_excel_and_csv(client, coordinator, himeshima, himeshima_lead,
                                                make_specialist, make_request):
    specialist = make_specialist("sec@pool.test", name="安全 守")
    make_request(himeshima_lead, himeshima)
    engagement = match_accept(actor=coordinator,
                              match=proposal_run(actor=coordinator).matches.get())
    from talent_pool.services.engagements import time_entry_log

    time_entry_log(actor=specialist.user, engagement=engagement,
                   day=datetime.date(2026, 12, 1), hours=4)
    workbook = load_workbook(io.BytesIO(_page(client, coordinator,
                                              "/talent/utilisation.xlsx").content))
    values = [row for row in workbook.active.iter_rows(values_only=True)
              if row and row[0] == "安全 守" and row[2] == "2026-12"]
    assert values[0][3:] == (4, 40, 10)
    csv_text = _page(client, coordinator, "/talent/utilisation.csv").content.decode("utf-8-sig")
    assert "安全 守" in csv_text and "2026-12" in csv_text


def test_the_fairness_view_has_a_chart_and_its_table(client, coordinator, himeshima,
                                                     himeshima_lead, make_request):
    make_request(himeshima_lead, himeshima)
    page = _page(client, coordinator, "/talent/fairness/").content.decode()
    assert "<svg" in page and 'aria-hidden="true"' in page
    assert "町村（1万人未満）" in page and "0 / 1" in page


def test_towns_see_skill_availability_without_names(client, himeshima, himeshima_staff,
                                                    make_specialist):
    make_specialist("sec@pool.test", name="安全 守", skills={"security_manager": 3})
    page = _page(client, himeshima_staff, f"/m/{himeshima.slug}/talent/")
    assert "安全 守" not in page.content.decode()
    row = next(row for row in page.context["availability"]
               if row.skill.code == "security_manager")
    assert row.levels == {1: 1, 2: 1, 3: 1, 4: 0} and row.free_hours == 40


def test_pool_pages_are_for_coordinators(client, himeshima_lead, make_specialist):
    specialist = make_specialist("sec@pool.test")
    for url in ("/talent/", "/talent/proposal/", "/talent/specialists/", "/talent/fairness/",
                "/talent/utilisation/"):
        assert _page(client, himeshima_lead, url).status_code == 403
        assert _page(client, specialist.user, url).status_code == 403


def test_the_coordinator_adds_a_skill_that_profiles_and_requests_then_offer(
        client, coordinator, himeshima, himeshima_staff):
    from kyodo.audit.models import AuditEvent
    from talent_pool.models import Skill

    added = _page(client, coordinator, "/talent/skills/", {
        "code": "generative_ai", "role": "data_scientist", "name": "生成AIの業務活用",
        "name_en": "Generative AI in operations", "sort_order": "250"})
    assert added.status_code == 302
    skill = Skill.objects.get(code="generative_ai")
    assert AuditEvent.objects.get(action="skill.create").after["name"] == "生成AIの業務活用"
    profile_form = _page(client, coordinator, "/talent/specialists/new/")
    assert 'name="skill_generative_ai"' in profile_form.content.decode()
    town_form = _page(client, himeshima_staff, f"/m/{himeshima.slug}/talent/new/")
    assert 'name="skill_generative_ai"' in town_form.content.decode()

    twice = _page(client, coordinator, "/talent/skills/", {
        "code": "generative_ai", "role": "data_scientist", "name": "重複", "name_en": "",
        "sort_order": "1"})
    assert twice.status_code == 200
    assert "このコードのスキルはすでに登録されています。" in twice.content.decode()

    renamed = _page(client, coordinator, f"/talent/skills/{skill.pk}/", {
        "code": "something_else", "role": "data_scientist", "name": "生成AIの活用",
        "name_en": "Generative AI", "sort_order": "250"})
    assert renamed.status_code == 302
    skill.refresh_from_db()
    assert (skill.code, skill.name) == ("generative_ai", "生成AIの活用")
    assert AuditEvent.objects.get(action="skill.update").before["name"] == "生成AIの業務活用"


def test_town_staff_and_specialists_cannot_change_the_taxonomy(client, himeshima_staff,
                                                                 make_specialist):
    from talent_pool.models import Skill

    specialist = make_specialist("pool@talent.test")
    for person in (himeshima_staff, specialist.user):
        refused = _page(client, person, "/talent/skills/", {
            "code": "x_skill", "role": "data_scientist", "name": "x", "name_en": "",
            "sort_order": "1"})
        assert refused.status_code in (403, 404)
    assert not Skill.objects.filter(code="x_skill").exists()
