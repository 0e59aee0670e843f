"""Specialists through the API: the coordinators see every profile, a specialist their
own, and a town only what the pool can offer, without names."""

import pytest

from talent_pool.models import Specialist
from tests.api.talent.conftest import error_of

pytestmark = pytest.mark.django_db

PROFILES = "/api/v1/talent/specialists/"
AVAILABILITY = "/m/himeshima/api/v1/talent/skill-availability/"


def names(response) -> set[str]:
    return {row["name"] for row in response.json()["results"]}


def test_the_coordinator_sees_every_profile_with_its_skills(api_as, coordinator,
                                                           make_specialist):
    make_specialist("one@pool.test", name="安全 一郎")
    make_specialist("two@pool.test", name="分析 花子", skills={"data_engineer": 2})

    response = api_as(coordinator).get(PROFILES)

    assert response.status_code == 200
    assert names(response) == {"安全 一郎", "分析 花子"}
    hanako = next(row for row in response.json()["results"] if row["name"] == "分析 花子")
    assert [(row["skill"], row["level"]) for row in hanako["skills"]] == [("data_engineer", 2)]
    assert hanako["home"]["lg_code"] == "442011"


def test_a_specialist_sees_only_their_own_profile(api_as, make_specialist):
    own = make_specialist("own@pool.test", name="自分 太郎")
    other = make_specialist("other@pool.test", name="他人 次郎")
    api = api_as(own.user)

    listed = api.get(PROFILES)
    mine = api.get(f"{PROFILES}{own.pk}/")
    theirs = api.get(f"{PROFILES}{other.pk}/")

    assert names(listed) == {"自分 太郎"}
    assert mine.json()["name"] == "自分 太郎"
    assert error_of(theirs)[:2] == (404, "not_found")


def test_a_town_member_may_not_list_profiles(api_as, himeshima_staff, make_specialist):
    make_specialist("one@pool.test", name="安全 一郎")

    response = api_as(himeshima_staff).get(PROFILES)

    assert error_of(response) == (403, "permission_denied", [])
    assert "安全 一郎" not in response.content.decode()


def test_a_town_sees_skill_availability_without_names_or_personal_data(
        api_as, himeshima_staff, make_specialist):
    make_specialist("one@pool.test", name="安全 一郎", skills={"security_manager": 3},
                    monthly_capacity_hours=40, certifications="情報処理安全確保支援士")
    make_specialist("two@pool.test", name="安全 二郎", skills={"security_manager": 1},
                    monthly_capacity_hours=20)

    response = api_as(himeshima_staff).get(AVAILABILITY)

    assert response.status_code == 200
    text = response.content.decode()
    for private in ("安全 一郎", "安全 二郎", "one@pool.test", "情報処理安全確保支援士", "442011"):
        assert private not in text
    rows = {row["skill"]: row for row in response.json()}
    security = rows["security_manager"]
    assert set(security) == {"skill", "name", "role", "levels", "free_hours"}
    assert [(row["level"], row["specialists"]) for row in security["levels"]] == [
        (1, 2), (2, 1), (3, 1), (4, 0)]
    assert security["free_hours"] == 60
    assert rows["data_engineer"]["free_hours"] == 0


def test_another_towns_member_gets_no_skill_availability_of_this_town(api_as, beppu_staff):
    response = api_as(beppu_staff).get(AVAILABILITY)

    assert error_of(response)[:2] == (403, "permission_denied")


def test_a_specialist_changes_their_own_availability(api_as, make_specialist):
    own = make_specialist("own@pool.test")

    response = api_as(own.user).patch(f"{PROFILES}{own.pk}/",
                                      {"monthly_capacity_hours": 24, "max_towns": 2},
                                      format="json")

    assert response.status_code == 200
    assert (response.json()["monthly_capacity_hours"], response.json()["max_towns"]) == (24, 2)
    own.refresh_from_db()
    assert own.monthly_capacity_hours == 24


def test_a_negative_capacity_is_refused_naming_the_field(api_as, make_specialist):
    own = make_specialist("own@pool.test")

    response = api_as(own.user).patch(f"{PROFILES}{own.pk}/", {"monthly_capacity_hours": -8},
                                      format="json")

    assert error_of(response) == (400, "validation_error",
                                  [("monthly_capacity_hours", "min_value")])
    assert Specialist.objects.get(pk=own.pk).monthly_capacity_hours == 40


def test_an_availability_ending_before_it_starts_is_refused_naming_the_field(
        api_as, make_specialist):
    own = make_specialist("own@pool.test")

    response = api_as(own.user).patch(
        f"{PROFILES}{own.pk}/", {"available_from": "2027-04-01", "available_until": "2027-03-31"},
        format="json")

    assert error_of(response) == (400, "validation_error", [("available_until", "period_order")])


def test_a_specialist_may_not_change_anothers_availability(api_as, make_specialist):
    own = make_specialist("own@pool.test")
    other = make_specialist("other@pool.test")

    response = api_as(own.user).patch(f"{PROFILES}{other.pk}/", {"max_towns": 1},
                                      format="json")

    assert error_of(response)[:2] == (404, "not_found")
    assert Specialist.objects.get(pk=other.pk).max_towns == 3
