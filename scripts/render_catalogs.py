"""
Refresh the translation catalogs of iepmodel.render from its sources.

Extracts every message of the render package (its Python modules and templates) into
``src/iepmodel/render/locales/iepmodel.pot``, then updates each language's ``.po`` from
it: new messages are added untranslated, messages no longer used are dropped, changed
ones are marked fuzzy. Translate what is empty or fuzzy, then run the catalog test
(``pytest tests/test_render.py -k catalog``).

    python scripts/render_catalogs.py            # refresh every language
    python scripts/render_catalogs.py --init fr  # start a new language

Needs the ``render`` extra (Babel and Jinja2).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "iepmodel" / "render"
LOCALES = PACKAGE / "locales"
TEMPLATE = LOCALES / "iepmodel.pot"
KEYWORDS = ["-k", "_pn:1c,2"]  # the enumeration labels (_labels.py), with their context


def extract() -> Catalog:
    """Extract the messages into the template catalog and return it."""
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract",
            "-F", str(LOCALES / "babel.cfg"), *KEYWORDS,
            "--no-location", "--sort-output", "--omit-header",
            "-o", str(TEMPLATE), str(PACKAGE),
        ],
        check=True,
        cwd=PACKAGE,
    )  # fmt: skip
    with TEMPLATE.open("rb") as source:
        return read_po(source)


def update(template: Catalog, lang: str, *, init: bool = False) -> None:
    """Bring *lang*'s catalog in line with *template* (create it with *init*)."""
    path = LOCALES / lang / "LC_MESSAGES" / "iepmodel.po"
    if init:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale=lang, domain="iepmodel", project="iepmodel")
    else:
        with path.open("rb") as source:
            catalog = read_po(source, locale=lang)
    catalog.update(template, no_fuzzy_matching=False)
    catalog.project, catalog.version = "iepmodel", "1"
    catalog.msgid_bugs_address = "the iepmodel issue tracker"
    with path.open("wb") as target:
        write_po(target, catalog, omit_header=False, no_location=True, sort_output=True,
                 ignore_obsolete=True, width=99)  # fmt: skip
    missing = sum(1 for message in catalog if message.id and (not message.string or message.fuzzy))
    print(f"{path.relative_to(PACKAGE.parent.parent.parent)}: {missing} to translate")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--init", metavar="LANG", help="start a catalog for LANG")
    args = parser.parse_args()
    template = extract()
    if args.init:
        update(template, args.init, init=True)
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/iepmodel.po")):
        lang = po.parent.parent.name
        if lang != args.init:
            update(template, lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
