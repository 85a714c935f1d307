"""
Take the screenshots of docs/render.md: rendered pages in headless Chromium.

    python scripts/render_screenshots.py   # writes docs/images/render-*.png

Needs the render extra, websocket-client, and Chromium (the Debian package); uses the
browser client and the example plans of the tests.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from cdp import Chromium, find_chromium  # noqa: E402
from iepmodel.render import at_a_glance  # noqa: E402
from render_plans import transition_plan, typical_plan  # noqa: E402

IMAGES = ROOT / "docs" / "images"

# name, plan, audience, language, viewport width, height of the shot (None: whole page)
SHOTS = [
    ("render-teacher-en", typical_plan, "teacher", "en", 900, None),
    ("render-family-es", typical_plan, "family", "es", 900, None),
    ("render-student-en", transition_plan, "student", "en", 900, None),
    ("render-family-en-320px", typical_plan, "family", "en", 320, 1100),
]


def main() -> int:
    executable = find_chromium()
    if executable is None:
        print("Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, Chromium(executable) as browser:
        for name, build, audience, lang, width, height in SHOTS:
            page = Path(scratch) / f"{name}.html"
            page.write_text(at_a_glance(build(), audience=audience, lang=lang), "utf-8")
            browser.open(page, width=width, height=height or 800)
            target = IMAGES / f"{name}.png"
            target.write_bytes(browser.screenshot(max_height=height))
            print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
