"""What a notification says: its kinds, declared by each module and registered here.

A notification stores only its kind's code and the values for the kind's placeholders
(JSON). Its text is drawn when someone reads it — on a page in the reader's language,
in an e-mail in the platform's (settings.LANGUAGE_CODE) — so an English page shows
English text, and a wording corrected later corrects the old notifications too.

A module declares its kinds in its own `notices.py`, which NotificationsConfig.ready()
imports for every installed app:

    from django.utils.translation import gettext_lazy as _
    from kyodo.notifications.kinds import NotificationKind, register

    ADOPTION_SUBMITTED = register(NotificationKind(
        code="adoption.submitted",
        title=_("導入申請が提出されました"),
        body=_("%(town)sが%(system)sの導入を申請しました。"),
    ))

The placeholders (`%(town)s`) are read from the Japanese source texts, and notify()
refuses parameters that do not match them. A value that must itself be translated or
formatted when read (a choice, a date) is stored as JSON (its code, an ISO date) and
drawn by a formatter named in `formats` (as_choice, as_date, as_datetime,
as_field_labels).
"""

import datetime
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
CODE_MAX_LENGTH = 100
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
MISSING_VALUE = "…"


@dataclass(frozen=True, eq=False)
class NotificationKind:
    """One kind of notice: a stable code ("<module>.<event>") and its Japanese texts.

    `title` (the inbox line and the e-mail's subject) and `body` are gettext_lazy texts
    with %(name)s placeholders. `formats` maps a placeholder to a function that draws its
    stored value in the active language.
    """

    code: str
    title: str
    body: str
    formats: Mapping[str, Callable] = field(default_factory=dict)

    @cached_property
    def placeholders(self) -> frozenset[str]:
        """The names in the Japanese source texts (the message ids, untranslated)."""
        with translation.override(None):
            return frozenset(PLACEHOLDER.findall(f"{self.title}\n{self.body}"))

    def check_params(self, params: dict) -> dict:
        """`params` as stored: JSON, with exactly this kind's placeholders. A mismatch is a
        programming error in the calling module (it fails its tests), not bad input."""
        if not isinstance(params, dict):
            raise TypeError(f"{self.code}: params must be a dict, not {type(params).__name__}.")
        missing = self.placeholders - params.keys()
        unknown = params.keys() - self.placeholders
        if missing or unknown:
            raise ValueError(f"{self.code}: params do not match the placeholders "
                             f"(missing {sorted(missing)}, unknown {sorted(unknown)}).")
        try:
            return json.loads(json.dumps(params))
        except (TypeError, ValueError) as error:
            raise TypeError(f"{self.code}: params must be JSON-serialisable: {error}") from error

    def render(self, params: dict) -> tuple[str, str]:
        """(title, body) in the active language."""
        values = _Values({name: self._draw(name, value) for name, value in params.items()})
        return str(self.title) % values, str(self.body) % values

    def _draw(self, name: str, value) -> str:
        formatter = self.formats.get(name)
        if formatter is None:
            return "" if value is None else str(value)
        try:
            return formatter(value)
        except (TypeError, ValueError, LookupError, FieldDoesNotExist):
            return str(value)


class _Values(dict):
    """Placeholder values; one the stored row lacks (its kind gained a placeholder since)
    reads as an ellipsis instead of breaking the page."""

    def __missing__(self, key: str) -> str:
        return MISSING_VALUE


UNKNOWN = NotificationKind(
    code="notifications.unknown",
    title=_("お知らせ"),
    body=_("このお知らせの種類（%(code)s）は現在使われていないため、内容を表示できません。"),
)

_registry: dict[str, NotificationKind] = {}


def register(kind: NotificationKind) -> NotificationKind:
    """Add a kind to the registry (at import of the module's notices.py) and return it.

    Registering the same kind object again is harmless; another kind under a code that is
    taken is a configuration error, as is a formatter for a placeholder that does not exist.
    """
    if not CODE.match(kind.code) or len(kind.code) > CODE_MAX_LENGTH:
        raise ImproperlyConfigured(
            f"Notification kind code {kind.code!r} must read '<module>.<event>' in lower case "
            f"and be at most {CODE_MAX_LENGTH} characters.")
    existing = _registry.get(kind.code)
    if existing is not None and existing is not kind:
        raise ImproperlyConfigured(f"Notification kind {kind.code!r} is registered twice.")
    stray = set(kind.formats) - kind.placeholders
    if stray:
        raise ImproperlyConfigured(
            f"Notification kind {kind.code!r} formats {sorted(stray)}, which its texts lack.")
    _registry[kind.code] = kind
    return kind


def get(code: str) -> NotificationKind | None:
    return _registry.get(code)


def registered() -> list[NotificationKind]:
    return sorted(_registry.values(), key=lambda kind: kind.code)


def render(code: str, params: dict) -> tuple[str, str]:
    """(title, body) of a stored notification in the active language. A kind that no
    longer exists (its module was removed) still says something sensible."""
    kind = get(code)
    if kind is None:
        return UNKNOWN.render({"code": code})
    return kind.render(params or {})


# --- Formatters: draw a stored JSON value in the active language ------------------------

def as_choice(choices) -> Callable[[str], str]:
    """A TextChoices value ("information_systems") drawn as its label."""

    def draw(value: str) -> str:
        return str(choices(value).label)

    return draw


def as_date(value: str) -> str:
    """An ISO date ("2027-04-01") in the language's DATE_FORMAT."""
    return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")


def as_datetime(value: str) -> str:
    """An ISO date and time, in Japan's time, in the language's DATETIME_FORMAT."""
    moment = datetime.datetime.fromisoformat(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "DATETIME_FORMAT")


def as_field_labels(model) -> Callable[[list[str]], str]:
    """A list of a model's field names drawn as their verbose names (「担当者名、所在地」)."""

    def draw(names: list[str]) -> str:
        if isinstance(names, str):
            names = [names]
        labels = [str(model._meta.get_field(name).verbose_name) for name in names]
        return gettext("、").join(labels)

    return draw
