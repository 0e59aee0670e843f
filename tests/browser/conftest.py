"""A live server on the test database and Playwright driving the system's Chromium.

The server runs in a thread against the session's committed tenants. The people who
sign in are created (committed) once for the browser tests: a coordinator of the
prefecture, with an authenticator app on tests.mfa.TOTP_SECRET as prefecture staff must
have, a member of 姫島村 and one of 別府市, and a digital specialist of the prefecture's
pool. (The demo accounts themselves are refused while DEBUG is off, as it is in tests.)
"""

import os
from contextlib import contextmanager

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread

from kyodo.accounts.models import PREFECTURE_ROLES, Membership, Role
from tenants.models import Municipality
from tests.factories import UserFactory
from tests.mfa import activate_totp

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


BROWSER_PASSWORD = "browser-test-password-2026"
BROWSER_PEOPLE = {
    "browser-coordinator@pref-oita.test": (None, Role.PREFECTURE_COORDINATOR),
    "browser-staff@himeshima.test": ("443221", Role.MUNICIPALITY_LEAD),
    "browser-staff@beppu.test": ("442020", Role.MUNICIPALITY_STAFF),
    "browser-specialist@pool.test": (None, Role.SPECIALIST),
}


def _create_people() -> None:
    for email, (lg_code, role) in BROWSER_PEOPLE.items():
        municipality = (Municipality.objects.get(schema_name="public") if lg_code is None
                        else Municipality.objects.get(lg_code=lg_code))
        user = UserFactory(email=email, password=BROWSER_PASSWORD)
        Membership.objects.get_or_create(user=user, municipality=municipality, role=role)
        if role in PREFECTURE_ROLES and not user.authenticator_set.exists():
            activate_totp(user)


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _create_people()
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://127.0.0.1:{server.port}"
        server.terminate()


@pytest.fixture(scope="session")
def browser(chromium_path, live_url):
    """Closed before the live server stops, so no request thread keeps a database session."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's event loop, our ORM calls
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path,
                                                 args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_url):
    context = browser.new_context(locale="ja-JP", base_url=live_url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def committed(django_db_blocker):
    """`with committed(): …` runs ORM calls from a browser test against the committed data.

    Once Playwright has started, test code runs in one of its greenlets, which has its
    own context and so its own database connection; it is closed here, or the session
    could not drop the test database at the end.
    """

    @contextmanager
    def work():
        with django_db_blocker.unblock():
            try:
                yield
            finally:
                connections.close_all()

    return work
