"""Malformed input never causes a 500: every route, every form field, as each role.

Both URLConfs are walked (a new route is covered without editing this test). For each
route, signed in as a town's lead, a coordinator, a vendor's administrator and an
operator of the admin (and anonymously), the test sends

- NUL bytes and over-long values in each path parameter;
- NUL bytes and over-long values in the query string under common names, all at once,
  and a NUL under each name in turn;
- for each form the page shows that posts back to it, the form with each field in turn
  replaced by a NUL byte, an over-long value (the field's own value repeated, so an
  e-mail address stays one and digits stay digits) and, in hidden fields and text
  areas, JSON of the wrong shape; the other fields hold plausible values so that the
  request gets as far as it can;
- an empty POST, a broken multipart body and a multipart body without a boundary.

A signed-in role that a route turns away (sign in first, 403) sends it nothing more:
the anonymous walk already sends everything to that refusal. Any response of 500 or
above, or an exception, is a failure: bad input is a form error, a 400, 401, 403 or 404.
Each request runs in a savepoint that is rolled back, so what one request changes (a
sign-out, a removed key) never hides a route from the next.
"""

import html.parser
import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from kyodo.accounts.models import Membership, Role, VendorStatus
from kyodo.invitations.models import Invitation
from kyodo.invitations.tokens import nonce_hash, nonce_new, token_make
from tests.factories import UserFactory, VendorFactory
from tests.mfa import activate_totp, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NUL = "\x00"
LONG = 300  # past every varchar in the schema (e-mail addresses: 254)
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63, "jp"])  # 259, well formed
WRONG_JSON = ['{"id": null, "response": {}}', "[]"]
QUERY_NAMES = ["next", "q", "page", "prefecture", "band", "kind", "limit", "offset", "format",
               "lang", "script", "o", "p", "e", "_changelist_filters", "_to_field", "term",
               "app_label", "model_name", "field_name"]
PLAUSIBLE = {  # values that pass a field's own checks, so the others are reached
    "email": "walk@example.jp", "date": "2025-04-01", "tel": "0977-00-0000",
    "number": "1", "password": "umi-kaze-sora-2026", "url": "https://example.jp/",
}
PLAUSIBLE_BY_NAME = {
    "corporate_number": "5835678256246", "legal_name_kana": "テストジョウホウ",
    "valid_until": "2027-03-31", "full_name": "試験 太郎", "login": "walk@example.jp",
}


# --- Routes (the same discovery as tests/isolation/test_every_route.py) ------------------
@dataclass(frozen=True)
class Route:
    urlconf: str
    prefix: str
    pattern: str
    callback: object


PARAMETER = re.compile(
    r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>"
    r"|\(\?P<(?P<rx_name>\w+)>(?P<rx>[^)]*)\)"
)


def _walk(patterns, urlconf, prefix, so_far=""):
    for entry in patterns:
        text = so_far + _as_text(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, urlconf, prefix, text)
        elif isinstance(entry, URLPattern):
            yield Route(urlconf, prefix, text, entry.callback)


def _as_text(pattern) -> str:
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return text
    return text.removeprefix("^").removesuffix("$").removesuffix("\\Z")


def all_routes() -> list[Route]:
    return [*_walk(get_resolver(settings.PUBLIC_SCHEMA_URLCONF).url_patterns,
                   settings.PUBLIC_SCHEMA_URLCONF, "/"),
            *_walk(get_resolver(settings.KYODO_WORKSPACE_URLCONF).url_patterns,
                   settings.KYODO_WORKSPACE_URLCONF, "/m/{slug}/")]


def _same_view(route: Route, path: str) -> bool:
    try:
        found = resolve(path, urlconf=route.urlconf)
    except Resolver404:
        return False
    return found.func == route.callback or getattr(found.func, "view_class", None) == getattr(
        route.callback, "view_class", object())


def _fill(route: Route, values: dict[str, str]) -> str:
    path = route.pattern
    for match in reversed(list(PARAMETER.finditer(route.pattern))):
        name = match["name"] or match["rx_name"]
        path = path[:match.start()] + values[name] + path[match.end():]
    return path.replace("\\", "")


def _good_value(match: re.Match, good: dict[str, str]) -> str:
    name = match["name"] or match["rx_name"]
    if name in good:
        return good[name]
    if match["rx"] is not None and re.fullmatch(r"[\w|-]+", match["rx"]):
        return match["rx"].split("|")[0]
    return "999999"  # an id that exists nowhere: the view's own 404


