"""Sealed bids: nothing but the opening can read a price or a document before the opening time.

Key hierarchy (docs/procurement.md, "Sealing", says why it is shaped this way):

- **Master keys** (256-bit, AES-256-GCM) live outside the database: the environment
  variable KYODO_PROCUREMENT_MASTER_KEYS (`id:key[,id:key…]`, the first one current),
  or in development a file under `.kyodo/` made on first use. Each has a short id that
  is stored with everything it protects, so older keys can stay listed after rotation.
- **Tender key**: an X25519 key pair made for each tender. Its public key is stored in
  the clear, with a MAC under the master key so nobody who can only write to the
  database can swap in a key of their own. Its private key is stored only wrapped by
  the current master key (AES-256-GCM, associated data naming the tender, the key id
  and the public key).
- **Bid key**: a random 256-bit AES-256-GCM key for each bid, sealed to the tender's
  public key with HPKE (RFC 9180: DHKEM(X25519), HKDF-SHA256, AES-256-GCM), the info
  string naming the tender and the bid.
- **Items**: the bid's content and each document are encrypted under the bid key with
  AES-256-GCM, a fresh 96-bit nonce each, the associated data naming tender, bid and
  the item's role, so a ciphertext moved to another bid or role fails to open.

Sealing a bid needs only the tender's public key (and the master keys to check its
MAC); nothing on the bidding path can decrypt. The private key is unwrapped by
`tender_key_open`, which refuses before the opening time, and the object it returns
decrypts bids without ever handing out the key. `tender_key_rewrap` re-wraps a tender
key under the current master key for rotation, inside one function, returning only the
new wrapped form. No function here logs, and no repr or error shows key material.
"""

import base64
import datetime
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives import serialization as crypto_serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kyodo.errors import DomainError, ErrorCode
from procurement.canonical import canonical_json

MASTER_KEYS_ENVIRONMENT = "KYODO_PROCUREMENT_MASTER_KEYS"
DEVELOPMENT_MASTER_KEYS_FILE = "procurement-master-keys"
KEY_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,32}")
ROLE_PATTERN = re.compile(r"[a-z0-9_.:-]{1,100}")
KEY_BYTES = 32
NONCE_BYTES = 12
ITEM_FORMAT = b"\x01"  # first byte of a sealed item: the layout below, version 1
WRAPPED_FORMAT = "v1"
_HPKE_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_RAW = {"encoding": crypto_serialization.Encoding.Raw}


class SealedUntilOpening(DomainError):
    """Someone asked to unseal a tender before its opening time."""

    status = 409


class SealBroken(DomainError):
    """A sealed value does not open: tampered, moved to another bid, or the wrong key."""

    status = 409


def _sealed_until(opening_at: datetime.datetime) -> SealedUntilOpening:
    shown = formats.date_format(timezone.localtime(opening_at), "DATETIME_FORMAT")
    return SealedUntilOpening(
        ErrorCode.SEALED_UNTIL_OPENING,
        str(_("開札日時（%(opening)s）になるまで、入札書は開封できません。") % {"opening": shown}),
    )


BROKEN_MESSAGES = {
    "key": _("入札鍵を検証できませんでした。改ざん、取り違え又は鍵の誤りのおそれがあります。"),
    "bid": _("封をした入札書を検証できませんでした。改ざん、取り違え又は鍵の誤りのおそれが"
             "あります。"),
}


