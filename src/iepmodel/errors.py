"""
The one exception a document that is not a valid plan raises, and its problems.

Each problem has a path (where), a message (what, in plain words) and a *type*: a short,
stable code a program can act on (see `PROBLEM_TYPES` and format.md, "Errors"). No
message quotes a value of the document: values may be personal data.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

__all__ = ["PROBLEM_TYPES", "DocumentError", "Problem"]

PROBLEM_TYPES: Final[dict[str, str]] = {
    "json_invalid": "the text is not JSON (a syntax error, NaN or Infinity)",
    "encoding": "the bytes are not UTF-8 text (UTF-16, UTF-32 or broken bytes)",
    "too_deep": "lists and objects nest deeper than a reader can follow",
    "number_too_long": "a number has more digits than any reader converts",
    "duplicate_key": "an object holds the same key twice",
    "unknown_key": "a key the format does not have",
    "missing": "a required key is absent",
    "object_type": "expected an object",
    "list_type": "expected a list",
    "string_type": "expected a string",
    "string_unicode": "text that cannot be written as UTF-8 (a lone surrogate)",
    "int_type": "expected a whole number",
    "float_type": "expected a (finite) number",
    "bool_type": "expected true or false",
    "date_type": "expected a date written YYYY-MM-DD",
    "date_invalid": "a date written YYYY-MM-DD that does not exist",
    "enum": "a value outside the closed set of the field",
    "value_error": "a value breaks a rule of the format (a bound, an order of dates)",
    "invalid": "anything else; the message says what",
}
"""
Every ``type`` a `Problem` can have, with what it means: a stable list, documented in
format.md. A new type is only ever added.
"""

Loc = tuple[str | int, ...]
"""Where a problem is, as keys and list indexes from the document's root."""


@attrs.frozen(kw_only=True)
class Problem:
    r"""
    One thing wrong with a document.

    Attributes:
        path: where, in the document's own key names (``services[0].minutes``); empty
            for the document as a whole. A key the format does not have is shown escaped
            and shortened (``["an odd\\nkey"]``), so it can never forge a line of output.
        message: what is wrong, in plain words; never quotes the value, which may be
            personal data.
        type: what kind of problem, one of `PROBLEM_TYPES` (``int_type``, ``missing`` ...).
        loc: the same place as *path*, as a tuple of keys and indexes
            (``("services", 0, "minutes")``).

    >>> str(Problem(path="services[0].minutes", message="must be greater than 0"))
    'services[0].minutes: must be greater than 0'
    """

    path: str
    message: str
    type: str = "invalid"
    loc: Loc = ()

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """
        ``{"loc", "type", "msg"}``: the problem for an API's error body.

        >>> Problem(path="end_date", message="required key is missing", type="missing",
        ...         loc=("end_date",)).to_dict()
        {'loc': ('end_date',), 'type': 'missing', 'msg': 'required key is missing'}
        """
        return {"loc": self.loc, "type": self.type, "msg": self.message}


class DocumentError(ValueError):
    """
    A document is not a valid plan (or calendar); `problems` lists the reasons.

    It is a `ValueError`. Its message names each problem's path and never quotes the
    document's values, so it is safe to log. A document with very many problems lists
    the first ones only (at most `iepmodel.serialization.MAX_PROBLEMS`); `count` says
    how many were found in all.

    >>> import iepmodel
    >>> try:
    ...     iepmodel.from_json('{"schema_version": 1, "id": "P1", "kynd": "annual"}')
    ... except iepmodel.DocumentError as error:
    ...     print(error.problems[0])
    ...     print(error.errors()[0]["type"])
    end_date: required key is missing
    missing
    """

    def __init__(
        self,
        problems: tuple[Problem, ...] | list[Problem],
        count: int | None = None,
        *,
        complete: bool = True,
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.count: int = max(len(self.problems), count or 0)
        """How many problems were found: more than `problems` holds when it was cut short."""
        self.complete: bool = complete
        """Whether `count` is every problem; `False` when reading stopped early (a lower bound)."""
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = self.count
        head = "1 problem" if count == 1 else f"{count} problems"
        if not self.complete:
            head = f"at least {head}"
        if count > len(self.problems):
            head += f" (the first {len(self.problems)} listed)"
        return f"{head} in the document: " + "; ".join(str(p) for p in self.problems)

    @property
    def truncated(self) -> bool:
        """Whether more problems were found than `problems` lists."""
        return self.count > len(self.problems)

    @property
    def paths(self) -> tuple[str, ...]:
        """The path of each problem, in order."""
        return tuple(problem.path for problem in self.problems)

    def errors(self) -> list[dict[str, Any]]:
        """
        Each problem as ``{"loc": (...), "type": "...", "msg": "..."}``, for an API.

        ``loc`` is a tuple of keys and indexes, ``type`` one of `PROBLEM_TYPES`, and
        ``msg`` the message, which never quotes a value. A web backend can answer a bad
        request with ``{"detail": error.errors()}`` (a 422 body).
        """
        return [problem.to_dict() for problem in self.problems]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.problems, self.count, self.complete))


def _rebuild(
    cls: type[DocumentError], problems: tuple[Problem, ...], count: int, complete: bool
) -> DocumentError:
    return cls(problems, count, complete=complete)
