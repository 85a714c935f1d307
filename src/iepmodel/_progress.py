"""
The ``progress=`` option of the long-running readers and checks: a tqdm bar, or none.

`iepmodel.check`, `iepmodel.analysis.tables`, `iepmodel.analysis.table`,
`iepmodel.analysis.load_plan_files` and `iepmodel.analysis.compute` take ``progress=``:

- ``False`` (the default) or ``None``: no bar, and tqdm is never imported;
- ``True``: a `tqdm.auto.tqdm` bar (a widget in a notebook with ipywidgets, a text bar
  elsewhere); tqdm comes with the ``progress`` extra (``pip install iepmodel[progress]``);
- a callable such as a tqdm class or ``functools.partial(tqdm, leave=False)``: called
  with ``total=``, ``desc=`` and ``unit=`` keywords, it returns the bar (which is
  closed when the work ends);
- a bar object already made (anything with an ``update(n)`` method, e.g. a tqdm
  instance): it is advanced, never closed, so several calls can share one bar.

tqdm is imported only when a bar is asked for, so the core never needs it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any, Protocol, TypeAlias, TypeVar, runtime_checkable

__all__ = ["Bar", "ProgressOption", "bar", "counted", "length", "own_bars", "require_tqdm"]


@runtime_checkable
class Bar(Protocol):
    """What the library calls on a progress bar: tqdm's ``update``."""

    def update(self, n: float = 1, /) -> Any:
        """Advance the bar by *n* units."""


ProgressOption: TypeAlias = bool | Bar | Callable[..., Bar] | None
"""``progress=``: ``False``/``None``, ``True``, a bar factory, or a bar (see the module)."""

T = TypeVar("T")

_MISSING_TQDM = (
    "progress=True needs tqdm: install the 'progress' extra (pip install 'iepmodel[progress]')"
)


class _NoBar:
    """The bar when none was asked for: every update does nothing."""

    __slots__ = ()

    def update(self, n: float = 1, /) -> None:
        """Do nothing."""


_NO_BAR = _NoBar()


def require_tqdm() -> Any:
    """
    The `tqdm.auto` module, or an `ImportError` that names the ``progress`` extra.

    Raises:
        ImportError: tqdm is not installed.
    """
    try:
        import tqdm.auto
    except ImportError as error:
        raise ImportError(_MISSING_TQDM, name="tqdm") from error
    return tqdm.auto


@contextlib.contextmanager
def bar(progress: ProgressOption, *, total: float | None, desc: str, unit: str) -> Generator[Bar]:
    """
    The bar *progress* asks for, open for the ``with`` block (see the module docs).

    Args:
        progress: the caller's ``progress=`` value.
        total: how many units the work has (`None` when unknown: the bar counts).
        desc: what is being done, e.g. ``checking``.
        unit: what is counted, e.g. ``plan``.

    Raises:
        ImportError: ``progress=True`` without tqdm installed.
        TypeError: *progress* is none of the accepted kinds.
    """
    if progress is None or progress is False:
        yield _NO_BAR
        return
    given: Any = progress  # checked at run time: callers may pass anything
    if given is True:
        made: Any = require_tqdm().tqdm(total=total, desc=desc, unit=unit, unit_scale=True)
    elif isinstance(given, Bar) and not isinstance(given, type):
        yield given  # the caller's own bar: advanced, left open
        return
    elif callable(given):
        made = given(total=total, desc=desc, unit=unit)
    else:
        msg = (
            "progress must be True, False, a tqdm-like class or callable, or a bar with "
            f"an update() method; got {type(given).__name__}"
        )
        raise TypeError(msg)
    try:
        yield made
    finally:
        close = getattr(made, "close", None)
        if close is not None:
            close()


def counted(items: Iterable[T], shown: Bar) -> Iterator[T]:
    """Each of *items*, advancing *shown* by one after each."""
    if shown is _NO_BAR:
        yield from items
        return
    update = shown.update
    for item in items:
        yield item
        update(1)


def length(items: Iterable[Any]) -> int | None:
    """How many *items* there are, when that is known without reading them."""
    try:
        return len(items)  # type: ignore[arg-type]
    except TypeError:
        return None


def own_bars(progress: ProgressOption) -> ProgressOption:
    """
    *progress* for a second step of the same call: a bar of its own, or none.

    ``True`` and factories make a second bar; the caller's bar object is not advanced
    twice (it counts the first step only).
    """
    if isinstance(progress, Bar) and not isinstance(progress, type):
        return False
    return progress
