"""`Findings`: the list `check` returns, with a short display for notebooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iepmodel.display import Displayed, Summary, findings_summary

from ._core import Finding

if TYPE_CHECKING:
    from iepmodel.analysis import FindingRow, Table

__all__ = ["Findings"]


class Findings(Displayed, list[Finding]):
    """
    A list of findings, as `check` returns it: a plain `list` with a short display.

    Everything a list does, it does (indexing, ``len``, ``==`` with a list, JSON); slicing
    and adding give plain lists. Its ``repr`` and its HTML in a notebook are a summary: the
    counts by severity and rule and the first findings, never the whole list (``list(f)``
    or a loop shows them all; `table` makes a tidy table).

    >>> from iepmodel.rules import Finding, Findings, Severity
    >>> f = Finding(code="C302", severity=Severity.ERROR, message="The plan has no annual goals.",
    ...             citation="34 CFR 300.320(a)(2)(i)", path="goals", plan_id="P1")
    >>> findings = Findings([f])
    >>> findings == [f], isinstance(findings, list)
    (True, True)
    >>> print(repr(findings).splitlines()[0])
    Findings: 1 in 1 plans
    """

    __slots__ = ()

    def _summary_(self) -> Summary:
        return findings_summary(self)

    def table(self) -> Table[FindingRow]:
        """The findings as the tidy ``findings`` table (`iepmodel.analysis.findings_table`)."""
        from iepmodel.analysis.tables import findings_table

        return findings_table(self)