def urls_for(route: Route, slug: str, good: dict[str, str]) -> tuple[str, list[str]]:
    """The route with plausible parameters, and with each parameter made malformed."""
    parameters = list(PARAMETER.finditer(route.pattern))
    base = {match["name"] or match["rx_name"]: _good_value(match, good) for match in parameters}
    prefix = route.prefix.format(slug=slug)
    good_url = prefix + _fill(route, base)
    bad_urls = []
    for match, bad in itertools.product(parameters, [NUL, "x" * LONG, "9" * 30]):
        values = base | {match["name"] or match["rx_name"]: quote(bad, safe="")}
        path = _fill(route, values)
        if _same_view(route, "/" + path.replace("%00", NUL)):
            bad_urls.append(prefix + path)
    return good_url, bad_urls


# --- Forms on a page ------------------------------------------------------------------
@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # name, type, value


class FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._select: tuple[str, list[str], str | None] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(Form((attrs.get("method") or "get").lower(),
                                   attrs.get("action") or ""))
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if value:
                self._select[1].append(value)
            if "selected" in attrs:
                self._select = (self._select[0], self._select[1], value)
        elif not self.forms or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.forms[-1].fields.append((attrs["name"], kind, attrs.get("value") or ""))
        elif tag == "select":
            self._select = (attrs["name"], [], None)
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.forms[-1].fields.append((attrs["name"], "textarea", ""))

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, options, selected = self._select
            value = selected or (options[0] if options else "")
            self.forms[-1].fields.append((name, "select", value))
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None and self.forms:
            name, kind, value = self.forms[-1].fields[-1]
            self.forms[-1].fields[-1] = (name, kind, value + data)


def forms_posting_back(body: str, url: str) -> list[Form]:
    parser = FormParser()
    parser.feed(body)
    path = urlsplit(url).path
    return [form for form in parser.forms
            if form.method == "post" and urlsplit(form.action).path in ("", path)]


def plausible(name: str, kind: str, value: str) -> str:
    short = name.rsplit("-", 1)[-1]
    if value:
        return value
    return PLAUSIBLE_BY_NAME.get(short) or PLAUSIBLE.get(kind) or "テスト"


def malformed(kind: str, value: str) -> list[str]:
    long = LONG_EMAIL if kind == "email" else (value * LONG)[:max(LONG, 2 * len(value))]
    structured = WRONG_JSON if kind in {"hidden", "textarea"} else []  # where JSON is posted
    return [value + NUL, long, *structured]


# --- The walk ---------------------------------------------------------------------------
class Walk:
    """One role's requests. `done` is shared by the roles: a query string or a form that
    one role has already sent to a route (the same fields) is not sent again."""

    def __init__(self, role: str, user, done: set):
        self.role, self.user, self.done = role, user, done
        self.client = Client()
        self.failures: list[str] = []
        self.requests = 0
        self.sign_in()

    def sign_in(self) -> None:
        if self.user is not None:
            cache.clear()
            sign_in(self.client, self.user)

    def still_signed_in(self) -> None:
        if self.user is not None and self.client.session.get("_auth_user_id") != str(
                self.user.pk):
            self.sign_in()

    def send(self, method: str, url: str, what: str, **kwargs):
        """One request in a savepoint that is rolled back; a 5xx or exception is noted."""
        cache.clear()  # the rate limits would otherwise answer 429 long before a form
        self.requests += 1
        response = None
        try:
            with transaction.atomic():
                response = getattr(self.client, method)(url, **kwargs)
                transaction.set_rollback(True)
        except Exception as error:  # every exception is a finding
            self.failures.append(f"{self.role} {method.upper()} {url[:120]!r} {what}: "
                                 f"{type(error).__name__}: {str(error)[:160]}")
        else:
            if response.status_code >= 500:
                self.failures.append(f"{self.role} {method.upper()} {url[:120]!r} {what}: "
                                     f"{response.status_code}")
        self.still_signed_in()
        return response

    def refused(self, response) -> bool:
        """Whether a signed-in role is turned away from the route before its view runs.

        The refusal (sign in first, 403) is the same code for everyone it turns away,
        and the anonymous walk sends that code every malformed request already.
        """
        if self.user is None or response is None:
            return False
        return response.status_code == 403 or (
            response.status_code == 302 and "login" in response["Location"])

    def route(self, route: Route, slug: str, good: dict[str, str]) -> None:
        good_url, bad_urls = urls_for(route, slug, good)
        page = self.send("get", good_url, "plain")
        if self.refused(page):
            return
        for url in bad_urls:
            self.send("get", url, "malformed path")
            self.send("post", url, "malformed path")
        for bad in (NUL, "x" * LONG):
            self.send("get", good_url, "query, every name",
                      data={name: bad for name in QUERY_NAMES})
        if page is not None and page.status_code == 200 and (route, "query") not in self.done:
            self.done.add((route, "query"))
            for name in QUERY_NAMES:
                self.send("get", good_url, f"query {name}", data={name: NUL})
        self.send("post", good_url, "empty")
        self.send("post", good_url, "broken multipart", data=b"--x\r\nContent-Disposition: fo",
                  content_type="multipart/form-data; boundary=x")
        self.send("post", good_url, "multipart without boundary", data=b"a=b",
                  content_type="multipart/form-data")
        if page is None or page.status_code != 200 or page.streaming:
            return
        body = page.content.decode(errors="replace")
        for form in forms_posting_back(body, good_url):
            key = (route, tuple(name for name, _, _ in form.fields))
            if key not in self.done:
                self.done.add(key)
                self.form(good_url, form)

    def form(self, url: str, form: Form) -> None:
        base = [(name, plausible(name, kind, value)) for name, kind, value in form.fields]
        for index, (name, kind, _) in enumerate(form.fields):
            if name == "csrfmiddlewaretoken":
                continue
            for bad in malformed(kind, base[index][1]):
                fields = [*base[:index], (name, bad), *base[index + 1:]]
                self.send("post", url, f"field {name}={bad[:12]!r}…",
                          data=urlencode(fields),
                          content_type="application/x-www-form-urlencoded")


