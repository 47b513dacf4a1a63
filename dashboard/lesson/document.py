"""A lesson as a page to print, and as a PDF made from the same page. Pure: an atlas
and a lesson in, HTML text or PDF bytes out; run in the renderer's own process
(renderer.py), never in a web worker.

The page is plain HTML with a map per section and the events with their sources, laid
out for A4 and the browser's print; the PDF is that page rendered by WeasyPrint
(Debian's Pango under it). The maps are PNGs drawn by handout_map.py, inside the page
as data URLs, so that the page is one self-contained file.
"""

from __future__ import annotations

import base64

from ..atlas.accounts import is_addition, two_accounts
from ..atlas.data import Atlas, citation
from ..i18n import DEFAULT, HTML_LANG, column, field, translator
from ..server.config import ROOT
from .handout_map import draw_map
from .options import Options
from .plan import Lesson
from .print_templates import BROWSER_FONTS, CJK_SLICES, SYSTEM_FONTS, TEMPLATES
from .questions import places, step_questions

DEFAULT_OPTIONS = Options()  # the class's handout, steps one after another


def _event(row, lang: str) -> dict:
    t = translator(lang)
    theirs = None
    if row["theirs"]:
        theirs = t("Your teacher's source (not checked by the atlas)")
    return {
        "title": field(row, "title", lang),
        "date": field(row, "date_label", lang),
        "place": places(row),
        "place_here": field(row, "place", lang),  # in the page's language: a short line
        "category": t(row["category"]),
        "summary": field(row, "summary", lang),
        "sources": [
            {
                "quote": s["quote"],
                "citation": citation(s),
                "lang": "en",
            }
            for s in row["sources"]
        ],
        "note": field(row, "note", lang) if isinstance(row["note"], str) else None,
        "theirs": theirs,
        # a contested event's two accounts (issue 23); for an event the sources do not
        # report, what the atlas added and where it comes from (its "event ..." entry)
        "accounts": two_accounts(row, lang),
        "addition": next((a for a in row["added"] if a.startswith("event")), None)
        if is_addition(row)
        else None,
    }


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def render_html(
    atlas: Atlas,
    lesson: Lesson,
    lang: str,
    query: str,
    set_note=None,
    set_title=None,
    options: Options = DEFAULT_OPTIONS,
) -> str:
    """The page: an introduction, then per section its map, events and space to write,
    and the questions at the end; or, with `options.key`, the teacher's answer key (no
    maps). `query` is the canonical link of the lesson (with its class set and its
    options), for the page's own links."""
    t = translator(lang)
    if options.key:
        return _render_key(atlas, lesson, lang, query, set_note, set_title, options)
    sections = []
    for section in lesson.sections:
        # the lesson's events before the section's (none for an empty one: min is NaN)
        earlier = lesson.events[lesson.events["order"] < section.events["order"].min()]
        title = column(section.events, "title", lang)
        png = draw_map(atlas, section.year, section.events, earlier, section.heading, lang)
        sections.append(
            {
                "heading": section.heading,
                "narrative": section.narrative,
                "map": _data_url(png),
                "alt": t("Map of {year}: {events}").format(
                    year=section.year, events="; ".join(title)
                ),
                "events": [_event(row, lang) for _, row in section.events.iterrows()],
                "own": options.question(section.step),
                "questions": step_questions(
                    atlas, section.step, lang, options.question(section.step)
                ),
            }
        )
    suffix = "" if lang == DEFAULT else f"&lang={lang}"
    return TEMPLATES.get_template("lesson.html").render(
        html_lang=HTML_LANG[lang],
        lesson=lesson,
        sections=sections,
        per_page=options.per_page,
        t=t,
        class_set=set_note,
        set_title=set_title,  # a class set's own title, above the lesson's (issue 22)
        footer=f"{t('China and Soviet power: an atlas, 1917–1991')} · {lesson.years}",
        pdf_href=f"/print.pdf?{query}{suffix}",
        atlas_href=f"/?{_atlas_query(lesson, query)}{suffix}",
    )


