"""Sphinx configuration of the iepmodel documentation (MyST Markdown, furo)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "iepmodel"
author = "The iepmodel developers"
copyright = "the iepmodel developers, MIT licence"  # noqa: A001
release = tomllib.loads((HERE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "version"
]
version = release

extensions = [
    "myst_nb",  # MyST Markdown pages and the executed tutorial notebook
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "iepmodel_docs",  # the rule catalog and the jurisdiction table, from the code
]

source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "jupyter_execute"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# The notebook is stored without outputs and executed at every build, so the site always
# shows what the current code prints; a failing cell fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_execution_show_tb = True
# run in a temporary directory: the tutorial writes files (plans.jsonl, indicators.png)
nb_execution_in_temp = True

autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
# "PlanKind", not the private module it is defined in ("iepmodel._enums.PlanKind")
python_use_unqualified_type_names = True
autodoc_class_signature = "separated"
autosummary_generate = False
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_custom_sections = [("Members", "params_style")]

# Every cross-reference must resolve, except to the projects no inventory is fetched for
# (the build never goes to the network: no intersphinx).
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|collections|typing|enum|pathlib|os|io|decimal|types)(\..*)?"),
    (r"py:.*", r"(attrs|attr|cattrs|dateutil|pandas|pyarrow|dask|polars|jinja2|babel)(\..*)?"),
    (r"py:.*", r"(hypothesis|numpy|matplotlib|tqdm|collections\.abc)(\..*)?"),
    (r"py:.*", r"(_io|_abc|abc)\..*"),
    # module aliases in annotations: `import datetime as dt`, `pandas as pd`...
    (r"py:.*", r"(dt|pd|pa|pl|np|plt|mpl)\..*"),
    # type variables and private helpers named in signatures are not documented
    (r"py:.*", r"(iepmodel\.)?([\w.]*\.)?[A-Z]"),
    (r"py:.*", r"iepmodel(\.\w+)*\._\w+(\.\w+)*"),
    # aliases written unqualified in string annotations
    (r"py:.*", r"(RuleFunction|RuleDecorator|ProgressOption|LeapBirthday|Deprecated|Figure|Axes)"),
    # napoleon reads "words: more words" in an attribute docstring as a type
    (r"py:class", r".*\s.*"),
]

# `type[...]` in a signature is ambiguous with the attributes named `type` (Goal.type,
# Service.type): the builtin is meant, and nothing else is suppressed.
suppress_warnings = ["ref.python"]

html_theme = "furo"
html_title = "iepmodel"
html_static_path = ["_static"]
html_css_files = ["iepmodel.css"]
html_show_sourcelink = False


# Pages other parts of the project add at the top of docs/: each is listed in its part of
# the index when it exists (a toctree entry for a missing page would fail the build, and a
# page in no toctree too). Pages under docs/howto/ are picked up by the index's glob.
OPTIONAL_PAGES = {
    # the index line they follow: the pages, in order
    "howto/*": ("render", "edfi", "privacy", "progress", "pictures"),
    "format": ("cli-edfi",),
}


def _optional_pages(app: Any, docname: str, source: list[str]) -> None:
    if docname != "index":
        return
    for anchor, names in OPTIONAL_PAGES.items():
        present = [name for name in names if (HERE / f"{name}.md").exists()]
        entries = "".join(f"{name}\n" for name in present)
        source[0] = source[0].replace(f"\n{anchor}\n", f"\n{anchor}\n{entries}", 1)


def _reread_index(app: Any, env: Any, added: Any, changed: Any, removed: Any) -> list[str]:
    # an incremental build must see a page that appeared or went since the last one
    return ["index"]


def setup(app: Any) -> None:
    """Connect the hooks that list the optional pages."""
    app.connect("source-read", _optional_pages)
    app.connect("env-get-outdated", _reread_index)
