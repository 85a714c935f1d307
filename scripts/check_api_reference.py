"""
Check that the built API reference describes every public name.

Run after the site is built (``nox -s docs`` does): every name in the ``__all__`` of each
module the reference documents must be in the site's inventory, under that module or, for
a name re-exported by ``iepmodel``, under ``iepmodel``. Exit status 1 lists the others.

    python scripts/check_api_reference.py docs/_build/html/objects.inv
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from sphinx.util.inventory import InventoryFile

MODULES = (
    "iepmodel",
    "iepmodel.analysis",
    "iepmodel.rules",
    "iepmodel.jurisdictions",
    "iepmodel.timelines",
    "iepmodel.testing.strategies",
    "iepmodel.display",
    "iepmodel.plot",
    "iepmodel.interop.edfi",
    "iepmodel.privacy",
)


def main(inventory_path: str) -> int:
    inventory = InventoryFile.loads(Path(inventory_path).read_bytes(), uri="")
    described = {
        name for kind, items in inventory.data.items() if kind.startswith("py:") for name in items
    }
    missing = [
        f"{module}.{name}"
        for module in MODULES
        for name in importlib.import_module(module).__all__
        if f"{module}.{name}" not in described and f"iepmodel.{name}" not in described
    ]
    for name in missing:
        print(f"not in the API reference: {name}")
    print(f"{len(described)} objects described; {len(missing)} public names missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html/objects.inv"))
