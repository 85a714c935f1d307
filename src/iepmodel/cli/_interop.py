"""
The ``import`` and ``export`` commands: Ed-Fi data in, plans out, and back again.

``iepmodel import --from edfi-5.2 FILE...`` reads Ed-Fi API bodies (a JSON array, JSON
Lines, one body) or XML interchange files, and writes one plan per program association
(or per StudentIEP in 6.1) as JSON Lines, in input order. Every record is accounted for:
a record that cannot become a plan is a problem in the report (file, record, path,
message), and the command exits 1; an unsafe XML file is refused whole, the other files
are still read.

``iepmodel export --to edfi-5.2 FILE... --out DIR`` reads plans as ``iepmodel check``
does and writes the bodies of each Ed-Fi resource to ``DIR/<resource>.jsonl`` (or one XML
interchange file), and the values Ed-Fi cannot hold to ``DIR/losses.json``.

Messages name files, records and paths, never a value: the data is about children.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from ._inputs import STDIN, InputError, Invalid, Loaded, check_readable, label_of, read_documents
from ._output import plural

if TYPE_CHECKING:
    from iepmodel._plan import IEP
    from iepmodel.interop.edfi import Problem, Record

__all__ = [
    "EXPORT_EXAMPLES",
    "IMPORT_EXAMPLES",
    "CommandError",
    "add_export_arguments",
    "add_import_arguments",
    "run_export",
    "run_import",
]

_PREFIX = "edfi-"
_DEFAULT_NAMESPACE = "uri://ed-fi.org"
_XML_SUFFIXES = (".xml",)
_JSON_WHITESPACE = b" \t\r\n"
_BOM = b"\xef\xbb\xbf"
_XML_FILE = "interchange.xml"
_LOSSES_FILE = "losses.json"

IMPORT_EXAMPLES = """\
examples:
  iepmodel import --from edfi-5.2 associations.json --out plans.jsonl --report report.json
  iepmodel import --from edfi-6.1 student-ieps.jsonl goals.jsonl prescriptions.jsonl
  iepmodel import --from edfi-4.0 InterchangeStudentProgram.xml > plans.jsonl
  fetch-ieps | iepmodel import --from edfi-6.1 - --resource studentIEPs --report report.json

FILE holds Ed-Fi API bodies (a JSON array, JSON Lines, or one body; told apart by their
content) or an Ed-Fi XML interchange file (.xml, or content that starts with <); - reads
standard input. Each body's resource is recognised from its keys, or named with
--resource. XML is read safely: a file with a DTD or entities is refused, and the other
files are still imported. Give the students resource too (students.jsonl) for birth
dates; without it a placeholder date is used, with a warning.

The plans go to standard output (or --out) as JSON Lines, one per program association
(DS 4.0 to 5.2) or StudentIEP (6.1), in input order. The report (--report) is
{"records", "plans", "problems": [{"file", "record", "path", "message", "severity"}],
"losses": [{"plan_id", "path", "reason"}]}; without --report, each problem is listed on
standard error.

exit status: 0 every record imported (warnings allowed), 1 a record could not become a
plan or a file was refused, 2 a usage error (unknown --from, missing file, ...)"""

EXPORT_EXAMPLES = """\
examples:
  iepmodel export --to edfi-5.2 district.jsonl --out edfi/
  iepmodel export --to edfi-6.1 plans.jsonl --out edfi/ --namespace uri://district.example
  iepmodel export --to edfi-5.2 district.jsonl --out edfi/ --format xml --organization-id 255901

FILE is a .json file (one plan or an array) or a .jsonl file, as `iepmodel check` reads
them; - reads standard input. A document that is not a valid plan is reported with its
file and line, and the others are still exported.

