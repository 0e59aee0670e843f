"""Declaring kinds: codes are unique and well formed, formats name real placeholders, and
every kind a module declares reads in English too."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kyodo.notifications import kinds
from kyodo.notifications.kinds import NotificationKind, as_date, register


def test_the_placeholders_are_read_from_the_japanese_source():
    kind = NotificationKind(code="testing.placeholders", title=_("%(town)sから"),
                            body=_("%(system)sの申請（%(month)s）"))

    with translation.override("en"):
        assert kind.placeholders == {"town", "system", "month"}


@pytest.mark.parametrize("code", ["adoption", "Adoption.Submitted", "adoption submitted",
                                  "adoption." + "x" * 100])
def test_a_code_reads_module_dot_event_in_lower_case(code):
    with pytest.raises(ImproperlyConfigured):
        register(NotificationKind(code=code, title=_("件名"), body=_("本文")))


def test_a_code_is_declared_once():
    register(NotificationKind(code="testing.once", title=_("件名"), body=_("本文")))

    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        register(NotificationKind(code="testing.once", title=_("件名"), body=_("別の本文")))


def test_a_format_must_name_a_placeholder_of_the_kind():
    with pytest.raises(ImproperlyConfigured, match="due"):
        register(NotificationKind(code="testing.stray_format", title=_("件名"),
                                  body=_("%(subject)sの本文"), formats={"due": as_date}))


@pytest.mark.parametrize("kind", [kind for kind in kinds.registered()
                                  if not kind.code.startswith("testing.")],
                         ids=lambda kind: kind.code)
def test_every_declared_kind_reads_in_english(kind):
    params = {name: "x" for name in kind.placeholders}

    with translation.override("ja"):
        japanese = kind.render(params)
    with translation.override("en"):
        english = kind.render(params)

    assert english[0] != japanese[0] and english[1] != japanese[1]
