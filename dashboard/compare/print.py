"""The pair to print: `/print/compare?compare=1950,1969` (and `&lang=zh|ru`) is a page
with the two years' maps, drawn on the server on one extent (print_map.py), and what changed
between them; `/print/compare.pdf?...` is that page as a PDF. `/print?compare=...` and
`/print.pdf?...` lead to them.

Two maps cost about a second of CPU, a PDF a few more: like a lesson's handout made on
request, the page and its PDF are made by the lesson's renderer process (a job that
names `compare_document`, lesson/renderer.py), behind its bounded queue, while the
visitor waits (lesson/handout.py, `Handouts.made`), and kept on disk a while; never on
the request's thread, never in the web process. A visitor who finds the queue full is
asked to try again in a moment.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from flask import Flask, Response, redirect, request
from jinja2 import Environment

from ..atlas.compare import changes, parse_compare
from ..atlas.data import Atlas
from ..atlas.vocabulary import CATEGORY_STYLE, SYMBOL_GLYPHS
from ..atlas.years import event_phase
from ..i18n import DEFAULT, HTML_LANG, LANGS, choose, column, plural_translator, translator
from ..lesson.handout import Handouts
from ..lesson.prepared import Shelf
from ..lesson.print_templates import TEMPLATES
from ..lesson.render_queue import BUSY, DONE, WAITED, Job
from .print_map import draw_year, pair_extent

PAGE = TEMPLATES.from_string(  # the lesson's templates: the print pages' toolbar
    """<!DOCTYPE html>
