"""docs/edfi.md: its code runs as shown, and its descriptor tables are the shipped data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iepmodel.interop.edfi._descriptors import tables

PAGE = Path(__file__).parent.parent / "docs" / "edfi.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_the_code_blocks_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every python block, in order, in one namespace (as a notebook would run them)."""
    monkeypatch.chdir(tmp_path)
    blocks = _BLOCK.findall(PAGE.read_text("utf-8"))
    assert len(blocks) >= 4
    namespace: dict[str, object] = {"__name__": "edfi_docs"}
    for index, block in enumerate(blocks):
        code = compile(block, f"{PAGE.name} block {index + 1}", "exec")
        exec(code, namespace)  # the page's own examples


def test_the_descriptor_tables_are_the_data() -> None:
    text = PAGE.read_text("utf-8")
    for table in tables().values():
        if table.name in ("setting", "program"):
            continue  # described in prose and in their own table
        for model, code in table.to_edfi.items():
            assert f"| `{model}` | {code} |" in text, (table.name, model)
        for code, model in table.from_edfi.items():
            assert f"| `{model}` | {code} |" in text, (table.name, code)
        for key in table.notes:
            assert f"**{key}**" in text, (table.name, key)
