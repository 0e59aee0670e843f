"""The English catalogue is complete and its compiled form is current."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "kyodo" / "locale" / "en" / "LC_MESSAGES"
ENTRY = re.compile(r'^((?:#[^\n]*\n)*)msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)', re.M)


def _text(quoted: str) -> str:
    return "".join(re.findall(r'"(.*)"', quoted)).encode().decode("unicode_escape").encode(
        "latin-1").decode("utf-8")


def po_entries() -> dict[str, tuple[str, str]]:
    source = (LOCALE / "django.po").read_text(encoding="utf-8")
    return {_text(msgid): (_text(msgstr), comments)
            for comments, msgid, msgstr in ENTRY.findall(source) if _text(msgid)}


def test_every_japanese_message_has_an_english_translation():
    entries = po_entries()

    assert entries
    assert [msgid for msgid, (msgstr, _) in entries.items() if not msgstr] == []
    assert [msgid for msgid, (_, comments) in entries.items() if "fuzzy" in comments] == []


def test_the_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    assert {msgid: compiled.gettext(msgid) for msgid in po_entries()} == {
        msgid: msgstr for msgid, (msgstr, _) in po_entries().items()}
