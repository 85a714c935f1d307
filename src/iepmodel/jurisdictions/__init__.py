"""
Jurisdiction profiles: the settings each jurisdiction gives the rules, with citations.

The shipped profiles are `US` (federal, IDEA Part B), the states `US-CA`, `US-TX`,
`US-NY`, `US-IL`, `US-PA`, `US-AL`, `US-NE`, `US-MS` (each inherits from `US` and
overrides what its law changes) and Ontario, `CA-ON`. Find one with `jurisdiction`; make
your own with `derive` (a district's stricter policy, a state not shipped).

>>> from iepmodel.jurisdictions import derive, jurisdiction
>>> jurisdiction("us-il").transition_age_years, jurisdiction("US-IL").transition_age_months
(14, 6)
>>> district = derive(jurisdiction("US"), code="US-XX-D1", name="A district",
...                   warn_days=60, citations={"warn_days": "District policy 12"})
>>> district.parent, district.warn_days, district.reevaluation_years
('US', 60, 3)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._data import CHILDREN, ROOTS
from ._profile import (
    IDENTITY_FIELDS,
    AnnualConvention,
    DayCounting,
    EndOfYearRule,
    EvaluationEndEvent,
    Profile,
    UnknownJurisdictionError,
)

__all__ = [
    "AnnualConvention",
    "DayCounting",
    "EndOfYearRule",
    "EvaluationEndEvent",
    "Profile",
    "UnknownJurisdictionError",
    "available_jurisdictions",
    "derive",
    "jurisdiction",
]


def _key(code: str) -> str:
    return code.strip().upper().replace("_", "-")


def derive(
    parent: Profile,
    *,
    code: str,
    name: str,
    citations: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Profile:
    """
    A new profile that inherits every setting of *parent* except *overrides*.

    Overridden settings lose the parent's citation unless *citations* gives one (a
    district's policy is not federal law); *citations* may also cite a setting whose
    value stays the parent's.

    Args:
        parent: the profile to inherit from; the new profile's `parent` is its code.
        code: the new profile's code.
        name: the new profile's name.
        citations: setting name -> source, for the settings the new profile sets.
        **overrides: setting name -> value, any field of `Profile` but ``code``,
            ``name``, ``parent`` and ``citations``.

    Returns:
        The new profile (not registered: pass it where a jurisdiction is expected).

    Raises:
        TypeError: an override is not a setting of `Profile`.
        ValueError: a value is out of range, or a citation names no setting.

    >>> import iepmodel
    >>> from iepmodel.jurisdictions import derive
    >>> strict = derive(iepmodel.jurisdiction("US-TX"), code="US-TX-X", name="Stricter",
    ...                 non_excusable_roles={"parent", "student", "lea_representative"})
    >>> sorted(map(str, strict.non_excusable_roles)), strict.initial_evaluation_days
    (['lea_representative', 'parent', 'student'], 45)
    >>> "non_excusable_roles" in strict.citations
    False
    """
    settings = {field.name for field in attrs.fields(Profile)} - IDENTITY_FIELDS
    unknown = sorted(set(overrides) - settings)
    if unknown:
        msg = f"not a profile setting: {', '.join(unknown)}"
        raise TypeError(msg)
    merged = {key: value for key, value in parent.citations.items() if key not in overrides}
    merged.update(citations or {})
    return attrs.evolve(
        parent, code=code, name=name, parent=parent.code, citations=merged, **overrides
    )


def _build() -> dict[str, Profile]:
    profiles: dict[str, Profile] = {}
    for root in ROOTS:
        profile = Profile(**root)
        profiles[_key(profile.code)] = profile
    for code, name, parent_code, overrides, citations in CHILDREN:
        profile = derive(
            profiles[_key(parent_code)], code=code, name=name, citations=citations, **overrides
        )
        profiles[_key(code)] = profile
    return profiles


_PROFILES: dict[str, Profile] = _build()


def available_jurisdictions() -> tuple[str, ...]:
    """
    The codes of the shipped profiles, sorted.

    >>> available_jurisdictions()
    ('CA-ON', 'US', 'US-AL', 'US-CA', 'US-IL', 'US-MS', 'US-NE', 'US-NY', 'US-PA', 'US-TX')
    """
    return tuple(sorted(profile.code for profile in _PROFILES.values()))


def jurisdiction(code_or_profile: str | Profile) -> Profile:
    """
    The profile for a code (case-insensitive: ``"us-tx"`` is ``"US-TX"``).

    A `Profile` passes through unchanged, so callers may take either.

    Raises:
        UnknownJurisdictionError: no shipped profile has that code (a `LookupError`
            and a `ValueError`).

    >>> jurisdiction("ca-on").name
    'Ontario'
    >>> jurisdiction("US-ZZ")
    Traceback (most recent call last):
    ...
    iepmodel.jurisdictions._profile.UnknownJurisdictionError: unknown jurisdiction 'US-ZZ'; known jurisdictions: CA-ON, US, US-AL, US-CA, US-IL, US-MS, US-NE, US-NY, US-PA, US-TX
    """  # noqa: E501
    if isinstance(code_or_profile, Profile):
        return code_or_profile
    try:
        key = _key(code_or_profile)
    except AttributeError:
        msg = f"expected a jurisdiction code or a Profile, not {type(code_or_profile).__name__}"
        raise TypeError(msg) from None
    try:
        return _PROFILES[key]
    except KeyError:
        raise UnknownJurisdictionError(code_or_profile, available_jurisdictions()) from None
