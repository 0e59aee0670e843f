"""Engagements and hours through the API: the coordinators see every engagement, a town
its own (hours, never its rating), a specialist their own, and only the specialist logs
hours, beyond their capacity only with a reason."""

import pytest
from django.utils import timezone

from talent_pool.models import TimeEntry
from talent_pool.services.engagements import engagement_complete, engagement_rate
from tests.api.talent.conftest import error_of

pytestmark = pytest.mark.django_db

ENGAGEMENTS = "/api/v1/talent/engagements/"
HOURS = "/api/v1/talent/time-entries/"


@pytest.fixture
def pool(make_specialist, make_request, himeshima_lead, beppu_lead, himeshima, beppu, engaged,
         skill):
    """姫島村's request served by 安全 一郎 (16 hours a month, his whole capacity) and
    別府市's served by 分析 花子."""
    ichiro = make_specialist("ichiro@pool.test", name="安全 一郎", monthly_capacity_hours=16)
    hanako = make_specialist("hanako@pool.test", name="分析 花子",
                             skills={"data_engineer": 3})
    own = engaged(make_request(himeshima_lead, himeshima))
    foreign = engaged(make_request(beppu_lead, beppu, title="別府市のデータ活用", on_site_percent=0,
                                   skills={"data_engineer": 2}))
    return {"ichiro": ichiro, "hanako": hanako, "himeshima": own, "beppu": foreign}


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_the_coordinator_sees_every_engagement_with_the_rating(
        api_as, coordinator, himeshima_lead, pool):
    engagement_complete(actor=coordinator, engagement=pool["himeshima"])
    engagement_rate(actor=himeshima_lead, engagement=pool["himeshima"], rating=5,
                    comment="とても助かりました")

    response = api_as(coordinator).get(ENGAGEMENTS)

    assert ids(response) == {pool["himeshima"].pk, pool["beppu"].pk}
    rated = next(row for row in response.json()["results"] if row["id"] == pool["himeshima"].pk)
    assert (rated["rating"], rated["rating_comment"]) == (5, "とても助かりました")


def test_a_specialist_sees_only_their_own_engagements(api_as, pool):
    response = api_as(pool["ichiro"].user).get(ENGAGEMENTS)

    assert ids(response) == {pool["himeshima"].pk}
    assert response.json()["results"][0]["rating"] is None


def test_a_town_sees_its_own_engagements_with_hours_but_not_its_rating(
        api_as, coordinator, himeshima_staff, himeshima_lead, pool):
    TimeEntry.objects.create(engagement=pool["himeshima"], day=timezone.localdate(), hours=3,
                             logged_by=pool["ichiro"].user)
    engagement_complete(actor=coordinator, engagement=pool["himeshima"])
    engagement_rate(actor=himeshima_lead, engagement=pool["himeshima"], rating=2,
                    comment="町の事情を知らなかった")
    api = api_as(himeshima_staff)

    response = api.get("/m/himeshima/api/v1/talent/engagements/")
    prefecture_side = api.get(ENGAGEMENTS)

    assert ids(response) == {pool["himeshima"].pk}
    row = response.json()["results"][0]
    assert (row["specialist"]["name"], row["hours_delivered"]) == ("安全 一郎", 3)
    assert [entry["hours"] for entry in row["monthly"]] == [3]
    assert (row["rating"], row["rating_comment"]) == (None, None)
    assert "町の事情を知らなかった" not in response.content.decode()
    assert error_of(prefecture_side)[:2] == (403, "permission_denied")


def test_the_specialist_logs_hours_on_their_engagement(api_as, pool):
    today = timezone.localdate().isoformat()
    api = api_as(pool["ichiro"].user)

    logged = api.post(HOURS, {"engagement": pool["himeshima"].pk, "day": today, "hours": 2.5,
                              "note": "ポリシー改定の打合せ"}, format="json")
    listed = api.get(HOURS)

    assert logged.status_code == 201
    assert (logged.json()["hours"], logged.json()["note"]) == (2.5, "ポリシー改定の打合せ")
    assert [row["id"] for row in listed.json()["results"]] == [logged.json()["id"]]


def test_hours_beyond_capacity_are_refused_without_a_reason_and_kept_with_one(api_as, pool):
    today = timezone.localdate().isoformat()
    api = api_as(pool["ichiro"].user)
    body = {"engagement": pool["himeshima"].pk, "day": today, "hours": 20}

    refused = api.post(HOURS, body, format="json")
    kept = api.post(HOURS, {**body, "over_capacity_reason": "監査対応のため"}, format="json")

    assert error_of(refused) == (400, "over_capacity", [("over_capacity_reason", "required")])
    assert kept.status_code == 201
    assert TimeEntry.objects.get().over_capacity_reason == "監査対応のため"


def test_a_day_in_the_future_is_refused_naming_the_field(api_as, pool):
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()

    response = api_as(pool["ichiro"].user).post(
        HOURS, {"engagement": pool["himeshima"].pk, "day": tomorrow, "hours": 1}, format="json")

    assert error_of(response) == (400, "validation_error", [("day", "in_future")])


def test_nobody_logs_hours_on_another_specialists_engagement(api_as, himeshima_staff, pool):
    body = {"engagement": pool["beppu"].pk, "day": timezone.localdate().isoformat(), "hours": 1}

    by_other_specialist = api_as(pool["ichiro"].user).post(HOURS, body, format="json")
    by_town = api_as(himeshima_staff).post(HOURS, body, format="json")

    assert error_of(by_other_specialist) == (400, "validation_error",
                                             [("engagement", "does_not_exist")])
    assert error_of(by_town) == (403, "permission_denied", [])
    assert not TimeEntry.objects.exists()


def test_only_specialists_list_hours(api_as, coordinator, himeshima_staff, pool):
    assert error_of(api_as(coordinator).get(HOURS))[:2] == (403, "permission_denied")
    assert error_of(api_as(himeshima_staff).get(HOURS))[:2] == (403, "permission_denied")
