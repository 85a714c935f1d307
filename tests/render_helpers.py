"""Reading rendered pages back in tests: structure, visible text, the plan's own text."""

from __future__ import annotations

import re
from enum import StrEnum
from html.parser import HTMLParser
from typing import Any

import attrs

import iepmodel
from iepmodel import IEP, _enums

VOID = {"meta", "link", "br", "img", "hr", "input", "source", "wbr"}


@attrs.define
class Page(HTMLParser):
    """An HTML page parsed with the standard library: elements, headings, text."""

    tags: list[tuple[str, dict[str, str | None]]] = attrs.field(factory=list)
    headings: list[tuple[int, str]] = attrs.field(factory=list)
    chunks: list[str] = attrs.field(factory=list)
    open_tags: list[str] = attrs.field(factory=list)
    unbalanced: list[str] = attrs.field(factory=list)
    _heading: list[str] | None = None

    def __attrs_post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs_)))
        if tag not in VOID:
            self.open_tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags or self.open_tags[-1] != tag:
            self.unbalanced.append(tag)
        else:
            self.open_tags.pop()
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((int(tag[1]), " ".join("".join(self._heading).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self.open_tags and self.open_tags[-1] in {"style", "script"}:
            return
        self.chunks.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def text(self) -> str:
        """The visible text (and the title), whitespace collapsed."""
        return " ".join(" ".join(self.chunks).split())

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)

    def first(self, tag: str) -> dict[str, str | None]:
        return next(attributes for name, attributes in self.tags if name == tag)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def _codes() -> set[str]:
    return {
        member.value
        for name in _enums.__all__
        if isinstance(cls := getattr(_enums, name), type) and issubclass(cls, StrEnum)
        for member in cls
    }


def plan_texts(plan: IEP) -> list[str]:
    """Every string of the plan's document but its codes (free text, names, ids), longest first."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(iepmodel.to_dict(plan))
    return sorted(set(found) - _codes(), key=len, reverse=True)


def without_plan_text(text: str, plan: IEP) -> str:
    """*text* with the plan's own strings (three characters or more) cut out."""
    for value in plan_texts(plan):
        normal = " ".join(value.split())
        if len(normal) >= 3:
            text = cut(text, normal)
    return text


def cut(text: str, piece: str) -> str:
    """*text* without *piece* where it stands as whole words."""
    return re.sub(rf"(?<!\w){re.escape(piece)}(?!\w)", " ", text)
