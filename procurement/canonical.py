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


def _canonical(value: Any, path: str) -> Any:
    """`value` checked, with every object's keys in canonical order (one pass)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        value.encode("utf-8")  # a lone surrogate is not Unicode text: refuse it here
        return value
    if isinstance(value, int):
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise ValueError(f"{path}: integer {value} is outside ±(2^53 − 1)")
        return value
    if isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise TypeError(f"{path}: object keys must be strings, not {type(key).__name__}")
        return {key: _canonical(value[key], f"{path}.{key}")
                for key in sorted(value, key=_utf16_order)}
    if isinstance(value, list | tuple):
        return [_canonical(item, f"{path}[{index}]") for index, item in enumerate(value)]
    raise TypeError(f"{path}: {type(value).__name__} has no canonical JSON form")


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 form of `value` (objects, arrays, strings, safe integers, booleans, null)."""
    return json.dumps(
        _canonical(value, "$"), ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")
