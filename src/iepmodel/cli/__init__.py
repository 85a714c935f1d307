"""
The ``iepmodel`` command line: ``check``, ``demo``, ``validate``, ``deidentify``, and more.

``schema`` prints the JSON Schema; ``rules`` lists the rule catalog; ``render`` writes a plan
as a page people can read; ``import`` and ``export`` read and write Ed-Fi records.

Run it as ``iepmodel`` (the console script) or ``python -m iepmodel``; from Python, call
`main` with the arguments. The contract (options, JSON shape, exit status) is in
rules.md, "The command line contract".

>>> from iepmodel.cli import main
>>> main(["--version"])  # doctest: +ELLIPSIS
iepmodel ...
0
"""

from __future__ import annotations

from ._app import main

__all__ = ["main"]
