"""A vendor can recompute its receipt after opening; any change to the bid shows."""

import datetime
import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyodo.errors import DomainError
from procurement.canonical import canonical_json
from procurement.receipts import BidContent, BidDocument, receipt_issue, receipt_verify

SUBMITTED = datetime.datetime(2026, 2, 2, 1, 0, 5, 250000, tzinfo=datetime.UTC)
PROPOSAL = b"%PDF-1.7 technical proposal"


def content(**changes) -> BidContent:
    values = {
        "tender_id": "T-2026-001",
        "bid_id": "B-17",
        "vendor_id": "V-3",
        "total_price": 9_800_000,
        "town_prices": {"442011": 6_000_000, "443221": 3_800_000},
        "declarations": {"暴力団等の排除": True, "資格要件の充足": True},
        "kuji_number": "042",
        "documents": (BidDocument.from_bytes("提案書.pdf", PROPOSAL),),
        "submitted_at": SUBMITTED,
    }
    return BidContent(**{**values, **changes})


def test_the_canonical_content_is_exactly_this_text():
    digest = hashlib.sha256(PROPOSAL).hexdigest()

    assert content().canonical().decode() == (
        '{"bid":"B-17","declarations":{"暴力団等の排除":true,"資格要件の充足":true},'
        f'"documents":[{{"name":"提案書.pdf","sha256":"{digest}","size":27}}],'
        '"kuji_number":"042","schema":"kyodo.procurement.bid/1",'
        '"submitted_at":"2026-02-02T01:00:05.250000Z","tender":"T-2026-001",'
        '"total_price":9800000,"town_prices":{"442011":6000000,"443221":3800000},'
        '"vendor":"V-3"}'
    )


def test_a_vendor_recomputes_its_receipt_from_the_tabulation_and_its_documents():
    receipt = receipt_issue(content())
    rebuilt = content(submitted_at=SUBMITTED.astimezone(datetime.timezone(
        datetime.timedelta(hours=9))))  # the tabulation shows JST; the content is UTC

    check = receipt_verify(receipt_sha256=receipt.sha256, content=rebuilt,
                           documents={"提案書.pdf": PROPOSAL})

    assert check.valid
    assert receipt.sha256 == hashlib.sha256(receipt.canonical).hexdigest()


def test_the_receipt_can_be_checked_with_the_standard_library_alone():
    """What docs/procurement.md tells vendors: sorted keys, no spaces, UTF-8, SHA-256."""
    receipt = receipt_issue(content())
    value = json.loads(receipt.canonical)

    again = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    assert hashlib.sha256(again.encode()).hexdigest() == receipt.sha256


@pytest.mark.parametrize("changes", [
    {"total_price": 9_800_001},
    {"town_prices": {"442011": 6_000_001, "443221": 3_799_999}},
    {"kuji_number": "043"},
    {"submitted_at": SUBMITTED + datetime.timedelta(microseconds=1)},
    {"declarations": {"暴力団等の排除": True, "資格要件の充足": False}},
    {"vendor_id": "V-4"},
])
def test_any_changed_figure_fails_the_receipt(changes):
    receipt = receipt_issue(content())

    check = receipt_verify(receipt_sha256=receipt.sha256, content=content(**changes))

    assert not check.valid
    assert not check.digest_matches


def test_a_changed_document_is_named():
    receipt = receipt_issue(content())

    check = receipt_verify(receipt_sha256=receipt.sha256, content=content(),
                           documents={"提案書.pdf": PROPOSAL + b" "})

    assert check.digest_matches
    assert not check.valid
    assert check.document_mismatches == ("提案書.pdf",)


def test_a_missing_document_is_named():
    receipt = receipt_issue(content())

    check = receipt_verify(receipt_sha256=receipt.sha256, content=content(), documents={})

    assert not check.valid
    assert check.missing_documents == ("提案書.pdf",)


def test_content_read_back_from_its_canonical_bytes_is_the_same():
    assert BidContent.from_canonical(content().canonical()) == content()


def test_bytes_that_are_not_canonical_are_not_read_as_content():
    pretty = json.dumps(json.loads(content().canonical()), ensure_ascii=False, indent=1)

    with pytest.raises(ValueError, match="canonical"):
        BidContent.from_canonical(pretty.encode())


@pytest.mark.parametrize("changes, field", [
    ({"total_price": 0}, "total_price"),
    ({"total_price": 9_800_000.0}, "total_price"),
    ({"total_price": True}, "total_price"),
    ({"total_price": 2**53}, "total_price"),
    ({"town_prices": {"442011": -1}}, "town_prices.442011"),
    ({"kuji_number": "42"}, "kuji_number"),
    ({"declarations": {"暴力団等の排除": "はい"}}, "declarations.暴力団等の排除"),
    ({"documents": (BidDocument.from_bytes("a.pdf", b"1"), BidDocument.from_bytes("a.pdf", b"2"))},
     "documents"),
])
def test_bad_content_is_refused_naming_the_field(changes, field):
    with pytest.raises(DomainError) as refused:
        content(**changes)

    assert refused.value.details[0]["field"] == field


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53 - 1), 2**53 - 1) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children,
                                                                      max_size=4),
    max_leaves=20,
)


@given(value=json_values)
def test_canonical_json_reads_back_to_the_same_value_and_is_stable(value):
    text = canonical_json(value)

    assert json.loads(text) == value
    assert canonical_json(json.loads(text)) == text


def test_canonical_json_orders_keys_by_utf16_code_units_as_rfc_8785_does():
    """U+1F600 is the surrogate pair D83D DE00, which sorts before U+FF61 in UTF-16."""
    assert canonical_json({"\uff61": 1, "\U0001f600": 2, "a": 3}).decode() == (
        '{"a":3,"\U0001f600":2,"\uff61":1}')


@pytest.mark.parametrize("value", [1.5, 2**53, float("nan"), b"bytes", {1: "key"}])
def test_canonical_json_refuses_what_has_no_single_form(value):
    with pytest.raises((TypeError, ValueError)):
        canonical_json(value)


def test_canonical_json_escapes_like_ecmascript():
    assert canonical_json("改行\n\t\"\\\x01/é") == '"改行\\n\\t\\"\\\\\\u0001/é"'.encode()
