"""
The fictional sample district shipped with iepmodel, for demos, tutorials and tests.

"Maple Valley Schools" is invented, and so is everyone in it: names come from word lists
and ids are random numbers. `scripts/make_sample_district.py` generates it with a fixed
seed, so its bytes never change unless the generator does. Most plans are lawful; some
carry defects, so that every rule of the catalog fires at least once when the plans are
checked as of `AS_OF` with `calendar`. Several students have histories of several plans
(annual reviews, reevaluations, amendments). ``iepmodel demo`` summarises the check.

>>> from iepmodel import sample
>>> plans = sample.plans()
>>> len(plans) > 200, sample.AS_OF.isoformat()
(True, '2026-01-15')
"""

from __future__ import annotations

import datetime as dt
import io
from importlib.resources import files

from ._calendar import SchoolCalendar
from ._plan import IEP
from .serialization import from_json, load_jsonl

__all__ = ["AS_OF", "CALENDAR_FILE", "PLANS_FILE", "calendar", "plans", "read_bytes"]

AS_OF = dt.date(2026, 1, 15)
"""The day the demo checks the sample district from (a Thursday in the school year)."""

PLANS_FILE = "sample-district.jsonl"
"""The name of the plans' file (JSON Lines) among the package data."""

CALENDAR_FILE = "sample-calendar.json"
"""The name of the district's school calendar (2024-25 and 2025-26) among the package data."""


def read_bytes(name: str) -> bytes:
    """
    The bytes of the sample data file *name* (`PLANS_FILE` or `CALENDAR_FILE`).

    Read through `importlib.resources`, so it works from a wheel, a zip or a checkout.
    """
    return files(__package__ or "iepmodel").joinpath("data", name).read_bytes()


def plans() -> list[IEP]:
    """Every plan of the sample district, in file order."""
    reader = load_jsonl(io.BytesIO(read_bytes(PLANS_FILE)), IEP)
    result = list(reader)
    if reader.errors:  # pragma: no cover - the generator writes only valid plans
        msg = f"the sample district has invalid lines: {reader.errors[0]}"
        raise ValueError(msg)
    return result


def calendar() -> SchoolCalendar:
    """The sample district's school calendar (school years 2024-25 and 2025-26)."""
    return from_json(read_bytes(CALENDAR_FILE), SchoolCalendar)