DIR gets one JSON Lines file per Ed-Fi resource, named by its API name
(studentSpecialEducationProgramAssociations.jsonl, studentIEPs.jsonl, ...), or with
--format xml one interchange file (interchange.xml); and losses.json: {"plans",
"invalid", "bodies", "losses": [{"plan_id", "path", "reason"}]}, every value the bodies
do not carry.

exit status: 0 every document exported, 1 an invalid document, 2 a usage error"""


class CommandError(Exception):
    """The command was used wrongly: one line on standard error, exit status 2."""


# --- arguments ------------------------------------------------------------------------------


def _edfi_version(text: str) -> str:
    from iepmodel.interop.edfi import VERSIONS

    version = text.removeprefix(_PREFIX)
    if text.startswith(_PREFIX) and version in VERSIONS:
        return version
    known = ", ".join(_PREFIX + known for known in VERSIONS)
    msg = f"{text!r} is not a known Ed-Fi version; use one of {known}"
    raise argparse.ArgumentTypeError(msg)


def _organization_id(text: str) -> int:
    if text.isdigit() and 0 < int(text) < 2**63:
        return int(text)
    msg = f"{text!r} is not an education organization id (a whole number, e.g. 255901)"
    raise argparse.ArgumentTypeError(msg)


def _add_namespace(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--namespace",
        metavar="URI",
        default=_DEFAULT_NAMESPACE,
        help=f"the root of the descriptor namespaces (default: {_DEFAULT_NAMESPACE})",
    )


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``iepmodel import``."""
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="Ed-Fi JSON bodies or an XML file, or -"
    )
    parser.add_argument(
        "--from",
        dest="version",
        type=_edfi_version,
        required=True,
        metavar="edfi-VERSION",
        help="the Ed-Fi Data Standard of the files: edfi-4.0, edfi-5.1, edfi-5.2, edfi-6.1",
    )
    parser.add_argument(
        "--out", metavar="PLANS.jsonl", help="write the plans here (default: standard output)"
    )
    parser.add_argument("--report", metavar="REPORT.json", help="write the import report here")
    parser.add_argument(
        "--resource",
        metavar="NAME",
        help="the API resource of every JSON body (e.g. studentIEPs), when keys cannot tell",
    )
    _add_namespace(parser)


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``iepmodel export``."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="a .json or .jsonl file, or -")
    parser.add_argument(
        "--to",
        dest="version",
        type=_edfi_version,
        required=True,
        metavar="edfi-VERSION",
        help="the Ed-Fi Data Standard to write: edfi-4.0, edfi-5.1, edfi-5.2, edfi-6.1",
    )
    parser.add_argument(
        "--out", metavar="DIR", required=True, help="the directory to write the files to"
    )
    parser.add_argument(
        "--format",
        choices=("json", "xml"),
        default="json",
        help="json: one JSON Lines file per resource (default); xml: one interchange file",
    )
    parser.add_argument(
        "--organization-id",
        type=_organization_id,
        metavar="ID",
        help="the education organization of plans that name none with a numeric id",
    )
    _add_namespace(parser)


# --- import ---------------------------------------------------------------------------------


