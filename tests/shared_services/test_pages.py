"""The catalog as people use it: browsing, estimating, requesting, deciding, the thread."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shared_services.models import AdoptionAttachment, AdoptionRequest, Subscription
from shared_services.services.adoption import adoption_request_create

pytestmark = pytest.mark.django_db


def test_a_town_browses_and_searches_the_catalog_in_japanese(client, himeshima_lead, system):
    client.force_login(himeshima_lead)

    found = client.get("/m/himeshima/catalog/", {"q": "電子申請"}).content.decode()
    missed = client.get("/m/himeshima/catalog/", {"q": "施設予約"}).content.decode()

    assert "電子申請サービス" in found
    assert "電子申請サービス" not in missed


def test_a_draft_system_is_not_in_a_towns_catalog(client, himeshima_lead, system):
    system.status = "draft"
    system.save()
    client.force_login(himeshima_lead)

    assert "電子申請サービス" not in client.get("/m/himeshima/catalog/").content.decode()
    assert client.get(f"/m/himeshima/catalog/{system.pk}/").status_code == 404


def test_the_estimate_is_recomputed_for_the_usage_and_month_typed(client, himeshima_lead,
                                                                  system):
    client.force_login(himeshima_lead)

    page = client.get(f"/m/himeshima/catalog/{system.pk}/estimate/",
                      {"usage": "0", "start": "2027-01"}).content.decode()

    assert 'id="estimate-result"' in page
    assert "3か月" in page  # January to March of the fiscal year
    assert "6,000,000円" in page  # the standalone price for a small town


def test_a_bad_month_in_the_estimate_gets_a_japanese_error(client, himeshima_lead, system):
    client.force_login(himeshima_lead)

    page = client.get(f"/m/himeshima/catalog/{system.pk}/", {"start": "来年"}).content.decode()

    assert "年月を「2026-04」の形で入力してください。" in page


def test_a_request_form_with_a_past_month_is_refused_in_japanese(client, himeshima_lead,
                                                                 system):
    client.force_login(himeshima_lead)

    response = client.post(f"/m/himeshima/catalog/requests/new/?system={system.pk}", {
        "start_fiscal_year": "2026", "start_month": "4", "expected_users": "1",
        "expected_usage": "0", "reason": "理由"})

    assert response.status_code == 200
    assert "利用開始の月は今月以降にしてください。" in response.content.decode()
    assert not AdoptionRequest.objects.exists()


def test_the_coordinators_queue_lists_submitted_requests_oldest_first(
        client, coordinator, himeshima, himeshima_lead, beppu, beppu_lead, system, provider,
        adopt):
    from shared_services.models import CommonSystem

    other = CommonSystem.objects.create(name="施設予約", category="facility_booking",
                                        delivery="internet", provider=provider,
                                        annual_cost=1_000_000, status="published")
    first = adopt(beppu, beppu_lead, system, until="submit")
    second = adopt(himeshima, himeshima_lead, other, until="submit")
    client.force_login(coordinator)

    page = client.get("/catalog/requests/").content.decode()

    assert page.index(f'data-request="{first.pk}"') < page.index(f'data-request="{second.pk}"')


def test_the_town_and_the_prefecture_share_a_thread_and_each_is_told(
        client, coordinator, himeshima, himeshima_lead, system, adopt,
        django_capture_on_commit_callbacks):
    request = adopt(himeshima, himeshima_lead, system, until="submit")
    client.force_login(coordinator)
    client.post(f"/catalog/requests/{request.pk}/comments/", {"body": "開始月を確認させてください"})
    client.force_login(himeshima_lead)

    page = client.get(f"/m/himeshima/catalog/requests/{request.pk}/").content.decode()

    assert "開始月を確認させてください" in page
    assert himeshima_lead.notifications.filter(kind="adoption.commented").exists()


def test_an_attachment_is_stored_with_the_towns_files_and_read_back(
        client, himeshima, himeshima_lead, system, request_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = adoption_request_create(actor=himeshima_lead, municipality=himeshima,
                                      system=system, data=request_data)
    client.force_login(himeshima_lead)

    client.post(f"/m/himeshima/catalog/requests/{request.pk}/attachments/",
                {"file": SimpleUploadedFile("見積書.pdf", b"%PDF-1.4 quote")})

    attachment = AdoptionAttachment.objects.get(request=request)
    assert (tmp_path / himeshima.schema_name / attachment.file.name).exists()
    download = client.get(
        f"/m/himeshima/catalog/requests/{request.pk}/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 quote"


def test_returning_a_request_from_the_console_needs_a_reason(
        client, coordinator, himeshima, himeshima_lead, system, adopt):
    request = adopt(himeshima, himeshima_lead, system, until="submit")
    client.force_login(coordinator)

    response = client.post(f"/catalog/requests/{request.pk}/return/", {"reason": ""},
                           follow=True)

    request.refresh_from_db()
    assert request.status == "submitted"
    assert "相手に伝える理由を入力してください。" in response.content.decode()
    client.post(f"/catalog/requests/{request.pk}/return/", {"reason": "添付が不足しています"})
    request.refresh_from_db()
    assert request.status == "returned"


def test_a_transition_from_the_wrong_state_is_shown_as_an_error_not_a_500(
        client, coordinator, himeshima, himeshima_lead, system, adopt):
    request = adopt(himeshima, himeshima_lead, system)
    client.force_login(coordinator)

    response = client.post(f"/catalog/requests/{request.pk}/approve/", follow=True)

    assert response.status_code == 200
    assert "ことができません" in response.content.decode()


def test_the_coordinator_curates_the_catalog_and_its_status_history_is_kept(
        client, coordinator, provider):
    client.force_login(coordinator)
    response = client.post("/catalog/new/", {
        "name": "AI-OCR", "category": "ai_ocr", "delivery": "lgwan_asp",
        "provider": provider.pk, "annual_cost": "６，０００，０００円", "equal_weight": "20",
        "population_weight": "20", "usage_weight": "60", "taper": "1", "rounding_unit": "1000"})
    from shared_services.models import CommonSystem

    system = CommonSystem.objects.get(name="AI-OCR")
    assert response.status_code == 302 and system.annual_cost == 6_000_000
    client.post(f"/catalog/{system.pk}/status/", {"status": "published"})
    client.post(f"/catalog/{system.pk}/status/", {"status": "retired", "comment": "更新のため"})

    history = list(system.status_changes.values_list("to_status", "comment"))
    assert history == [("draft", ""), ("published", ""), ("retired", "更新のため")]


def test_weights_that_do_not_sum_to_100_are_refused_with_the_sum(client, coordinator,
                                                                 provider):
    client.force_login(coordinator)

    response = client.post("/catalog/new/", {
        "name": "RPA", "category": "rpa", "delivery": "internet", "provider": provider.pk,
        "annual_cost": "100", "equal_weight": "50", "population_weight": "30",
        "usage_weight": "10", "taper": "1", "rounding_unit": "1"})

    assert "100%にしてください（現在 90%）" in response.content.decode()


def test_another_towns_request_is_not_found_from_a_towns_pages(
        client, himeshima_lead, beppu, beppu_lead, system, adopt):
    request = adopt(beppu, beppu_lead, system, until="submit")
    client.force_login(himeshima_lead)

    assert client.get(f"/m/himeshima/catalog/requests/{request.pk}/").status_code == 404
    assert client.post(f"/m/himeshima/catalog/requests/{request.pk}/withdraw/").status_code == 404


def test_the_activation_month_can_be_set_when_activating(client, coordinator, himeshima,
                                                         himeshima_lead, system, adopt):
    request = adopt(himeshima, himeshima_lead, system, until="approve")
    client.force_login(coordinator)

    client.post(f"/catalog/requests/{request.pk}/activate/", {"month": "2027-02"})

    request.refresh_from_db()
    assert request.status == "active"
    assert str(request.subscription.first_month) == "2027-02-01"


def test_a_malformed_activation_month_is_refused_without_change(
        client, coordinator, himeshima, himeshima_lead, system, adopt):
    request = adopt(himeshima, himeshima_lead, system, until="approve")
    client.force_login(coordinator)

    client.post(f"/catalog/requests/{request.pk}/activate/", {"month": "2027年2月"})

    request.refresh_from_db()
    assert request.status == "approved"
    assert not Subscription.objects.filter(request=request).exists()
