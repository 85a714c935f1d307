"""
Plans people can read: one-page summaries of an IEP for teachers, families and students.

`at_a_glance` turns a plan into a self-contained HTML page (its stylesheet inline, no
external asset, printable) or Markdown, for one audience and in one language:

- ``teacher``: the accommodations by setting, modifications, services with minutes a
  week and where, goals with their targets, and whom to ask;
- ``family``: what the plan provides in plain words with a short glossary, the dates that
  matter (computed by `iepmodel.timelines` under the plan's jurisdiction), and where to
  find the procedural safeguards;
- ``student``: a short first-person page: my goals, what helps me, who I can ask.

Each audience sees only what it needs (``docs/render.md``): never a date of birth, a
disability category or evaluation data. Pages come from Jinja2 templates with
autoescaping, so text from a plan is always escaped; the interface text and every
enumeration value come from gettext catalogs (English and Spanish; one ``.po`` file per
language). Needs the ``render`` extra (``pip install 'iepmodel[render]'``): Jinja2 and
Babel. The core never imports this module.

>>> import datetime as dt, iepmodel
>>> from iepmodel.render import at_a_glance
>>> plan = iepmodel.IEP(
...     id="P1",
...     kind=iepmodel.PlanKind.ANNUAL,
...     student=iepmodel.Student(id="S1", date_of_birth=dt.date(2015, 1, 22)),
...     start_date=dt.date(2025, 10, 1),
...     end_date=dt.date(2026, 9, 30),
... )
>>> print(at_a_glance(plan, audience="student", lang="es", format="md").splitlines()[0])
# Mi plan de un vistazo
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from typing import Literal, get_args

import jinja2

from iepmodel._plan import IEP
from iepmodel.jurisdictions import Profile, jurisdiction

from ._i18n import available_languages, enum_label, translations
from ._view import Audience, build_view

__all__ = [
    "AUDIENCES",
    "FORMATS",
    "Audience",
    "OutputFormat",
    "at_a_glance",
    "available_languages",
]

OutputFormat = Literal["html", "md"]
"""The formats a page can be written in: HTML or Markdown."""
AUDIENCES: tuple[Audience, ...] = get_args(Audience)
"""The audiences a page can be written for."""
FORMATS: tuple[OutputFormat, ...] = get_args(OutputFormat)
"""The output formats."""

# Markdown: characters that would start markup inside a line, and the starts of a line
# that would make a list item or heading of a value.
_MD_INLINE = re.compile(r"([\\`*_\[\]#|~])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([-+>.)])")


def _markdown_escape(value: object) -> str:
    r"""
    Any value written into a Markdown page, made inert.

    Whitespace runs (newlines too) become one space, so a value stays on its line;
    ``&`` and ``<`` become entities, so no HTML passes through; the characters that
    start Markdown markup are backslash-escaped.

    >>> from iepmodel.render import _markdown_escape
    >>> print(_markdown_escape("<script>*x*</script>\n1. y"))
    &lt;script>\*x\*&lt;/script> 1. y
    >>> print(_markdown_escape("1. first"))
    1\. first
    >>> _markdown_escape(None)  # an absent value writes nothing
    ''
    """
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\1\\\2", text, count=1)


def label(member: StrEnum, lang: str = "en") -> str:
    """
    The plain-language label of an enumeration value, as the pages show it, in *lang*.

    Raises:
        ValueError: no catalog for *lang*.
        KeyError: *member* is not one of the model's enumeration values.

    >>> import iepmodel
    >>> from iepmodel.render import label
    >>> label(iepmodel.ServiceType.SPECIALIZED_INSTRUCTION), label(iepmodel.GoalArea.READING, "es")
    ('Specialized instruction', 'Lectura')
    """
    return enum_label(member, translations(lang))


@cache
def _environment(kind: OutputFormat, lang: str) -> jinja2.Environment:
    """The template environment for *kind* pages in *lang* (one per pair, kept)."""
    common = {
        "loader": jinja2.PackageLoader("iepmodel.render", "templates"),
        "extensions": ["jinja2.ext.i18n"],
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if kind == "html":
        env = jinja2.Environment(autoescape=True, **common)  # type: ignore[arg-type]
    else:
        # Markdown has no autoescaping: every value written is made inert instead.
        env = jinja2.Environment(
            autoescape=False,  # noqa: S701 - Markdown: escaped by `finalize`
            finalize=_markdown_escape,
            **common,  # type: ignore[arg-type]
        )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def at_a_glance(
    plan: IEP,
    audience: Audience = "family",
    lang: str = "en",
    format: OutputFormat = "html",  # noqa: A002 - the name of the published API
    *,
    profile: str | Profile | None = None,
) -> str:
    """
    A one-page summary of *plan* for *audience*, in *lang*, as HTML or Markdown.

    Args:
        plan: the plan.
        audience: ``teacher``, ``family`` or ``student``.
        lang: a language with a catalog: ``en``, ``es`` (see `available_languages`).
        format: ``html`` (a complete page, its stylesheet inline) or ``md`` (Markdown).
        profile: the rule profile (or its code) the family's dates are computed under;
            the plan's own jurisdiction (``US`` when it names none) by default.

    Returns:
        The page, ending with a newline.

    Raises:
        ValueError: an unknown audience, format or language, or an unknown jurisdiction.
    """
    if audience not in AUDIENCES:
        msg = f"unknown audience {audience!r}; use one of {', '.join(AUDIENCES)}"
        raise ValueError(msg)
    if format not in FORMATS:
        msg = f"unknown format {format!r}; use one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    code = profile if profile is not None else plan.jurisdiction or "US"
    try:
        rules = jurisdiction(code)
    except LookupError as error:
        if profile is None:
            msg = f"the plan's jurisdiction is not known ({error}); name a profile to use"
            raise ValueError(msg) from None
        raise ValueError(str(error)) from None
    env = _environment(format, lang)  # ValueError for a language without a catalog
    view = build_view(plan, audience, lang, translations(lang), rules)
    page = env.get_template(f"{audience}.{format}").render(view=view)
    if format == "md":
        page = re.sub(r"\n{3,}", "\n\n", page).strip() + "\n"
    return page
