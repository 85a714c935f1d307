"""
``iepmodel deidentify``: de-identified copies of plans, as JSON Lines.

One plan out per plan in, in input order; a document that is not a valid plan is
reported on standard error with its file and line (as ``check`` names it) and left out,
and the others are still copied. The key comes from a file, never from the command line
(where other users and the shell's history would see it), and is never written anywhere.
Every plan is read before the first is written: a student's shift is chosen from all of
the student's plans (`iepmodel.privacy`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from iepmodel._calendar import SchoolCalendar
from iepmodel._plan import IEP
from iepmodel.jurisdictions import Profile
from iepmodel.privacy import (
    DEFAULT_MAX_WEEKS,
    MIN_KEY_BYTES,
    InvalidKeyError,
    check_key,
    deidentify_report,
    deidentify_with_findings,
)
from iepmodel.serialization import to_json

from ._inputs import Document, Invalid, Loaded

__all__ = [
    "EXAMPLES",
    "SUMMARY",
    "KeyFileError",
    "Outcome",
    "add_arguments",
    "key_file_warning",
    "read_key",
    "run",
]

SUMMARY = "Write de-identified copies of plans (JSON Lines) for analysts and test systems."

EXAMPLES = f"""\
examples:
  iepmodel deidentify district.jsonl --key-file ~/.iepmodel-key --out copies.jsonl
  iepmodel deidentify district.jsonl --key-file key --as-of 2025-12-01 --out copies.jsonl
  head -c 32 /dev/urandom > key && chmod 600 key      a new key

FILE is a .json or .jsonl file, or - for standard input. Each plan becomes one line of
JSON Lines, in input order: ids become keyed pseudonyms, names and free text are removed,
every date of a student moves by one keyed number of whole weeks. The same key gives the
same pseudonyms in every run; keep it secret and apart from the copies. The key file
holds at least {MIN_KEY_BYTES} bytes (one trailing newline is ignored).

--as-of names a reporting date the copies will be analysed on: the shifts then also keep
each finding and the indicators 11, 12 and 13 on that day where they can. --findings
writes, beside the copies, the findings that cannot survive the shift (measured against
"as of", or in school days on --calendar), checked on the originals as of the first
--as-of (default: today) and pseudonymised to fit the copies.

Every plan is held in memory: a student's shift is chosen from all of their plans.

exit status: 0 every document copied, 1 some documents are not valid plans, 2 a usage
error (no key file, a key too short, an unreadable file, a bad date)"""


class KeyFileError(Exception):
    """The key file cannot be used: the message names the file, never the key."""


def read_key(path: str) -> bytes:
    """
    The key held in the file *path*, without one trailing newline.

    Raises:
        KeyFileError: the file cannot be read, or the key is empty or too short.
    """
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        msg = f"--key-file: {path} is a directory; name the file that holds the key"
        raise KeyFileError(msg) from None
    except FileNotFoundError:
        msg = f"--key-file: {path}: no such file; check the path"
        raise KeyFileError(msg) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        msg = f"--key-file: {path}: cannot be read ({reason}); check the file"
        raise KeyFileError(msg) from None
    if data.endswith(b"\r\n"):
        data = data[:-2]
    elif data.endswith(b"\n"):
        data = data[:-1]
    try:
        return check_key(data)
    except InvalidKeyError as error:
        raise KeyFileError(f"--key-file: {path}: {error}") from None


def add_arguments(parser: argparse.ArgumentParser, date: Callable[[str], dt.date]) -> None:
    """The options of ``deidentify``; *date* parses a ``YYYY-MM-DD`` argument."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="a .json or .jsonl file, or -")
    parser.add_argument(
        "--key-file",
        required=True,
        metavar="PATH",
        help=f"the file holding the secret key (at least {MIN_KEY_BYTES} bytes)",
    )
    parser.add_argument(
        "--out", metavar="FILE", help="write the copies to FILE (default: standard output)"
    )
    parser.add_argument(
        "--as-of",
        action="append",
        type=date,
        metavar="YYYY-MM-DD",
        help="a reporting date the copies will be analysed on (may be repeated)",
    )
    parser.add_argument(
        "--max-weeks",
        type=int,
        default=DEFAULT_MAX_WEEKS,
        metavar="N",
        help=f"the largest shift of a student's dates, in weeks (default {DEFAULT_MAX_WEEKS})",
    )
    parser.add_argument(
        "--jurisdiction",
        metavar="CODE",
        help="keep the findings under this profile, not each plan's own",
    )
    parser.add_argument(
        "--keep-organizations",
        action="store_true",
        help="keep the responsible organization's id (for school-level tables)",
    )
    parser.add_argument(
        "--findings",
        metavar="FILE",
        help="also write the carried-over findings (JSON Lines) to FILE",
    )
    parser.add_argument(
        "--calendar",
        metavar="FILE",
        help="with --findings: the school calendar the originals are checked with",
    )