def _broken(what: str) -> SealBroken:
    """`what` is "key" (the tender key) or "bid" (a sealed bid key or item)."""
    return SealBroken(ErrorCode.CONFLICT, str(BROKEN_MESSAGES[what]))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    """base64url without padding; any other character is a ValueError."""
    if "+" in text or "/" in text:
        raise ValueError("not base64url")
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _aware(moment: datetime.datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


# --- Master keys -------------------------------------------------------------------------


@dataclass(frozen=True)
class MasterKey:
    key_id: str
    secret: bytes = field(repr=False)

    def __post_init__(self):
        if not KEY_ID_PATTERN.fullmatch(self.key_id):  # not echoed: it may be a key typed first
            raise ImproperlyConfigured(
                "A procurement master key id must be 1–32 of A–Z a–z 0–9 _ -.")
        if len(self.secret) != KEY_BYTES:
            raise ImproperlyConfigured(
                f"Procurement master key {self.key_id!r} must be {KEY_BYTES} bytes.")

    def as_text(self) -> str:
        """`id:key` as the environment variable lists it (the key in base64url)."""
        return f"{self.key_id}:{_b64(self.secret)}"


@dataclass(frozen=True)
class MasterKeyring:
    """The current master key (new wrapping) and older ones kept to unwrap what they wrapped."""

    current: MasterKey
    previous: tuple[MasterKey, ...] = ()

    def __post_init__(self):
        ids = [self.current.key_id, *(key.key_id for key in self.previous)]
        if len(set(ids)) != len(ids):
            raise ImproperlyConfigured("Procurement master key ids must be unique.")

    def key(self, key_id: str) -> MasterKey:
        for candidate in (self.current, *self.previous):
            if candidate.key_id == key_id:
                return candidate
        raise ImproperlyConfigured(
            f"Procurement master key {key_id!r} is not in {MASTER_KEYS_ENVIRONMENT}; keep "
            "every key that still wraps a tender key listed after the current one.")


def master_key_generate(key_id: str) -> MasterKey:
    """A new random master key (for `as_text()` into the environment of every process)."""
    return MasterKey(key_id=key_id, secret=secrets.token_bytes(KEY_BYTES))


def master_keyring_parse(text: str) -> MasterKeyring:
    """Read `id:key[,id:key…]` (first current). Errors name the key id, never the key."""
    keys = []
    for number, entry in enumerate(part.strip() for part in text.split(",") if part.strip()):
        key_id, separator, encoded = entry.partition(":")
        if not separator:
            raise ImproperlyConfigured(
                f"{MASTER_KEYS_ENVIRONMENT}: entry {number + 1} is not of the form id:key.")
        try:
            secret = _unb64(encoded.strip())
        except ValueError:
            raise ImproperlyConfigured(
                f"{MASTER_KEYS_ENVIRONMENT}: the key of entry {number + 1} is not base64url."
            ) from None
        keys.append(MasterKey(key_id=key_id.strip(), secret=secret))
    if not keys:
        raise ImproperlyConfigured(f"{MASTER_KEYS_ENVIRONMENT} lists no key.")
    return MasterKeyring(current=keys[0], previous=tuple(keys[1:]))


def development_master_keys(project_root: Path) -> str:
    """The development master key list, made on first use in `.kyodo/` (ignored by git).

    Like the development secret key (kyodo/embedded_db.py): random, kept in a file
    only the owner can read (0600), written atomically so two processes starting
    together agree. Production sets KYODO_PROCUREMENT_MASTER_KEYS instead.
    """
    path = project_root / ".kyodo" / DEVELOPMENT_MASTER_KEYS_FILE
    path.parent.mkdir(exist_ok=True)
    if not path.exists():
        draft = path.with_name(f"{path.name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(master_key_generate(f"dev-{secrets.token_hex(4)}").as_text())
        try:
            os.link(draft, path)  # atomic: a process that loses the race reads the winner's
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


# --- Tender keys -----------------------------------------------------------------------------


def _tender_associated_data(tender_id: str, key_id: str, public_key: bytes) -> bytes:
    return canonical_json({"purpose": "kyodo.procurement.tender-key", "version": 1,
                           "tender": str(tender_id), "key_id": key_id,
                           "public_key": _b64(public_key)})


def _public_key_mac(master: MasterKey, tender_id: str, public_key: bytes) -> bytes:
    message = canonical_json({"purpose": "kyodo.procurement.tender-public-key", "version": 1,
                              "tender": str(tender_id), "public_key": _b64(public_key)})
    mac_key = hmac.new(master.secret, b"kyodo.procurement.public-key-mac/1",
                       hashlib.sha256).digest()
    return hmac.new(mac_key, message, hashlib.sha256).digest()


@dataclass(frozen=True)
class TenderKey:
    """What a tender stores: its public key, the MAC over it, and the wrapped private key.

    `as_text()` / `from_text()` give one ASCII string for a text column:
    `v1.<key id>.<public key>.<mac>.<nonce>.<wrapped private key>` (base64url parts).
    """

    key_id: str
    public_key: bytes
    public_key_mac: bytes = field(repr=False)
    nonce: bytes = field(repr=False)
    wrapped_private_key: bytes = field(repr=False)

    def __post_init__(self):
        if (not KEY_ID_PATTERN.fullmatch(self.key_id) or len(self.public_key) != KEY_BYTES
                or len(self.nonce) != NONCE_BYTES):
            raise _broken("key")

    def as_text(self) -> str:
        return ".".join([WRAPPED_FORMAT, self.key_id, _b64(self.public_key),
                         _b64(self.public_key_mac), _b64(self.nonce),
                         _b64(self.wrapped_private_key)])

    @classmethod
    def from_text(cls, text: str) -> "TenderKey":
        parts = text.split(".")
        if len(parts) != 6 or parts[0] != WRAPPED_FORMAT:
            raise _broken("key")
        try:
            return cls(key_id=parts[1], public_key=_unb64(parts[2]),
                       public_key_mac=_unb64(parts[3]), nonce=_unb64(parts[4]),
                       wrapped_private_key=_unb64(parts[5]))
        except ValueError:
            raise _broken("key") from None


def _wrap(private: X25519PrivateKey, *, tender_id: str, public_key: bytes,
          master: MasterKey) -> TenderKey:
    nonce = secrets.token_bytes(NONCE_BYTES)
    raw = private.private_bytes(format=crypto_serialization.PrivateFormat.Raw,
                               encryption_algorithm=crypto_serialization.NoEncryption(), **_RAW)
    wrapped = AESGCM(master.secret).encrypt(
        nonce, raw, _tender_associated_data(tender_id, master.key_id, public_key))
    return TenderKey(key_id=master.key_id, public_key=public_key,
                     public_key_mac=_public_key_mac(master, tender_id, public_key),
                     nonce=nonce, wrapped_private_key=wrapped)


def _unwrap(tender_key: TenderKey, *, tender_id: str, keyring: MasterKeyring) -> X25519PrivateKey:
    master = keyring.key(tender_key.key_id)
    try:
        raw = AESGCM(master.secret).decrypt(
            tender_key.nonce, tender_key.wrapped_private_key,
            _tender_associated_data(tender_id, master.key_id, tender_key.public_key))
    except (InvalidTag, ValueError):
        raise _broken("key") from None
    private = X25519PrivateKey.from_private_bytes(raw)
    if private.public_key().public_bytes(format=crypto_serialization.PublicFormat.Raw,
                                         **_RAW) != tender_key.public_key:
        raise _broken("key")
    return private


def tender_key_create(*, tender_id: str, keyring: MasterKeyring) -> TenderKey:
    """A new key pair for a tender, its private half wrapped by the current master key."""
    private = X25519PrivateKey.generate()
    public_key = private.public_key().public_bytes(
        format=crypto_serialization.PublicFormat.Raw, **_RAW)
    return _wrap(private, tender_id=tender_id, public_key=public_key, master=keyring.current)


def tender_key_rewrap(*, tender_key: TenderKey, tender_id: str,
                      keyring: MasterKeyring) -> TenderKey:
    """The same tender key wrapped by the current master key (rotation); unchanged if it is.

    The private key exists only inside this call; bids sealed to the tender stay valid
    because the key pair does not change.
    """
    if tender_key.key_id == keyring.current.key_id:
        return tender_key
    private = _unwrap(tender_key, tender_id=tender_id, keyring=keyring)
    return _wrap(private, tender_id=tender_id, public_key=tender_key.public_key,
                 master=keyring.current)


# --- Sealing a bid ---------------------------------------------------------------------------


def _bid_info(tender_id: str, bid_id: str) -> bytes:
    return canonical_json({"purpose": "kyodo.procurement.bid-key", "version": 1,
                           "tender": str(tender_id), "bid": str(bid_id)})


def _item_associated_data(tender_id: str, bid_id: str, role: str) -> bytes:
    return canonical_json({"purpose": "kyodo.procurement.bid-item", "version": 1,
                           "tender": str(tender_id), "bid": str(bid_id), "role": role})


def _role(role: str) -> str:
    if not isinstance(role, str) or not ROLE_PATTERN.fullmatch(role):
        raise ValueError("an item role is 1–100 of a–z 0–9 _ . : -")
    return role


@dataclass(frozen=True)
class SealedBid:
    """A bid under seal: its bid key sealed to the tender, and one ciphertext per role.

    Each item is `0x01 ‖ nonce (12 bytes) ‖ AES-256-GCM ciphertext with tag`.
    """

    sealed_key: bytes = field(repr=False)
    items: Mapping[str, bytes] = field(repr=False)


def bid_seal(*, tender_key: TenderKey, tender_id: str, bid_id: str,
             keyring: MasterKeyring, items: Mapping[str, bytes]) -> SealedBid:
    """Encrypt a bid's items (role → plaintext) so that only the tender's opening reads them.

    The tender's public key is checked against its MAC first, so a key written into
    the database by someone without the master keys is refused.
    """
    master = keyring.key(tender_key.key_id)
    if not hmac.compare_digest(tender_key.public_key_mac,
                               _public_key_mac(master, tender_id, tender_key.public_key)):
        raise _broken("key")
    bid_key = AESGCM.generate_key(bit_length=256)
    cipher = AESGCM(bid_key)
    sealed_items = {}
    for role, plaintext in items.items():
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed_items[_role(role)] = ITEM_FORMAT + nonce + cipher.encrypt(
            nonce, plaintext, _item_associated_data(tender_id, bid_id, role))
    sealed_key = _HPKE_SUITE.encrypt(bid_key, X25519PublicKey.from_public_bytes(
        tender_key.public_key), info=_bid_info(tender_id, bid_id))
    return SealedBid(sealed_key=sealed_key, items=sealed_items)


# --- Opening ---------------------------------------------------------------------------------


class OpenedBid:
    """Decrypts the items of one bid. Holds the bid key; never returns it."""

    __slots__ = ("_bid_id", "_cipher", "_tender_id")

    def __init__(self, cipher: AESGCM, tender_id: str, bid_id: str):
        self._cipher = cipher
        self._tender_id = tender_id
        self._bid_id = bid_id

    def __repr__(self) -> str:
        return f"<OpenedBid tender={self._tender_id!r} bid={self._bid_id!r}>"

    def open(self, role: str, sealed_item: bytes) -> bytes:
        if sealed_item[:1] != ITEM_FORMAT or len(sealed_item) < 1 + NONCE_BYTES:
            raise _broken("bid")
        nonce = sealed_item[1:1 + NONCE_BYTES]
        try:
            return self._cipher.decrypt(
                nonce, sealed_item[1 + NONCE_BYTES:],
                _item_associated_data(self._tender_id, self._bid_id, _role(role)))
        except InvalidTag:
            raise _broken("bid") from None


class OpenedTender:
    """A tender after its opening time. Holds the private key; never returns it."""

    __slots__ = ("_private_key", "_tender_id")

    def __init__(self, private_key: X25519PrivateKey, tender_id: str):
        self._private_key = private_key
        self._tender_id = tender_id

    def __repr__(self) -> str:
        return f"<OpenedTender tender={self._tender_id!r}>"

    def bid(self, *, bid_id: str, sealed_key: bytes) -> OpenedBid:
        try:
            bid_key = _HPKE_SUITE.decrypt(sealed_key, self._private_key,
                                          info=_bid_info(self._tender_id, bid_id))
        except (InvalidTag, ValueError):
            raise _broken("bid") from None
        if len(bid_key) != KEY_BYTES:
            raise _broken("bid")
        return OpenedBid(AESGCM(bid_key), self._tender_id, str(bid_id))

    def bid_open(self, *, bid_id: str, sealed: SealedBid) -> dict[str, bytes]:
        """Every item of a sealed bid, by role."""
        opened = self.bid(bid_id=bid_id, sealed_key=sealed.sealed_key)
        return {role: opened.open(role, item) for role, item in sealed.items.items()}


def tender_key_open(*, tender_key: TenderKey, tender_id: str, keyring: MasterKeyring,
                    opening_at: datetime.datetime, now: datetime.datetime) -> OpenedTender:
    """Unwrap the tender's private key, at or after the opening time only.

    `now` is the server's clock, passed in so that the caller (the opening service)
    decides which clock counts and tests can move it.
    """
    _aware(opening_at, "opening_at")
    _aware(now, "now")
    if now < opening_at:
        raise _sealed_until(opening_at)
    return OpenedTender(_unwrap(tender_key, tender_id=str(tender_id), keyring=keyring),
                        str(tender_id))
