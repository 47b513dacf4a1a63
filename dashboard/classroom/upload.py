"""Events a visitor uploads in the page: checked on the server, kept in their browser.

The server keeps nothing. An upload is checked with the rules of a teacher's file
(teacher.check_bytes); its valid events go back to the browser, which keeps them in
local storage (a dcc.Store with storage_type='local') and sends them with each request
that needs them: the map's layer, an event's details, the CSV export. The browser's
copy could have been altered, so it is checked again each time it comes back.

The store is {"files": [{"name": ..., "events": [...]}]}: a second file adds to the
first, and a file with the name of one already there replaces it (the usual way of
correcting a spreadsheet). Together they hold at most teacher.MAX_ROWS events, in at
most MAX_STORE_BYTES.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from pathlib import PurePath

from pydantic import ValidationError

from ..atlas.data import Atlas
from .teacher import MAX_ROWS, TeacherEvent, check_bytes, event_rows, with_rows

PREFIX = "upload"  # ids of uploaded events: upload-<slug>; links do not carry them
# The most a store may hold, as the JSON the browser sends back. Every upload request
# carries the store beside the file (at most teacher.MAX_BYTES, a third more in base64),
# and together they must stay under web.MAX_UPLOAD_BODY, or the request is refused
# before the app can say why, and the page shows nothing.
MAX_STORE_BYTES = 2_500_000


@dataclass(frozen=True)
class Report:
    """What an upload did: the store to keep (None: keep the one there was)."""

    name: str
    store: dict | None
    added: int = 0
    replaced: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the file was read, to check


def _files(store) -> list[dict]:
    files = store.get("files") if isinstance(store, dict) else None
    if not isinstance(files, list):
        return []
    return [f for f in files if isinstance(f, dict) and isinstance(f.get("name"), str)]


def stored_events(store) -> list[tuple[str, list[TeacherEvent]]]:
    """(file name, events) for each file in a store sent by the browser, every event
    checked again; anything that is not a valid event is left out.

    Only the first MAX_ROWS records of all the files together are read, valid or not,
    before any is checked: a store could have been altered to hold many more (a 4 MB
    request carries ~25,000), and each costs work in every request that brings it. A
    file's entry counts as one even if it holds none, so that entries are bounded too."""
    out, budget = [], MAX_ROWS
    for entry in _files(store):
        if budget <= 0:
            break
        records = entry.get("events")
        records = records[:budget] if isinstance(records, list) else []
        budget -= max(1, len(records))  # an empty file's entry counts too
        events = []
        for record in records:
            try:
                events.append(TeacherEvent.model_validate(record))
            except ValidationError:
                continue
        out.append((entry["name"], events))
    return out


def _decode(contents) -> bytes | None:
    """dcc.Upload's contents, a data URL ('data:<type>;base64,<payload>'), as bytes."""
    if not isinstance(contents, str) or ";base64," not in contents[:200]:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None


def store_bytes(store: dict) -> int:
    """The size of a store as the browser sends it back (JSON.stringify, in UTF-8)."""
    return len(json.dumps(store, ensure_ascii=False, separators=(",", ":")).encode())


def add_upload(contents, name, store) -> Report:
    """Check an uploaded file and, if it has valid events, the store that adds them."""
    name = PurePath(str(name or "upload")).name[:120] or "upload"
    data = _decode(contents)
    if data is None:
        return Report(name, None, problems=[f"{name}: the upload could not be read"])
    checked = check_bytes(data, name)
    if not checked.events:
        problems = checked.problems or [f"{name}: the file has no events"]
        return Report(name, None, problems=problems, notes=checked.notes)
    files = [
        {"name": n, "events": [e.model_dump(exclude_none=True) for e in events]}
        for n, events in stored_events(store)
    ]
    kept = [f for f in files if f["name"] != name]
    total = sum(len(f["events"]) for f in kept) + len(checked.events)
    if total > MAX_ROWS:
        return Report(
            name,
            None,
            problems=[
                f"{name}: with the events already added this would make {total}; "
                f"the limit is {MAX_ROWS}. Remove your events first, or split the file."
            ],
        )
    entry = {"name": name, "events": [e.model_dump(exclude_none=True) for e in checked.events]}
    store = {"files": [*kept, entry]}
    size = store_bytes(store)
    if size > MAX_STORE_BYTES:
        return Report(
            name,
            None,
            problems=[
                f"{name}: with the events already added, your browser would keep "
                f"{size / 1e6:.1f} MB of events; the limit is {MAX_STORE_BYTES / 1e6:.1f} MB. "
                "Remove your events first, or split the file."
            ],
        )
    return Report(
        name,
        store,
        added=len(checked.events),
        replaced=len(kept) < len(files),
        problems=checked.problems,
        notes=checked.notes,
    )


def with_files(atlas: Atlas, files: list[tuple[str, list[TeacherEvent]]]) -> Atlas:
    """The atlas with checked uploaded events (`stored_events`) as their own layer."""
    taken = set(atlas.events["id"])
    rows = []
    for name, events in files:
        rows += event_rows(events, name, PREFIX, taken)
    return with_rows(atlas, rows)


def with_uploads(atlas: Atlas, store) -> Atlas:
    """The atlas with the events of a store the browser sent, checked again."""
    return with_files(atlas, stored_events(store))