def _render_key(atlas, lesson, lang, query, set_note, set_title, options) -> str:
    """The teacher's answer key: per step its questions with the answers the atlas's
    data gives (the sources' words among them), the teacher's own with an empty line,
    and the step's events as its map numbers them. No map: it is quick to make."""
    t = translator(lang)
    sections = [
        {
            "heading": section.heading,
            "questions": step_questions(atlas, section.step, lang, options.question(section.step)),
            "events": [
                {
                    "title": field(row, "title", lang),
                    "date": field(row, "date_label", lang),
                    "place": places(row),
                }
                for _, row in section.events.iterrows()
            ],
        }
        for section in lesson.sections
    ]
    suffix = "" if lang == DEFAULT else f"&lang={lang}"
    return TEMPLATES.get_template("answer_key.html").render(
        html_lang=HTML_LANG[lang],
        lesson=lesson,
        sections=sections,
        t=t,
        class_set=set_note,
        set_title=set_title,
        footer=f"{t('Answer key')} · {t('China and Soviet power: an atlas, 1917–1991')} · "
        f"{lesson.years}",
        pdf_href=f"/print.pdf?{query}{suffix}",
        atlas_href=f"/?{_atlas_query(lesson, query)}{suffix}",
    )


def _atlas_query(lesson: Lesson, query: str) -> str:
    """The atlas's own link for the lesson's start: its chapter, its first tour step or
    its first year (and its class set)."""
    chosen = lesson.range
    if chosen.chapter is not None:
        view = f"chapter={chosen.chapter.id}"
    elif chosen.query.startswith("tour="):
        view = f"tour={chosen.steps[0]}"
    else:
        view = f"year={chosen.first}"
    class_set = [part for part in query.split("&") if part.startswith("set=")]
    return "&".join([*class_set, view])


FONTS_LINK = '<link rel="stylesheet" href="/assets/style/fonts.css">'
# The CJK font's two slices, each under a family of its own for WeasyPrint: given as
# one family (as fonts.css gives them to browsers, by unicode-range), WeasyPrint merges
# the two files' glyphs into one embedded font and their glyph ids collide, so that a
# Chinese PDF printed and extracted wrong characters (issue 22).
# In the PDF the slices come after DejaVu Sans: they carry spaces (see
# scripts/build_font.py), which must stay DejaVu Sans' in Latin text.
SLICES = ", ".join(f'"{family}"' for family in CJK_SLICES)
PDF_FONTS = f"{SYSTEM_FONTS}, {SLICES}, sans-serif"


def _print_fonts() -> str:
    faces = "".join(
        f'@font-face {{ font-family: "{family}"; '
        f'src: url("{(ROOT / "assets" / "fonts" / name).as_uri()}") format("woff2"); }}\n'
        for family, name in CJK_SLICES.items()
    )
    return f"<style>\n{faces}</style>"


def for_weasyprint(html: str) -> str:
    """The page with the CJK slices as separate families, and links to the app's own
    files as file URLs."""
    if FONTS_LINK not in html or BROWSER_FONTS not in html:
        raise ValueError("the page no longer names its fonts as render_pdf expects")
    local = html.replace(FONTS_LINK, _print_fonts()).replace(BROWSER_FONTS, PDF_FONTS)
    return local.replace('href="/assets/', f'href="{(ROOT / "assets").as_uri()}/')


def render_pdf(html: str) -> bytes:
    """The page as PDF. WeasyPrint reads the page's fonts from the app's own folder and
    the maps from their data URLs; it may fetch nothing else (no HTTP at all)."""
    from weasyprint import HTML  # imported on first use: it takes ~0.5 s
    from weasyprint.urls import URLFetcher

    local = for_weasyprint(html)
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    return HTML(string=local, base_url=ROOT.as_uri() + "/", url_fetcher=fetcher).write_pdf()
