"""
iepmodel.render without a browser: structure, escaping, privacy, catalogs, Markdown, CLI.

The browser checks (axe-core, print to PDF, screenshots) are in test_render_browser.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
from enum import StrEnum
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("jinja2")
pytest.importorskip("babel")

import itertools

from babel.dates import format_date
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import iepmodel
from iepmodel import _enums
from iepmodel.cli import main
from iepmodel.render import AUDIENCES, FORMATS, at_a_glance, available_languages, label
from iepmodel.render._i18n import catalog_path, translations
from iepmodel.render._labels import ENUM_LABELS
from iepmodel.testing import strategies
from iepmodel.timelines import age_of_majority_date, annual_review_due, reevaluation_due
from render_helpers import cut, parse, without_plan_text
from render_plans import PLANS, draft_amendment, long_plan, transition_plan, typical_plan, v2_plan

RENDER = Path(iepmodel.__file__).parent / "render"
LANGS = ("en", "es")
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> *bold* [link](http://x)'


def _enum_classes() -> list[type[StrEnum]]:
    return [
        value
        for name in _enums.__all__
        if isinstance(value := getattr(_enums, name), type) and issubclass(value, StrEnum)
    ]


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with catalog_path(lang).open("rb") as source:
        return read_po(source, locale=lang)


def _source_messages() -> set[tuple[str | None, str]]:
    """Every message the package's code and templates use, as (context, msgid)."""
    method_map = [
        ("**.py", "python"),
        ("**/templates/**.html", "jinja2"),
        ("**/templates/**.md", "jinja2"),
    ]
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "pgettext": ((1, "c"), 2),
        "_pn": ((1, "c"), 2),
    }
    options = {"**/templates/**": {"extensions": "jinja2.ext.i18n"}}
    found: set[tuple[str | None, str]] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(RENDER), method_map, options_map=options, keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.add((context, msgid))
    return found


def _pages(plan: iepmodel.IEP, fmt: str = "html"):  # type: ignore[no-untyped-def]
    for audience in AUDIENCES:
        for lang in LANGS:
            yield audience, lang, at_a_glance(plan, audience=audience, lang=lang, format=fmt)


def _hostile(plan: iepmodel.IEP) -> iepmodel.IEP:
    """*plan* with hostile text in every free-text field a page may show."""
    h = HOSTILE
    meeting = plan.meeting
    assert meeting is not None
    return attrs.evolve(
        plan,
        student=attrs.evolve(plan.student, name=h),
        goals=tuple(attrs.evolve(g, statement=h, criterion=h, measurement=h) for g in plan.goals),
        accommodations=tuple(attrs.evolve(a, description=h) for a in plan.accommodations),
        modifications=tuple(
            attrs.evolve(m, description=h, subjects=(h,)) for m in plan.modifications
        ),
        services=tuple(
            attrs.evolve(s, description=h, provider=h, location=h) for s in plan.services
        ),
        present_levels=tuple(attrs.evolve(p, strengths=h, needs=h) for p in plan.present_levels),
        meeting=attrs.evolve(
            meeting, participants=tuple(attrs.evolve(p, name=h) for p in meeting.participants)
        ),
        progress_reporting=iepmodel.ProgressReporting(frequency=h, method=h),
    )


# --- catalogs -------------------------------------------------------------------------


def test_languages_are_english_and_spanish() -> None:
    assert available_languages()[:2] == ("en", "es")


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "en"])
def test_catalog_translates_every_message_of_the_sources(lang: str) -> None:
    catalog = _catalog(lang)
    used = _source_messages()
    assert len(used) > 200
    entries = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog}
    missing = sorted(str(key) for key in used if key not in entries)
    assert not missing, f"{lang}: messages missing from the catalog: {missing[:10]}"
    untranslated = sorted(
        str(key)
        for key in used
        if entries[key].fuzzy
        or not (
            all(entries[key].string)
            if isinstance(entries[key].string, tuple)
            else entries[key].string
        )
    )
    assert not untranslated, f"{lang}: untranslated or fuzzy: {untranslated[:10]}"
    stale = sorted(str(key) for key in entries if key[1] and key not in used)
    assert not stale, f"{lang}: messages no source uses (run scripts/render_catalogs.py): {stale}"


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang != "en"])
def test_catalog_placeholders_match(lang: str) -> None:
    catalog = _catalog(lang)
    problems = [(message.id, errors) for message, errors in catalog.check() if errors]
    assert not problems
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\((\w+)\)s", ids[-1]))
        for string in strings:
            assert set(re.findall(r"%\((\w+)\)s", string)) == wanted, message.id


