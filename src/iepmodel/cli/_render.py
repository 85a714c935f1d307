"""
``iepmodel render``: one plan as a page people can read (`iepmodel.render.at_a_glance`).

The page goes to standard output. Exit status: 0 the page was written; 1 the plan is not
a valid document; 2 a usage error (an unreadable file, no such plan, an unknown audience,
language or jurisdiction, or the ``render`` extra not installed). Rendering needs Jinja2
and Babel, imported only when the command runs, so the rest of the command line works
without them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import IO

from ._inputs import InputError, Invalid, Loaded, check_readable, read_documents

__all__ = ["EXAMPLES", "SUMMARY", "add_arguments", "run"]

SUMMARY = "Write one plan as a page for a teacher, a family or the student (HTML or Markdown)."

EXAMPLES = """\
examples:
  iepmodel render plan.json --audience family --lang es > page.html
  iepmodel render plan.json --audience teacher --format md > teacher.md
  iepmodel render district.jsonl --plan district-7/2025/00412 --audience student > me.html

The HTML page is self-contained (its styles inline, no external file) and prints on
letter paper. FILE holds one plan, or several with --plan naming the one to render.
Needs the render extra: pip install 'iepmodel[render]'.

exit status: 0 the page was written, 1 the plan is not a valid document, 2 a usage error"""

_AUDIENCES = ("teacher", "family", "student")  # iepmodel.render.AUDIENCES, without the import
_MISSING_EXTRA = (
    "rendering needs the render extra (Jinja2 and Babel), which is not installed; "
    "install it with: pip install 'iepmodel[render]'"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``iepmodel render``."""
    parser.add_argument("file", metavar="FILE", help="a .json or .jsonl file, or -")
    parser.add_argument(
        "--audience",
        choices=_AUDIENCES,
        default="family",
        help="whom the page is for (default: family)",
    )
    parser.add_argument(
        "--lang",
        default="en",
        metavar="LANG",
        help="the page's language: en (default) or es",
    )
    parser.add_argument(
        "--format",
        choices=("html", "md"),
        default="html",
        help="html: a complete page (default); md: Markdown",
    )
    parser.add_argument(
        "--plan",
        metavar="ID",
        help="the id of the plan to render, when FILE holds several",
    )
    parser.add_argument(
        "--jurisdiction",
        metavar="CODE",
        help="compute the family's dates under this profile (US, US-TX ...), not the plan's own",
    )


def _pick(args: argparse.Namespace, stdin: Callable[[], IO[bytes]]) -> Loaded | Invalid:
    """The plan to render, or the first invalid document (a usage error when none fits)."""
    check_readable([args.file])
    loaded: list[Loaded] = []
    for document in read_documents(args.file, stdin):
        if isinstance(document, Invalid):
            if args.plan is None:
                return document
            continue  # another plan may be the one asked for
        if args.plan is None or document.plan.id == args.plan:
            loaded.append(document)
    if args.plan is not None and not loaded:
        msg = f"{args.file}: no valid plan with id {args.plan!r}; check --plan"
        raise InputError(msg)
    if not loaded:
        msg = f"{args.file}: holds no plan; name a file with one plan"
        raise InputError(msg)
    if len(loaded) > 1:
        which = "plans with that id" if args.plan is not None else "plans"
        msg = f"{args.file}: holds {len(loaded)} {which}; choose one with --plan ID"
        raise InputError(msg)
    return loaded[0]


def run(args: argparse.Namespace, stdin: Callable[[], IO[bytes]]) -> tuple[int, list[str]]:
    """
    Render the plan *args* name: the exit status and the lines for standard output.

    Raises:
        InputError: a usage error (exit status 2), with a one-line message.
    """
    try:
        from iepmodel.render import at_a_glance, available_languages
    except ImportError:
        raise InputError(_MISSING_EXTRA) from None
    languages = available_languages()
    if args.lang not in languages:
        msg = f"--lang: no catalog for {args.lang!r}; use one of {', '.join(languages)}"
        raise InputError(msg)
    document = _pick(args, stdin)
    if isinstance(document, Invalid):
        sys.stderr.write(f"iepmodel: error: {document}\n")
        return 1, []
    try:
        page = at_a_glance(
            document.plan,
            audience=args.audience,
            lang=args.lang,
            format=args.format,
            profile=args.jurisdiction,
        )
    except ValueError as error:  # an unknown jurisdiction, named or the plan's own
        if args.jurisdiction is None:
            raise InputError(f"{error} with --jurisdiction") from None
        raise InputError(f"--jurisdiction: {error}") from None
    return 0, [page.removesuffix("\n")]
