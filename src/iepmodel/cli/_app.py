"""
The ``iepmodel`` command: argument parsing, the subcommands, and failure handling.

Exit status: 0 when nothing is wrong; 1 when
there is an ``error`` finding or an invalid document; 2 for a usage error (an unknown
option, an unreadable file, an unknown jurisdiction, a bad date). Every failure is one
line on standard error, never a traceback. Stopped by a signal (Ctrl-C, SIGTERM, SIGHUP),
the command removes its temporary files and exits with 128 plus the signal's number (130,
143, 129).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

import attrs

from iepmodel import sample
from iepmodel._calendar import SchoolCalendar
from iepmodel._plan import IEP
from iepmodel._schema import json_schema
from iepmodel.errors import DocumentError
from iepmodel.jurisdictions import Profile, available_jurisdictions, jurisdiction
from iepmodel.rules import catalog
from iepmodel.serialization import from_json

from . import _deidentify
from ._checking import Checker, CheckError, fewer_collections, resolve_codes
from ._demo import demo_report as _demo_report
from ._demo import summary_data, summary_text
from ._inputs import STDIN, Document, InputError, Invalid, check_readable, read_documents
from ._interop import (
    EXPORT_EXAMPLES,
    IMPORT_EXAMPLES,
    CommandError,
    add_export_arguments,
    add_import_arguments,
    run_export,
    run_import,
)
from ._output import (
    Style,
    check_json,
    check_text,
    rules_text,
    use_colour,
    validate_text,
)
from ._progress import Progress, file_size
from ._render import EXAMPLES as _RENDER_EXAMPLES
from ._render import SUMMARY as _RENDER_SUMMARY
from ._render import add_arguments as _add_render_arguments
from ._render import run as _render
from ._spill import Terminated, signals_as_interrupts

__all__ = ["UsageError", "build_parser", "main"]

_PROG = "iepmodel"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class UsageError(Exception):
    """The command was used wrongly: one line on standard error, exit status 2."""


class _Exit(Exception):  # noqa: N818 - a control-flow signal, not an error
    """argparse finished on its own (``--help``, ``--version``)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, and which never exits the process."""

    def error(self, message: str) -> NoReturn:
        """Raise a usage error that names the command's help."""
        raise UsageError(f"{message}; see `{self.prog} --help`")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        """Return *status* from `main` instead of exiting."""
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


def _nothing() -> None:
    pass


@attrs.frozen
class _Result:
    """
    What a command writes to standard output, and its exit status.

    The lines may be made as they are written; *close* is called after writing them,
    whether or not that succeeds (it removes the check's temporary files).
    """

    status: int
    lines: Iterable[str] = ()
    close: Callable[[], None] = _nothing


# --- argument types ------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    msg = f"{text!r} is not a date; give it as YYYY-MM-DD, e.g. 2026-01-15"
    raise argparse.ArgumentTypeError(msg)


def _codes(values: list[str] | None, option: str) -> list[str] | None:
    if values is None:
        return None
    codes = [code.strip() for value in values for code in value.split(",") if code.strip()]
    if not codes:
        msg = f"{option}: give at least one rule code or prefix, e.g. {option} T1,D201"
        raise UsageError(msg)
    return codes


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()


# --- shared option handling ---------------------------------------------------------------


def _profile(code: str | None) -> Profile | None:
    if code is None:
        return None
    try:
        return jurisdiction(code)
    except LookupError:
        known = ", ".join(available_jurisdictions())
        msg = f"--jurisdiction: unknown jurisdiction {code!r}; use one of {known}"
        raise UsageError(msg) from None


def _calendar(path: str | None) -> SchoolCalendar | None:
    if path is None:
        return None
    try:
        check_readable([path])
        data = Path(path).read_bytes()
    except InputError as error:
        raise UsageError(f"--calendar: {error}") from None
    except OSError as error:
        msg = f"--calendar: {path}: cannot be read ({error.strerror}); check the file"
        raise UsageError(msg) from None
    try:
        return from_json(data, SchoolCalendar)
    except DocumentError as error:
        problems = _first_problems(error)
        msg = (
            f"--calendar: {path} is not a valid school calendar ({problems}); "
            "see `iepmodel schema calendar`"
        )
        raise UsageError(msg) from None


