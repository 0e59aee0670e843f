"""The isolation walk: every route of both URLConfs, requested as every role.

1. Routes are found by walking the prefecture's URLConf (pages, allauth, admin, API)
   and the town workspace URLConf, which is walked under 別府市 (another town) and
   姫島村 (the roles' own). Path parameters are filled with the ids of both sides'
   planted objects (`foreign_data`), so a new route is covered without editing this.
2. The survey: each URL is requested by its legitimate user (`foreign_data.owners`),
   whose pages show the forms that post to it. A form filled in with fresh values, or
   for an API operation a body built from its OpenAPI request schema, is the route's
   body once its owner's post has been accepted: it answered below 400 and wrote to the
   database (or, for a sign-out, ended the session). A POST route left without such a
   body, and not explained in `post_bodies.WITHOUT_VALID_BODY`, fails the walk.
3. Each role then sends every URL a GET (unless the route refused its own user's GET
   with 405) and the route's write methods, carrying the proven bodies. After each
   request the transaction is rolled back, so every request meets the same world; a
   request that wrote nothing cannot have changed any state or the session, so only
   those that wrote are inspected: the guarded state (`foreign_data.GUARDED`) must be
   unchanged unless the role may change it, and the session must still be the role's
   (a sign-out route's is ended, and the role signs in again). Every request must have
   been made as the role's user, and no 2xx response may show a marker the role may
   not see.
"""

import functools
import itertools
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fnmatch import fnmatch
from importlib import import_module

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpRequest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from django.views.generic import RedirectView

from tests.isolation import foreign_data, post_bodies, procurement_data
from tests.isolation.html_forms import UPLOAD, FreshValues, forms_in

WRITE_METHODS = ("post", "put", "patch", "delete")
PARAMETER = re.compile(
    r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>"  # route syntax: <int:pk>
    r"|\(\?P<(?P<rx_name>\w+)>(?P<rx>[^)]*)\)"  # regex syntax: (?P<app_label>a|b)
)


# --- Routes and their URLs -----------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    urlconf: str
    workspace: bool  # mounted under /m/<slug>/
    route: str  # as Django's resolver spells it (ResolverMatch.route): the route's identity
    pattern: str  # the same, without regex anchors, for filling in parameters
    name: str  # the URL name with its namespaces, or the pattern for an unnamed route
    callback: object

    @property
    def label(self) -> str:
        return ("/m/<slug>/" if self.workspace else "/") + self.pattern

    @property
    def methods(self) -> tuple[str, ...]:
        """GET and POST; an API view, GET and the write methods it implements."""
        view = getattr(self.callback, "cls", None)  # DRF's as_view() marks its views so
        if view is not None:
            return ("get", *[method for method in WRITE_METHODS if hasattr(view, method)])
        view = getattr(self.callback, "view_class", None)
        if view is not None and (not hasattr(view, "post") or issubclass(view, RedirectView)):
            return ("get",)  # RedirectView answers a POST as it answers a GET
        return ("get", "post")

    def matches(self, key: str) -> bool:
        return fnmatch(self.name, key)


def all_routes() -> list[Route]:
    public, workspace = settings.PUBLIC_SCHEMA_URLCONF, settings.KYODO_WORKSPACE_URLCONF
    return [*_walk(get_resolver(public).url_patterns, public, False),
            *_walk(get_resolver(workspace).url_patterns, workspace, True)]


def _walk(patterns, urlconf, workspace, route="", pattern="", namespaces=()):
    for entry in patterns:
        joined = URLResolver._join_route(route, str(entry.pattern))
        text = pattern + _without_anchors(entry.pattern)
        if isinstance(entry, URLResolver):
            names = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, urlconf, workspace, joined, text, names)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else text
            yield Route(urlconf, workspace, joined, text, name, entry.callback)


def _without_anchors(pattern) -> str:
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return text
    return text.removeprefix("^").removesuffix("$").removesuffix("\\Z")


def route_of(path: str, world, routes: list[Route]) -> Route | None:
    """The route a path resolves to, in the URLConf its prefix selects."""
    urlconf, inner = settings.PUBLIC_SCHEMA_URLCONF, path
    for town in (world.beppu, world.himeshima):
        if path.startswith(f"/m/{town.slug}/"):
            urlconf, inner = settings.KYODO_WORKSPACE_URLCONF, path[len(f"/m/{town.slug}"):]
    try:
        match = resolve(inner, urlconf=urlconf)
    except Resolver404:
        return None
    return next((route for route in routes
                 if route.urlconf == urlconf and route.route == match.route), None)