def key_file_warning(path: str) -> str | None:
    """
    A warning when the key file can be read by other users (POSIX permissions), else `None`.

    The key is as sensitive as the records it de-identifies.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if os.name == "posix" and mode & 0o077:
        return f"--key-file: {path} can be read by other users; restrict it (chmod 600 {path})"
    return None


@attrs.frozen(kw_only=True)
class Outcome:
    """
    What ``deidentify`` did.

    Attributes:
        lines: the copies, one JSON text each (empty when written to ``--out``).
        invalid: the documents that are not valid plans.
        copied: how many plans were copied.
        reporting_not_kept: students whose findings on the reporting dates could not
            all be kept.
    """

    lines: tuple[str, ...]
    invalid: tuple[Invalid, ...]
    copied: int
    reporting_not_kept: int

    @property
    def status(self) -> int:
        """0, or 1 when a document was not a valid plan."""
        return 1 if self.invalid else 0


def _write_atomically(path: str, lines: Iterable[str]) -> None:
    """Write *lines* to *path* through a temporary file beside it, renamed at the end."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path()
    handle, temporary = tempfile.mkstemp(prefix=".iepmodel-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            for line in lines:
                out.write(line)
                out.write("\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _plans(documents: Iterable[Document], invalid: list[Invalid]) -> Iterator[IEP]:
    for document in documents:
        if isinstance(document, Loaded):
            yield document.plan
        else:
            invalid.append(document)


def run(
    documents: Iterable[Document],
    *,
    key: bytes,
    as_of: list[dt.date] | None,
    max_weeks: int,
    jurisdiction: Profile | None,
    keep_organizations: bool,
    out: str | None,
    findings: str | None = None,
    findings_as_of: dt.date | None = None,
    calendar: SchoolCalendar | None = None,
) -> Outcome:
    """
    De-identify the plans of *documents*; write them to *out*, or return them as lines.

    With *findings*, the carried-over findings are written there as JSON Lines
    (`iepmodel.privacy.carry_findings`), checked as of *findings_as_of* with *calendar*.
    """
    invalid: list[Invalid] = []
    plans = list(_plans(documents, invalid))
    options: dict[str, Any] = {
        "key": key,
        "as_of": as_of,
        "max_weeks": max_weeks,
        "jurisdiction": jurisdiction,
        "keep_organizations": keep_organizations,
    }
    if findings is None:
        result = deidentify_report(plans, **options)
    else:
        result, carried = deidentify_with_findings(
            plans,
            check_as_of=findings_as_of or dt.date.today(),  # noqa: DTZ011 - as `check` does
            calendar=calendar,
            **options,
        )
        _write_atomically(findings, (json.dumps(f.to_dict(), ensure_ascii=False) for f in carried))
    lines = tuple(to_json(plan) for plan in result.plans)
    if out is not None:
        _write_atomically(out, lines)
        lines = ()
    return Outcome(
        lines=lines,
        invalid=tuple(invalid),
        copied=len(plans),
        reporting_not_kept=result.reporting_not_kept,
    )