class _Reading:
    """
    The records of the input files, read lazily, with the problems met on the way.

    Reading problems (a line that is not JSON, an unsafe XML file) are collected here;
    the mapping reports its own.
    """

    def __init__(
        self,
        names: list[str],
        stdin: Callable[[], IO[bytes]],
        *,
        version: str,
        namespace: str,
        resource: str | None,
    ) -> None:
        self.names = names
        self.stdin = stdin
        self.version = version
        self.namespace = namespace
        self.resource = resource
        self.problems: list[Problem] = []
        self.refused = 0

    def records(self) -> Iterator[Record]:
        for name in self.names:
            yield from self._file(name)

    def _problem(self, file: str, record: int | None, message: str, path: str = "") -> None:
        from iepmodel.interop.edfi import Problem

        self.problems.append(Problem(file=file, record=record, path=path, message=message))
        if record is not None:
            self.refused += 1

    def _file(self, name: str) -> Iterator[Record]:
        label = label_of(name)
        try:
            handle = self.stdin() if name == STDIN else open(name, "rb")  # noqa: SIM115
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise InputError(f"{name}: cannot be read ({reason}); check the file") from None
        try:
            start = _peek(handle).removeprefix(_BOM).lstrip(_JSON_WHITESPACE)[:1]
            if name.lower().endswith(_XML_SUFFIXES) or start == b"<":
                yield from self._xml(label, handle)
            elif start == b"[":
                yield from self._array(label, handle.read())
            elif start:
                yield from self._json_lines_or_one(label, handle)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise InputError(f"{name}: cannot be read ({reason}); check the file") from None
        finally:
            if name != STDIN:
                handle.close()

    def _xml(self, label: str, stream: IO[bytes]) -> Iterator[Record]:
        from iepmodel.interop.edfi import Record, XmlUnavailableError, read_xml

        read: set[int] = set()
        reported: set[int] = set()
        try:
            for item in read_xml(
                stream, file=label, version=self.version, namespace=self.namespace
            ):
                if isinstance(item, Record):
                    read.add(item.record or 0)
                    yield item
                else:
                    self.problems.append(item)
                    if item.record is not None:
                        reported.add(item.record)
        except XmlUnavailableError as error:
            raise CommandError(f"{label}: {error}") from None
        # An element refused for an error, or skipped, is a record read all the same.
        self.refused += len(reported - read)

    def _body(self, label: str, number: int, value: Any) -> Record | None:
        from iepmodel.interop.edfi import Record

        if not isinstance(value, dict):
            self._problem(label, number, "not a JSON object; an Ed-Fi body is an object")
            return None
        body = cast("dict[str, Any]", value)
        return Record(body=body, resource=self.resource, file=label, record=number)

    def _array(self, label: str, data: bytes) -> Iterator[Record]:
        try:
            values = json.loads(data.decode("utf-8-sig"), parse_constant=_reject_constant)
        except UnicodeDecodeError:
            self._problem(label, None, "not valid UTF-8 text; nothing of it was read")
            return
        except (ValueError, RecursionError) as error:
            self._problem(label, None, f"{_json_error(error)}; nothing of it was read")
            return
        if not isinstance(values, list):  # pragma: no cover - starts with [, so a list
            self._problem(label, None, "not a JSON array of bodies")
            return
        items: list[Any] = values  # pyright: ignore[reportUnknownVariableType]
        for index, value in enumerate(items, start=1):
            record = self._body(label, index, value)
            if record is not None:
                yield record

    def _json_lines_or_one(self, label: str, stream: IO[bytes]) -> Iterator[Record]:
        """
        JSON Lines, unless the start is not a whole value on a line: then one body.

        A first line that is a whole JSON value means JSON Lines; so does a broken first
        line followed by a whole one: one bad line must not decide.
        """
        lines = iter(stream)
        head: list[bytes] = []
        json_lines = label.lower().endswith((".jsonl", ".ndjson", ".jsonlines"))
        seen = 0
        for line in lines:
            head.append(line)
            if not line.strip():
                continue
            seen += 1
            if _parses(line):
                json_lines = True
            if json_lines or seen == 2:
                break
        if not json_lines:
            rest = b"".join(itertools.chain(head, lines))
            try:
                value = json.loads(rest.decode("utf-8-sig"), parse_constant=_reject_constant)
            except UnicodeDecodeError:
                self._problem(label, None, "not valid UTF-8 text; nothing of it was read")
                return
            except (ValueError, RecursionError) as error:
                self._problem(label, None, f"{_json_error(error)}; nothing of it was read")
                return
            record = self._body(label, 1, value)
            if record is not None:
                yield record
            return
        for number, line in enumerate(itertools.chain(head, lines), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line.decode("utf-8-sig"), parse_constant=_reject_constant)
            except UnicodeDecodeError:
                self._problem(label, number, "not valid UTF-8 text")
                continue
            except (ValueError, RecursionError) as error:
                self._problem(label, number, _json_error(error))
                continue
            record = self._body(label, number, value)
            if record is not None:
                yield record


