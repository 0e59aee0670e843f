"""Tenant and organisation isolation, route by route.

Every URL pattern of the prefecture's URLConf (pages, allauth, admin, API) and of the
town workspace URLConf is requested, GET and POST, by every role, with its path
parameters filled with the identifiers of *another* town's and *another*
organisation's objects. No 2xx response may contain data that role must not see,
and no request may change that data. Routes are found by walking the URLConfs, so a
new route is covered without editing this test.
"""

import itertools
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern
from django_tenants.utils import tenant_context

from kyodo.accounts.models import Membership, Role, Vendor, VendorStatus
from tenants.workspace.models import TownProfile
from tests.factories import MembershipFactory, UserFactory
from tests.isolation import foreign_data

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous", "prefecture_coordinator", "prefecture_operator", "municipality_lead",
    "municipality_staff", "vendor_admin", "vendor_member", "specialist", "no_membership",
]


@dataclass(frozen=True)
class Route:
    urlconf: str
    prefix: str  # what the routing puts before the pattern (a town's /m/<slug>/)
    pattern: str  # the whole pattern, route syntax and regex parts as written
    callback: object


PARAMETER = re.compile(
    r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>"  # route syntax: <int:pk>
    r"|\(\?P<(?P<rx_name>\w+)>(?P<rx>[^)]*)\)"  # regex syntax: (?P<app_label>a|b)
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
    public = list(_walk(get_resolver(settings.PUBLIC_SCHEMA_URLCONF).url_patterns,
                        settings.PUBLIC_SCHEMA_URLCONF, "/"))
    workspace = list(_walk(get_resolver(settings.KYODO_WORKSPACE_URLCONF).url_patterns,
                           settings.KYODO_WORKSPACE_URLCONF, "/m/{slug}/"))
    return public + workspace


@pytest.fixture
def world(prefecture, beppu, himeshima):
    """Our side (姫島村, vendor A) and the foreign side (別府市, vendor B)."""
    vendor_a = Vendor.objects.create(
        legal_name="自社システム株式会社", legal_name_kana="ジシャシステム",
        corporate_number="3944000012345", address="大分県姫島村", contact_name="自社",
        contact_email="own@vendor-a.example", status=VendorStatus.APPROVED)
    vendor_b = Vendor.objects.create(
        legal_name="他社システム株式会社", legal_name_kana="タシャシステム",
        corporate_number="2030001012345", address=foreign_data.VENDOR_B_ADDRESS,
        contact_name="他社", contact_email=foreign_data.VENDOR_B_EMAIL,
        status=VendorStatus.APPROVED)
    beppu_lead = MembershipFactory(user__email=foreign_data.BEPPU_LEAD_EMAIL,
                                   municipality=beppu, role=Role.MUNICIPALITY_LEAD).user
    with tenant_context(beppu):
        TownProfile.objects.create(department="別府市 DX推進課", notes=foreign_data.BEPPU_NOTES)
    foreign = foreign_data.create_extra(beppu=beppu, beppu_lead=beppu_lead, vendor_b=vendor_b)
    return {"beppu": beppu, "himeshima": himeshima, "prefecture": prefecture,
            "vendor_a": vendor_a, "vendor_b": vendor_b, "beppu_lead": beppu_lead, **foreign}


def _user_for(role: str, world):
    if role == "anonymous":
        return None
    user = UserFactory(email=f"{role}@isolation.test")
    organisation = {
        "prefecture_coordinator": {"municipality": world["prefecture"]},
        "prefecture_operator": {"municipality": world["prefecture"]},
        "specialist": {"municipality": world["prefecture"]},
        "municipality_lead": {"municipality": world["himeshima"]},
        "municipality_staff": {"municipality": world["himeshima"]},
        "vendor_admin": {"vendor": world["vendor_a"]},
        "vendor_member": {"vendor": world["vendor_a"]},
    }.get(role)
    if organisation is not None:
        Membership.objects.create(user=user, role=role, **organisation)
        foreign_data.satisfy_second_factor(user)
    return user


def _foreign_values(world) -> list[str]:
    """Identifiers of another town's and another organisation's objects (each once)."""
    values = [world["vendor_b"].pk, world["beppu"].pk, world["beppu_lead"].pk,
              world["beppu"].slug, world["beppu"].lg_code,
              *world.get("foreign_ids", []), *world.get("foreign_strings", [])]
    return sorted({str(value) for value in values})


def _values_for(match: re.Match, world) -> list[str]:
    if match["rx"] is not None and re.fullmatch(r"[\w|-]+", match["rx"]):
        return match["rx"].split("|")  # a closed list of choices, e.g. the admin's app labels
    return _foreign_values(world)


def _urls(route: Route, world) -> list[str]:
    """Concrete URLs for the route, its parameters filled with foreign identifiers.

    Only URLs that resolve back to the same view are kept.
    """
    prefix = route.prefix.format(slug=world["beppu"].slug)
    parameters = list(PARAMETER.finditer(route.pattern))
    choices = [_values_for(match, world) for match in parameters]
    urls = set()
    for combination in itertools.product(*choices):
        path = route.pattern
        for match, value in zip(reversed(parameters), reversed(combination), strict=True):
            path = path[:match.start()] + value + path[match.end():]
        path = path.replace("\\", "")
        try:
            found = resolve("/" + path, urlconf=route.urlconf)
        except Resolver404:
            continue
        if found.func == route.callback or getattr(found.func, "view_class", None) == getattr(
                route.callback, "view_class", object()):
            urls.add(prefix + path)
    return sorted(urls)


def _leaks(body: str, role: str) -> list[str]:
    return [marker for marker, allowed in foreign_data.MARKERS.items()
            if marker in body and role not in allowed]


def _foreign_state(world, role: str) -> tuple:
    with tenant_context(world["beppu"]):
        notes = list(TownProfile.objects.values_list("department", "notes"))
    vendor_b = Vendor.objects.filter(pk=world["vendor_b"].pk).values_list(
        "status", "contact_email").first()
    memberships = Membership.objects.filter(municipality=world["beppu"]).count(), \
        Membership.objects.filter(vendor=world["vendor_b"]).count()
    return notes, vendor_b, memberships, foreign_data.extra_state(world, role)


def test_no_route_leaks_or_changes_another_tenants_or_organisations_data(client, world):
    routes = all_routes()
    requests_made = Counter()
    leaks, unreachable, changed = [], [], []

    for role in ROLES:
        before = _foreign_state(world, role)
        user = _user_for(role, world)
        client.logout()
        if user is not None:
            client.force_login(user)
        for route in routes:
            urls = _urls(route, world)
            if not urls:
                unreachable.append(route.pattern)
                continue
            for url in urls:
                for method in ("get", "post"):
                    response = getattr(client, method)(url)
                    requests_made[(role, method)] += 1
                    if 200 <= response.status_code < 300:
                        body = b"".join(response).decode(errors="replace") \
                            if response.streaming else response.content.decode(errors="replace")
                        leaks += [f"{role} {method.upper()} {url}: {marker}"
                                  for marker in _leaks(body, role)]
        if _foreign_state(world, role) != before:
            changed.append(role)
        foreign_data.restore(world)

    assert leaks == []
    assert changed == [], "these roles changed another organisation's data"
    assert sorted(set(unreachable)) == [], "routes the test could not build a URL for"
    foreign_data.record_coverage(routes=len(routes), roles=len(ROLES),
                                 requests=sum(requests_made.values()))
