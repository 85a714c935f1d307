"""The ``progress=`` option: tqdm bars on the long-running readers and checks."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import iepmodel
from iepmodel import sample
from iepmodel.analysis import (
    Indicator5Aggregation,
    compute,
    load_plan_files,
    read_plans,
    table,
    tables,
)

tqdm = pytest.importorskip("tqdm")


class Recorder:
    """A bar object of the caller's own: records every update."""

    def __init__(self) -> None:
        self.updates: list[float] = []
        self.closed = False

    def update(self, n: float = 1) -> None:
        self.updates.append(n)

    def close(self) -> None:
        self.closed = True


class Factory:
    """A tqdm-like class: records the keywords it is called with and the bars it made."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.bars: list[Recorder] = []

    def __call__(self, **kwargs: Any) -> Recorder:
        self.calls.append(kwargs)
        made = Recorder()
        self.bars.append(made)
        return made


@pytest.fixture(scope="module")
def plans() -> list[iepmodel.IEP]:
    return sample.plans()


def test_check_counts_every_plan_and_finds_the_same(plans: list[iepmodel.IEP]) -> None:
    """A bar changes nothing in the findings; it counts every plan exactly once."""
    factory = Factory()

    with_bar = iepmodel.check(plans, as_of=sample.AS_OF, progress=factory)

    assert with_bar == iepmodel.check(plans, as_of=sample.AS_OF)
    assert factory.calls == [{"total": len(plans), "desc": "checking", "unit": "plan"}]
    (made,) = factory.bars
    assert sum(made.updates) == len(plans)
    assert made.closed


def test_a_bar_object_is_advanced_and_left_open(plans: list[iepmodel.IEP]) -> None:
    """The caller's own bar is advanced, never closed (it may be shared by several calls)."""
    shared = Recorder()

    iepmodel.check(plans[:50], as_of=sample.AS_OF, progress=shared)
    iepmodel.check(plans[50:], as_of=sample.AS_OF, progress=shared)

    assert sum(shared.updates) == len(plans)
    assert not shared.closed


def test_true_shows_a_real_tqdm_bar(
    plans: list[iepmodel.IEP], capsys: pytest.CaptureFixture[str]
) -> None:
    """``progress=True`` writes tqdm's bar (to standard error), ending at 100 %."""
    iepmodel.check(plans, as_of=sample.AS_OF, progress=True)

    err = capsys.readouterr().err
    assert "checking: 100%" in err
    assert f"{len(plans)}/{len(plans)}" in err


def test_a_tqdm_class_is_a_factory(plans: list[iepmodel.IEP]) -> None:
    """A tqdm class (or a partial of one) is called with total, desc and unit."""
    out = io.StringIO()

    def bar(**kwargs: Any) -> Any:
        return tqdm.tqdm(file=out, mininterval=0, **kwargs)

    iepmodel.check(plans, as_of=sample.AS_OF, progress=bar)

    assert f"checking: 100%|##########| {len(plans)}/{len(plans)}" in out.getvalue()


def test_off_by_default_writes_nothing(
    plans: list[iepmodel.IEP], capsys: pytest.CaptureFixture[str]
) -> None:
    iepmodel.check(plans, as_of=sample.AS_OF)
    tables(plans)

    assert capsys.readouterr() == ("", "")


def test_without_tqdm_a_clear_error_names_the_extra(
    plans: list[iepmodel.IEP], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)

    with pytest.raises(ImportError, match=r"install the 'progress' extra") as caught:
        iepmodel.check(plans, as_of=sample.AS_OF, progress=True)

    assert caught.value.name == "tqdm"
    # Without a bar asked for, nothing needs tqdm.
    assert iepmodel.check(plans[:5], as_of=sample.AS_OF, progress=False) is not None


def test_a_value_of_the_wrong_kind_is_a_type_error(plans: list[iepmodel.IEP]) -> None:
    with pytest.raises(TypeError, match="progress must be"):
        iepmodel.check(plans, as_of=sample.AS_OF, progress="yes")  # type: ignore[arg-type]


def test_the_core_never_imports_tqdm() -> None:
    """Importing the library (and its analysis) loads neither tqdm nor matplotlib."""
    code = (
        "import sys, iepmodel, iepmodel.analysis, iepmodel.plot, iepmodel.cli; "
        "print(sorted(m for m in ('tqdm', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_tables_count_the_plans_then_the_check(plans: list[iepmodel.IEP]) -> None:
    """`tables` shows one bar for reading the plans and one for the findings' check."""
    factory = Factory()

    built = tables(plans, findings=True, as_of=sample.AS_OF, progress=factory)

    assert built == tables(plans, findings=True, as_of=sample.AS_OF)
    assert [call["desc"] for call in factory.calls] == ["tables", "checking"]
    assert [sum(made.updates) for made in factory.bars] == [len(plans), len(plans)]


def test_tables_of_a_stream_count_without_a_total(plans: list[iepmodel.IEP]) -> None:
    """A generator has no length: the bar counts without a total."""
    factory = Factory()

    built = table("services", (plan for plan in plans), progress=factory)

    assert factory.calls[0]["total"] is None
    assert sum(factory.bars[0].updates) == len(plans)
    assert built == table("services", plans)


def test_load_plan_files_counts_bytes_of_the_total(tmp_path: Path) -> None:
    """Reading files counts bytes, out of the files' total size."""
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    data = sample.read_bytes(sample.PLANS_FILE)
    lines = data.splitlines(keepends=True)
    first.write_bytes(b"".join(lines[:100]))
    second.write_bytes(b"".join(lines[100:]))
    factory = Factory()

    loaded = load_plan_files([first, second], progress=factory)

    assert loaded == sample.plans()
    assert factory.calls == [{"total": len(data), "desc": "reading", "unit": "B"}]
    assert sum(factory.bars[0].updates) == len(data)


def test_compute_counts_dask_tasks(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    paths = []
    lines = sample.read_bytes(sample.PLANS_FILE).splitlines(keepends=True)
    for part in range(3):
        path = tmp_path / f"part{part}.jsonl"
        path.write_bytes(b"".join(lines[part::3]))
        paths.append(path)
    aggregation = Indicator5Aggregation(as_of=sample.AS_OF)
    factory = Factory()

    result = compute(read_plans(paths), aggregation, scheduler="sync", progress=factory)

    assert result == aggregation(sample.plans())
    (call,) = factory.calls
    assert call["desc"] == "computing"
    assert call["unit"] == "task"
    assert call["total"] >= 3  # at least one task a partition
    assert sum(factory.bars[0].updates) == call["total"]
    assert factory.bars[0].closed