def test_every_enumeration_value_has_a_label_and_translations() -> None:
    classes = _enum_classes()
    assert len(classes) >= 23
    for lang in available_languages():
        catalog = translations(lang)
        for cls in classes:
            for member in cls:
                label = ENUM_LABELS[cls.__name__][member.value]
                assert label
                assert "_" not in label
                translated = catalog.pgettext(cls.__name__, label)
                assert translated, (lang, cls.__name__, member.value)
                if lang == "es":
                    entry = _catalog("es").get(label, context=cls.__name__)
                    assert entry is not None, (cls.__name__, member.value)
                    assert entry.string, (cls.__name__, member.value)


def test_labels_cover_only_known_enumerations_or_documented_future_ones() -> None:
    known = {cls.__name__ for cls in _enum_classes()}
    future = {"IdeaPart", "EligibilityOutcome", "EligibilityDelayReason", "ExitReason", "GoalType"}
    assert set(ENUM_LABELS) - known <= future
    for cls in _enum_classes():
        assert set(ENUM_LABELS[cls.__name__]) == {member.value for member in cls}


def test_label_of_an_enumeration_value() -> None:
    assert label(iepmodel.Delivery.CONSULTATION) == "Works with the student's teachers"
    assert label(iepmodel.Delivery.CONSULTATION, "es") == "Trabaja con los maestros del estudiante"


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no translation catalog for language 'xx'"):
        at_a_glance(typical_plan(), lang="xx")


@pytest.mark.parametrize(("option", "value"), [("audience", "principal"), ("format", "pdf")])
def test_unknown_audience_or_format_is_a_clear_error(option: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"unknown {option}"):
        at_a_glance(typical_plan(), **{option: value})  # type: ignore[arg-type]


# --- what every page is ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PLANS))
def test_html_pages_are_well_formed_accessible_documents(name: str) -> None:
    plan = PLANS[name]()
    for audience, lang, html in _pages(plan):
        where = (name, audience, lang)
        assert html.startswith("<!DOCTYPE html>\n"), where
        page = parse(html)
        assert not page.unbalanced, where
        assert not page.open_tags, where
        assert page.first("html")["lang"] == lang, where
        for landmark in ("header", "main", "footer", "title", "h1", "style"):
            assert page.count(landmark) == 1, (where, landmark)
        assert page.first("meta").get("charset") == "utf-8"
        levels = [level for level, _ in page.headings]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), where
        assert all(text for _, text in page.headings), where
        # Self-contained: no script, no external file of any kind.
        for element in ("script", "link", "img", "iframe", "object", "embed"):
            assert page.count(element) == 0, (where, element)
        assert not re.search(r"url\(|@import|https?://", html), where
        # Every section is named by its heading.
        for tag, attributes in page.tags:
            if tag == "section":
                assert attributes.get("aria-labelledby"), where


@pytest.mark.parametrize("name", sorted(PLANS))
def test_no_raw_enumeration_code_in_any_page(name: str) -> None:
    plan = PLANS[name]()
    codes = {member.value for cls in _enum_classes() for member in cls if "_" in member.value}
    for fmt in FORMATS:
        for audience, lang, text in _pages(plan, fmt):
            shown = parse(text).text if fmt == "html" else text
            found = sorted(code for code in codes if code in shown)
            assert not found, (name, audience, lang, fmt, found)