def _first_problems(error: DocumentError, limit: int = 3) -> str:
    shown = "; ".join(str(problem) for problem in error.problems[:limit])
    more = len(error.problems) - limit
    return shown + (f"; and {more} more" if more > 0 else "")


def _stdin() -> IO[bytes]:
    """Standard input, as bytes: read only when a file is named ``-``."""
    if sys.stdin is None:  # pragma: no cover - only without a console (pythonw)
        msg = "standard input (-) is not available; name a file instead"
        raise UsageError(msg)
    return sys.stdin.buffer


# --- the commands -------------------------------------------------------------------------


def _documents(names: list[str], progress: Progress) -> Iterator[Document]:
    """Every document of the inputs *names*, in order, with progress shown."""
    try:
        check_readable(names)
    except InputError as error:
        raise UsageError(str(error)) from None
    # Bytes read of the whole input, when every input is a file of known size (not
    # standard input or a pipe): then the progress line shows a percentage.
    sizes = [file_size(name) if name != STDIN else None for name in names]
    known = [size for size in sizes if size is not None]
    finished = 0
    current: list[IO[bytes]] = []

    def position() -> int:
        handle = current[-1] if current else None
        return finished + (handle.tell() if handle is not None and not handle.closed else 0)

    if len(known) == len(sizes):
        progress.total = sum(known)
        progress.position = position
    count = 0
    for name, size in zip(names, sizes, strict=True):
        for document in read_documents(name, _stdin, opened=current.append):
            count += 1
            progress.update(count, document.file)
            yield document
        current.clear()
        finished += size or 0


def _run_check(args: argparse.Namespace) -> _Result:
    profile = _profile(args.jurisdiction)
    calendar = _calendar(args.calendar)
    try:
        codes = resolve_codes(_codes(args.select, "--select"), _codes(args.ignore, "--ignore"))
    except ValueError as error:
        raise UsageError(str(error)) from None
    as_of: dt.date = args.as_of or _today()
    with contextlib.ExitStack() as cleanup:
        # The checker's temporary files are removed when the output is written (`main`
        # calls `close`), or at once if reading or checking fails.
        cleanup.enter_context(fewer_collections())
        checker = cleanup.enter_context(
            Checker(as_of=as_of, profile=profile, calendar=calendar, codes=codes)
        )
        with Progress(sys.stderr, verb="checking") as progress:
            for document in _documents(args.files, progress):
                checker.add(document)
            progress.update(checker.plans, "the students' histories")
            results = checker.results()
        if args.format == "json":
            lines = check_json(results)
        else:
            style = Style(colour=use_colour(sys.stdout, args.color))
            label = profile.code if profile is not None else None
            lines = check_text(results, style, jurisdiction=label)
        return _Result(results.exit_status, lines, close=cleanup.pop_all().close)


def _run_deidentify(args: argparse.Namespace) -> _Result:
    try:
        key = _deidentify.read_key(args.key_file)
    except _deidentify.KeyFileError as error:
        raise UsageError(str(error)) from None
    warning = _deidentify.key_file_warning(args.key_file)
    if warning is not None:
        sys.stderr.write(f"{_PROG}: warning: {warning}\n")
    if args.max_weeks < 1:
        msg = "--max-weeks: give a number of weeks of at least 1, e.g. --max-weeks 26"
        raise UsageError(msg)
    profile = _profile(args.jurisdiction)
    calendar = _calendar(args.calendar)
    with Progress(sys.stderr, verb="reading") as progress:
        outcome = _deidentify.run(
            _documents(args.files, progress),
            key=key,
            as_of=args.as_of,
            max_weeks=args.max_weeks,
            jurisdiction=profile,
            keep_organizations=args.keep_organizations,
            out=args.out,
            findings=args.findings,
            findings_as_of=args.as_of[0] if args.as_of else _today(),
            calendar=calendar,
        )
    for record in outcome.invalid:
        sys.stderr.write(f"{_PROG}: invalid: {record}\n")
    return _Result(outcome.status, outcome.lines)


