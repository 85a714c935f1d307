"""Automation for iepmodel: tests on every supported Python, coverage, lint, typing, bench."""

from __future__ import annotations

import os

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["tests", "coverage", "lint", "typing", "docs", "bench"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = ["3.11", "3.12", "3.13"]
EXTRAS = ".[hypothesis,fast]"


def _group(name: str) -> list[str]:
    return nox.project.dependency_groups(PYPROJECT, name)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite (and doctests) under coverage."""
    session.install(EXTRAS, *_group("tests"))
    profile = os.environ.get("HYPOTHESIS_PROFILE", "dev")
    if profile == "ci" and session.python != PYTHONS[0]:
        # The full property run (200 examples each) happens once, on the oldest Python;
        # the others run every test with the quick profile to keep CI within its time.
        profile = "dev"
    session.env["HYPOTHESIS_PROFILE"] = profile
    session.env["COVERAGE_FILE"] = f".coverage.{session.python}"
    session.run("coverage", "run", "-m", "pytest", *session.posargs)


@nox.session(python=PYTHONS[0])
def coverage(session: nox.Session) -> None:
    """Combine the coverage of the test sessions and fail below the floor."""
    session.install("coverage[toml]")
    session.run("coverage", "combine", success_codes=[0, 1])
    session.run("coverage", "report", "--fail-under=90")


@nox.session(python=PYTHONS[0])
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting."""
    session.install(*_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHONS[0])
def typing(session: nox.Session) -> None:
    """mypy --strict and pyright (strict) over the package."""
    session.install(EXTRAS, *_group("typing"))
    session.run("mypy")
    session.run("pyright")


@nox.session(python=PYTHONS[0])
def docs(session: nox.Session) -> None:
    """Build the documentation site (Sphinx, MyST, furo): every warning is an error.

    The tutorial notebook is executed during the build; the rule catalog, the jurisdiction
    tables and the API reference are generated from the code. The site is in
    docs/_build/html; ``nox -s docs -- -E`` rebuilds it from scratch.
    """
    session.install(".[hypothesis,pandas,arrow,dask,render,plot,edfi]", *_group("docs"))
    # The pictures the pages show are drawn from the sample district by the current code.
    session.run("python", "scripts/make_doc_pictures.py")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-n",
        "-b",
        "html",
        *session.posargs,
        "docs",
        "docs/_build/html",
    )
    session.run("python", "scripts/check_api_reference.py", "docs/_build/html/objects.inv")


@nox.session(python=PYTHONS[0])
def bench(session: nox.Session) -> None:
    """The benchmark suite; a small smoke run unless arguments are given."""
    session.install(EXTRAS, *_group("bench"))
    args = session.posargs or ["--plans", "300", "--json", "benchmarks/results/smoke.json"]
    session.run("python", "benchmarks/run.py", *args)
