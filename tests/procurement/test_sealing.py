"""Sealed bids open only at the opening time, only for their own tender, bid and role."""

import datetime
import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyodo.errors import ErrorCode
from procurement.sealing import (
    MasterKeyring,
    SealBroken,
    SealedBid,
    SealedUntilOpening,
    TenderKey,
    bid_seal,
    development_master_keys,
    master_key_generate,
    master_keyring_parse,
    tender_key_create,
    tender_key_open,
    tender_key_rewrap,
)

OPENING = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)  # 10:00 JST
AFTER = OPENING + datetime.timedelta(minutes=5)
KEYRING = MasterKeyring(current=master_key_generate("2026a"))
TENDER_KEY = tender_key_create(tender_id="t-1", keyring=KEYRING)
roles = st.from_regex(r"[a-z0-9_.:-]{1,20}", fullmatch=True)


def seal(items, *, tender_key=TENDER_KEY, keyring=KEYRING, tender_id="t-1", bid_id="b-1"):
    return bid_seal(tender_key=tender_key, tender_id=tender_id, bid_id=bid_id,
                    keyring=keyring, items=items)


def opened(*, tender_key=TENDER_KEY, keyring=KEYRING, tender_id="t-1", now=AFTER):
    return tender_key_open(tender_key=tender_key, tender_id=tender_id, keyring=keyring,
                           opening_at=OPENING, now=now)


def test_a_sealed_bid_opens_at_the_opening_time_to_its_plaintext():
    sealed = seal({"content": b'{"total_price":9800000}', "document:0": b"%PDF-1.7 ..."})

    items = opened(now=OPENING).bid_open(bid_id="b-1", sealed=sealed)

    assert items == {"content": b'{"total_price":9800000}', "document:0": b"%PDF-1.7 ..."}


def test_the_tender_key_is_refused_one_second_before_the_opening_time():
    with pytest.raises(SealedUntilOpening) as refused:
        opened(now=OPENING - datetime.timedelta(seconds=1))

    assert refused.value.code == ErrorCode.SEALED_UNTIL_OPENING
    assert refused.value.status == 409
    assert "開札日時" in refused.value.message


def test_the_refusal_reads_in_english_for_an_english_speaker():
    with translation.override("en"), pytest.raises(SealedUntilOpening) as refused:
        opened(now=OPENING - datetime.timedelta(seconds=1))

    assert refused.value.message.startswith("Bids cannot be opened before the opening time")


def test_nothing_on_the_bidding_path_holds_a_key_that_decrypts():
    """Sealing needs the public key only; the stored forms carry no usable key."""
    sealed = seal({"content": b"price 9800000"})

    assert b"9800000" not in sealed.sealed_key + sealed.items["content"]
    assert b"9800000" not in TENDER_KEY.as_text().encode()
    assert repr(KEYRING.current) == "MasterKey(key_id='2026a')"
    assert repr(opened()) == "<OpenedTender tender='t-1'>"
    assert "wrapped_private_key" not in repr(TENDER_KEY)


def test_a_ciphertext_moved_to_another_bid_does_not_open():
    first = seal({"content": b"first"}, bid_id="b-1")
    second = seal({"content": b"second"}, bid_id="b-2")
    tender = opened()

    with pytest.raises(SealBroken):
        tender.bid_open(bid_id="b-2", sealed=SealedBid(second.sealed_key, first.items))
    with pytest.raises(SealBroken):
        tender.bid_open(bid_id="b-2", sealed=first)


def test_a_ciphertext_moved_to_another_role_does_not_open():
    sealed = seal({"content": b"figures", "document:0": b"proposal"})
    swapped = SealedBid(sealed.sealed_key, {"content": sealed.items["document:0"],
                                            "document:0": sealed.items["content"]})

    with pytest.raises(SealBroken):
        opened().bid_open(bid_id="b-1", sealed=swapped)


def test_a_bid_sealed_for_another_tender_does_not_open():
    other_key = tender_key_create(tender_id="t-2", keyring=KEYRING)
    sealed = seal({"content": b"figures"}, tender_key=other_key, tender_id="t-2")

    with pytest.raises(SealBroken):
        opened().bid_open(bid_id="b-1", sealed=sealed)


def test_a_tender_key_copied_to_another_tender_does_not_unwrap():
    with pytest.raises(SealBroken):
        opened(tender_id="t-2")


def test_a_wrong_master_key_with_the_same_id_does_not_unwrap():
    impostor = MasterKeyring(current=master_key_generate("2026a"))

    with pytest.raises(SealBroken):
        opened(keyring=impostor)


def test_an_unknown_master_key_id_is_a_configuration_error_naming_the_id_only():
    keyring = MasterKeyring(current=master_key_generate("2027a"))

    with pytest.raises(ImproperlyConfigured, match="2026a"):
        opened(keyring=keyring)