def _run_validate(args: argparse.Namespace) -> _Result:
    plans = 0
    invalid: list[Invalid] = []
    with Progress(sys.stderr, verb="reading") as progress:
        for document in _documents(args.files, progress):
            if isinstance(document, Invalid):
                invalid.append(document)
            else:
                plans += 1
    status = 1 if invalid else 0
    if args.format == "json":
        data = {"plans": plans, "invalid": [record.to_dict() for record in invalid]}
        return _Result(status, [_json(data)])
    style = Style(colour=use_colour(sys.stdout, args.color))
    return _Result(status, validate_text(plans, invalid, style))


def _run_schema(args: argparse.Namespace) -> _Result:
    cls: type[Any] = SchoolCalendar if args.document == "calendar" else IEP
    return _Result(0, [_json(json_schema(cls))])


def _run_rules(args: argparse.Namespace) -> _Result:
    entries = catalog()
    if args.format == "json":
        data = [
            {
                "code": entry.code,
                "severity": entry.severity.value,
                "citation": entry.citation,
                "title": entry.title,
                "summary": entry.summary,
                "family": entry.family,
            }
            for entry in entries
        ]
        return _Result(0, [_json(data)])
    style = Style(colour=use_colour(sys.stdout, args.color))
    return _Result(0, rules_text(entries, style))


def _run_demo(args: argparse.Namespace) -> _Result:
    if args.write_sample is not None:
        return _write_sample(Path(args.write_sample))
    try:
        report = _demo_report()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        msg = (
            f"the sample district is missing from this installation ({reason}); reinstall iepmodel"
        )
        raise UsageError(msg) from None
    if args.format == "json":
        return _Result(0, [_json(summary_data(report))])
    style = Style(colour=use_colour(sys.stdout, args.color))
    return _Result(0, summary_text(report, style))


def _run_render(args: argparse.Namespace) -> _Result:
    status, lines = _render(args, _stdin)
    return _Result(status, lines)


def _write_sample(directory: Path) -> _Result:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name in (sample.PLANS_FILE, sample.CALENDAR_FILE):
            (directory / name).write_bytes(sample.read_bytes(name))
    except OSError as error:
        reason = error.strerror or type(error).__name__
        msg = f"--write-sample: cannot write to {directory} ({reason}); choose another directory"
        raise UsageError(msg) from None
    plans = directory / sample.PLANS_FILE
    calendar = directory / sample.CALENDAR_FILE
    return _Result(
        0,
        [
            f"Wrote {plans} and {calendar}. Check them with:",
            f"  iepmodel check {plans} --as-of {sample.AS_OF.isoformat()} --calendar {calendar}",
        ],
    )


def _run_import(args: argparse.Namespace) -> _Result:
    status, lines = run_import(args, _stdin)
    return _Result(status, lines)


def _run_export(args: argparse.Namespace) -> _Result:
    status, lines = run_export(args, _stdin)
    return _Result(status, lines)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


# --- the parser ---------------------------------------------------------------------------

_DESCRIPTION = """\
Check IEPs (Individualized Education Programs) against the IDEA and state rules: who must
be at the meeting, which dates are late or due soon, what the plan must contain. Every
finding has a code, a severity, a plain message, a due date where one applies, and a
legal citation."""

