"""The package's public surface: exports, typing marker, version, optional imports."""

from __future__ import annotations

import importlib
import importlib.resources
import inspect
import typing

import attrs
import pytest

import iepmodel


class TestPublicNames:
    def test_all_is_sorted_and_unique(self) -> None:
        """__all__ is sorted (constants, then classes, then functions) without duplicates."""

        def kind(name: str) -> tuple[int, str]:
            if name.isupper():
                return (0, name)
            return (1, name) if name[0].isupper() else (2, name)

        assert sorted(iepmodel.__all__, key=kind) == iepmodel.__all__
        assert len(set(iepmodel.__all__)) == len(iepmodel.__all__)

    @pytest.mark.parametrize("name", iepmodel.__all__)
    def test_every_name_resolves_and_is_documented(self, name: str) -> None:
        """Each exported name exists and public callables and classes have a docstring."""
        obj = getattr(iepmodel, name)

        if isinstance(obj, type) or inspect.isfunction(obj):
            assert obj.__doc__, name

    @pytest.mark.parametrize(
        "cls", [getattr(iepmodel, n) for n in iepmodel.__all__ if attrs.has(getattr(iepmodel, n))]
    )
    def test_type_hints_resolve(self, cls: type) -> None:
        """Every attrs class's annotations resolve at run time (cattrs and Hypothesis need it)."""
        assert typing.get_type_hints(cls)

    def test_unknown_attribute_raises(self) -> None:
        """A missing attribute is an AttributeError, as for any module."""
        with pytest.raises(AttributeError):
            _ = iepmodel.no_such_name  # type: ignore[attr-defined]


class TestDistribution:
    def test_version_comes_from_metadata(self) -> None:
        """__version__ is the installed distribution's version."""
        from importlib.metadata import version

        assert iepmodel.__version__ == version("iepmodel")

    def test_py_typed_is_shipped(self) -> None:
        """The PEP 561 marker is part of the package."""
        assert importlib.resources.files("iepmodel").joinpath("py.typed").is_file()

    def test_models_are_frozen_with_slots(self) -> None:
        """Every model class is an immutable, slotted attrs class."""
        for name in iepmodel.__all__:
            obj = getattr(iepmodel, name)
            if isinstance(obj, type) and attrs.has(obj):
                assert "__slots__" in vars(obj), name
                assert obj.__setattr__ is not object.__setattr__, name


def test_modules_import_on_their_own() -> None:
    """Each public module imports by itself (no hidden import-order dependence)."""
    for module in ("iepmodel.serialization", "iepmodel.errors"):
        assert importlib.import_module(module)


class TestOneLeanPath:
    """msgspec is a dependency; the package is pure Python and never needs orjson."""

    def test_msgspec_is_a_core_dependency_and_fast_installs_nothing_more(self) -> None:
        from importlib.metadata import requires

        requirements = requires("iepmodel") or []
        core = [r for r in requirements if "extra ==" not in r]
        fast = [r for r in requirements if "extra == 'fast'" in r or 'extra == "fast"' in r]
        assert any(r.startswith("msgspec") for r in core)
        assert not any(r.startswith("orjson") for r in core)
        assert fast == []

    def test_the_package_holds_no_compiled_module_or_c_source(self) -> None:
        root = importlib.resources.files("iepmodel")
        names = [entry.name for entry in root.iterdir()]
        assert not [n for n in names if n.endswith((".so", ".pyd", ".c"))]

    def test_reading_and_writing_do_not_import_orjson(self) -> None:
        import subprocess
        import sys

        code = (
            "import sys, iepmodel, iepmodel.sample as s; "
            "p = s.plans()[0]; assert iepmodel.from_json(iepmodel.to_json_bytes(p)) == p; "
            "print('orjson' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "False"