def _open_values(route: Route, world) -> list[str]:
    """The values a parameter takes: for an admin object's routes, the id of the first
    planted object of that model (the admin checks that the user is staff and has the
    model's permission, never who the object belongs to); for any other route, since
    nothing says which model its parameter names, the planted ids (FOREIGN_IDS and
    OWN_IDS), both towns' ids, the other town's slug and 地方公共団体コード, and the
    planted bids' UUIDs. An OCDS package's ocid takes the ocids of every planted
    procurement instead (drafts, surveys, sealed, opened and awarded tenders)."""
    if "<str:ocid>" in route.pattern:
        return procurement_data.ocids(world)
    model = _admin_model(route)
    if model is not None:
        return [str(obj.pk) for obj in world.foreign + world.own if isinstance(obj, model)][:1]
    ids = {*foreign_data.FOREIGN_IDS, *foreign_data.OWN_IDS, world.beppu.pk, world.himeshima.pk}
    return sorted({str(value) for value in ids} | {world.beppu.slug, world.beppu.lg_code}
                  | set(procurement_data.BID_IDS))


def _admin_model(route: Route):
    """The model whose ModelAdmin serves the route, if one does."""
    for model in apps.get_models():
        meta = model._meta
        if admin.site.is_registered(model) and route.pattern.startswith(
                f"admin/{meta.app_label}/{meta.model_name}/"):
            return model
    return None


def urls_of(route: Route, world) -> list[str]:
    """Concrete URLs for the route, kept only if they resolve back to it.

    A parameter written as a closed list of choices (the admin's app labels) takes each
    choice. The others take each planted id in turn; a route with several takes the
    same id in all of them at once, since their product would multiply the walk for
    little (today these are allauth's reset key and the admin's object shortcut).
    """
    parameters = list(PARAMETER.finditer(route.pattern))
    closed = [match["rx"].split("|") if _is_choice_list(match) else None
              for match in parameters]
    open_values = _open_values(route, world) if None in closed else [None]
    prefixes = [f"/m/{world.beppu.slug}/", f"/m/{world.himeshima.slug}/"] \
        if route.workspace else ["/"]
    urls = set()
    for value in open_values:
        choices = [options if options is not None else [value] for options in closed]
        for combination in itertools.product(*choices):
            path = route.pattern
            for match, filled in zip(reversed(parameters), reversed(combination), strict=True):
                path = path[:match.start()] + filled + path[match.end():]
            path = path.replace("\\", "")
            for prefix in prefixes:
                url = prefix + path
                if route_of(url, world, [route]) is route:
                    urls.add(url)
    return sorted(urls)


def _is_choice_list(match: re.Match) -> bool:
    return match["rx"] is not None and re.fullmatch(r"[\w|-]+", match["rx"]) is not None


# --- Visitors: one browser each, the world rewound after every request ----------------------

@dataclass
class Sent:
    response: object
    data_written: set[str]  # tables written, other than the sessions'
    ended_session: bool  # the request left the visitor signed in as someone else, or no one
    inspected: object = None  # what `inspect` returned, when the request wrote data

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def made_as(self) -> int | None:
        """Whom the request was made as: the user the request's middleware saw."""
        return self.response.wsgi_request.user.pk

    @property
    def accepted(self) -> bool:
        return self.status < 400 and bool(self.data_written)

    def text(self) -> str:
        response = self.response
        content = b"".join(response) if response.streaming else response.content
        return content.decode(errors="replace")

    @property
    def is_html(self) -> bool:
        return self.response.get("Content-Type", "").startswith("text/html")


def sign_in(client: Client, user) -> None:
    """Sign `user` in as allauth leaves someone who has just signed in (password, and
    second factor if they have one) and confirmed their password again, so that pages
    asking for a recent sign-in let them through."""
    client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request = HttpRequest()
    request.session = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    record_authentication(request, user, method="password", email=user.email)
    for authenticator in Authenticator.objects.filter(user=user):
        record_authentication(request, user, method="mfa", type=authenticator.type,
                              id=authenticator.pk)
    record_authentication(request, user, method="password", reauthenticated=True)
    request.session.save()