_EXAMPLES = {
    "main": """\
examples:
  iepmodel demo                                  a summary of the fictional sample district
  iepmodel check district.jsonl --as-of 2026-01-15
  iepmodel check plan.json --format json         for scripts and pipelines
  iepmodel rules                                 the rule catalog
  iepmodel import --from edfi-5.2 bodies.json    Ed-Fi records in, plans out
  iepmodel render plan.json --audience family    a page a family can read

exit status: 0 nothing wrong, 1 an error finding or an invalid document, 2 a usage error""",
    "check": """\
examples:
  iepmodel check district.jsonl
  iepmodel check plan.json more-plans.json --as-of 2026-01-15 --jurisdiction US-TX
  iepmodel check district.jsonl --calendar calendar-2025-26.json --select T,D2 --ignore D202
  export-plans | iepmodel check - --format json > findings.json

FILE is a .json file (one plan or an array of plans) or a .jsonl file (one plan per
line, streamed); - reads standard input. A document that does not load is reported with
its file and line, and the others are still checked.

Memory stays flat however many plans a .jsonl file holds: past a few thousand plans,
their dates (dates of birth too) and the findings are sorted through temporary files in
a private directory under $TMPDIR, readable only by you and removed when the command ends.

exit status: 0 no error finding, 1 an error finding or an invalid document, 2 a usage
error (unknown option, unreadable file, unknown jurisdiction, bad date)""",
    "validate": """\
examples:
  iepmodel validate district.jsonl
  iepmodel validate plans/*.json --format json

exit status: 0 every document is a valid plan, 1 some are not, 2 a usage error""",
    "schema": """\
examples:
  iepmodel schema > iep.schema.json
  iepmodel schema calendar > calendar.schema.json""",
    "rules": """\
examples:
  iepmodel rules
  iepmodel rules --format json""",
    "deidentify": _deidentify.EXAMPLES,
    "import": IMPORT_EXAMPLES,
    "export": EXPORT_EXAMPLES,
    "demo": """\
examples:
  iepmodel demo
  iepmodel demo --format json
  iepmodel demo --write-sample sample/     then: iepmodel check sample/sample-district.jsonl""",
    "render": _RENDER_EXAMPLES,
}


def _formatter(prog: str) -> argparse.HelpFormatter:
    width = min(shutil.get_terminal_size().columns, 100)
    return argparse.RawDescriptionHelpFormatter(prog, width=width)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("iepmodel")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default) or one JSON document",
    )
    _add_color(parser)


