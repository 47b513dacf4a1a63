"""What the callbacks put into the page: an event's details, a chapter's or a tour
step's text, notices, and what became of an uploaded file. No callbacks here."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from ..atlas.chapters import TOUR, chapter_by_id
from ..atlas.data import citation
from ..atlas.urlstate import link
from ..atlas.vocabulary import CATEGORY_STYLE, CLASS_SET
from ..classroom.upload import Report
from ..i18n import HTML_LANG, field, plural_translator, translator

MAX_PROBLEMS_SHOWN = 100


def upload_report(report: Report, lang: str) -> list:
    """What became of an uploaded file: how many events were added, and every problem
    (by row or feature, and field), up to MAX_PROBLEMS_SHOWN of them. The problems
    themselves are in English, as `python -m dashboard validate` prints them."""
    t, tn = translator(lang), plural_translator(lang)
    if report.store is None:
        head = t("Nothing was added from {name}:")
    elif report.problems:
        head = tn(
            "Added {n} event from {name}; {problems} problem(s) left rows out:",
            "Added {n} events from {name}; {problems} problem(s) left rows out:",
            report.added,
        )
    else:
        head = tn("Added {n} event from {name}.", "Added {n} events from {name}.", report.added)
    head = head.format(name=report.name, n=report.added, problems=len(report.problems))
    if report.replaced:
        head += " " + t("They replace the earlier file of that name.")
    shown = report.problems[:MAX_PROBLEMS_SHOWN]
    more = len(report.problems) - len(shown)
    items = [html.Li(p, lang="en") for p in shown]
    if more:
        items.append(html.Li(t("… and {n} more").format(n=more)))
    alert = "warning" if report.problems else "success"
    return [
        dbc.Alert(
            [html.P(head, className="m-0"), html.Ul(items) if items else None],
            color="danger" if report.store is None else alert,
            dismissable=True,
            className="atlas-notice",
        )
    ]


def yours_status(files, lang: str) -> str:
    """What is on the map from which file; `files` as upload.stored_events gives them."""
    t = translator(lang)
    files = [(name, len(events)) for name, events in files if events]
    if not files:
        return ""
    listed = ", ".join(t("{n} from {name}").format(n=n, name=name) for name, n in files)
    return t("On the map: {files}. Kept in this browser only.").format(files=listed)


def _tour_links(step: int, lang: str) -> html.P:
    t = translator(lang)
    links = []
    if step > 1:
        links.append(dcc.Link(t("◀ Previous"), href=link(f"tour={step - 1}", lang)))
    if step < len(TOUR):
        links.append(dcc.Link(t("Next ▶"), href=link(f"tour={step + 1}", lang)))
    return html.P(links, className="atlas-tour-links")


def story_panel(chapter_id: str | None, step: int | None, lang: str = "en") -> list:
    """The chapter's introduction, or the tour step's narrative; empty outside a story."""
    t = translator(lang)
    if step is not None:
        chapter, current = TOUR[step - 1]
        where = t("Tour · step {step} of {steps} · {chapter}")
        return [
            html.P(
                where.format(step=step, steps=len(TOUR), chapter=t(chapter.title)),
                className="atlas-tour-where",
            ),
            html.P(t(current.narrative), className="atlas-tour-text"),
            _tour_links(step, lang),
        ]
    chapter = chapter_by_id(chapter_id)
    if chapter is None:
        return []
    first_step = next(i for i, (c, _) in enumerate(TOUR, start=1) if c is chapter)
    return [
        html.H2(
            t("{title}, {first}–{last}").format(
                title=t(chapter.title), first=chapter.first, last=chapter.last
            ),
            className="atlas-chapter-title",
        ),
        html.P(t(chapter.intro), className="atlas-chapter-intro"),
        dcc.Link(t("▶ Tour this chapter"), href=link(f"tour={first_step}", lang)),
    ]


def details_placeholder(lang: str = "en") -> list:
    t = translator(lang)
    text = t(
        "Click an event on the map or the timeline to read what happened, "
        "where, and what the sources say."
    )
    return [html.P(text, className="atlas-hint")]


def _place_names(event) -> html.Ul:
    """The place in all three languages, whatever the page's: a teaching point."""
    items = [
        html.Li(
            [html.Span("English ", className="atlas-lang"), html.Span(event["place"], lang="en")]
        )
    ]
    if isinstance(event["place_zh"], str):
        pinyin = f" ({event['place_pinyin']})" if isinstance(event["place_pinyin"], str) else ""
        items.append(
            html.Li(
                [
                    html.Span("中文 ", className="atlas-lang"),
                    html.Span(event["place_zh"], lang="zh-Hans"),
                    html.Span(pinyin, lang="zh-Latn-pinyin"),
                ]
            )
        )
    if isinstance(event["place_ru"], str):
        items.append(
            html.Li(
                [
                    html.Span("Русский ", className="atlas-lang"),
                    html.Span(event["place_ru"], lang="ru"),
                ]
            )
        )
    return html.Ul(items, className="atlas-places")


