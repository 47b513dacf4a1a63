"""Share with the class: the callbacks' plain functions for publishing, opening and
deleting a class set (dashboard/classroom/classsets.py), and what they put into the page.

Opening a set is part of reading the link (`?set=<id>`): its events become a layer, and
a panel names the set and lists its links. No message repeats what a link or a form
sent, and none tells a student who published a set.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import dash_bootstrap_components as dbc
import segno
from dash import Dash, Input, Output, State, dcc, html, no_update
from flask import request

from .. import ids
from ..atlas.data import Atlas
from ..atlas.urlstate import link
from ..figures.page_data import page_lang
from ..i18n import plural_translator, translator
from ..server.config import Settings
from .classsets import (
    LOCKOUT,
    ClassSet,
    ClassSets,
    LimitReached,
    draft,
    is_teacher_key,
    set_id,
)
from .db import SetsUnavailable
from .upload import with_uploads


def requested_set(search) -> str | None:
    """The raw ?set= of a link, or None if it has none (or is no link at all)."""
    if not isinstance(search, str):
        return None
    values = parse_qs(search.lstrip("?"), keep_blank_values=True).get("set")
    return values[-1] if values else None


def class_set_of(state, sets: ClassSets) -> ClassSet | None:
    """The set a page has open (ids.CLASS_SET holds its id), read from the database;
    None while the database is unavailable: the page goes on without the set."""
    if not isinstance(state, dict):
        return None
    try:
        return sets.get(state.get("id"))
    except SetsUnavailable:
        return None


def shown_atlas(atlas: Atlas, store, set_state, sets: ClassSets) -> Atlas:
    """The atlas with the class set their page has open and a visitor's uploaded events
    (their browser's store, checked again)."""
    return with_uploads(sets.layer(atlas, class_set_of(set_state, sets)), store)


LOCKOUT_MINUTES = int(LOCKOUT.total_seconds() // 60)


def unavailable(lang: str) -> str:
    t = translator(lang)
    return t(
        "Class sets are unavailable just now; the rest of the atlas works. Try again in a minute."
    )


def _alert(text: str, color: str) -> dbc.Alert:
    return dbc.Alert(text, color=color, dismissable=True, className="atlas-notice")


def class_set_panel(class_set: ClassSet, lang: str) -> list:
    """What students see of a set: its title, its events' lane, and its links."""
    t, tn = translator(lang), plural_translator(lang)
    count = tn(
        "{n} event from your teacher, in the lane “Class set”.",
        "{n} events from your teacher, in the lane “Class set”.",
        len(class_set.events),
    ).format(n=len(class_set.events))
    children = [
        html.H2(
            t("Class set: {title}").format(title=class_set.title), className="atlas-panel-title"
        ),
        html.P([count, " ", t("Their sources are your teacher's, not checked by the atlas.")]),
    ]
    if class_set.links:
        children.append(
            html.Ol(
                [
                    html.Li(
                        dcc.Link(
                            item["label"], href=link(f"set={class_set.id}&{item['query']}", lang)
                        )
                    )
                    for item in class_set.links
                ],
                className="atlas-set-links",
            )
        )
    return children


def open_class_set(search, sets: ClassSets, lang: str):
    """(the set, the CLASS_SET store, the panel) for a link: nothing changes without
    ?set= (a chapter link followed keeps the set open); a bad or unknown id clears it
    and says so."""
    raw = requested_set(search)
    if raw is None:
        return None, no_update, no_update
    t = translator(lang)
    if set_id(raw) is None:
        message = t("This class set link is not complete: ask your teacher for it again.")
        return None, None, [_alert(message, "warning")]
    try:
        class_set = sets.get(raw)
    except SetsUnavailable:
        return None, None, [_alert(unavailable(lang), "warning")]
    if class_set is None:
        message = t("There is no class set at this link: it may have been deleted.")
        return None, None, [_alert(message, "warning")]
    return class_set, {"id": class_set.id}, class_set_panel(class_set, lang)


def qr_code(address: str) -> str:
    """The link as a QR code that students' phones scan off the projected screen: an SVG
    data URL drawn here (segno), nothing fetched."""
    return segno.make(address, error="m").svg_data_uri(scale=6, border=2)


def _address(href, new_id: str) -> str:
    """The link students open: this page's address with ?set=<id> alone."""
    parts = urlsplit(href if isinstance(href, str) else "")
    base = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else ""
    return f"{base}?set={new_id}"


def publish_set(title, links_text, key, store, href, atlas: Atlas, sets, keys, lang) -> list:
    """Publish the visitor's uploaded events as a class set, for a holder of a key."""
    t = translator(lang)
    if not keys:
        return [_alert(t("Publishing is not set up on this server (TEACHER_KEYS)."), "warning")]
    if not is_teacher_key(key, keys):
        return [
            _alert(
                t("That is not a teacher's key for this atlas; nothing was published."), "danger"
            )
        ]
    checked = draft(title, store, links_text, atlas)
    if checked.problems:
        items = [html.Li(p, lang="en") for p in checked.problems]
        head = html.P(t("Nothing was published:"), className="m-0")
        return [
            dbc.Alert(
                [head, html.Ul(items)], color="danger", dismissable=True, className="atlas-notice"
            )
        ]
    try:
        new_id = sets.publish(checked, key)
    except SetsUnavailable:
        kept = t("Nothing was published; what you typed is still here.")
        return [_alert(f"{unavailable(lang)} {kept}", "warning")]
    except LimitReached as limit:
        message = (
            t("This key has published {n} class sets in the last hour, the most it may.")
            if limit.what == "sets"
            else t("This key has published {n} MB of class sets in the last hour, the most it may.")
        ).format(n=limit.limit if limit.what == "sets" else limit.limit // 1_000_000)
        later = t("Nothing was published; try again later.")
        return [_alert(f"{message} {later}", "warning")]
    address = _address(href, new_id)
    return [
        dbc.Alert(
            [
                html.P(t("Published. Students open:"), className="m-0"),
                html.P(
                    [
                        html.A(address, href=address, className="atlas-set-address"),
                        dcc.Clipboard(
                            content=address,
                            title=t("Copy the link"),
                            className="atlas-copy",
                        ),
                    ]
                ),
                html.Img(
                    src=qr_code(address),
                    alt=t("QR code of the link, for phones"),
                    className="atlas-set-qr",
                ),
                html.P(
                    t(
                        "A set does not change: to correct it, publish again (a new link) and "
                        "delete this one with your key."
                    ),
                    className="m-0",
                ),
            ],
            color="success",
            className="atlas-notice",
        )
    ]


def delete_set(text, key, sets: ClassSets, lang: str, client=None) -> list:
    """Delete a set with the key that published it; `client` (the visitor's address)
    counts toward the lockout after too many wrong keys."""
    t = translator(lang)
    try:
        outcome = sets.delete(text, key, client)
    except SetsUnavailable:
        nothing = t("Nothing was deleted.")
        return [_alert(f"{unavailable(lang)} {nothing}", "warning")]
    if outcome == "locked":
        return [
            _alert(
                t(
                    "Too many wrong keys were tried on this set, or from here: nothing was "
                    "deleted. Try again in {minutes} minutes."
                ).format(minutes=LOCKOUT_MINUTES),
                "danger",
            )
        ]
    if outcome == "deleted":
        return [
            _alert(t("The class set was deleted; its link now opens the atlas alone."), "success")
        ]
    if outcome == "wrong key":
        return [_alert(t("That key did not publish this set; nothing was deleted."), "danger")]
    return [_alert(t("No class set has that link or id; nothing was deleted."), "warning")]


def register_share_callbacks(app: Dash, atlas: Atlas, settings: Settings, sets: ClassSets):
    app.callback(
        Output(ids.SHARE_REPORT, "children"),
        Input(ids.PUBLISH_SET, "n_clicks"),
        State(ids.SET_TITLE, "value"),
        State(ids.SET_LINKS, "value"),
        State(ids.TEACHER_KEY, "value"),
        State(ids.YOUR_EVENTS, "data"),
        State(ids.URL, "href"),
        State(ids.PAGE_DATA, "data"),
        prevent_initial_call=True,
    )(
        lambda _clicks, title, links, key, store, href, page: publish_set(
            title, links, key, store, href, atlas, sets, settings.teacher_keys, page_lang(page)
        )
    )
    app.callback(
        Output(ids.SHARE_REPORT, "children", allow_duplicate=True),
        Input(ids.DELETE_SET, "n_clicks"),
        State(ids.DELETE_SET_ID, "value"),
        State(ids.TEACHER_KEY, "value"),
        State(ids.PAGE_DATA, "data"),
        prevent_initial_call=True,
    )(
        lambda _clicks, text, key, page: delete_set(
            text, key, sets, page_lang(page), request.remote_addr
        )
    )
