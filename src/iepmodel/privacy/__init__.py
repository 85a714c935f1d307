"""
De-identified copies of plans that still give the same findings and indicators.

Plans describe children's disabilities. `deidentify` makes copies for analysts,
researchers and test systems: keyed pseudonyms for every identifier, names and free text
removed, every date of a student shifted by one keyed number of whole weeks. The
findings that depend only on intervals inside a student's record stay the same on the
copies (`surviving_rules`); the others are checked on the originals and carried over
(`carry_findings`). `disclosure_risk` checks a table for k-anonymity over its
quasi-identifiers before publication. The method, what it keeps and what it costs:
``docs/privacy.md``.

Only the standard library (``hmac``, ``hashlib``) is used: no extra is needed.

>>> from iepmodel.privacy import deidentify
>>> from iepmodel import sample
>>> key = b"a secret key of 32 bytes........"
>>> copies = deidentify(sample.plans()[:5], key=key)
>>> copies == deidentify(sample.plans()[:5], key=key)
True
"""

from __future__ import annotations

from ._deidentify import (
    FAR_AS_OF,
    Deidentified,
    carry_findings,
    deidentify,
    deidentify_report,
    deidentify_with_findings,
    student_offsets,
)
from ._keys import (
    DEFAULT_MAX_WEEKS,
    MIN_KEY_BYTES,
    PSEUDONYM_HEX_DIGITS,
    InvalidKeyError,
    candidate_offsets,
    check_key,
    pseudonym,
)
from ._risk import (
    QUASI_IDENTIFIERS,
    EquivalenceClass,
    RiskReport,
    disclosure_risk,
    k_anonymity,
    quasi_identifiers,
)
from ._rules import (
    AS_OF_RULES,
    BIRTHDAY_SETTINGS,
    RuleClass,
    birthday_rules,
    calendar_rules,
    pseudonymise_finding,
    rule_classes,
    surviving_rules,
)
from ._transform import (
    DROPPED_FIELDS,
    PLACEHOLDER,
    TEXT_POLICIES,
    TextPolicy,
    deidentify_plan,
    plan_pseudonyms,
    shift_date,
)

__all__ = [
    "AS_OF_RULES",
    "BIRTHDAY_SETTINGS",
    "DEFAULT_MAX_WEEKS",
    "DROPPED_FIELDS",
    "FAR_AS_OF",
    "MIN_KEY_BYTES",
    "PLACEHOLDER",
    "PSEUDONYM_HEX_DIGITS",
    "QUASI_IDENTIFIERS",
    "TEXT_POLICIES",
    "Deidentified",
    "EquivalenceClass",
    "InvalidKeyError",
    "RiskReport",
    "RuleClass",
    "TextPolicy",
    "birthday_rules",
    "calendar_rules",
    "candidate_offsets",
    "carry_findings",
    "check_key",
    "deidentify",
    "deidentify_plan",
    "deidentify_report",
    "deidentify_with_findings",
    "disclosure_risk",
    "k_anonymity",
    "plan_pseudonyms",
    "pseudonym",
    "pseudonymise_finding",
    "quasi_identifiers",
    "rule_classes",
    "shift_date",
    "student_offsets",
    "surviving_rules",
]