def _add_color(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour text output: auto (default: on a terminal, unless NO_COLOR is set)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``iepmodel`` command and its subcommands."""
    parser = _Parser(
        prog=_PROG,
        description=_DESCRIPTION,
        epilog=_EXAMPLES["main"],
        formatter_class=_formatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str, summary: str, run: Callable[[argparse.Namespace], _Result]
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=_EXAMPLES[name],
            formatter_class=_formatter,
            allow_abbrev=False,
        )
        sub.set_defaults(run=run, command=name)
        return sub

    check = command("check", "Check plans and report the findings.", _run_check)
    check.add_argument("files", nargs="+", metavar="FILE", help="a .json or .jsonl file, or -")
    check.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the day to check from (default: today)",
    )
    check.add_argument(
        "--jurisdiction",
        metavar="CODE",
        help="check every plan under this profile (US, US-TX, CA-ON ...), not its own",
    )
    check.add_argument(
        "--calendar",
        metavar="FILE",
        help="a school calendar (JSON) for timelines counted in school days",
    )
    check.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="run only these rules: codes or prefixes, comma-separated (T1,D201)",
    )
    check.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="skip these rules: codes or prefixes, comma-separated",
    )
    _add_format(check)

    demo = command(
        "demo",
        "Check the fictional sample district shipped with iepmodel and summarise it.",
        _run_demo,
    )
    _add_format(demo)
    demo.add_argument(
        "--write-sample",
        metavar="DIR",
        help="instead, write the sample plans and calendar to DIR",
    )

    validate = command(
        "validate",
        "Load plans only; report each document that is not a valid plan.",
        _run_validate,
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="a .json or .jsonl file, or -")
    _add_format(validate)

    schema = command("schema", "Print the JSON Schema of the document format.", _run_schema)
    schema.add_argument(
        "document",
        nargs="?",
        choices=("plan", "calendar"),
        default="plan",
        help="plan (default) or calendar",
    )

    deidentify = command("deidentify", _deidentify.SUMMARY, _run_deidentify)
    _deidentify.add_arguments(deidentify, _date)

    rules = command("rules", "List the rule catalog: code, severity, citation, title.", _run_rules)
    _add_format(rules)

    add_import_arguments(
        command(
            "import",
            "Read Ed-Fi special-education records (JSON or XML) into plans.",
            _run_import,
        )
    )
    add_export_arguments(
        command("export", "Write plans as Ed-Fi special-education records.", _run_export)
    )
    _add_render_arguments(command("render", _RENDER_SUMMARY, _run_render))
    return parser


# --- main ---------------------------------------------------------------------------------


def _fail(message: str) -> int:
    sys.stderr.write(f"{_PROG}: error: {message}\n")
    sys.stderr.flush()
    return 2


def _write(lines: Iterable[str]) -> None:
    out = sys.stdout
    for line in lines:
        out.write(line)
        out.write("\n")
    out.flush()


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter exits quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - not a real stdout
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the ``iepmodel`` command with *argv* (default: the process's arguments).

    SIGTERM and SIGHUP stop it as Ctrl-C does: temporary files are removed, and the exit
    status is 128 plus the signal's number.

    Returns:
        The exit status: 0, 1 or 2 (see the module docstring), 130 when interrupted.
    """
    try:
        with signals_as_interrupts():
            return _main(argv)
    except KeyboardInterrupt as interrupt:  # pragma: no cover - a signal as it returns
        return 128 + getattr(interrupt, "signum", 2)


def _main(argv: Sequence[str] | None) -> int:
    status: int | None = None
    try:
        args, extra = build_parser().parse_known_args(argv)
        run: Callable[[argparse.Namespace], _Result] | None = getattr(args, "run", None)
        if extra:
            command = " ".join((_PROG, *([args.command] if run is not None else [])))
            if run is _run_deidentify:
                # A stray value may be the key, typed where it must never be: not echoed.
                extra = [word for word in extra if word.startswith("--")] or ["(not shown)"]
            msg = f"unrecognized arguments: {' '.join(extra)}; see `{command} --help`"
            raise UsageError(msg)
        if run is None:
            msg = "no command given; try `iepmodel demo`, or see `iepmodel --help`"
            raise UsageError(msg)
        result = run(args)
        status = result.status
        try:
            _write(result.lines)
        finally:
            result.close()
    except _Exit as done:
        return done.status
    except (UsageError, InputError, CommandError) as error:
        return _fail(str(error))
    except BrokenPipeError:
        # The reader went away (`iepmodel check ... | head`): stop quietly.
        _silence_stdout()
        return status if status is not None else 1
    except KeyboardInterrupt as interrupt:
        # Ctrl-C (SIGINT, 2), or SIGTERM or SIGHUP (`Terminated`): 128 plus the signal.
        signum = interrupt.signum if isinstance(interrupt, Terminated) else 2
        sys.stderr.write(f"\n{_PROG}: {'interrupted' if signum == 2 else 'terminated'}\n")
        return 128 + signum
    except CheckError as error:
        if os.environ.get("IEPMODEL_DEBUG"):
            raise
        return _fail(
            f"internal error: {error}; please report it to the iepmodel developers, "
            "with the command but without personal data (IEPMODEL_DEBUG=1 shows where)"
        )
    except OSError as error:
        return _fail(f"{error.strerror or type(error).__name__}; check the files and try again")
    except Exception as error:
        if os.environ.get("IEPMODEL_DEBUG"):
            raise
        # A bug: one line, and no value from the data (it may be personal).
        return _fail(
            f"internal error ({type(error).__name__}); please report it to the iepmodel "
            "developers, with the command but without personal data (IEPMODEL_DEBUG=1 shows "
            "where)"
        )
    return status
