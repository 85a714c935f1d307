"""
The translation catalogs: one gettext catalog (a ``.po`` file) per language.

English is the source language: its messages are the msgids themselves, so it needs no
catalog. Every other language is the file ``locales/<lang>/LC_MESSAGES/iepmodel.po`` in
this package; adding a language is adding that one file (``docs/render.md``).

The ``.po`` source is read with Babel and compiled in memory at first use, once per
process. No compiled ``.mo`` file is kept in the repository or made at build time, so
the compiled catalog can never be older than its source, and an editable install sees a
changed catalog at once. Fuzzy entries are left out, as ``msgfmt`` leaves them out: an
untranslated or fuzzy message is caught by the catalog test, not shown in English.
"""

from __future__ import annotations

import gettext
import io
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from ._labels import english_label

__all__ = [
    "DOMAIN",
    "SOURCE_LANGUAGE",
    "available_languages",
    "catalog_path",
    "enum_label",
    "translations",
]

DOMAIN = "iepmodel"
"""The gettext domain: the catalogs' file name."""
SOURCE_LANGUAGE = "en"
"""The language the messages are written in."""
_PACKAGE = "iepmodel.render"


def catalog_path(lang: str) -> Traversable:
    """The ``.po`` source of *lang*'s catalog (it may not exist)."""
    return resources.files(_PACKAGE).joinpath("locales", lang, "LC_MESSAGES", f"{DOMAIN}.po")


@lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    """
    The languages a page can be written in: English and every language with a catalog.

    >>> from iepmodel.render import available_languages
    >>> available_languages()[:2]
    ('en', 'es')
    """
    locales = resources.files(_PACKAGE).joinpath("locales")
    found = sorted(
        entry.name
        for entry in locales.iterdir()
        if entry.is_dir() and catalog_path(entry.name).is_file()
    )
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


@cache
def translations(lang: str) -> NullTranslations:
    """
    The compiled catalog of *lang* (English: the messages as written).

    Raises:
        ValueError: no catalog for *lang*.
    """
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    if lang not in available_languages():
        known = ", ".join(available_languages())
        msg = f"no translation catalog for language {lang!r}; use one of {known}"
        raise ValueError(msg)
    with catalog_path(lang).open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def enum_label(member: StrEnum, catalog: gettext.NullTranslations) -> str:
    """*member*'s plain-language label in *catalog*'s language."""
    context, text = english_label(member)
    return catalog.pgettext(context, text)
