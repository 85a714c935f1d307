"""Writing and reading back: every valid object survives JSON unchanged, as the same text."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any, cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iepmodel
from document_helpers import model_classes, nodes
from iepmodel.testing import _hypothesis_hook
from iepmodel.testing import strategies as ist

MODEL_CLASSES = model_classes()


def strategy_for(cls: type) -> st.SearchStrategy[Any]:
    """A fresh instance of the public strategy registered for *cls*."""
    factory: Callable[[], st.SearchStrategy[Any]] = getattr(
        ist, _hypothesis_hook.STRATEGY_NAMES[cls.__name__]
    )
    return factory()


def _no_nulls_or_empty_lists(data: Any, path: str = "") -> list[str]:
    """The paths in *data* that hold `null` or `[]`."""
    found: list[str] = []
    if isinstance(data, dict):
        mapping = cast("dict[str, Any]", data)
        for key, value in mapping.items():
            if value is None or value == []:
                found.append(f"{path}.{key}")
            found += _no_nulls_or_empty_lists(value, f"{path}.{key}")
    elif isinstance(data, list):
        values = cast("list[Any]", data)  # type: ignore[redundant-cast]
        for index, value in enumerate(values):
            found += _no_nulls_or_empty_lists(value, f"{path}[{index}]")
    return found


class TestEveryClass:
    @pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
    def test_json_round_trip(self, cls: type) -> None:
        """from_json(to_json(x), cls) == x for every object the strategies draw."""

        @given(strategy_for(cls))
        def round_trip(obj: Any) -> None:
            assert iepmodel.from_json(iepmodel.to_json(obj), cls) == obj

        round_trip()

    @pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
    def test_dict_round_trip(self, cls: type) -> None:
        """from_dict(to_dict(x), cls) == x, and to_dict gives plain JSON values only."""

        @given(strategy_for(cls))
        def round_trip(obj: Any) -> None:
            data = iepmodel.to_dict(obj)

            assert json.loads(json.dumps(data)) == data
            assert iepmodel.from_dict(data, cls) == obj

        round_trip()


class TestPlans:
    @given(ist.plans())
    def test_json_round_trip(self, plan: iepmodel.IEP) -> None:
        """A plan reads back equal from its JSON, compact or indented."""
        assert iepmodel.from_json(iepmodel.to_json(plan)) == plan
        assert iepmodel.from_json(iepmodel.to_json(plan, indent=2)) == plan

    @given(ist.plans())
    def test_bytes_round_trip(self, plan: iepmodel.IEP) -> None:
        """A plan reads back equal from its UTF-8 bytes (what a file or socket gives)."""
        assert iepmodel.from_json(iepmodel.to_json(plan).encode("utf-8")) == plan

    @given(ist.plans())
    def test_dict_round_trip(self, plan: iepmodel.IEP) -> None:
        """A plan reads back equal from its to_dict data."""
        assert iepmodel.from_dict(iepmodel.to_dict(plan)) == plan

    @given(ist.plans())
    def test_to_json_is_stable(self, plan: iepmodel.IEP) -> None:
        """The same plan always gives the same text: again, after reading, and when rebuilt."""
        text = iepmodel.to_json(plan)

        assert iepmodel.to_json(plan) == text
        assert iepmodel.to_json(iepmodel.from_json(text)) == text
        assert iepmodel.to_json(attrs.evolve(plan)) == text

    @given(ist.plans())
    def test_writer_omits_nulls_and_empty_lists(self, plan: iepmodel.IEP) -> None:
        """No key of the written document holds null or an empty list, at any depth."""
        document = json.loads(iepmodel.to_json(plan))
        # Extensions are kept exactly as given, nulls and empty lists included.
        document.pop("extensions", None)
        assert _no_nulls_or_empty_lists(document) == []

    @given(ist.plans())
    def test_text_does_not_depend_on_the_installed_extras(self, plan: iepmodel.IEP) -> None:
        """to_json writes what the reference cattrs converter and json.dumps write.

        The optional fast backend must not change a single byte: the same plan gives the
        same text on every machine.
        """
        reference = json.dumps(
            iepmodel.make_converter().unstructure(plan), ensure_ascii=False, separators=(",", ":")
        )

        assert iepmodel.to_json(plan) == reference

    @given(ist.plans())
    def test_keys_come_in_the_documented_order(self, plan: iepmodel.IEP) -> None:
        """Each object's keys: those always written in field order, then the optional ones."""
        data = iepmodel.to_dict(plan)
        for node in nodes(plan):
            names = [f.name for f in attrs.fields(node.cls) if f.init]
            optional = {f.name for f in attrs.fields(node.cls) if f.default in (None, ())}
            written = list(_at(data, node.keys))
            expected = [n for n in names if n not in optional] + [
                n for n in names if n in optional
            ]

            assert written == [n for n in expected if n in written]

    @given(st.lists(ist.plans(), max_size=4))
    def test_json_lines_round_trip(self, batch: list[iepmodel.IEP]) -> None:
        """dump_jsonl then load_jsonl gives the same plans, in order, with no errors."""
        target = io.StringIO()

        assert iepmodel.dump_jsonl(batch, target) == len(batch)

        reader = iepmodel.load_jsonl(io.StringIO(target.getvalue()))
        assert list(reader) == batch
        assert reader.errors == []


def _at(data: Any, keys: tuple[str | int, ...]) -> Any:
    for key in keys:
        data = data[key]
    return data
