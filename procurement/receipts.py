"""A bid's content in canonical form, its receipt, and how a vendor checks the receipt.

At submission the server fixes the content (the vendor's figures and documents, the
server's receipt time), serialises it canonically (procurement.canonical, RFC 8785)
and gives the vendor the SHA-256 of those bytes as the receipt, with the bytes
themselves. Documents enter by their own SHA-256, so the one digest covers them too.
After opening the 入札経過調書 shows each bid's figures; the vendor rebuilds the
content from them and its own documents and checks that the digest is the one it was
given (`receipt_verify`). The opening service makes the same check on what it
decrypted, so a bid that changed while sealed is caught from both sides.

The content is versioned by `schema`; a new field means a new schema name, never a
different meaning for an old one.
"""

import datetime
import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from kyodo.errors import DomainError, ErrorCode
from procurement.canonical import MAX_SAFE_INTEGER, canonical_json
from procurement.lottery import kuji_number_validate

RECEIPT_SCHEMA = "kyodo.procurement.bid/1"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")


def _invalid(field_name: str, code: str, message) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, str(message),
                       details=[{"field": field_name, "code": code, "message": str(message)}])


def _yen(value, field_name: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(field_name, "yen_integer", _("金額は円単位の整数で入力してください。"))
    if not minimum <= value <= MAX_SAFE_INTEGER:
        raise _invalid(field_name, "yen_range", _("金額が入力できる範囲を超えています。"))
    return value


def time_text(moment: datetime.datetime) -> str:
    """The receipt time as written in the content: UTC, always six digits of microseconds."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("receipt times must be timezone-aware")
    return moment.astimezone(datetime.UTC).strftime(TIME_FORMAT)


def time_parse(text: str) -> datetime.datetime:
    return datetime.datetime.strptime(text, TIME_FORMAT).replace(tzinfo=datetime.UTC)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class BidDocument:
    """A document of the bid, by name, SHA-256 (lowercase hex) and size in bytes."""

    name: str
    sha256: str
    size: int

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> "BidDocument":
        return cls(name=name, sha256=sha256_hex(data), size=len(data))

    def __post_init__(self):
        if not self.name or not isinstance(self.name, str):
            raise _invalid("documents", "document_name", _("書類の名前がありません。"))
        if not SHA256_PATTERN.fullmatch(self.sha256):
            raise ValueError("a document digest is 64 lowercase hexadecimal digits")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size < 0:
            raise ValueError("a document size is a whole number of bytes")


@dataclass(frozen=True)
class BidContent:
    """Everything a bid says, as the receipt covers it.

    `town_prices` maps a participating town's 地方公共団体コード to its price where the
    tender asks for one; `declarations` maps each declaration the tender requires to
    the vendor's answer. Prices are tax-exclusive integer yen.
    """

    tender_id: str
    bid_id: str
    vendor_id: str
    total_price: int
    kuji_number: str
    submitted_at: datetime.datetime
    town_prices: Mapping[str, int] = field(default_factory=dict)
    declarations: Mapping[str, bool] = field(default_factory=dict)
    documents: tuple[BidDocument, ...] = ()

    def __post_init__(self):
        for name in ("tender_id", "bid_id", "vendor_id"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise ValueError(f"{name} is a non-empty string")
        _yen(self.total_price, "total_price", minimum=1)
        for code, price in self.town_prices.items():
            if not isinstance(code, str):
                raise ValueError("town prices are keyed by 地方公共団体コード strings")
            _yen(price, f"town_prices.{code}", minimum=0)
        for name, answer in self.declarations.items():
            if not isinstance(name, str) or not isinstance(answer, bool):
                raise _invalid(f"declarations.{name}", "declaration_answer",
                               _("宣誓事項には、はい又はいいえで回答してください。"))
        kuji_number_validate(self.kuji_number)
        time_text(self.submitted_at)
        names = [document.name for document in self.documents]
        if len(set(names)) != len(names):
            raise _invalid("documents", "document_name_duplicate",
                           _("同じ名前の書類が複数あります。名前を変えて添付してください。"))
        object.__setattr__(self, "town_prices", dict(self.town_prices))
        object.__setattr__(self, "declarations", dict(self.declarations))
        object.__setattr__(self, "documents", tuple(
            sorted(self.documents, key=lambda document: document.name.encode("utf-16-be"))))

    def as_json(self) -> dict:
        return {
            "schema": RECEIPT_SCHEMA,
            "tender": self.tender_id,
            "bid": self.bid_id,
            "vendor": self.vendor_id,
            "total_price": self.total_price,
            "town_prices": dict(self.town_prices),
            "declarations": dict(self.declarations),
            "kuji_number": self.kuji_number,
            "documents": [
                {"name": document.name, "sha256": document.sha256, "size": document.size}
                for document in self.documents
            ],
            "submitted_at": time_text(self.submitted_at),
        }

    def canonical(self) -> bytes:
        return canonical_json(self.as_json())

    def receipt_sha256(self) -> str:
        return sha256_hex(self.canonical())

    @classmethod
    def from_canonical(cls, data: bytes) -> "BidContent":
        """Read content back (after opening); anything but this schema's exact form is refused."""
        value = json.loads(data.decode("utf-8"))
        if not isinstance(value, dict) or value.get("schema") != RECEIPT_SCHEMA:
            raise ValueError("not a bid content of schema " + RECEIPT_SCHEMA)
        content = cls(
            tender_id=value["tender"],
            bid_id=value["bid"],
            vendor_id=value["vendor"],
            total_price=value["total_price"],
            kuji_number=value["kuji_number"],
            submitted_at=time_parse(value["submitted_at"]),
            town_prices=value["town_prices"],
            declarations=value["declarations"],
            documents=tuple(BidDocument(**document) for document in value["documents"]),
        )
        if content.canonical() != data:
            raise ValueError("the bytes are not in canonical form")
        return content


@dataclass(frozen=True)
class Receipt:
    """What the vendor keeps: the digest, the canonical bytes it covers, and the time."""

    bid_id: str
    sha256: str
    canonical: bytes
    submitted_at: datetime.datetime


def receipt_issue(content: BidContent) -> Receipt:
    canonical = content.canonical()
    return Receipt(bid_id=content.bid_id, sha256=sha256_hex(canonical), canonical=canonical,
                   submitted_at=content.submitted_at)


@dataclass(frozen=True)
class ReceiptCheck:
    """The outcome of checking a receipt: `valid` only when everything agrees.

    `document_mismatches` names documents whose bytes do not have the digest the
    content states; `missing_documents` names documents of the content not supplied.
    """

    valid: bool
    recomputed_sha256: str
    digest_matches: bool
    document_mismatches: tuple[str, ...] = ()
    missing_documents: tuple[str, ...] = ()


def receipt_verify(
    *, receipt_sha256: str, content: BidContent, documents: Mapping[str, bytes] | None = None
) -> ReceiptCheck:
    """Check a receipt against the content rebuilt from the tabulation and, optionally,
    the vendor's own documents (by name). Without documents only the digest is checked;
    with them every document of the content must be supplied and must match."""
    recomputed = content.receipt_sha256()
    digest_matches = hmac.compare_digest(recomputed, receipt_sha256.strip().lower())
    mismatches: list[str] = []
    missing: list[str] = []
    if documents is not None:
        for document in content.documents:
            if document.name not in documents:
                missing.append(document.name)
            elif not hmac.compare_digest(sha256_hex(documents[document.name]), document.sha256):
                mismatches.append(document.name)
    return ReceiptCheck(
        valid=digest_matches and not mismatches and not missing,
        recomputed_sha256=recomputed,
        digest_matches=digest_matches,
        document_mismatches=tuple(mismatches),
        missing_documents=tuple(missing),
    )