def signed_in_user_id(client: Client) -> int | None:
    """Who the client's next request will be made as (None: nobody)."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is None or not cookie.value:
        return None
    request = HttpRequest()
    request.session = SessionStore(cookie.value)
    user = get_user(request)
    return user.pk if user.is_authenticated else None


class Rewind:
    """The world as it was before the requests, held in one savepoint.

    After each request the transaction rolls back to it, so every request meets the
    same world (ROLLBACK TO keeps the savepoint: one serves every request); what must
    outlast a request, a sign-in, is kept by releasing the savepoint and setting a new
    one. PostgreSQL counts the rows each table has had inserted, updated or deleted in
    the running transaction, rolled back or not, so the counts before and after a
    request tell whether it wrote anything, and where.
    """

    def __init__(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT relid, relname FROM pg_stat_user_tables")
            self.tables = dict(cursor.fetchall())
        self.counts = self._read()
        self.savepoint = transaction.savepoint()

    def _read(self) -> dict[int, int]:
        # Through the driver's own cursor: the statement names no table, so the
        # `SET search_path` django-tenants puts before each statement would be wasted.
        with connection.connection.cursor() as cursor:
            cursor.execute(
                "SELECT oid, pg_stat_get_xact_tuples_inserted(oid)"
                " + pg_stat_get_xact_tuples_updated(oid) + pg_stat_get_xact_tuples_deleted(oid)"
                " FROM unnest(%s::oid[]) AS oid", [list(self.tables)])
            return dict(cursor.fetchall())

    def written(self) -> set[str]:
        """The tables written to since the last look."""
        counts = self._read()
        written = {self.tables[oid] for oid, rows in counts.items() if rows > self.counts[oid]}
        self.counts = counts
        return written

    def rewind(self) -> None:
        # A request that failed in the database marked the transaction for rollback;
        # rolling back to the savepoint is that rollback.
        transaction.set_rollback(False)
        transaction.savepoint_rollback(self.savepoint)

    def keep(self) -> None:
        self.done()
        self.savepoint = transaction.savepoint()
        self.written()

    def done(self) -> None:
        transaction.savepoint_commit(self.savepoint)


class Visitor:
    """A browser of one person (or of nobody, for the anonymous role).

    Sessions live in the database, so a request that wrote nothing there has left the
    session as it was; only after one that did is the session looked at again.
    """

    def __init__(self, user, rewind: Rewind):
        assert issubclass(import_module(settings.SESSION_ENGINE).SessionStore,
                          DatabaseSessionStore), "the walk reads sessions from the database"
        self.user, self.rewind = user, rewind
        self.user_id = user.pk if user is not None else None
        self.client = Client(raise_request_exception=False)
        self.restore()

    def send(self, method: str, url: str, body: "Body | None" = None, *, inspect=None) -> Sent:
        """One request; afterwards the world is rewound to what it was before."""
        response = _request(self.client, method, url, body)
        # A request that failed in the database (a 500) can be looked at no further.
        failed = connection.needs_rollback
        written = set() if failed else self.rewind.written()
        data_written = written - {Session._meta.db_table}
        ended = bool(written) and signed_in_user_id(self.client) != self.user_id
        inspected = inspect() if data_written and inspect is not None else None
        self.rewind.rewind()
        if failed or (written and signed_in_user_id(self.client) != self.user_id):
            self.restore()
        return Sent(response, data_written, ended, inspected)

    def restore(self) -> None:
        """Sign the visitor in again (or out, for the anonymous visitor), for good."""
        if self.user is None:
            self.client.logout()
        else:
            sign_in(self.client, self.user)
        self.rewind.keep()


def _request(client: Client, method: str, url: str, body: "Body | None"):
    if body is None:
        return getattr(client, method)(url)
    if body.json:
        return getattr(client, method)(url, data=json.dumps(body.data),
                                       content_type="application/json")
    return getattr(client, method)(url, data={
        name: [_upload(value) for value in values] for name, values in body.data.items()})


def _upload(value):
    """A fresh file for a stand-in (a small PDF, or one of post_bodies.UPLOADS); any other
    value as it is."""
    if value == UPLOAD:
        return SimpleUploadedFile("isolation-upload.pdf", b"%PDF-1.4 isolation", "application/pdf")
    if isinstance(value, str) and value in post_bodies.UPLOADS:
        return SimpleUploadedFile(*post_bodies.UPLOADS[value])
    return value


# --- The survey: a proven body for every POST route ----------------------------------------

@dataclass
class Body:
    data: dict
    json: bool = False
    proven: bool = False


@dataclass
class Survey:
    bodies: dict[str, Body] = field(default_factory=dict)  # by URL
    post_routes: set[str] = field(default_factory=set)  # names of routes that take a POST
    write_only: set[str] = field(default_factory=set)  # names of routes that refuse a GET
    proven_routes: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def methods(self, route: Route) -> list[str]:
        """What the walk sends to a route: its write methods if it takes any, and GET
        unless its own user's GET was refused with 405 at every URL (a route that
        takes only POST refuses everyone's GET alike)."""
        takes_get = route.name not in self.write_only
        takes_writes = route.name in self.post_routes
        return [method for method in route.methods
                if (takes_get if method == "get" else takes_writes)]