<html lang="{{ html_lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{{ title }}</title>
<link rel="stylesheet" href="/assets/style/fonts.css">
<style>
@page { size: A4 landscape; margin: 12mm 12mm 14mm; }
html { font-family: {{ fonts }}; color: #111; }
body { margin: 0 auto; padding: 0 4mm; font-size: 10pt; line-height: 1.35; max-width: 277mm; }
h1 { font-size: 20pt; margin: 0 0 1mm; }
h2 { font-size: 14pt; margin: 3mm 0 1mm; }
h3 { font-size: 11pt; margin: 2mm 0 1mm; }
.pair { display: table; width: 100%; table-layout: fixed; border-spacing: 3mm 0; margin: 0 -3mm; }
.side { display: table-cell; vertical-align: top; }
.side img { width: 100%; border: 0; display: block; }
.year-events { font-size: 9pt; margin-top: 2mm; }
.side h2 { text-align: center; font-size: 18pt; }
.changes { break-before: page; columns: 2; column-gap: 8mm; }
.changes section { break-inside: avoid-column; }
ul, ol { margin: 0 0 2mm; padding-left: 6mm; }
li { margin: 0 0 0.8mm; }
.counts { color: #333; }
{% include "print_toolbar.css" %}
</style>
</head>
<body>
{% include "print_toolbar.html" %}
<h1>{{ title }}</h1>
<p>{{ words.atlas }}</p>
<div class="pair">
{% for side in sides %}
  <div class="side"><h2>{{ side.year }}</h2><img src="{{ side.map }}" alt="{{ side.alt }}">
    <ol class="year-events">{% for e in side.events %}<li>{{ e }}</li>{% endfor %}</ol></div>
{% endfor %}
</div>
<div class="changes">
  <section>
    <h2>{{ words.territories }}</h2>
    {% for group in outlines %}
    <h3>{{ group.heading }}</h3>
    <ul>{% for o in group.outlines %}
      <li>{{ o.name }} ({{ o.first }}–{{ o.last }})</li>
    {% endfor %}</ul>
    {% else %}
    <p>{{ words.same }}</p>
    {% endfor %}
  </section>
  <section>
    <h2>{{ words.events }}</h2>
    <p>{{ total }}</p>
    <p class="counts">{{ counts }}</p>
  </section>
  {% for chapter in chapters %}
  <section>
    <h3>{{ chapter.title }}</h3>
    <p class="counts">{{ chapter.counts }}</p>
    <ol>{% for e in chapter.events %}<li>{{ e.date }}: {{ e.title }}</li>{% endfor %}</ol>
  </section>
  {% endfor %}
</div>
</body>
</html>
"""
)
PROBLEM = Environment(autoescape=True).from_string(
    '<!DOCTYPE html><html lang="{{ l }}"><meta charset="utf-8"><title>{{ h }}</title>'
    "<h1>{{ h }}</h1><p>{{ m }}</p><p><a href='/'>{{ b }}</a></p></html>"
)


def _counts(counts, t) -> str:
    return " · ".join(f"{SYMBOL_GLYPHS[CATEGORY_STYLE[c][1]]} {t(c)}: {n}" for c, n in counts)


def _year_side(atlas: Atlas, year: int, bounds, title: str, lang: str) -> dict:
    """The map of `year` as the page draws it, on the pair's extent: its own events
    numbered (and listed under it, in that order), the earlier ones faded."""
    t = translator(lang)
    events = atlas.events.sort_values("order")
    phase = [event_phase(s, e, year) for s, e in zip(events["start_year"], events["end_year"])]
    current = events[[p == "current" for p in phase]]
    past = events[[p == "past" for p in phase]]
    png = draw_year(atlas, year, current, past, bounds, title, lang)
    titles = list(column(current, "title", lang))
    return {
        "year": year,
        "map": "data:image/png;base64," + base64.b64encode(png).decode(),
        "alt": t("Map of {year}: {events}").format(year=year, events="; ".join(titles)),
        "events": titles,
    }


def render_compare(atlas: Atlas, a: int, b: int, lang: str = DEFAULT) -> str:
    """The page to print for the pair (a, b), in `lang`."""
    t, tn = translator(lang), plural_translator(lang)
    found = changes(atlas, a, b, lang)
    title = t("{a} and {b} compared").format(a=found.first, b=found.last)
    titles = dict(zip(atlas.events["id"], column(atlas.events, "title", lang)))
    dates = dict(zip(atlas.events["id"], column(atlas.events, "date_label", lang)))
    query = urlencode(
        {"compare": f"{found.first},{found.last}", **({} if lang == DEFAULT else {"lang": lang})}
    )
    n = len(found.events)
    bounds = pair_extent(atlas, found.last)  # one extent for both maps
    return PAGE.render(
        t=t,
        html_lang=HTML_LANG[lang],
        title=title,
        words={
            "atlas": t("China and Soviet power: an atlas, 1917–1991"),
            "territories": t("Territories and states"),
            "events": t("Events in between"),
            "same": t("The same territories and states in both years."),
        },
        pdf_href=f"/print/compare.pdf?{query}",
        atlas_href=f"/?{query}",
        sides=[
            _year_side(atlas, year, bounds, t("China and Soviet power"), lang)
            for year in (found.first, found.last)
        ],
        outlines=[
            {"heading": heading, "outlines": items}
            for heading, items in (
                (t("Ended"), found.ended),
                (t("Appeared"), found.appeared),
                (t("Came and went in between"), found.between),
            )
            if items
        ],
        total=tn("{n} event after {a}, up to {b}", "{n} events after {a}, up to {b}", n).format(
            n=n, a=found.first, b=found.last
        ),
        counts=_counts(found.counts, t),
        chapters=[
            {
                "title": f"{t(g.chapter.title)} ({g.chapter.first}–{g.chapter.last})",
                "counts": _counts(g.counts, t),
                "events": [{"date": dates[e], "title": titles[e]} for e in g.events],
            }
            for g in found.chapters
        ],
    )


def compare_document(atlas: Atlas, job: dict) -> str:
    """The page of a renderer's job (lesson/renderer.py, in its process): the job's
    pair, `"compare": [a, b]`, in its language, read again without trusting it."""
    lang = job["lang"] if job["lang"] in LANGS else DEFAULT
    pair, problem = parse_compare(",".join(str(year) for year in job["compare"]))
    if pair is None:
        raise ValueError(problem or "no pair")
    return render_compare(atlas, *pair, lang)


def compare_job(shelf: Shelf, kind: str, lang: str, a: int, b: int) -> Job:
    """The renderer's job for the pair's page ("html") or PDF ("pdf", made from the page,
    which is kept with it), on the shelf of the handouts made on request."""
    query = f"compare={a},{b}"  # never a lesson's: its own file names
    html, pdf = shelf.rendered("html", lang, query), shelf.rendered("pdf", lang, query)
    return Job(
        key=(kind, lang, query),
        message={
            "document": f"{__name__}:{compare_document.__name__}",
            "lang": lang,
            "compare": [a, b],
            "html": str(html),
            "pdf": str(pdf) if kind == "pdf" else None,
        },
        path=pdf if kind == "pdf" else html,
        finished=shelf.prune,
    )


def _problem(message: str, lang: str, status: int, retry: int | None = None) -> Response:
    t = translator(lang)
    page = PROBLEM.render(
        l=HTML_LANG[lang],
        h=t("This comparison cannot be printed"),
        m=message,
        b=t("Back to the atlas"),
    )
    response = Response(page, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    if retry is not None:
        response.headers["Retry-After"] = str(retry)
    return response


def _not_made(outcome: str, lang: str) -> Response:
    """Why the pair's document is not there (render_queue's outcomes): 503, and when to
    ask again."""
    t = translator(lang)
    if outcome in (BUSY, WAITED):
        message = t("The atlas is making other handouts just now. Please try again in a minute.")
        return _problem(message, lang, 503, 30)
    # failed, took too long, or nobody waits any more
    return _problem(t("This lesson could not be made just now; please try again."), lang, 503, 60)


def install_print(server: Flask, atlas: Atlas) -> None:
    """Add /print/compare and /print/compare.pdf to the app's server, and lead
    /print?compare= and /print.pdf?compare= to them. The documents are made by the
    handouts' renderer (lesson/handout.install, `server.extensions["handouts"]`, looked
    up at each request: the app installs the handouts after the page's callbacks),
    whose atlas must be `atlas`, the page's."""
    if "print_compare" in server.view_functions:
        return

    def document(kind: str) -> Response:
        asked = request.args.get("lang")
        lang = asked if asked in LANGS else DEFAULT
        told = choose(asked, request.accept_languages)
        t = translator(told)
        pair, problem = parse_compare(request.args.get("compare", ""), t)
        if pair is None:
            message = problem or t("Name two years to compare, such as ?compare=1950,1969.")
            return _problem(message, told, 400)
        handouts: Handouts = server.extensions["handouts"]
        if handouts.atlas is not atlas:  # the print would not be what the page shows
            raise RuntimeError("the comparison's print needs the page's atlas's handouts")
        job = compare_job(handouts.shelf, kind, lang, *pair)
        outcome = handouts.made(job)
        if outcome != DONE:
            return _not_made(outcome, told)
        try:
            return handouts.send_made(job, kind, f"atlas-compare-{pair[0]}-{pair[1]}-{lang}.{kind}")
        except FileNotFoundError:  # pruned meanwhile by another process: rare
            return _not_made(BUSY, told)

    @server.before_request
    def lead_to_compare():
        """/print?compare=... is the pair's page (the lesson's /print takes the rest)."""
        if request.path in ("/print", "/print.pdf") and "compare" in request.args:
            kind = ".pdf" if request.path.endswith(".pdf") else ""
            return redirect(f"/print/compare{kind}?{request.query_string.decode()}", code=302)
        return None

    server.add_url_rule("/print/compare", "print_compare", lambda: document("html"))
    server.add_url_rule("/print/compare.pdf", "print_compare_pdf", lambda: document("pdf"))
