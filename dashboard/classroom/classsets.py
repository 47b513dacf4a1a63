"""Class sets: a teacher publishes their events (and a few links) for students to open.

A set is checked by the same rules as an upload (teacher.TeacherEvent), limited in
size, and kept in the database (dashboard/classroom/db.py) under an unguessable short id: the
link is `?set=<id>`. Only a holder of one of the deployer's TEACHER_KEYS may publish.
A set never changes once published (a new version is a new set, with a new id), and
the key that published it may delete it: the key is kept only as a salted scrypt
hash, never shown and never in a link; nothing records who published what.

Every database call runs off the event loop, bounded in time (bounded.py): a failing
database raises SetsUnavailable, which the features turn into a message. Because a set
never changes, each process checks a set's events once and keeps them (and the atlas
with them as a layer) by id; it asks the database only whether the set still exists,
at most every EXISTS_FOR seconds, so that a delete made through another process is seen.
Wrong keys are counted in the database (so every process sees them) and lock a set,
or a client, out for a while; a key may publish only so many sets, and bytes, an hour.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import sqlalchemy as sa
from pydantic import ValidationError

from ..atlas.data import Atlas
from ..atlas.urlstate import parse_link
from ..atlas.vocabulary import CLASS_SET
from .bounded import Bounded
from .db import SetsUnavailable, class_sets, key_failures, upgrade
from .teacher import TeacherEvent, control_character, event_rows, with_rows
from .upload import stored_events

MAX_EVENTS = 500
MAX_LINKS = 30
MAX_TITLE = 80
MAX_LABEL = 80
MAX_BYTES = 1_000_000  # the set's events and links as JSON
ID = re.compile(r"[A-Za-z0-9_-]{11}")  # secrets.token_urlsafe(8)
PREFIX = "set"  # ids of a set's events: set-<slug>
LINK_PARAMS = ("year", "event", "chapter", "tour", "mode")  # what a set's link may hold
PUBLISH_PER_HOUR = 20  # sets one key may publish in an hour
PUBLISH_BYTES_PER_HOUR = 20_000_000
WRONG_KEYS_PER_SET = 10  # wrong keys tried on one set within LOCKOUT lock it
WRONG_KEYS_PER_CLIENT = 30  # ... and from one address, on any set
LOCKOUT = timedelta(minutes=15)
EXISTS_FOR = 5.0  # seconds a process trusts that a set it has read still exists
KEPT_SETS = 32  # sets, and atlases with a set's layer, kept per process

log = logging.getLogger(__name__)


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


class LimitReached(Exception):
    """Publishing refused for now: `what` is 'sets' or 'bytes', `limit` the number."""

    def __init__(self, what: str, limit: int):
        super().__init__(what, limit)
        self.what, self.limit = what, limit


def key_id(key: str) -> str:
    """Which of the deployer's keys published a set: a digest of the key (keys are long
    and random), for the limits; never the key itself."""
    return hashlib.sha256(key.strip().encode()).hexdigest()[:16]


def client_id(address) -> str:
    """A visitor's address as kept in the key failures: a digest, not the address."""
    return hashlib.sha256(str(address or "?").encode()).hexdigest()[:16]


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
        state = parse_link(urlencode(params), event_years, 1950)
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
    problems = [
        f"{name}: control characters are not allowed ({found} found)"
        for name, value in (("title", title), ("links", links_text))
        if (found := control_character(value))
    ]
    if problems:  # refused whole: a set keeps what the teacher typed, or nothing
        return Draft(" ".join(str(title or "").split())[:MAX_TITLE], [], [], problems)
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


class _Kept(OrderedDict):
    """The last KEPT_SETS values put in, by key."""

    def put(self, key, value):
        self[key] = value
        self.move_to_end(key)
        while len(self) > KEPT_SETS:
            self.popitem(last=False)
        return value