def _english_fragments() -> list[str]:
    """The English interface text that a Spanish page must not show: msgid fragments."""
    fragments: set[str] = set()
    for message in _catalog("es"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid in strings:
                continue  # the same in both languages (a placeholder pattern, a name)
            for part in re.split(r"%\(\w+\)s", msgid):
                piece = part.strip(" .,:;()")
                if len(piece) >= 4 and re.search(r"[A-Za-z]{3}", piece) and piece != "IEP":
                    fragments.add(piece)
    return sorted(fragments, key=len, reverse=True)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_spanish_pages_show_no_english_interface_text(name: str) -> None:
    plan = PLANS[name]()
    fragments = _english_fragments()
    assert "What helps me" in fragments
    assert "Speech and language therapy" in fragments
    for fmt in FORMATS:
        for audience in AUDIENCES:
            page = at_a_glance(plan, audience=audience, lang="es", format=fmt)
            text = parse(page).text if fmt == "html" else page.replace("\\", "")
            text = " ".join(without_plan_text(text, plan).split())
            found = [f for f in fragments if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)]
            assert not found, (name, audience, fmt, found[:5])


def _spanish_fragments() -> list[str]:
    """Every piece of Spanish text the catalog can put on a page, longest first."""
    pieces: set[str] = set()
    for message in _catalog("es"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            pieces.update(part for part in re.split(r"%\(\w+\)s", string) if part.strip())
    return sorted(pieces, key=len, reverse=True)


_SPANISH_DATE = re.compile(r"\b\d{1,2} de [a-z]+ de \d{4}\b")


@pytest.mark.parametrize("name", sorted(PLANS))
def test_spanish_pages_have_no_text_from_outside_the_catalog(name: str) -> None:
    # What is left of a Spanish page once the plan's own text, the catalog's text, dates
    # and numbers are taken out must be punctuation: any word left came from nowhere
    # translatable (interface text written into a template without the catalog).
    plan = PLANS[name]()
    fragments = _spanish_fragments()
    for fmt in FORMATS:
        for audience in AUDIENCES:
            page = at_a_glance(plan, audience=audience, lang="es", format=fmt)
            text = parse(page).text if fmt == "html" else page.replace("\\", "")
            text = _SPANISH_DATE.sub(" ", text)
            text = without_plan_text(text, plan)
            for fragment in fragments:
                text = cut(text, fragment.strip())
            words = re.findall(r"[^\W\d_]{2,}", text.replace(" y ", " "))
            assert set(words) <= {"IEP"}, (name, audience, fmt, sorted(set(words))[:10])


# --- escaping ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["typical", "long", "transition"])
def test_plan_text_is_always_escaped(name: str) -> None:
    plan = _hostile(PLANS[name]())
    for audience, lang, html in _pages(plan):
        assert "<script" not in html, (audience, lang)
        assert "<img" not in html, (audience, lang)
        page = parse(html)
        assert page.count("script") == 0
        assert page.count("img") == 0
        if audience != "student":
            assert HOSTILE in page.text  # shown, as text
    for audience, lang, md in _pages(plan, "md"):
        assert "<script" not in md, (audience, lang)
        assert "<img" not in md, (audience, lang)
        assert "[link](" not in md
        assert " *bold* " not in md
        assert "&lt;script>" in md


def test_markdown_escape_keeps_a_value_on_its_line() -> None:
    plan = attrs.evolve(
        typical_plan(),
        accommodations=(
            iepmodel.Accommodation(
                description="first line\n# not a heading\n- not an item",
                category=iepmodel.AccommodationCategory.SETTING,
            ),
        ),
    )
    md = at_a_glance(plan, audience="student", format="md")
    assert "\n# not a heading" not in md
    assert "\n- not an item" not in md
    assert r"- first line \# not a heading - not an item" in md


# --- what each audience sees -----------------------------------------------------------


def _date_forms(day: dt.date) -> list[str]:
    forms = [day.isoformat(), day.strftime("%m/%d/%Y")]
    for lang in LANGS:
        forms += [format_date(day, format=f, locale=lang) for f in ("long", "medium", "short")]
    return forms


@pytest.mark.parametrize("name", sorted(PLANS))
def test_personal_data_only_where_the_audience_needs_it(name: str) -> None:
    plan = PLANS[name]()
    parents = (
        [p.name for p in plan.meeting.participants if iepmodel.Role.PARENT in p.roles]
        if (plan.meeting)
        else []
    )
    disabilities = [
        translations(lang).pgettext("DisabilityCategory", ENUM_LABELS["DisabilityCategory"][d])
        for d in plan.student.disabilities
        for lang in LANGS
    ]
    staff_ids = (
        [p.staff_id for p in plan.meeting.participants if p.staff_id] if (plan.meeting) else []
    )
    staff_ids += [i for service in plan.services for i in service.provider_staff_ids]
    extension_values = [json.dumps(plan.extensions)] if plan.extensions else []
    if plan.responsible_organization is not None:
        staff_ids.append(plan.responsible_organization.id)
    evaluation_days = [
        day
        for e in plan.evaluations
        for day in (e.consent_date, e.completed_date, e.eligibility_date)
        if day is not None
    ]
    for fmt in FORMATS:
        for audience, lang, page in _pages(plan, fmt):
            where = (name, audience, lang, fmt)
            for form in _date_forms(plan.student.date_of_birth):
                assert form not in page, where  # never a date of birth
            for day in evaluation_days:
                for form in _date_forms(day):
                    assert form not in page, where  # never evaluation data
            assert plan.student.id not in page, where
            assert plan.id not in page, where
            for staff_id in staff_ids:
                assert staff_id not in page, where  # work ids are not for readers
            for value in extension_values:
                assert value not in page, where  # extensions are never interpreted
            for parent in parents:
                assert parent not in page, where
            for disability in disabilities:
                assert disability not in page, where
            name_shown = plan.student.name is not None and plan.student.name in page
            assert name_shown == (audience != "student"), where
            for level in plan.present_levels:
                assert (level.needs in page) == (audience == "family"), where


def test_teacher_page_groups_accommodations_by_setting() -> None:
    plan = long_plan()
    page = parse(at_a_glance(plan, audience="teacher"))
    h3 = [text for level, text in page.headings if level == 3]
    assert h3[:3] == [
        "In class, during instruction",
        "Classroom tests and quizzes",
        "State and district tests",
    ]
    html = at_a_glance(plan, audience="teacher")
    sections = re.split(r"<h3>", html.split('id="modifications"')[0])[1:]
    for section, context in zip(sections, iepmodel.AccommodationContext, strict=True):
        expected = [a.description for a in plan.accommodations if a.applies_to(context)]
        assert list(re.findall(r"<li>(Accommodation number \d+)", section)) == expected


def test_teacher_page_shows_minutes_a_week_and_where() -> None:
    text = parse(at_a_glance(typical_plan(), audience="teacher")).text
    assert "45 minutes, 4 times a week (180 minutes a week)" in text
    assert "30 minutes, 2 times a month (about 14 minutes a week)" in text
    assert "resource room (Special education setting)" in text
    assert "In all: about 194 minutes a week" in text
    assert "Special education teacher: Sam Special" in text
    es = parse(at_a_glance(typical_plan(), audience="teacher", lang="es")).text
    assert "45 minutos, 4 veces a la semana (180 minutos a la semana)" in es


def test_family_dates_come_from_the_library_timelines() -> None:
    plan = typical_plan()
    assert plan.meeting is not None
    review = annual_review_due(plan.meeting.date, "US").date
    completed = plan.last_completed_evaluation()
    assert completed is not None
    assert completed.completed_date is not None
    reevaluation = reevaluation_due(
        completed.completed_date, category=plan.student.primary_disability
    ).date
    for lang in LANGS:
        text = parse(at_a_glance(plan, audience="family", lang=lang)).text
        assert format_date(review, format="long", locale=lang) in text
        assert format_date(reevaluation, format="long", locale=lang) in text
    # Under a profile with another reevaluation limit, the date follows it.
    pa = at_a_glance(
        attrs.evolve(
            plan,
            student=attrs.evolve(
                plan.student, disabilities=(iepmodel.DisabilityCategory.INTELLECTUAL_DISABILITY,)
            ),
        ),
        audience="family",
        profile="US-PA",
    )
    two_years = reevaluation_due(
        completed.completed_date,
        category=iepmodel.DisabilityCategory.INTELLECTUAL_DISABILITY,
        profile="US-PA",
    ).date
    assert format_date(two_years, format="long", locale="en") in pa


def test_extended_school_year_and_shortened_day() -> None:
    plan = v2_plan()
    assert plan.extended_school_year
    for audience in ("teacher", "family"):
        text = parse(at_a_glance(plan, audience=audience)).text
        assert "(extended school year)" in text
        assert "2.5 hours a week less than for other students" in text
    es = parse(at_a_glance(plan, audience="family", lang="es")).text
    assert "2,5 horas a la semana menos" in es
    assert "extended school year" not in parse(at_a_glance(plan, audience="student")).text
    no = attrs.evolve(plan, extended_school_year=False, shortened_school_day=None)
    text = parse(at_a_glance(no, audience="family")).text
    assert "No services during the summer" in text
    assert "The school day is shortened" not in text
    unknown = attrs.evolve(plan, extended_school_year=None)
    assert "summer" not in at_a_glance(unknown, audience="family")


def test_the_kind_of_school_is_shown_only_when_unusual() -> None:
    plan = typical_plan()
    assert plan.placement is not None
    assert "School:" not in at_a_glance(plan, audience="teacher")
    separate = attrs.evolve(
        plan,
        placement=attrs.evolve(plan.placement, facility=iepmodel.Facility.SEPARATE_SCHOOL),
    )
    assert "School: Separate school" in parse(at_a_glance(separate, audience="teacher")).text
    es = at_a_glance(separate, audience="family", lang="es", format="md")
    assert "Escuela: Escuela separada" in es


def test_rights_transfer_shown_when_the_plan_must_speak_of_it() -> None:
    plan = transition_plan()
    majority = age_of_majority_date(plan.student.date_of_birth).date
    family = parse(at_a_glance(plan, audience="family")).text
    assert "Rights transfer to the student" in family
    assert format_date(majority, format="long", locale="en") in family
    student = parse(at_a_glance(plan, audience="student", lang="es")).text
    assert "Cuando cumpla 18 años" in student
    assert "Rights transfer" not in parse(at_a_glance(plan, audience="teacher")).text
    young = parse(at_a_glance(typical_plan(), audience="family")).text
    assert "Rights transfer" not in young


def test_amendment_without_review_meeting_gives_no_review_date_and_says_draft() -> None:
    plan = draft_amendment()
    text = parse(at_a_glance(plan, audience="family")).text
    assert "Next yearly IEP meeting" not in text
    assert "Draft: this plan is not final yet." in text


def test_student_page_is_first_person_and_short() -> None:
    page = parse(at_a_glance(long_plan(), audience="student"))
    h2 = [text for level, text in page.headings if level == 2]
    assert h2[:3] == ["My goals", "What helps me", "Who I can ask"]
    family = parse(at_a_glance(long_plan(), audience="family"))
    assert len(page.text) < len(family.text) / 2
    es = parse(at_a_glance(long_plan(), audience="student", lang="es"))
    assert [t for level, t in es.headings if level == 2][:3] == [
        "Mis metas",
        "Lo que me ayuda",
        "A quién puedo preguntar",
    ]


def test_family_page_has_the_glossary() -> None:
    for lang, terms in {
        "en": ["Present levels", "Least restrictive environment", "Related services"],
        "es": ["Niveles actuales", "Ambiente menos restrictivo", "Servicios relacionados"],
    }.items():
        html = at_a_glance(typical_plan(), audience="family", lang=lang)
        glossary = html.split('class="glossary"')[1]
        for term in terms:
            assert f"<dt>{term}</dt>" in glossary


# --- Markdown ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PLANS))
def test_markdown_pages(name: str) -> None:
    plan = PLANS[name]()
    for audience, lang, md in _pages(plan, "md"):
        lines = md.splitlines()
        assert lines[0].startswith("# ")
        assert md.endswith("\n")
        assert not md.endswith("\n\n")
        assert "\n\n\n" not in md
        assert sum(1 for line in lines if line.startswith("# ")) == 1
        assert any(line.startswith("## ") for line in lines), (audience, lang)
        assert "<" not in md.replace("&lt;", ""), (audience, lang)


# --- properties ----------------------------------------------------------------------------


@given(plan=strategies.plans(), audience=st.sampled_from(AUDIENCES), lang=st.sampled_from(LANGS))
def test_any_plan_renders_in_both_formats(plan: iepmodel.IEP, audience: str, lang: str) -> None:
    html = at_a_glance(plan, audience=audience, lang=lang)  # type: ignore[arg-type]
    page = parse(html)
    assert not page.unbalanced
    assert page.first("html")["lang"] == lang
    assert page.count("script") == 0
    assert plan.student.date_of_birth.isoformat() not in html
    md = at_a_glance(plan, audience=audience, lang=lang, format="md")  # type: ignore[arg-type]
    assert md.startswith("# ")


# --- the command line ----------------------------------------------------------------------


def _write(tmp_path: Path, plan: iepmodel.IEP, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(iepmodel.to_json(plan), encoding="utf-8")
    return path


def test_cli_renders_a_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, typical_plan())
    assert main(["render", str(path), "--audience", "family", "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert out == at_a_glance(typical_plan(), audience="family", lang="es")
    assert main(["render", str(path), "--audience", "teacher", "--format", "md"]) == 0
    assert capsys.readouterr().out == at_a_glance(typical_plan(), audience="teacher", format="md")


def test_cli_picks_a_plan_from_several(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plans.jsonl"
    with path.open("w", encoding="utf-8") as out:
        iepmodel.dump_jsonl([typical_plan(), long_plan()], out)
    assert main(["render", str(path)]) == 2
    assert "holds 2 plans; choose one with --plan ID" in capsys.readouterr().err
    assert main(["render", str(path), "--plan", "long-1", "--audience", "student"]) == 0
    assert capsys.readouterr().out == at_a_glance(long_plan(), audience="student")
    assert main(["render", str(path), "--plan", "nope"]) == 2
    assert "no valid plan with id 'nope'" in capsys.readouterr().err


def test_cli_needs_a_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["render", str(empty)]) == 2
    assert "holds no plan" in capsys.readouterr().err
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('{"not": "a plan"}\n' + iepmodel.to_json(long_plan()) + "\n", "utf-8")
    assert main(["render", str(mixed), "--plan", "long-1"]) == 0  # the bad line is not it
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["render", str(mixed)]) == 1  # without --plan, the bad document is reported
    assert "mixed.jsonl:1:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "fr"], "--lang: no catalog for 'fr'; use one of en, es"),
        (["--jurisdiction", "XX"], "--jurisdiction: unknown jurisdiction 'XX'"),
        (["--audience", "boss"], "invalid choice: 'boss'"),
    ],
)
def test_cli_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = _write(tmp_path, typical_plan())
    assert main(["render", str(path), *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_cli_plan_with_unknown_jurisdiction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, attrs.evolve(typical_plan(), jurisdiction="US-ZZ"))
    assert main(["render", str(path)]) == 2
    assert "the plan's jurisdiction is not known" in capsys.readouterr().err
    assert main(["render", str(path), "--jurisdiction", "US-TX"]) == 0


def test_cli_invalid_plan_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = json.loads(iepmodel.to_json(typical_plan()))
    document["services"][0]["minutes"] = -5
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(document).encode())))
    assert main(["render", "-"]) == 1
    captured = capsys.readouterr()
    assert "services[0].minutes" in captured.err
    assert captured.out == ""
    assert "Jamie" not in captured.err


def test_cli_without_the_render_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, typical_plan())
    monkeypatch.setitem(sys.modules, "iepmodel.render", None)
    assert main(["render", str(path)]) == 2
    err = capsys.readouterr().err
    assert "pip install 'iepmodel[render]'" in err
    assert "Traceback" not in err


def test_core_does_not_import_the_render_dependencies() -> None:
    import subprocess

    code = (
        "import sys, iepmodel, iepmodel.cli, iepmodel.analysis;"
        "print(sorted(m for m in ('jinja2', 'babel', 'iepmodel.render') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
