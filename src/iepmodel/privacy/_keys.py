"""
Keyed pseudonyms and keyed date offsets (HMAC-SHA256, from the standard library).

A pseudonym is ``<prefix>-<hex>``: the first `PSEUDONYM_HEX_DIGITS` hex digits of
HMAC-SHA256 over the kind of identifier and its value. The same key gives the same
pseudonym in every file and run; without the key a pseudonym cannot be computed from
the value, nor turned back into it. Each kind has its own domain, so a student id and a
plan id that happen to be equal get unrelated pseudonyms.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import Final

__all__ = [
    "DEFAULT_MAX_WEEKS",
    "MIN_KEY_BYTES",
    "PSEUDONYM_HEX_DIGITS",
    "InvalidKeyError",
    "candidate_offsets",
    "check_key",
    "pseudonym",
]

MIN_KEY_BYTES: Final = 16
"""The shortest key accepted: 128 bits, the strength of the truncated pseudonyms' hash."""

PSEUDONYM_HEX_DIGITS: Final = 20
"""Hex digits kept of each HMAC: 80 bits, so two ids of a data set never collide in practice."""

DEFAULT_MAX_WEEKS: Final = 26
"""The largest shift, in weeks either way (about half a year), of a student's dates."""

_PREFIXES: Final = {
    "plan": "plan",
    "student": "student",
    "goal": "goal",
    "staff": "staff",
    "organization": "org",
}


class InvalidKeyError(ValueError):
    """The de-identification key is missing or too short (the message never shows it)."""


def check_key(key: object) -> bytes:
    """
    *key*, if it is bytes of at least `MIN_KEY_BYTES`.

    Raises:
        InvalidKeyError: the key is not bytes, or too short (the message never shows it).

    >>> from iepmodel.privacy import check_key
    >>> check_key(b"0123456789abcdef") == b"0123456789abcdef"
    True
    """
    if not isinstance(key, bytes | bytearray):
        msg = "the key must be bytes"
        raise InvalidKeyError(msg)
    if len(key) < MIN_KEY_BYTES:
        msg = (
            f"the key is {'empty' if not key else 'too short'}: it must be at least "
            f"{MIN_KEY_BYTES} bytes (e.g. 32 random bytes)"
        )
        raise InvalidKeyError(msg)
    return bytes(key)


def _digest(key: bytes, *parts: str) -> bytes:
    # The parts are joined with NUL, which no part may hold ambiguously: an identifier
    # holding NUL still maps to one message, since the number of parts is fixed per use.
    message = "\x00".join(parts).encode("utf-8", "surrogatepass")
    return hmac.new(key, message, hashlib.sha256).digest()


def pseudonym(key: bytes, kind: str, value: str) -> str:
    """
    The keyed pseudonym of identifier *value* of *kind* (plan, student, goal, staff, organization).

    >>> from iepmodel.privacy import pseudonym
    >>> key = b"k" * 32
    >>> pseudonym(key, "student", "S1") == pseudonym(key, "student", "S1")
    True
    >>> pseudonym(key, "student", "S1").startswith("student-")
    True
    >>> pseudonym(key, "student", "S1") == pseudonym(b"x" * 32, "student", "S1")
    False
    """
    prefix = _PREFIXES[kind]
    return f"{prefix}-{_digest(key, 'pseudonym', kind, value).hex()[:PSEUDONYM_HEX_DIGITS]}"


def candidate_offsets(key: bytes, student_id: str, max_weeks: int) -> Sequence[int]:
    """
    The shifts (in days, whole weeks, never 0) tried for one student, in keyed order.

    Every shift from ``-max_weeks`` to ``max_weeks`` weeks except 0, ordered by a keyed
    hash: the first is uniformly drawn, and the same key and student id always give the
    same order.

    >>> from iepmodel.privacy import candidate_offsets
    >>> offsets = candidate_offsets(b"k" * 32, "S1", 2)
    >>> sorted(offsets)
    [-14, -7, 7, 14]
    """
    if max_weeks < 1:
        msg = "max_weeks must be at least 1"
        raise ValueError(msg)
    weeks = [w for w in range(-max_weeks, max_weeks + 1) if w != 0]
    weeks.sort(key=lambda w: _digest(key, "offset", student_id, str(w)))
    return [7 * w for w in weeks]
