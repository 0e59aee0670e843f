"""Spot consultations through the API: a specialist offers slots, a town books one, and
a slot is never booked twice."""

import datetime

import pytest
from django.utils import timezone

from talent_pool.models import Booking, ConsultationSlot
from talent_pool.services.consultations import slot_publish
from tests.api.talent.conftest import error_of

pytestmark = pytest.mark.django_db

OWN_SLOTS = "/api/v1/talent/slots/"


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localtime() + datetime.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def slot(make_specialist):
    """An open slot of a specialist, three days ahead."""
    specialist = make_specialist("slots@pool.test", name="相談 三郎")
    return slot_publish(actor=specialist.user, specialist=specialist, starts_at=in_days(3))


def test_a_specialist_offers_a_slot_and_lists_their_own(api_as, make_specialist, slot):
    own = make_specialist("own@pool.test")
    api = api_as(own.user)

    created = api.post(OWN_SLOTS, {"starts_at": in_days(2).isoformat(), "online": False},
                       format="json")
    listed = api.get(OWN_SLOTS)

    assert created.status_code == 201
    assert created.json()["online"] is False
    assert [row["id"] for row in listed.json()["results"]] == [created.json()["id"]]
    assert ConsultationSlot.objects.get(pk=created.json()["id"]).specialist == own


def test_a_slot_off_the_half_hour_is_refused_naming_the_field(api_as, make_specialist):
    own = make_specialist("own@pool.test")

    response = api_as(own.user).post(
        OWN_SLOTS, {"starts_at": in_days(2).replace(minute=10).isoformat()}, format="json")

    assert error_of(response) == (400, "validation_error", [("starts_at", "not_on_half_hour")])


def test_a_town_member_may_not_offer_slots(api_as, himeshima_staff):
    response = api_as(himeshima_staff).post(OWN_SLOTS, {"starts_at": in_days(2).isoformat()},
                                            format="json")

    assert error_of(response) == (403, "permission_denied", [])
    assert not ConsultationSlot.objects.exists()


def test_a_town_books_an_open_slot_and_it_is_no_longer_open(api_as, himeshima_staff, slot):
    api = api_as(himeshima_staff)

    before = api.get("/m/himeshima/api/v1/talent/slots/")
    booked = api.post("/m/himeshima/api/v1/talent/bookings/",
                      {"slot": slot.pk, "question": "RPAの導入手順を相談したい"}, format="json")
    after = api.get("/m/himeshima/api/v1/talent/slots/")
    bookings = api.get("/m/himeshima/api/v1/talent/bookings/")

    assert [row["id"] for row in before.json()["results"]] == [slot.pk]
    assert before.json()["results"][0]["specialist"]["name"] == "相談 三郎"
    assert booked.status_code == 201
    assert booked.json()["slot"]["id"] == slot.pk
    assert after.json()["results"] == []
    assert [row["question"] for row in bookings.json()["results"]] == ["RPAの導入手順を相談したい"]


def test_a_booked_slot_cannot_be_booked_again_by_another_town(api_as, himeshima_staff,
                                                              beppu_staff, slot):
    first = api_as(himeshima_staff).post("/m/himeshima/api/v1/talent/bookings/",
                                         {"slot": slot.pk, "question": "先に予約"},
                                         format="json")
    second = api_as(beppu_staff).post("/m/beppu/api/v1/talent/bookings/",
                                      {"slot": slot.pk, "question": "後から予約"}, format="json")

    assert first.status_code == 201
    assert error_of(second)[:2] == (409, "slot_taken")
    assert list(Booking.objects.values_list("question", flat=True)) == ["先に予約"]


def test_another_towns_bookings_are_not_listed(api_as, himeshima_staff, beppu_staff, slot):
    api_as(beppu_staff).post("/m/beppu/api/v1/talent/bookings/",
                             {"slot": slot.pk, "question": "別府市だけの相談"}, format="json")

    response = api_as(himeshima_staff).get("/m/himeshima/api/v1/talent/bookings/")

    assert response.json()["results"] == []


def test_booking_a_slot_that_does_not_exist_names_the_field(api_as, himeshima_staff):
    response = api_as(himeshima_staff).post("/m/himeshima/api/v1/talent/bookings/",
                                            {"slot": 999_999, "question": "相談"}, format="json")

    assert error_of(response) == (400, "validation_error", [("slot", "does_not_exist")])
