"""
The documentation's own checks: the tutorial notebook runs, and no page points outside it.

The Python blocks of README.md and docs/**/*.md are run by Sybil (the root conftest.py);
the Sphinx build (``nox -s docs``) fails on a broken link, reference or warning.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOTEBOOK = DOCS / "tutorial.ipynb"


def _pages() -> list[Path]:
    pages = [ROOT / "README.md", NOTEBOOK]
    for page in sorted(DOCS.rglob("*.md")):
        relative = page.relative_to(DOCS).parts
        if relative[0] not in {"dev", "_build", "jupyter_execute"}:
            pages.append(page)
    return pages


def _import_or_skip_locally(name: str) -> None:
    # CI must run the notebook; a developer without the notebook tools gets a skip.
    if os.environ.get("CI"):
        __import__(name)
    else:
        pytest.importorskip(name)


def test_tutorial_notebook_runs(tmp_path: Path) -> None:
    """Every cell of the tutorial runs, in order, on the sample district, quickly."""
    _import_or_skip_locally("nbclient")
    _import_or_skip_locally("ipykernel")
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code_cells) >= 8
    assert all(not cell.outputs for cell in code_cells), "store the notebook without outputs"
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    started = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - started
    outputs = [output for cell in code_cells for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    text = "".join(output.get("text", "") for output in outputs)
    assert "292 plans, 0 bad lines" in text
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) >= 2, "the chart and the district overview are shown"
    assert (tmp_path / "indicators.png").exists()
    assert elapsed < 60, f"the tutorial took {elapsed:.0f} s"


def test_notebook_is_valid() -> None:
    """The notebook is nbformat 4 JSON with a Python kernel, readable without Jupyter."""
    document = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert document["nbformat"] == 4
    assert document["metadata"]["kernelspec"]["language"] == "python"
    kinds = {cell["cell_type"] for cell in document["cells"]}
    assert kinds == {"markdown", "code"}


# Files a user of the project does not have: the team's briefs, absolute paths (the
# site's own reference/rules.md is a page of the site).
_OUTSIDE = re.compile(
    r"/work/|shared/(spec|reference)"
    r"|(?<![/\w])(rules|rules-v2|regulations|standards|landscape|style)\.md\b"
)


@pytest.mark.parametrize("page", _pages(), ids=lambda page: str(page.relative_to(ROOT)))
def test_pages_point_inside_the_project(page: Path) -> None:
    """No page names a file outside the repository."""
    text = page.read_text(encoding="utf-8")
    assert not [match.group() for match in _OUTSIDE.finditer(text)]


def test_source_points_inside_the_project() -> None:
    """The docstrings (the API reference) and citations name no file outside the repository."""
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in sorted((ROOT / "src" / "iepmodel").rglob("*.py"))
        for match in _OUTSIDE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders


@pytest.mark.parametrize("page", _pages(), ids=lambda page: str(page.relative_to(ROOT)))
def test_markdown_links_resolve(page: Path) -> None:
    """Every relative link of a page names a file of the repository."""
    if page.suffix == ".ipynb":
        text = "".join(
            "".join(cell["source"])
            for cell in json.loads(page.read_text(encoding="utf-8"))["cells"]
            if cell["cell_type"] == "markdown"
        )
    else:
        text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), target