def _translation_note(event, lang: str) -> html.P | None:
    """Says when the title and summary were translated by machine, what a machine revised
    after a reader's review, and what is uncertain."""
    if lang == "en" or event.get(f"by_{lang}") != "machine":
        return None
    t = translator(lang)
    children = [t("Title, summary and note: machine translation, not yet reviewed.")]
    revised, uncertain = event.get(f"revised_{lang}"), event.get(f"uncertain_{lang}")
    if isinstance(revised, str):
        revision = t("Revised by machine after a reader's review:")
        children += [" ", revision, " ", html.Span(revised, lang="en")]
    if isinstance(uncertain, str):
        children += [" ", html.Span(f"({uncertain})", lang="en")]
    return html.P(children, className="atlas-machine")


def details_panel(event, lang: str = "en") -> list:
    """The selected event: what and when, in whose words, where, how it was translated
    and what was added (in that order, so that a projector shows the first four without
    scrolling).
    Title, summary, date, category, theater and the note on reading the sources in the
    page's language; the quotes and what was added stay in English, marked as such."""
    t = translator(lang)
    category, theater = event["category"], event["theater"]
    colour = CATEGORY_STYLE[category][0]
    children = [
        html.H2(field(event, "title", lang), className="atlas-event-title"),
        html.P(
            [
                html.Strong(field(event, "date_label", lang)),
                " · ",
                html.Span(t(category), className="atlas-badge", style={"borderColor": colour}),
                " · ",
                t(theater),
            ],
            className="atlas-event-meta",
        ),
        html.P(field(event, "summary", lang), className="atlas-summary"),
        html.H3(_sources_heading(event, t), className="atlas-panel-title"),
        *[
            html.Figure(
                [
                    html.Blockquote(f"“{s['quote']}”", lang="en"),
                    html.Figcaption(citation(s), lang="en"),
                ],
                className="atlas-quote",
            )
            for s in event["sources"]
        ],
    ]
    if isinstance(event["note"], str):
        note = field(event, "note", lang)
        children.append(
            html.Div(
                [
                    html.Strong(t("Reading the sources:") + " "),
                    html.Span(note, lang="en" if note == event["note"] else HTML_LANG[lang]),
                ],
                className="atlas-note",
                role="note",
            )
        )
    children.append(_place_names(event))
    children.append(_translation_note(event, lang))
    children.append(_added(event, t))
    return [child for child in children if child is not None]


def _sources_heading(event, t) -> str:
    if not event["theirs"]:
        return t("In the sources")
    if event["theater"] == CLASS_SET:
        return t("Your teacher's source (not checked by the atlas)")
    return t("Your source (not checked by the atlas)")


def _added(event, t):
    """What the atlas added to its sources (in English, as the data has it); for a
    teacher's event, only that the map shows it where the teacher put it."""
    if event["theirs"]:
        position = (
            t("Map position: as your teacher gave it")
            if event["theater"] == CLASS_SET
            else t("Map position: as you gave it")
        )
        return html.P(position, className="atlas-added")
    added = [*event["added"], f"Map position: {event['location_note']}"]
    return html.Details(
        [
            html.Summary(t("Added from general knowledge")),
            html.Ul([html.Li(a) for a in added], lang="en"),
        ],
        className="atlas-added",
    )


def notice(messages) -> list:
    return [
        dbc.Alert(m, color="warning", dismissable=True, className="atlas-notice") for m in messages
    ]
