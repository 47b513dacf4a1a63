"""The page's part in sharing with a class: the form a teacher publishes with, and the
panel where a student finds the set a link opened. No callbacks here (share.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from .. import ids
from ..i18n import translator
from ..server.config import Settings
from .classsets import MAX_EVENTS, MAX_LINKS


def class_set_box() -> html.Div:
    """Filled when a link opens a class set (share.open_class_set)."""
    return html.Div(
        [
            dcc.Store(id=ids.CLASS_SET),  # no data: see layout.build_layout
            html.Section(
                id=ids.CLASS_SET_PANEL, className="atlas-class-set", **{"aria-live": "polite"}
            ),
        ]
    )


def _field(label: str, control) -> html.Div:
    return html.Div([dbc.Label(label, html_for=control.id), control], className="atlas-field")


def share_box(settings: Settings, lang: str) -> html.Details:
    """Publish the events added under "Your events" as a class set, with a teacher's key.
    Without TEACHER_KEYS the form stays, disabled (the callbacks need its ids)."""
    t = translator(lang)
    off = not settings.teacher_keys
    hint = (
        t("Publishing is not set up on this server (TEACHER_KEYS).")
        if off
        else t(
            "Publish the events you added (up to {n}) and, if you like, a list of links "
            "for a short link that students open on any device; it opens at the first link, "
            "else at the first event's year. You need a teacher's key."
        ).format(n=MAX_EVENTS)
    )
    border_war = t("The border war")  # the example's label, in the page's language
    links = dbc.Textarea(
        id=ids.SET_LINKS,
        rows=3,
        placeholder=f"{border_war} | ?event=border-conflict-1969\n1960 | ?year=1960",
        title=t("Up to {n} links to views of the atlas").format(n=MAX_LINKS),
        disabled=off,
    )
    return html.Details(
        [
            html.Summary(t("Share with your class"), className="atlas-panel-title"),
            html.P(hint, className="atlas-hint"),
            _field(t("Title"), dbc.Input(id=ids.SET_TITLE, maxLength=80, disabled=off)),
            _field(t("Links (optional, one a line: a label | a link)"), links),
            _field(
                t("Teacher's key"),
                dbc.Input(id=ids.TEACHER_KEY, type="password", autoComplete="off", disabled=off),
            ),
            html.Button(
                t("Publish as a class set"),
                id=ids.PUBLISH_SET,
                className="btn btn-dark",
                disabled=off,
            ),
            _field(
                t("Delete a set you published (its link or id, with the same key)"),
                dbc.Input(id=ids.DELETE_SET_ID, disabled=off),
            ),
            html.Button(
                t("Delete the set"),
                id=ids.DELETE_SET,
                className="btn btn-outline-danger",
                disabled=off,
            ),
            html.Div(id=ids.SHARE_REPORT, role="status"),
        ],
        className="atlas-share",
    )
