"""A live server on the test database and Playwright driving the system's Chromium.

The server runs in a thread against the session's committed tenants; the demo
accounts are created (committed) once for the browser tests, exactly as
`manage.py demo` creates them.
"""

import os

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test import override_settings
from django.test.testcases import LiveServerThread

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker):
    from kyodo.accounts.demo import demo_accounts_create

    with django_db_blocker.unblock():
        with override_settings(DEBUG=True):
            demo_accounts_create()
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://127.0.0.1:{server.port}"
        server.terminate()


@pytest.fixture(scope="session")
def browser(chromium_path):
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
