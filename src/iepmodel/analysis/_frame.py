"""
Tidy tables as plain Python records, and their conversion to pandas, Arrow and polars.

A table is a tuple of frozen attrs rows of one class. Each field of a row class carries its
column's description in the field's metadata (`column`): its type, whether it may be
missing, what it means, whether it is personal data, and, for a column of enumeration
values, every value the enumeration has (its categories). Personal columns are left out of
every table unless the caller asks for them (``include_personal=True``).

In a notebook a table shows its size, its columns and its first rows, never the whole
table (`iepmodel.display`); the values of personal columns are never shown there.

pandas, pyarrow and polars are optional (the ``pandas``, ``arrow`` and ``polars`` extras):
they are imported inside `Table.to_pandas`, `Table.to_arrow` and `Table.to_polars` only,
never by the core.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast

import attrs

from iepmodel.display import Displayed, Summary

if TYPE_CHECKING:  # the optional libraries, for the return types only
    import pandas  # pyright: ignore[reportMissingTypeStubs]
    import polars

__all__ = ["Column", "ColumnType", "Table", "column", "columns_of", "require"]

ColumnType = Literal["string", "int", "float", "bool", "date", "list[string]"]
"""The type of a column, the same in Python, pandas and Arrow (see `Column`)."""

_KEY = "iepmodel.column"

R = TypeVar("R")


@attrs.frozen(kw_only=True)
class Column:
    """
    One column of a tidy table.

    ======================  =============  ==========================  ====================
    ``type``                Python         pandas                      Arrow
    ======================  =============  ==========================  ====================
    ``string``              ``str``        ``string`` (``category``    ``string``
                                           with categories)
    ``int``                 ``int``        ``int64`` (``Int64`` when   ``int64``
                                           nullable)
    ``float``               ``float``      ``float64`` (missing: NaN)  ``float64``
    ``bool``                ``bool``       ``bool`` (``boolean`` when  ``bool``
                                           nullable)
    ``date``                ``date``       ``datetime64[ns]``          ``date32``
    ``list[string]``        ``tuple``      ``object`` (lists)          ``list<string>``
    ======================  =============  ==========================  ====================

    Attributes:
        name: the column's name (the row class's field name).
        type: one of the types above.
        nullable: whether a value may be missing (`None`).
        description: what the column holds.
        personal: whether it is personal data (names, dates of birth, free text); such
            columns appear only with ``include_personal=True``.
        categories: for a column of enumeration values, every value of the enumeration in
            its declared order (for a ``list[string]`` column: every value an item may
            take); `None` otherwise. A ``string`` column with categories becomes a
            `pandas.Categorical` (a polars ``Enum``) with all of them, so that counts list
            the values no row has, with 0.
    """

    name: str
    type: ColumnType
    nullable: bool
    description: str
    personal: bool = False
    categories: tuple[str, ...] | None = None


def column(
    type_: ColumnType,
    description: str,
    *,
    nullable: bool = False,
    personal: bool = False,
    categories: type[Enum] | Iterable[str] | None = None,
) -> dict[str, Any]:
    """
    The metadata of a row field: ``attrs.field(metadata=column("int", "..."))``.

    *categories* is the enumeration whose values the column holds (an `enum.Enum` class,
    its values taken in declaration order), or the values themselves.
    """
    values: tuple[str, ...] | None = None
    if categories is not None:
        values = tuple(
            str(item.value) if isinstance(item, Enum) else str(item) for item in categories
        )
    return {_KEY: (type_, description, nullable or personal, personal, values)}


def columns_of(row_type: type[Any], *, include_personal: bool = True) -> tuple[Column, ...]:
    """
    The columns of a row class, in field order.

    Args:
        row_type: an attrs class whose fields were declared with `column` metadata.
        include_personal: whether to list the personal columns too.
    """
    result: list[Column] = []
    for field in attrs.fields(row_type):
        type_, description, nullable, personal, categories = field.metadata[_KEY]
        if personal and not include_personal:
            continue
        result.append(
            Column(
                name=field.name,
                type=type_,
                nullable=nullable,
                description=description,
                personal=personal,
                categories=categories,
            )
        )
    return tuple(result)


def require(module: str, extra: str) -> Any:
    """Import an optional dependency, or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:  # pragma: no cover - the test environment has the extras
        msg = f"{module} is needed for this; install it with: pip install 'iepmodel[{extra}]'"
        raise ImportError(msg) from error


_PANDAS_DTYPES: Mapping[tuple[ColumnType, bool], str] = {
    ("string", False): "string",
    ("string", True): "string",
    ("int", False): "int64",
    ("int", True): "Int64",
    ("float", False): "float64",
    ("float", True): "float64",
    ("bool", False): "bool",
    ("bool", True): "boolean",
    ("list[string]", False): "object",
    ("list[string]", True): "object",
}


def categories_of(col: Column, values: Iterable[Any]) -> list[str]:
    """
    The categories of *col* for *values*: the enumeration's, then any other value, sorted.

    A value outside the enumeration (data written by a newer version, say) is kept as an
    extra category rather than silently turned into a missing value.
    """
    known = list(col.categories or ())
    seen = set(known)
    extra = sorted({v for v in values if v is not None and v not in seen})
    return known + extra