@pytest.fixture
def walkers(prefecture, himeshima):
    vendor = VendorFactory(status=VendorStatus.APPROVED)
    lead = UserFactory(email="walk-lead@himeshima.test")
    Membership.objects.create(user=lead, municipality=himeshima, role=Role.MUNICIPALITY_LEAD)
    coordinator = UserFactory(email="walk-coordinator@pref.test")
    Membership.objects.create(user=coordinator, municipality=prefecture,
                              role=Role.PREFECTURE_COORDINATOR)
    activate_totp(coordinator)
    operator = UserFactory(email="walk-operator@pref.test", is_staff=True, is_superuser=True)
    Membership.objects.create(user=operator, municipality=prefecture,
                              role=Role.PREFECTURE_OPERATOR)
    activate_totp(operator)
    vendor_admin = UserFactory(email="walk-vendor@vendor.test")
    Membership.objects.create(user=vendor_admin, vendor=vendor, role=Role.VENDOR_ADMIN)
    return {"anonymous": None, "municipality_lead": lead, "prefecture_coordinator": coordinator,
            "prefecture_operator": operator, "vendor_admin": vendor_admin}


def good_parameters(himeshima, lead) -> dict[str, str]:
    """Real values where a parameter leads to a form: an invitation link for a new person."""
    nonce = nonce_new()
    invitation = Invitation.objects.create(
        email="walk-invitee@himeshima.test", municipality=himeshima,
        role=Role.MUNICIPALITY_STAFF, token_hash=nonce_hash(nonce), invited_by=lead)
    return {"token": token_make(invitation_id=invitation.pk, nonce=nonce)}


def test_no_malformed_input_anywhere_causes_a_server_error(settings, himeshima, walkers):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 24 * 60 * 60  # the walk takes minutes
    good = good_parameters(himeshima, walkers["municipality_lead"])
    routes = all_routes()
    failures, requests, done = [], 0, set()

    for role, user in walkers.items():
        walk = Walk(role, user, done)
        for route in routes:
            walk.route(route, himeshima.slug, good)
        for slug in (NUL, "x" * LONG, "日本"):
            walk.send("get", f"/m/{quote(slug, safe='')}/", "malformed town")
        failures += walk.failures
        requests += walk.requests

    assert failures == [], f"{len(failures)} of {requests} requests failed:\n" + "\n".join(
        failures)
    forms_sent = {route.pattern for route, fields in done if fields != "query"}
    assert {"vendors/register/", "console/invitations/", "members/", "accounts/login/",
            "accounts/2fa/webauthn/add/", "invitations/<str:token>/",
            "profile/edit/"} <= forms_sent, "the walk no longer reaches these forms"
    print(f"\nmalformed input: {len(routes)} routes, {len(walkers)} roles, "
          f"{len(forms_sent)} forms, {requests} requests")
