"""Class sets: a teacher publishes their events (and a few links) for students to open.

A set is checked by the same rules as an upload (teacher.TeacherEvent), limited in
size, and kept in the database (dashboard/classroom/db.py) under an unguessable short id: the
link is `?set=<id>`. Only a holder of one of the deployer's TEACHER_KEYS may publish.
A set never changes once published (a new version is a new set, with a new id), and
the key that published it may delete it: the key is kept only as a salted scrypt
hash, never shown and never in a link; nothing records who published what.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import sqlalchemy as sa
from pydantic import ValidationError

from ..atlas.data import Atlas
from ..atlas.urlstate import parse_query
from ..atlas.vocabulary import CLASS_SET
from .db import class_sets
from .teacher import TeacherEvent, event_rows, with_rows
from .upload import stored_events

MAX_EVENTS = 500
MAX_LINKS = 30
MAX_TITLE = 80
MAX_LABEL = 80
MAX_BYTES = 1_000_000  # the set's events and links as JSON
ID = re.compile(r"[A-Za-z0-9_-]{11}")  # secrets.token_urlsafe(8)
PREFIX = "set"  # ids of a set's events: set-<slug>
LINK_PARAMS = ("year", "event", "chapter", "tour", "mode")  # what a set's link may hold


@dataclass(frozen=True)
class ClassSet:
    id: str
    title: str
    events: list[TeacherEvent]
    links: list[dict]  # {"label": ..., "query": "event=...&year=..."}


@dataclass(frozen=True)
class Draft:
    """A set ready to publish, or the problems that stop it."""

    title: str
    events: list[dict]
    links: list[dict]
    problems: list[str]


def hash_key(key: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(key.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt$16384$8$1${salt.hex()}${digest.hex()}"


def key_matches(key: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        found = hashlib.scrypt(
            key.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found.hex(), digest)


def is_teacher_key(key, keys: tuple[str, ...]) -> bool:
    """Whether `key` is one of the deployer's keys; every key is compared, in constant time."""
    if not isinstance(key, str) or not key:
        return False
    given = key.strip().encode()
    return any([hmac.compare_digest(given, k.encode()) for k in keys])


def set_id(text) -> str | None:
    """The id in what a teacher or a link gives: an id, or a link with ?set=<id>."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if "set=" in text:
        found = parse_qs(urlsplit(text).query or text.split("?", 1)[-1]).get("set", [""])
        text = found[-1]
    return text if ID.fullmatch(text) else None


def parse_links(text, atlas: Atlas) -> tuple[list[dict], list[str]]:
    """A teacher's links, one a line: an optional label, '|', then a link to a view of
    the atlas (`?event=…`, `?year=…`, a chapter or a tour step, or a whole address).
    Only those parameters are kept; each is read as strictly as any link."""
    links, problems = [], []
    text = text if isinstance(text, str) else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        return [], [f"links: at most {MAX_LINKS}, one a line; there are {len(lines)}"]
    event_years = dict(zip(atlas.events["id"], atlas.events["start_year"].astype(int)))
    for number, line in enumerate(lines, start=1):
        label, _, target = line.rpartition("|")
        query = urlsplit(target.strip()).query or target.strip().lstrip("?")
        params = {k: v[-1] for k, v in parse_qs(query).items() if k in LINK_PARAMS}
        state = parse_query(urlencode(params), event_years, 1950)
        if not params or state.notices:
            reason = state.notices[0] if state.notices else "it names no year, event or chapter"
            problems.append(f"link {number} ('{line[:60]}'): {reason}")
            continue
        label = label.strip()[:MAX_LABEL] or urlencode(params)
        links.append({"label": label, "query": urlencode(params)})
    return links, problems


def draft(title, store, links_text, atlas: Atlas) -> Draft:
    """A set from a visitor's uploaded events (their browser's store, checked again) and
    the links they typed; every problem found, so that one try shows them all."""
    title = " ".join(str(title or "").split())[:MAX_TITLE] or "Class set"
    events = [e for _, file_events in stored_events(store) for e in file_events]
    links, problems = parse_links(links_text, atlas)
    if not events:
        problems.insert(0, "there are no events to publish: add a file of your events first")
    if len(events) > MAX_EVENTS:
        problems.insert(0, f"a class set holds at most {MAX_EVENTS} events; you have {len(events)}")
    records = [e.model_dump(exclude_none=True) for e in events]
    size = len(json.dumps({"events": records, "links": links}, ensure_ascii=False).encode())
    if size > MAX_BYTES:
        problems.append(f"the set is {size // 1000} KB; the limit is {MAX_BYTES // 1000} KB")
    return Draft(title, records, links, problems)


class ClassSets:
    """Publish, open and delete class sets in the database behind `engine`."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def publish(self, draft: Draft, key: str) -> str:
        """Keep a checked draft; its new id."""
        row = {
            "created_at": datetime.now(UTC),
            "key_hash": hash_key(key.strip()),
            "title": draft.title,
            "n_events": len(draft.events),
            "payload": {"v": 1, "events": draft.events, "links": draft.links},
        }
        for _ in range(5):  # 64 bits of randomness: a clash is all but impossible
            new_id = secrets.token_urlsafe(8)
            try:
                with self.engine.begin() as connection:
                    connection.execute(sa.insert(class_sets).values(id=new_id, **row))
                return new_id
            except sa.exc.IntegrityError:
                continue
        raise RuntimeError("no free id for a class set")

    def get(self, text) -> ClassSet | None:
        """The set named by an id (or a link holding one); None if there is none. Its
        events are checked again, as anything read back is."""
        found = set_id(text)
        if found is None:
            return None
        query = sa.select(class_sets.c.title, class_sets.c.payload).where(class_sets.c.id == found)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        events = []
        for record in row.payload.get("events", []):
            try:
                events.append(TeacherEvent.model_validate(record))
            except ValidationError:
                continue
        return ClassSet(found, row.title, events, list(row.payload.get("links", [])))

    def delete(self, text, key) -> str:
        """'deleted', 'unknown' (no such set) or 'wrong key'."""
        found = set_id(text)
        if found is None:
            return "unknown"
        with self.engine.begin() as connection:
            stored = connection.execute(
                sa.select(class_sets.c.key_hash).where(class_sets.c.id == found)
            ).scalar()
            if stored is None:
                return "unknown"
            if not isinstance(key, str) or not key_matches(key.strip(), stored):
                return "wrong key"
            connection.execute(sa.delete(class_sets).where(class_sets.c.id == found))
        return "deleted"


def with_class_set(atlas: Atlas, class_set: ClassSet | None) -> Atlas:
    """The atlas with a class set's events as a layer of their own ('Class set')."""
    if class_set is None:
        return atlas
    taken = set(atlas.events["id"])
    return with_rows(atlas, event_rows(class_set.events, "the class set", PREFIX, taken, CLASS_SET))