def _pandas_series(pd: Any, col: Column, values: list[Any]) -> Any:
    if col.type == "date":
        stamps = [None if v is None else dt.datetime(v.year, v.month, v.day) for v in values]  # noqa: DTZ001
        return pd.Series(stamps, dtype="datetime64[ns]", name=col.name)
    if col.type == "list[string]":
        lists = [None if v is None else list(v) for v in values]
        return pd.Series(lists, dtype="object", name=col.name)
    if col.type == "float":
        floats = [float("nan") if v is None else v for v in values]
        return pd.Series(floats, dtype="float64", name=col.name)
    if col.type == "string" and col.categories is not None:
        dtype = pd.CategoricalDtype(categories_of(col, values), ordered=False)
        return pd.Series(values, dtype=dtype, name=col.name)
    return pd.Series(values, dtype=_PANDAS_DTYPES[col.type, col.nullable], name=col.name)


def _arrow_type(pa: Any, type_: ColumnType) -> Any:
    if type_ == "string":
        return pa.string()
    if type_ == "int":
        return pa.int64()
    if type_ == "float":
        return pa.float64()
    if type_ == "bool":
        return pa.bool_()
    if type_ == "date":
        return pa.date32()
    return pa.list_(pa.string())


@attrs.frozen(kw_only=True, repr=False)
class Table(Displayed, Generic[R]):
    """
    A tidy table: rows of one frozen attrs class, with documented columns.

    Iterate it for the rows, or convert it: `records` (dicts, no extra needed),
    `to_pandas` (extra ``pandas``), `to_arrow` (extra ``arrow``), `to_polars` (extra
    ``polars``). Personal columns are present only when the table was made with
    ``include_personal=True``; without it they are `None` in the rows and absent from
    every conversion.

    Its ``repr`` (and its HTML in a notebook) shows the size, the first rows and the
    column names, never the whole table, and never a personal column's values.

    Attributes:
        name: the table's name (``plans``, ``services`` …).
        row_type: the row class.
        rows: the rows, in input order.
        include_personal: whether the personal columns are part of the table.
    """

    name: str
    row_type: type[R]
    rows: tuple[R, ...]
    include_personal: bool = False

    @property
    def columns(self) -> tuple[Column, ...]:
        """The table's columns, in order (personal ones only when included)."""
        return columns_of(self.row_type, include_personal=self.include_personal)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[R]:
        return iter(self.rows)

    def _summary_(self) -> Summary:
        from iepmodel.display import table_summary

        return table_summary(self.name, self.columns, self.rows)

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts of column name to value (dates stay `datetime.date`)."""
        names = [col.name for col in self.columns]
        return [{name: getattr(row, name) for name in names} for row in self.rows]

    def to_pandas(self) -> pandas.DataFrame:
        """
        A `pandas.DataFrame` with the documented column types (extra ``pandas``).

        A column of enumeration values is a `pandas.Categorical` whose categories are every
        value of the enumeration (`Column.categories`), so ``value_counts()`` and
        ``groupby(..., observed=False)`` list the values no row has, with 0. List columns
        hold lists. An empty table still has its columns and their types.
        """
        pd = require("pandas", "pandas")
        data = {
            col.name: _pandas_series(pd, col, [getattr(row, col.name) for row in self.rows])
            for col in self.columns
        }
        return cast(
            "pandas.DataFrame", pd.DataFrame(data, columns=[col.name for col in self.columns])
        )

    def arrow_schema(self) -> Any:
        """The `pyarrow.Schema` of the table (extra ``arrow``)."""
        pa = require("pyarrow", "arrow")
        return pa.schema(
            [
                pa.field(col.name, _arrow_type(pa, col.type), nullable=col.nullable)
                for col in self.columns
            ]
        )

    def to_arrow(self) -> Any:
        """A `pyarrow.Table` with the documented column types (extra ``arrow``)."""
        pa = require("pyarrow", "arrow")
        schema = self.arrow_schema()
        arrays = [
            pa.array(
                _arrow_values(col, (getattr(row, col.name) for row in self.rows)),
                type=_arrow_type(pa, col.type),
            )
            for col in self.columns
        ]
        return pa.Table.from_arrays(arrays, schema=schema)

    def to_polars(self) -> polars.DataFrame:
        """
        A `polars.DataFrame`, made through Arrow (extras ``polars`` and ``arrow``).

        The types are Arrow's (`to_arrow`); a column of enumeration values is a polars
        ``Enum`` of every value of the enumeration, so counts list the values no row has.
        """
        pl = require("polars", "polars")
        frame = pl.from_arrow(self.to_arrow())
        enums = [
            pl.col(col.name).cast(
                pl.Enum(categories_of(col, (getattr(row, col.name) for row in self.rows)))
            )
            for col in self.columns
            if col.type == "string" and col.categories is not None
        ]
        if enums:
            frame = frame.with_columns(enums)
        return cast("polars.DataFrame", frame)


def _arrow_values(col: Column, values: Iterable[Any]) -> list[Any]:
    if col.type == "list[string]":
        return [None if value is None else list(value) for value in values]
    return list(values)


def make_table(
    name: str, row_type: type[R], rows: Iterable[R], *, include_personal: bool = False
) -> Table[R]:
    """Collect *rows* into a `Table`."""
    return Table(name=name, row_type=row_type, rows=tuple(rows), include_personal=include_personal)