def test_a_public_key_written_into_the_database_by_someone_without_the_master_key_is_refused():
    """A database writer who swaps in their own public key could read later bids; the MAC
    under the master key stops the swap before anything is encrypted to it."""
    attacker = tender_key_create(tender_id="t-1",
                                 keyring=MasterKeyring(current=master_key_generate("2026a")))
    swapped = TenderKey(key_id=TENDER_KEY.key_id, public_key=attacker.public_key,
                        public_key_mac=TENDER_KEY.public_key_mac, nonce=TENDER_KEY.nonce,
                        wrapped_private_key=TENDER_KEY.wrapped_private_key)

    with pytest.raises(SealBroken):
        seal({"content": b"figures"}, tender_key=swapped)


def test_rotation_old_keys_still_unwrap_and_rewrapping_lets_the_old_key_go():
    old = master_key_generate("2025a")
    tender_key = tender_key_create(tender_id="t-1", keyring=MasterKeyring(current=old))
    sealed = seal({"content": b"figures"}, tender_key=tender_key,
                  keyring=MasterKeyring(current=old))
    new = master_key_generate("2026b")
    rotated = MasterKeyring(current=new, previous=(old,))

    assert opened(tender_key=tender_key, keyring=rotated).bid_open(
        bid_id="b-1", sealed=sealed) == {"content": b"figures"}
    rewrapped = tender_key_rewrap(tender_key=tender_key, tender_id="t-1", keyring=rotated)
    assert rewrapped.key_id == "2026b"
    assert rewrapped.public_key == tender_key.public_key
    only_new = MasterKeyring(current=new)
    assert opened(tender_key=rewrapped, keyring=only_new).bid_open(
        bid_id="b-1", sealed=sealed) == {"content": b"figures"}
    assert tender_key_rewrap(tender_key=rewrapped, tender_id="t-1", keyring=only_new) is rewrapped


def test_the_tender_key_survives_its_text_form():
    restored = TenderKey.from_text(TENDER_KEY.as_text())
    sealed = seal({"content": b"figures"}, tender_key=restored)

    assert restored == TENDER_KEY
    assert opened(tender_key=restored).bid_open(bid_id="b-1", sealed=sealed) == {
        "content": b"figures"}


@pytest.mark.parametrize("text", ["", "v1.a.b", "v2.2026a.AA.AA.AA.AA", "v1.2026a.!!.AA.AA.AA"])
def test_a_damaged_tender_key_text_is_a_broken_seal(text):
    with pytest.raises(SealBroken):
        TenderKey.from_text(text)


def test_the_master_key_list_reads_current_first_and_keeps_the_older_ones():
    current, older = master_key_generate("2026b"), master_key_generate("2025a")

    keyring = master_keyring_parse(f" {current.as_text()} , {older.as_text()} ")

    assert keyring.current == current
    assert keyring.previous == (older,)


@pytest.mark.parametrize("text", ["", "2026a", "2026a:c2hvcnQ", "bad id:" + "A" * 43,
                                  "2026a:" + "A" * 43 + ",2026a:" + "B" * 43,
                                  "A" * 43 + ":2026a", "B" * 43 + ":" + "A" * 43])
def test_a_bad_master_key_list_refuses_to_configure_without_echoing_keys(text):
    with pytest.raises(ImproperlyConfigured) as refused:
        master_keyring_parse(text)

    assert "A" * 43 not in str(refused.value)
    assert "B" * 43 not in str(refused.value)


def test_the_development_master_key_is_made_once_and_readable_only_by_its_owner(tmp_path):
    first = development_master_keys(tmp_path)
    second = development_master_keys(tmp_path)
    path = tmp_path / ".kyodo" / "procurement-master-keys"

    assert first == second
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert master_keyring_parse(first).current.key_id.startswith("dev-")


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.dictionaries(roles, st.binary(max_size=2048), max_size=4))
def test_every_sealed_item_opens_to_exactly_what_was_sealed(items):
    sealed = seal(items)

    assert opened().bid_open(bid_id="b-1", sealed=sealed) == items


@settings(max_examples=60)
@given(plaintext=st.binary(max_size=512), data=st.data())
def test_changing_any_byte_of_a_sealed_item_makes_it_fail(plaintext, data):
    sealed = seal({"content": plaintext})
    item = bytearray(sealed.items["content"])
    position = data.draw(st.integers(0, len(item) - 1))
    item[position] ^= data.draw(st.integers(1, 255))

    with pytest.raises(SealBroken):
        opened().bid_open(bid_id="b-1", sealed=SealedBid(sealed.sealed_key,
                                                         {"content": bytes(item)}))


@settings(max_examples=30)
@given(data=st.data())
def test_changing_any_byte_of_the_sealed_bid_key_makes_it_fail(data):
    sealed = seal({"content": b"figures"})
    key = bytearray(sealed.sealed_key)
    key[data.draw(st.integers(0, len(key) - 1))] ^= data.draw(st.integers(1, 255))

    with pytest.raises(SealBroken):
        opened().bid(bid_id="b-1", sealed_key=bytes(key))


@settings(max_examples=40)
@given(early=st.timedeltas(min_value=datetime.timedelta(microseconds=1),
                           max_value=datetime.timedelta(days=400)))
def test_unwrapping_before_the_opening_time_is_always_refused(early):
    with pytest.raises(SealedUntilOpening):
        opened(now=OPENING - early)
