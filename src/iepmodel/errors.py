"""The one exception a document that is not a valid plan raises."""

from __future__ import annotations

import attrs

__all__ = ["DocumentError", "Problem"]


@attrs.frozen(kw_only=True)
class Problem:
    """
    One thing wrong with a document.

    Attributes:
        path: where, in the document's own key names (``services[0].minutes``); empty
            for the document as a whole.
        message: what is wrong, in plain words; never quotes the value, which may be
            personal data.

    >>> str(Problem(path="services[0].minutes", message="must be greater than 0"))
    'services[0].minutes: must be greater than 0'
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.message}"


class DocumentError(ValueError):
    """
    A document is not a valid plan (or calendar); `problems` lists every reason.

    It is a `ValueError`. Its message names each problem's path and never quotes the
    document's values, so it is safe to log.

    >>> import iepmodel
    >>> try:
    ...     iepmodel.from_json('{"schema_version": 1, "id": "P1", "kynd": "annual"}')
    ... except iepmodel.DocumentError as error:
    ...     print(error.problems[0])
    end_date: required key is missing
    """

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        return f"{head} in the document: " + "; ".join(str(p) for p in self.problems)

    @property
    def paths(self) -> tuple[str, ...]:
        """The path of each problem, in order."""
        return tuple(problem.path for problem in self.problems)

    def __reduce__(self) -> tuple[type[DocumentError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))
