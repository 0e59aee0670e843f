"""Two towns press 「予約する」 on the same slot at the same moment: exactly one gets it.

The bookings run in two threads, each with its own database connection and transaction,
so this test commits its own data (and removes it afterwards) instead of running inside
the test's rolled-back transaction.
"""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from kyodo.accounts.models import Membership, Role, User
from kyodo.errors import DomainError, ErrorCode
from kyodo.notifications.models import Notification
from talent_pool.models import Booking, ConsultationSlot, EngagementType, Specialist
from tenants.models import Municipality
from tests.conftest import SESSION_TOWNS


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        beppu = Municipality.objects.get(lg_code=SESSION_TOWNS["beppu"])
        himeshima = Municipality.objects.get(lg_code=SESSION_TOWNS["himeshima"])
        people = []
        for town in (beppu, himeshima):
            user = User.objects.create_user(f"race-{town.slug}@race.test", "pw")
            Membership.objects.create(user=user, municipality=town,
                                      role=Role.MUNICIPALITY_STAFF)
            people.append((user, town))
        specialist = Specialist.objects.create(
            name="競合 試験", engagement_type=EngagementType.CONTRACTED_EXPERT, home=beppu,
            monthly_capacity_hours=10, max_towns=1)
        slot = ConsultationSlot.objects.create(
            specialist=specialist,
            starts_at=timezone.now().replace(minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=2))
        yield slot, people
        Booking.objects.filter(slot=slot).delete()
        slot.delete()
        specialist.delete()
        for user, _town in people:
            Notification.objects.filter(recipient=user).delete()
            Membership.objects.filter(user=user).delete()
        connection.set_schema_to_public()


def test_two_towns_booking_one_slot_at_once_leave_exactly_one_booking(committed):
    from talent_pool.services.consultations import slot_book

    slot, people = committed
    barrier = threading.Barrier(len(people))
    outcomes = []

    def book(user, town):
        try:
            barrier.wait()
            slot_book(actor=user, slot=slot, municipality=town, question="同時に予約")
            outcomes.append("booked")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=person) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["booked", ErrorCode.SLOT_TAKEN])
    assert Booking.objects.filter(slot=slot, cancelled_at__isnull=True).count() == 1