def survey(world, targets: list[tuple[Route, list[str]]]) -> Survey:
    routes = [route for route, _ in targets]
    owners = foreign_data.owners(world)
    rewind = Rewind()
    visitors = {}

    def owner_of(url: str) -> tuple[str, Visitor]:
        key = next(person for prefix, person in owners if url.startswith(prefix))
        if key not in visitors:
            visitors[key] = Visitor(world.person(key), rewind)
        return key, visitors[key]

    result = Survey()
    forms = defaultdict(list)  # (owner, path) -> the forms aimed at it that the owner saw
    for route, urls in targets:
        class_based = hasattr(route.callback, "cls") or hasattr(route.callback, "view_class")
        if class_based and len(route.methods) > 1:
            result.post_routes.add(route.name)
        refused = 0
        for url in urls:
            key, visitor = owner_of(url)
            sent = visitor.send("get", url)
            if sent.status == 405:
                refused += 1
                result.post_routes.add(route.name)
            if not (200 <= sent.status < 300 and sent.is_html):
                continue
            for form in filter(lambda form: form.submittable, forms_in(sent.text(), url)):
                if form not in forms[(key, form.action)]:
                    forms[(key, form.action)].append(form)
                aimed_at = route_of(form.action, world, routes)
                if aimed_at is not None and "post" in aimed_at.methods:
                    result.post_routes.add(aimed_at.name)
        if refused == len(urls):
            result.write_only.add(route.name)

    fresh = FreshValues()
    for route, urls in targets:
        if route.name not in result.post_routes:
            continue
        method = next(method for method in route.methods if method in WRITE_METHODS)
        for url in urls:
            key, visitor = owner_of(url)
            candidates = _candidates(route, url, forms[(key, url)], fresh)
            for body in candidates:
                sent = visitor.send(method, url, body)
                if sent.accepted or (sent.ended_session and sent.status < 400 and any(
                        route.matches(name) for name in post_bodies.SESSION_ENDING)):
                    body.proven = True
                    result.proven_routes.add(route.name)
                    break
            if candidates:
                result.bodies[url] = next((body for body in candidates if body.proven),
                                          candidates[0])
    rewind.done()
    result.problems = _body_problems(routes, result)
    return result


def _candidates(route: Route, url: str, forms, fresh) -> list[Body]:
    """Bodies to try, best first: for an API view, the one its OpenAPI request schema
    gives; for a page, each form aimed at the URL, filled in. `post_bodies.BODIES`
    completes them, or gives the body where nothing was derived."""
    api = hasattr(route.callback, "cls")
    if api:
        data = api_body(url, next(m for m in route.methods if m != "get"), fresh)
        derived = [] if data is None else [data]
    else:
        derived = [data for form in forms for data in form.bodies(fresh, post_bodies.FIELD_HINTS)]
    given = next((function for name, function in post_bodies.BODIES.items()
                  if route.matches(name)), None)
    if given is not None:
        derived = [given(data, fresh) for data in derived or [{}]]
    multipart = any(route.matches(name) for name in post_bodies.MULTIPART_API)
    return [Body(data, json=api and not multipart) for data in derived]


def _body_problems(routes: list[Route], result: Survey) -> list[str]:
    problems = []
    exempt = post_bodies.WITHOUT_VALID_BODY
    problems += [f"WITHOUT_VALID_BODY[{name!r}] names no POST route: remove it"
                 for name in exempt if not any(route.matches(name) and route.name in
                                               result.post_routes for route in routes)]
    for route in routes:
        explained = [name for name in exempt if route.matches(name)]
        if route.name in result.post_routes and route.name not in result.proven_routes \
                and not explained:
            problems.append(f"{route.label} ({route.name}) takes a POST, but no body was "
                            f"accepted from its owner: add what is missing to post_bodies.py")
        if route.name in result.proven_routes and explained:
            problems.append(f"{route.label} ({route.name}) now has a valid body: remove "
                            f"{explained} from WITHOUT_VALID_BODY")
    return problems


# --- API bodies from the OpenAPI schema -----------------------------------------------------

