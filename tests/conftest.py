"""Fixtures shared by the whole suite.

The prefecture (public tenant) and three municipalities are provisioned once per
test session, by cloning the template schema exactly as production does, and
committed; each test then runs inside a transaction that is rolled back.
"""

import os
import shutil

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django_tenants.utils import tenant_context

from kyodo.accounts.models import Role
from tenants.models import Municipality
from tenants.provisioning import municipality_provision, prefecture_provision, select_records
from tests.factories import MembershipFactory, UserFactory
from tests.mfa import activate_totp

SESSION_TOWNS = {"beppu": "442020", "himeshima": "443221", "oita": "442011"}


def services_required() -> bool:
    """CI sets KYODO_REQUIRE_SERVICES=1: a missing service then fails instead of skipping."""
    return os.environ.get("KYODO_REQUIRE_SERVICES") == "1"


def missing_service(reason: str):
    if services_required():
        pytest.fail(f"{reason} (KYODO_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """The session's test database, whatever tests were collected.

    pytest-django's own fixture creates a test database only when a collected test
    carries the django_db mark; the browser and worker tests use committed data
    without it, and would otherwise write into the development database.
    """
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        databases = setup_databases(verbosity=verbosity, interactive=False,
                                    aliases={"default"})
        prefecture_provision(prefecture="大分県")
        records = {record.lg_code: record for record in select_records(prefecture="大分県")}
        for lg_code in SESSION_TOWNS.values():
            municipality_provision(record=records[lg_code])
    yield
    with django_db_blocker.unblock():
        connection.close()
        teardown_databases(databases, verbosity=verbosity)


@pytest.fixture(autouse=True)
def _clean_state_around_each_test():
    cache.clear()
    # A new generation: the municipalities the previous test's requests kept are
    # dropped (its changes to them were rolled back).
    caches["routing"].clear()
    yield
    connection.set_schema_to_public()


@pytest.fixture
def prefecture(db) -> Municipality:
    return Municipality.objects.get(schema_name="public")


@pytest.fixture
def beppu(db) -> Municipality:
    return Municipality.objects.get(lg_code=SESSION_TOWNS["beppu"])


@pytest.fixture
def himeshima(db) -> Municipality:
    return Municipality.objects.get(lg_code=SESSION_TOWNS["himeshima"])


@pytest.fixture
def oita_city(db) -> Municipality:
    return Municipality.objects.get(lg_code=SESSION_TOWNS["oita"])


@pytest.fixture
def coordinator(prefecture):
    """A coordinator with an authenticator app (tests.mfa.TOTP_SECRET), as they all must."""
    membership = MembershipFactory(
        user__email="coordinator@pref.example", municipality=prefecture,
        role=Role.PREFECTURE_COORDINATOR,
    )
    activate_totp(membership.user)
    return membership.user


@pytest.fixture
def beppu_staff(beppu):
    return MembershipFactory(user__email="staff@beppu.test", municipality=beppu).user


@pytest.fixture
def himeshima_staff(himeshima):
    return MembershipFactory(user__email="staff@himeshima.test", municipality=himeshima).user


@pytest.fixture
def outsider(db):
    """Signed in, but a member of nothing."""
    return UserFactory(email="outsider@nowhere.test")


@pytest.fixture
def in_schema():
    """`with in_schema(town): ...` runs ORM calls inside that town's schema."""
    return tenant_context


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        missing_service("Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        missing_service("REDIS_URL is not set: no real Redis broker to test against")
    return url

