"""What the callbacks put into the page: an event's details, a chapter's or a tour
step's text, notices, and what became of an uploaded file. No callbacks here."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from ..atlas.accounts import is_addition, is_contested, two_accounts
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
    # how the file was read where it had to be guessed (delimiter, encoding, dates)
    notes = [html.P(n, lang="en", className="m-0 atlas-upload-note") for n in report.notes]
    return [
        dbc.Alert(
            [html.P(head, className="m-0"), *notes, html.Ul(items) if items else None],
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
    made = (
        t("Title, summary, note and two accounts: machine translation, not yet reviewed.")
        if is_contested(event)
        else t("Title, summary and note: machine translation, not yet reviewed.")
    )
    children = [made]
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
                *_marks(event, t),
            ],
            className="atlas-event-meta",
        ),
        html.P(field(event, "summary", lang), className="atlas-summary"),
        html.H3(_sources_heading(event, t), className="atlas-panel-title"),
        *[_quote(s["quote"], citation(s)) for s in event["sources"]],
    ]
    if is_addition(event):
        children.append(
            html.P(
                t(
                    "The sources do not report this event itself: the atlas adds it from "
                    "general knowledge (see below), and the quotes give its background."
                ),
                className="atlas-addition-note",
            )
        )
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
    children.append(_two_accounts(event, lang, t))
    children.append(_place_names(event))
    children.append(_translation_note(event, lang))
    children.append(_added(event, t))
    return [child for child in children if child is not None]


def _quote(quote: str, cited: str) -> html.Figure:
    """A source's own words (in English, as the source has them) and where they are."""
    return html.Figure(
        [
            html.Blockquote(f"“{quote}”", lang="en"),
            html.Figcaption(cited, lang="en"),
        ],
        className="atlas-quote",
    )


def _marks(event, t) -> list:
    """After the theater: whether the event is contested (two accounts below) and
    whether it is an addition the sources do not report; empty for most events."""
    marks = []
    if is_contested(event):
        marks += [
            " · ",
            html.Span(
                [html.Span("◐ ", **{"aria-hidden": "true"}), t("contested: two accounts")],
                className="atlas-badge atlas-contested-badge",
            ),
        ]
    if is_addition(event):
        marks += [
            " · ",
            html.Span(t("added from general knowledge"), className="atlas-badge atlas-addition"),
        ]
    return marks


def _checkable(reference: str, t) -> html.P:
    return html.P(
        [
            html.Strong(t("Added from general knowledge.") + " "),
            t("To check:") + " ",
            html.Span(reference, lang="en"),
        ],
        className="atlas-account-added",
    )


def _account(account: dict, t) -> html.Article:
    """One side's account: who tells it, what they call it, the telling, and how it is
    known (the sources' words, or a reference a teacher can check)."""
    children = [
        html.H4(account["heading"], className="atlas-account-side"),
        html.P(account["voice"], lang=account["lang"], className="atlas-account-voice"),
    ]
    name = account["name"]
    if name is not None:
        named = [
            t("Its name:") + " ",
            html.Span(name["text"], lang=name["lang"], className="atlas-account-name"),
        ]
        if name["gloss"]:
            named += [" ", html.Span(f"({name['gloss']})", lang=name["gloss_lang"])]
        children.append(html.P(named, className="atlas-account-named"))
    children += [
        html.P(account["text"], lang=account["lang"], className="atlas-account-text"),
        html.P(
            [t("Source type:") + " ", html.Strong(account["source_type"])],
            className="atlas-account-type",
        ),
        *[_quote(s["quote"], s["citation"]) for s in account["sources"]],
    ]
    if account["reference"]:
        children.append(_checkable(account["reference"], t))
    return html.Article(children, className=f"atlas-account atlas-account-{account['side']}")


def _two_accounts(event, lang: str, t) -> html.Section | None:
    """A contested event told from both sides (side by side; one after the other on a
    phone), and what historians later found, under the atlas's neutral title."""
    told = two_accounts(event, lang)
    if told is None:
        return None
    children = [
        html.H3(t("Two accounts"), className="atlas-panel-title", id="two-accounts-title"),
        html.P(
            t("The two sides told this event differently; the title above is the atlas's own."),
            className="atlas-accounts-intro",
        ),
        html.Div([_account(a, t) for a in told["sides"]], className="atlas-accounts"),
    ]
    later = told["later"]
    if later is not None:
        children.append(
            html.Div(
                [
                    html.H4(t("What historians later found"), className="atlas-account-side"),
                    html.P(later["text"], lang=later["lang"], className="atlas-account-text"),
                    _checkable(later["reference"], t),
                ],
                className="atlas-later",
            )
        )
    return html.Section(
        children, className="atlas-two-accounts", **{"aria-labelledby": "two-accounts-title"}
    )


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