def _peek(handle: IO[bytes]) -> bytes:
    """
    The start of *handle*, enough to tell JSON from XML, without consuming it.

    A file is read ahead and rewound; a pipe (standard input) is peeked at, as far as its
    buffer goes.
    """
    if handle.seekable():
        head = b""
        while True:
            chunk = handle.read(4096)
            head += chunk
            if not chunk or head.removeprefix(_BOM).lstrip(_JSON_WHITESPACE):
                break
        handle.seek(0)
        return head
    peek: Callable[[int], bytes] | None = getattr(handle, "peek", None)
    if peek is not None:
        return peek(4096)
    return b""  # pragma: no cover - standard input is always buffered


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _parses(line: bytes) -> bool:
    try:
        json.loads(line.decode("utf-8-sig"), parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return False
    return True


def _json_error(error: ValueError | RecursionError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
    if isinstance(error, RecursionError):
        return "not valid JSON for a body (nested too deeply)"
    return "not valid JSON (NaN and Infinity are not JSON numbers)"


def run_import(args: argparse.Namespace, stdin: Callable[[], IO[bytes]]) -> tuple[int, list[str]]:
    """
    Run ``iepmodel import``: the exit status, and the lines for standard output.

    Raises:
        CommandError: a usage error (an unknown resource, an output that cannot be
            written, XML without defusedxml installed).
        InputError: an input file that cannot be read.
    """
    from iepmodel.interop.edfi import RESOURCES, from_edfi
    from iepmodel.serialization import to_json

    if args.resource is not None and args.resource not in RESOURCES:
        known = ", ".join(RESOURCES)
        msg = f"--resource: unknown resource {args.resource!r}; use one of {known}"
        raise CommandError(msg)
    try:
        check_readable(args.files)
    except InputError as error:
        raise CommandError(str(error)) from None
    reading = _Reading(
        args.files,
        stdin,
        version=args.version,
        namespace=args.namespace,
        resource=args.resource,
    )
    result = from_edfi(reading.records(), version=args.version, namespace=args.namespace)
    order = {label_of(name): index for index, name in enumerate(args.files)}
    problems = sorted(
        [*reading.problems, *result.problems],
        key=lambda problem: (order.get(problem.file or "", 0), problem.record or 0),
    )
    report = {
        "records": result.records + reading.refused,
        "plans": len(result.plans),
        "problems": [problem.to_dict() for problem in problems],
        "losses": [loss.to_dict() for loss in result.losses],
    }
    lines = [to_json(plan) for plan in result.plans]
    if args.out is not None:
        _write_text(args.out, "--out", "".join(line + "\n" for line in lines))
        lines = []
    if args.report is not None:
        _write_text(
            args.report, "--report", json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        )
    errors = sum(1 for problem in problems if problem.severity == "error")
    _summary_of_import(report, errors, listed=args.report is None, problems=problems)
    return (1 if errors else 0), lines


def _summary_of_import(
    report: Mapping[str, Any], errors: int, *, listed: bool, problems: list[Problem]
) -> None:
    err = sys.stderr
    if listed:
        for problem in problems:
            where = problem.file or "<input>"
            if problem.record is not None:
                where += f":{problem.record}"
            path = f"{problem.path}: " if problem.path else ""
            err.write(f"{problem.severity}  {where}: {path}{problem.message}\n")
    warnings = len(problems) - errors
    err.write(
        f"iepmodel import: {plural(report['records'], 'record')} read, "
        f"{plural(report['plans'], 'plan')} written; {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}, {plural(len(report['losses']), 'value')} kept under "
        'extensions["ed-fi"]\n'
    )
    err.flush()


def _write_text(path: str, option: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CommandError(
            f"{option}: cannot write {path} ({reason}); choose another path"
        ) from None


# --- export ---------------------------------------------------------------------------------


def _plans(names: list[str], stdin: Callable[[], IO[bytes]]) -> tuple[list[IEP], list[Invalid]]:
    try:
        check_readable(names)
    except InputError as error:
        raise CommandError(str(error)) from None
    plans: list[IEP] = []
    invalid: list[Invalid] = []
    for name in names:
        for document in read_documents(name, stdin):
            if isinstance(document, Loaded):
                plans.append(document.plan)
            else:
                invalid.append(document)
    return plans, invalid


def _directory(path: str) -> Path:
    directory = Path(path)
    if directory.exists() and not directory.is_dir():
        raise CommandError(f"--out: {path} is not a directory; name a directory to write to")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CommandError(f"--out: cannot create {path} ({reason}); choose another") from None
    return directory


def run_export(args: argparse.Namespace, stdin: Callable[[], IO[bytes]]) -> tuple[int, list[str]]:
    """
    Run ``iepmodel export``: the exit status, and the lines for standard output.

    Raises:
        CommandError: a usage error (an output directory that cannot be written).
        InputError: an input file that cannot be read.
    """
    from iepmodel.interop.edfi import XmlWriteError, to_edfi

    directory = _directory(args.out)
    plans, invalid = _plans(args.files, stdin)
    for record in invalid:
        sys.stderr.write(f"invalid  {record}\n")
    result = to_edfi(
        plans,
        version=args.version,
        namespace=args.namespace,
        organization_id=args.organization_id,
    )
    written: list[str] = []
    try:
        if args.format == "xml":
            _write_xml_file(directory / _XML_FILE, result.resources, args.version)
            written.append(_XML_FILE)
        else:
            for resource, bodies in result.resources.items():
                name = f"{resource}.jsonl"
                with open(directory / name, "w", encoding="utf-8") as stream:
                    stream.writelines(_jsonl(bodies))
                written.append(f"{name} ({plural(len(bodies), 'body', 'bodies')})")
        losses = {
            "plans": len(plans),
            "invalid": [record.to_dict() for record in invalid],
            "bodies": {resource: len(bodies) for resource, bodies in result.resources.items()},
            "losses": [loss.to_dict() for loss in result.losses],
        }
        text = json.dumps(losses, indent=2, ensure_ascii=False) + "\n"
        (directory / _LOSSES_FILE).write_text(text, encoding="utf-8")
    except XmlWriteError as error:
        # The mapping wrote a body its own XML cannot hold: a bug, reported without values.
        raise CommandError(f"--format xml: {error}") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CommandError(
            f"--out: cannot write to {args.out} ({reason}); choose another"
        ) from None
    total = sum(len(bodies) for bodies in result.resources.values())
    where = os.path.join(args.out, "")
    head = (
        f"Exported {plural(len(plans), 'plan')} to Ed-Fi {args.version}: "
        f"{plural(total, 'body', 'bodies')} in {where}"
    )
    tail = f"{plural(len(result.losses), 'value')} Ed-Fi cannot hold: see {where}{_LOSSES_FILE}"
    lines = [head, *(f"  {entry}" for entry in written), tail]
    if invalid:
        lines.append(f"{plural(len(invalid), 'invalid document')} not exported (listed above).")
    return (1 if invalid else 0), lines


def _write_xml_file(
    path: Path, resources: Mapping[str, Iterable[Mapping[str, Any]]], version: str
) -> None:
    """Write the interchange file whole or not at all (a refused body leaves no half file)."""
    from iepmodel.interop.edfi import write_xml

    partial = path.with_name(path.name + ".partial")
    try:
        with open(partial, "wb") as stream:
            write_xml(stream, resources, version=version)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _jsonl(bodies: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    for body in bodies:
        yield json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n"
