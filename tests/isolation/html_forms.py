"""The POST forms of a page, and the bodies a person would send with them.

The isolation walk posts to each route what its legitimate user would: it reads the
forms that user is shown and fills them in the way a browser submits them (hidden
fields as given, the checked boxes, the selected options), choosing and typing what a
person would where the form asks for something: a real option, fresh valid values.
Python's own HTML parser is enough: Kyodo's pages are well formed and the walk needs
names and values only.
"""

import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.utils import timezone

from tests.mfa import PASSWORD

NEW_PASSWORD = "Kyodo-walk-2026-passphrase"  # passes Django's password validators
TEXT_TYPES = {"text", "search", "textarea", "email", "url", "tel"}
NEVER_SENT = {"csrfmiddlewaretoken"}  # the page's owner's token; the test client needs none


@dataclass
class Field:
    name: str
    type: str  # an input's or a button's type; "select" or "textarea" for those tags
    value: str = ""
    attrs: dict = field(default_factory=dict)
    options: list = field(default_factory=list)  # a select's (value, selected) pairs

    @property
    def required(self) -> bool:
        return "required" in self.attrs


@dataclass
class Form:
    action: str  # the absolute path it posts to
    fields: list[Field] = field(default_factory=list)

    @property
    def submittable(self) -> bool:
        """A person can send it: it has a submit button (the admin's view-only page of
        a record is a form without one)."""
        return any(item.type in ("submit", "image") for item in self.fields)

    def bodies(self, fresh: "FreshValues", hints: dict) -> list[dict]:
        """What a browser would send: once changing every text that has a value
        (so that an accepted post is seen to change something), once keeping them;
        each with one of the form's named submit buttons, in page order."""
        buttons = [f for f in self.fields if f.type == "submit" and f.name] or [None]
        bodies = []
        for change, button in itertools.product((True, False), buttons):
            body = self._values(fresh, hints, change=change)
            if button is not None:
                body[button.name] = [button.value]
            if body not in bodies:
                bodies.append(body)
        return bodies

    def _values(self, fresh, hints, *, change: bool) -> dict:
        body: dict[str, list[str]] = {}
        radios_seen = set()
        for item in self.fields:
            if not item.name or item.name in NEVER_SENT or "disabled" in item.attrs:
                continue
            if item.type in ("submit", "button", "reset", "image"):
                continue
            if item.type == "file":
                body[item.name] = [UPLOAD]
                continue
            if item.type == "checkbox":
                if "checked" in item.attrs:
                    body.setdefault(item.name, []).append(item.value or "on")
            elif item.type == "radio":
                group = [f for f in self.fields if f.type == "radio" and f.name == item.name]
                if item.name not in radios_seen:
                    radios_seen.add(item.name)
                    chosen = next((f for f in group if "checked" in f.attrs), group[0])
                    body[item.name] = [chosen.value or "on"]
            elif item.type == "select":
                body[item.name] = _chosen_options(item)
            else:
                body[item.name] = [_typed_value(item, fresh, hints, change=change)]
        return body


# A file input is sent a small PDF; the walk turns this stand-in into a fresh upload for
# every request (an uploaded file can be read only once).
UPLOAD = "\x00isolation-upload.pdf"


def _chosen_options(select: Field) -> list[str]:
    """What a browser sends: the selected options, or the first one of a single choice;
    where that is a placeholder (「---------」, an empty value) and the choice is
    required, the first real option, as a person would pick."""
    chosen = [value for value, selected in select.options if selected]
    if not chosen and "multiple" not in select.attrs:
        chosen = [value for value, _ in select.options[:1]]
    if select.required and not any(chosen):
        chosen = [value for value, _ in select.options if value][:1]
    return chosen


def _typed_value(item: Field, fresh, hints, *, change: bool) -> str:
    """The field's value, or (if it is empty and required, or a text to change) a
    fresh one of its type; a hint for its name comes first."""
    if item.name in hints:
        return hints[item.name](fresh)
    if item.type == "hidden" or "readonly" in item.attrs:
        return item.value
    if item.type == "password":
        current = item.attrs.get("autocomplete") == "current-password"
        return PASSWORD if current else NEW_PASSWORD
    if item.value and not (change and item.type in TEXT_TYPES):
        return item.value
    if not item.value and not item.required:
        return ""
    return {
        "email": fresh.email,
        "date": lambda: fresh.today().isoformat(),
        "datetime-local": lambda: timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "time": lambda: "09:00",
        "number": lambda: item.attrs.get("min") or "1",
        "tel": lambda: "097-506-0000",
        "url": lambda: "https://www.example.jp/",
    }.get(item.type, fresh.text)()


class FreshValues:
    """Values no one has used yet (numbered), and today's date."""

    def __init__(self):
        self._numbers = itertools.count(1)

    def number(self) -> int:
        return next(self._numbers)

    def email(self) -> str:
        return f"walk-{self.number()}@isolation.test"

    def text(self) -> str:
        return f"巡回テスト{self.number()}"

    def today(self):
        return timezone.localdate()


def forms_in(html: str, page_path: str) -> list[Form]:
    """The page's POST forms, each with the absolute path it posts to."""
    parser = _FormParser(page_path)
    parser.feed(html)
    parser.close()
    return parser.forms


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self.form: Form | None = None  # the POST form being read, if any
        self.select: Field | None = None
        self.text_of: Field | None = None  # a textarea, or an option without a value
        self.option_index: int | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                action = urljoin(self.page_path, attrs.get("action") or self.page_path)
                self.form = Form(action=urlsplit(action).path)
                self.forms.append(self.form)
            else:
                self.form = None
            return
        if self.form is None:
            return
        name = attrs.get("name", "")
        if tag == "input":
            self.form.fields.append(Field(name, attrs.get("type", "text").lower(),
                                          attrs.get("value", ""), attrs))
        elif tag == "button":
            kind = attrs.get("type", "submit").lower()
            self.form.fields.append(Field(name, kind, attrs.get("value", ""), attrs))
        elif tag == "select":
            self.select = Field(name, "select", attrs=attrs)
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.select.options.append((attrs.get("value"), "selected" in attrs))
            self.option_index = len(self.select.options) - 1
        elif tag == "textarea":
            self.text_of = Field(name, "textarea", attrs=attrs)
            self.form.fields.append(self.text_of)

    def handle_data(self, data):
        if self.text_of is not None:
            self.text_of.value += data
        elif self.option_index is not None:
            value, selected = self.select.options[self.option_index]
            if value is None:  # an option without a value attribute sends its text
                self.select.options[self.option_index] = (data.strip(), selected)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self._settle_options()
            self.select = None
        elif tag == "option":
            self._settle_options()
            self.option_index = None
        elif tag == "textarea":
            if self.text_of is not None:
                self.text_of.value = self.text_of.value.removeprefix("\n")
            self.text_of = None

    def _settle_options(self):
        if self.select is not None:
            self.select.options = [(value or "", selected)
                                   for value, selected in self.select.options]
