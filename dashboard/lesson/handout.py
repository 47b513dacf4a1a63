"""A lesson as a page to print, and as a PDF the server makes from the same page.

`/print?chapter=the-split` (or `?tour=12-18`, `?from=1956&to=1969`; with `&lang=zh|ru`,
and `&set=<id>` to add a class set's events) is a plain HTML page with a map per
section and the events with their sources, laid out for A4 and the browser's print;
`/print.pdf?...` is that page rendered by WeasyPrint (Debian's Pango under it). The
maps are PNGs drawn on the server (lesson_map.py), inside the page as data URLs.

The same link always makes the same document (a class set never changes), so each
process keeps the last few it made; making one takes seconds of CPU, which under
gevent workers runs in a thread so that the worker goes on serving others meanwhile.
"""

from __future__ import annotations

import base64
from collections import OrderedDict
from pathlib import Path
from threading import Lock
from urllib.parse import urlencode

from flask import Flask, Response, request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..atlas.data import Atlas, citation
from ..classroom.classsets import ClassSets, with_class_set
from ..i18n import DEFAULT, HTML_LANG, LANGS, column, field, translator
from ..server.config import ROOT
from .handout_map import draw_map
from .plan import Lesson, build_lesson, requested_range

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
KEPT = 8  # documents kept per process (a chapter's PDF is ~1-2 MB)


def _places(row) -> str:
    names = [row["place"]]
    for name in ("place_zh", "place_ru"):
        if isinstance(row.get(name), str):
            names.append(row[name])
    return " / ".join(names)


def _event(row, lang: str) -> dict:
    t = translator(lang)
    theirs = None
    if row["theirs"]:
        theirs = t("Your teacher's source (not checked by the atlas)")
    return {
        "title": field(row, "title", lang),
        "date": field(row, "date_label", lang),
        "place": _places(row),
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
    }


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def render_html(atlas: Atlas, lesson: Lesson, lang: str, query: str, set_note=None) -> str:
    """The page: an introduction, then per section its map, events and space to write."""
    t = translator(lang)
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
            }
        )
    suffix = "" if lang == DEFAULT else f"&lang={lang}"
    return TEMPLATES.get_template("lesson.html").render(
        html_lang=HTML_LANG[lang],
        lesson=lesson,
        sections=sections,
        t=t,
        class_set=set_note,
        footer=f"{t('China and Soviet power: an atlas, 1917–1991')} · {lesson.years}",
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


def render_pdf(html: str) -> bytes:
    """The page as PDF. WeasyPrint reads the page's fonts from the app's own folder and
    the maps from their data URLs; it may fetch nothing else (no HTTP at all)."""
    from weasyprint import HTML  # imported on first use: it takes ~0.5 s
    from weasyprint.urls import URLFetcher

    local = html.replace('href="/assets/', f'href="{(ROOT / "assets").as_uri()}/')
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    return HTML(string=local, base_url=ROOT.as_uri() + "/", url_fetcher=fetcher).write_pdf()


def _off_the_loop(function, *args):
    """Run CPU-heavy work in a thread under gevent (its hub keeps serving other
    requests meanwhile); directly otherwise."""
    try:
        from gevent import get_hub
        from gevent.monkey import is_module_patched
    except ImportError:
        return function(*args)
    if not is_module_patched("socket"):
        return function(*args)
    return get_hub().threadpool.apply(function, args)


class Documents:
    """The last KEPT documents made, by their canonical link (a bounded cache of what
    every visitor would get alike; no visitor's state)."""

    def __init__(self):
        self._kept: OrderedDict[tuple, bytes | str] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple, make):
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        made = _off_the_loop(make)
        with self._lock:
            self._kept[key] = made
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return made


def _problem(message: str, lang: str, status: int = 400) -> Response:
    t = translator(lang)
    page = TEMPLATES.from_string(
        '<!DOCTYPE html><html lang="{{ l }}"><meta charset="utf-8"><title>{{ h }}</title>'
        "<h1>{{ h }}</h1><p>{{ m }}</p><p>{{ e }}</p><p><a href='/'>{{ b }}</a></p></html>"
    ).render(
        l=HTML_LANG[lang],
        h=t("This lesson cannot be printed"),
        m=message,
        e=t("Print a chapter (?chapter=the-split), tour steps (?tour=12-18) or years "
            "(?from=1956&to=1969)."),
        b=t("Back to the atlas"),
    )  # fmt: skip
    return Response(page, status=status, mimetype="text/html")


def install(server: Flask, atlas: Atlas, sets: ClassSets) -> None:
    """Add /print and /print.pdf to the app's server."""
    documents = Documents()

    def document(kind: str):
        asked = request.args.get("lang")
        lang = asked if asked in LANGS else DEFAULT
        t = translator(lang)
        chosen = requested_range(request.args, atlas, t)
        if isinstance(chosen, str):
            return _problem(chosen, lang)
        shown, set_note, query = atlas, None, chosen.query
        if request.args.get("set") is not None:
            class_set = sets.get(request.args.get("set"))
            if class_set is None:
                return _problem(
                    t("There is no class set at this link: it may have been deleted."), lang, 404
                )
            shown = with_class_set(atlas, class_set)
            set_note = t(
                "With the class set “{title}”: its events and sources are your teacher's."
            ).format(title=class_set.title)
            query = f"{query}&{urlencode({'set': class_set.id})}"

        def make():
            lesson = build_lesson(shown, chosen, lang)
            html = render_html(shown, lesson, lang, query, set_note)
            return html if kind == "html" else render_pdf(html)

        if kind == "pdf":
            # WeasyPrint's first import looks for Pango with a subprocess (ctypes), which
            # gevent's patched subprocess allows only here, on the worker's own loop
            import weasyprint  # noqa: F401
        try:
            made = documents.get((kind, lang, query), make)
        except Exception:  # never a 500: say so, and log it for whoever runs the atlas
            server.logger.exception("making %s of %s failed", kind, query)
            message = t("This lesson could not be made just now; please try again.")
            return _problem(message, lang, 503)
        if kind == "html":
            return Response(made, mimetype="text/html")
        name = f"atlas-{query.replace('=', '-').replace('&', '-')}-{lang}.pdf"
        return Response(
            made,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    server.add_url_rule("/print", "print", lambda: document("html"))
    server.add_url_rule("/print.pdf", "print_pdf", lambda: document("pdf"))