@functools.cache
def _openapi() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def api_body(url: str, method: str, fresh) -> dict | None:
    """A body for the API operation serving `url`, from its JSON request schema."""
    document = _openapi()
    for template, operations in document.get("paths", {}).items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), url) and method in operations:
            content = operations[method].get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema is not None:
                return body_from_schema(schema, document.get("components", {}), fresh)
    return None


def body_from_schema(schema: dict, components: dict, fresh):
    """A minimal valid instance of a JSON schema: its required properties, each the
    first of its choices or a fresh value of its type and format."""
    if "$ref" in schema:
        return body_from_schema(components["schemas"][schema["$ref"].rsplit("/", 1)[-1]],
                                components, fresh)
    for combined in ("allOf", "oneOf", "anyOf"):
        if combined in schema:
            return body_from_schema(schema[combined][0], components, fresh)
    if "enum" in schema:
        return next(value for value in schema["enum"] if value not in ("", None))
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: body_from_schema(properties[name], components, fresh)
                for name in schema.get("required", []) if not properties[name].get("readOnly")}
    if kind == "array":
        item = body_from_schema(schema.get("items", {}), components, fresh)
        return [item] * max(1, schema.get("minItems", 1))
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    formats = {"email": fresh.email, "date": lambda: fresh.today().isoformat(),
               "date-time": lambda: timezone.now().isoformat()}
    value = formats.get(schema.get("format"), fresh.text)()
    return value[:schema["maxLength"]] if "maxLength" in schema else value


# --- The walk ------------------------------------------------------------------------------

@dataclass
class Report:
    leaks: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # 5xx answers
    requests: Counter = field(default_factory=Counter)  # by role
    signed_in: Counter = field(default_factory=Counter)  # by role: made as the role's user
    proven_posts: int = 0  # write requests that carried a body proven valid for their route

    @property
    def problems(self) -> list[str]:
        return self.leaks + self.changes + self.sessions + self.errors


class Guard:
    """The guarded state as it was before the walk; every request starts from it."""

    def __init__(self, world):
        self.world = world
        self.baseline = {entry.name: entry.state(world) for entry in foreign_data.GUARDED}

    def changed(self) -> list[foreign_data.Guarded]:
        return [entry for entry in foreign_data.GUARDED
                if entry.state(self.world) != self.baseline[entry.name]]


def walk(world, *, roles: list[str], targets: list[tuple[Route, list[str]]],
         surveyed: Survey) -> Report:
    """Every URL as each role, with each method the survey found the route takes."""
    report = Report()
    guard = Guard(world)
    rewind = Rewind()
    for role in roles:
        cache.clear()  # a new browser: allauth's rate limits start afresh
        user = world.person(role)
        visitor = Visitor(user, rewind)
        for route, urls in targets:
            session_ending = any(route.matches(name) for name in post_bodies.SESSION_ENDING)
            for url, method in itertools.product(urls, surveyed.methods(route)):
                body = surveyed.bodies.get(url) if method in WRITE_METHODS else None
                sent = visitor.send(method, url, body, inspect=guard.changed)
                where = f"{role} {method.upper()} {url}"
                report.requests[role] += 1
                signed_out = sent.ended_session and user is not None and session_ending
                if sent.ended_session and not signed_out:
                    report.sessions.append(f"{where} changed who is signed in")
                if sent.made_as != visitor.user_id and not signed_out:
                    # (signing out replaces the request's user with an anonymous one)
                    report.sessions.append(f"{where} was made as user {sent.made_as}")
                elif user is not None:
                    report.signed_in[role] += 1
                if body is not None and body.proven:
                    report.proven_posts += 1
                if sent.status >= 500:
                    report.errors.append(f"{where} answered {sent.status}")
                if 200 <= sent.status < 300:
                    text = sent.text()
                    report.leaks += [f"{where} shows {marker.text}"
                                     for marker in foreign_data.MARKERS
                                     if marker.text in text and role not in marker.seen_by]
                report.changes += [f"{where} changed {entry.name}"
                                   for entry in sent.inspected or []
                                   if role not in entry.changed_by]
        if signed_in_user_id(visitor.client) != visitor.user_id:
            report.sessions.append(f"{role} is no longer signed in after the walk")
    rewind.done()
    return report


def targets_of(world, routes: list[Route] | None = None, *, where=None):
    """Each route with its URLs (those `where` accepts), and the routes without a URL."""
    targets, unreachable = [], []
    for route in routes if routes is not None else all_routes():
        urls = [url for url in urls_of(route, world) if where is None or where(url)]
        if urls:
            targets.append((route, urls))
        elif where is None:
            unreachable.append(route.label)
    return targets, unreachable
