"""Run the examples in the docstrings of every module of the package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import iepmodel

# The testing strategies need Hypothesis; analysis extras are optional.
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(iepmodel.__path__, prefix="iepmodel.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """The examples in the module's docstrings run and print what they show."""
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs = {"iepmodel": iepmodel, **{n: getattr(iepmodel, n) for n in iepmodel.__all__}}
    import datetime as dt

    globs["dt"] = dt
    for test in finder.find(module, name, globs=dict(globs)):
        runner.run(test)

    assert runner.failures == 0, f"{runner.failures} doctest failure(s) in {name}"
