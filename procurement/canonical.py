"""Canonical JSON: one byte string for one value, so a digest over it can be recomputed.

A bid's receipt is the SHA-256 of its content in this form, and the same form is the
associated data that binds each ciphertext to its tender and bid. A vendor who
recomputes a receipt with any JSON library must arrive at the same bytes, so this
follows the JSON Canonicalization Scheme (RFC 8785) for the values Kyodo puts in:

- objects with their keys sorted by UTF-16 code units (RFC 8785 §3.2.3; for keys in
  the Basic Multilingual Plane, Japanese included, that is code-point order);
- no whitespace; strings in UTF-8, escaping only `"`, `\\` and control characters
  (`\\b \\t \\n \\f \\r`, others as `\\u00xx`), exactly as ECMAScript's JSON.stringify;
- integers only. RFC 8785 writes numbers as IEEE doubles, which hold every integer
  up to 2^53 − 1 exactly; larger ones (and every float) are refused, so yen amounts
  never depend on how a library prints a number.
"""

import json
from collections.abc import Mapping
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1


def _utf16_order(key: str) -> bytes:
    return key.encode("utf-16-be")


def _check(value: Any, path: str) -> None:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        if isinstance(value, str):
            value.encode("utf-8")  # a lone surrogate is not Unicode text: refuse it here
        return
    if isinstance(value, int):
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise ValueError(f"{path}: integer {value} is outside ±(2^53 − 1)")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: object keys must be strings, not {type(key).__name__}")
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    raise TypeError(f"{path}: {type(value).__name__} has no canonical JSON form")


def _sorted(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _sorted(value[key]) for key in sorted(value, key=_utf16_order)}
    if isinstance(value, list | tuple):
        return [_sorted(item) for item in value]
    return value


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 form of `value` (objects, arrays, strings, safe integers, booleans, null)."""
    _check(value, "$")
    return json.dumps(
        _sorted(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")