class ClassSets:
    """Publish, open and delete class sets in the database behind `engine`; every call
    bounded by `run` (SetsUnavailable when the database fails)."""

    def __init__(self, engine: sa.Engine, run: Bounded | None = None, migrate: bool = False):
        """`migrate`: the schema could not be brought up to date at start-up (the
        database was down); the first call that reaches the database does it."""
        self.engine = engine
        self.run = run or Bounded()
        self._migrate = migrate
        self._lock = threading.Lock()
        self._sets = _Kept()  # id -> (ClassSet, when the database last said it exists)
        self._layers = _Kept()  # (id of the atlas, set id) -> (atlas, atlas with the set)

    def publish(self, draft: Draft, key: str) -> str:
        """Keep a checked draft; its new id. LimitReached if the key has published its
        share of the hour."""
        payload = {"v": 1, "events": draft.events, "links": draft.links}
        size = len(json.dumps(payload, ensure_ascii=False).encode())
        publisher = key_id(key)

        def insert() -> str:
            since = datetime.now(UTC) - timedelta(hours=1)
            with self.engine.begin() as connection:
                count, total = connection.execute(
                    sa.select(
                        sa.func.count(), sa.func.coalesce(sa.func.sum(class_sets.c.n_bytes), 0)
                    ).where(class_sets.c.key_id == publisher, class_sets.c.created_at >= since)
                ).one()
            if count >= PUBLISH_PER_HOUR:
                raise LimitReached("sets", PUBLISH_PER_HOUR)
            if total + size > PUBLISH_BYTES_PER_HOUR:
                raise LimitReached("bytes", PUBLISH_BYTES_PER_HOUR)
            row = {
                "created_at": datetime.now(UTC),
                "key_hash": hash_key(key.strip()),  # scrypt: here, off the event loop
                "title": draft.title,
                "n_events": len(draft.events),
                "payload": payload,
                "key_id": publisher,
                "n_bytes": size,
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

        return self._call(insert)

    def _call(self, function):
        def work():
            if self._migrate:
                upgrade(self.engine)
                self._migrate = False
            return function()

        return self.run(work)

    def get(self, text) -> ClassSet | None:
        """The set named by an id (or a link holding one); None if there is none. Its
        events are checked once per process, as anything read back is."""
        found = set_id(text)
        if found is None:
            return None
        with self._lock:
            kept = self._sets.get(found)
        if kept is not None and time.monotonic() - kept[1] < EXISTS_FOR:
            return kept[0]
        if kept is not None:
            exists = self._call(lambda: self._exists(found))
            with self._lock:
                if not exists:
                    self._sets.pop(found, None)
                    return None
                self._sets.put(found, (kept[0], time.monotonic()))
            return kept[0]
        row = self._call(lambda: self._row(found))
        if row is None:
            return None
        events = []
        for record in row.payload.get("events", []):
            try:
                events.append(TeacherEvent.model_validate(record))
            except ValidationError:
                continue
        class_set = ClassSet(found, row.title, events, list(row.payload.get("links", [])))
        with self._lock:
            self._sets.put(found, (class_set, time.monotonic()))
        return class_set

    def _exists(self, found: str) -> bool:
        query = sa.select(class_sets.c.id).where(class_sets.c.id == found)
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def _row(self, found: str):
        query = sa.select(class_sets.c.title, class_sets.c.payload).where(class_sets.c.id == found)
        with self.engine.connect() as connection:
            return connection.execute(query).first()

    def layer(self, atlas: Atlas, class_set: ClassSet | None) -> Atlas:
        """`atlas` with the set's events as a layer, made once per set and atlas."""
        if class_set is None:
            return atlas
        key = (id(atlas), class_set.id)
        with self._lock:
            kept = self._layers.get(key)
        if kept is not None and kept[0] is atlas:
            return kept[1]
        shown = with_class_set(atlas, class_set)
        with self._lock:
            self._layers.put(key, (atlas, shown))
        return shown

    def delete(self, text, key, client=None) -> str:
        """'deleted', 'unknown' (no such set), 'wrong key', or 'locked' (too many wrong
        keys lately, for this set or from this client). The key is checked in a thread,
        never on the event loop; a wrong one is counted, and a lockout logged."""
        found = set_id(text)
        if found is None:
            return "unknown"
        who = client_id(client)
        outcome = self._call(lambda: self._delete(found, key, who))
        if outcome == "deleted":
            with self._lock:
                self._sets.pop(found, None)
        return outcome

    def _delete(self, found: str, key, who: str) -> str:
        now = datetime.now(UTC)
        since = now - LOCKOUT
        failures = (
            sa.select(sa.func.count()).select_from(key_failures).where(key_failures.c.at >= since)
        )
        with self.engine.begin() as connection:
            stored = connection.execute(
                sa.select(class_sets.c.key_hash).where(class_sets.c.id == found)
            ).scalar()
            if stored is None:
                return "unknown"
            on_set = connection.execute(failures.where(key_failures.c.set_id == found)).scalar()
            from_client = connection.execute(failures.where(key_failures.c.client == who)).scalar()
            if on_set >= WRONG_KEYS_PER_SET or from_client >= WRONG_KEYS_PER_CLIENT:
                log.warning(
                    "class set %s: delete refused, locked out (%d wrong keys on the set, "
                    "%d from client %s, in %s)", found, on_set, from_client, who, LOCKOUT,
                )  # fmt: skip
                return "locked"
            if isinstance(key, str) and key_matches(key.strip(), stored):
                connection.execute(sa.delete(class_sets).where(class_sets.c.id == found))
                connection.execute(sa.delete(key_failures).where(key_failures.c.set_id == found))
                return "deleted"
            connection.execute(sa.insert(key_failures).values(set_id=found, client=who, at=now))
            # failures older than a day count for nothing
            connection.execute(
                sa.delete(key_failures).where(key_failures.c.at < now - timedelta(days=1))
            )
        log.warning("class set %s: wrong key from client %s", found, who)
        return "wrong key"

    def health(self) -> str:
        """'ok', or why class sets are unavailable (asks the database, bounded)."""
        try:
            self._call(lambda: self._exists(""))
        except SetsUnavailable as error:
            return f"unavailable: {error}"
        return "ok"


def with_class_set(atlas: Atlas, class_set: ClassSet | None) -> Atlas:
    """The atlas with a class set's events as a layer of their own ('Class set')."""
    if class_set is None:
        return atlas
    taken = set(atlas.events["id"])
    return with_rows(atlas, event_rows(class_set.events, "the class set", PREFIX, taken, CLASS_SET))
