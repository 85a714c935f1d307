"""
Run every Python example of the documentation as written: README.md and docs/**/*.md.

Sybil collects each ```python block of those pages as a test; the blocks of one page run
in order and share their names, like the cells of a notebook. Each page runs in a fresh
temporary directory, so an example that writes a file (the sample district, a chart)
leaves nothing behind. Blocks in another language (console, json, text) are not run.
"""

from __future__ import annotations

import doctest
import os
import shutil
import tempfile
from typing import Any

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser as MarkdownPythonParser
from sybil.parsers.myst import PythonCodeBlockParser as MystPythonParser

_OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _enter_temporary_directory(namespace: dict[str, Any]) -> None:
    namespace["_docs_previous_cwd"] = os.getcwd()
    namespace["_docs_tmp"] = tempfile.mkdtemp(prefix="iepmodel-docs-")
    os.chdir(namespace["_docs_tmp"])


def _leave_temporary_directory(namespace: dict[str, Any]) -> None:
    os.chdir(namespace["_docs_previous_cwd"])
    shutil.rmtree(namespace["_docs_tmp"], ignore_errors=True)
    # a chart example leaves a figure open: close it so figures do not pile up
    plt = __import__("sys").modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


_readme = Sybil(
    parsers=[MarkdownPythonParser(doctest_optionflags=_OPTIONS)],
    filenames=["README.md"],
    setup=_enter_temporary_directory,
    teardown=_leave_temporary_directory,
    name="readme",
)
_docs = Sybil(
    parsers=[MystPythonParser(doctest_optionflags=_OPTIONS)],
    path="docs",
    patterns=["*.md"],
    excludes=["dev/*", "_build/*", "jupyter_execute/*"],
    setup=_enter_temporary_directory,
    teardown=_leave_temporary_directory,
    name="docs",
)

pytest_collect_file = (_readme + _docs).pytest()
