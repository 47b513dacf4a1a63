"""Teachers' own events: the CSV template, and the checks a file must pass.

A teacher's file is a spreadsheet saved as CSV (UTF-8), one event per row, in the
columns of `TEMPLATE_COLUMNS` (the same as the page's CSV export, so that export and
import make a round trip), or a GeoJSON FeatureCollection of Points with the same
fields as properties. Every problem is reported by row (as a spreadsheet numbers them:
the header is row 1) or by feature, and by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..atlas import dates
from ..atlas.data import Atlas, DataError, field_errors, in_time_order, parse_json
from ..atlas.export import COLUMNS, FORMULA_START, table_csv
from ..atlas.vocabulary import FIRST_YEAR, LAST_YEAR, YOURS
from . import sheet_dates, sheet_words
from .sheet_files import decode, is_workbook, read_text, read_workbook

REQUIRED = ("title", "start", "place", "lat", "lon", "category", "summary", "source", "quote")
TEMPLATE_COLUMNS = COLUMNS
MAX_BYTES = 1_000_000
MAX_ROWS = 2000
# A teacher's own quote may be longer than the atlas's (under 25 words, to quote its
# sources briefly); this bound only keeps the details panel and the print readable.
MAX_TEACHER_QUOTE_WORDS = 120
EXAMPLE = "EXAMPLE"  # the template's rows start their title with it (see `template`)
# C0 controls but tab and line breaks, DEL and C1: invisible, and NUL breaks PostgreSQL
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text) -> str | None:
    """The first control character in `text`, as U+XXXX, or None."""
    found = CONTROL.search(text) if isinstance(text, str) else None
    return f"U+{ord(found.group()):04X}" if found else None


class TeacherEvent(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=90)
    start: str
    end: str | None = None
    place: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    category: str
    summary: str = Field(min_length=1, max_length=500)
    source: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    theater: str | None = None
    id: str | None = None
    note: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _unquote(cls, value):
        """A cell the export quoted so that it cannot start a formula (export.py) is
        read as it was: "'=1+1" is "=1+1"."""
        if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
            return value[1:]
        return value

    @field_validator("*")
    @classmethod
    def _no_control_characters(cls, value):
        found = control_character(value)
        if found:
            raise ValueError(f"control characters are not allowed ({found} found)")
        return value

    @field_validator("end", "theater", "id", "note", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("title")
    @classmethod
    def _not_an_example(cls, value: str) -> str:
        if value.upper().startswith(EXAMPLE):
            raise ValueError(
                "this is one of the template's example rows: replace it with your own "
                "event, or delete the row"
            )
        return value

    @field_validator("start", "end")
    @classmethod
    def _date(cls, value: str | None, info) -> str | None:
        """Spreadsheet forms (02.03.1969, March 1969) are read (sheet_dates); the event
        keeps the ISO form."""
        if value is None:
            return value
        value = sheet_dates.normalise(value)
        parsed = dates.parse(value)
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            raise ValueError(f"the atlas shows {FIRST_YEAR}-{LAST_YEAR}; {parsed.year} is outside")
        start = info.data.get("start")
        if info.field_name == "end" and start and dates.parse(start).first_day > parsed.last_day:
            raise ValueError(f"start {start} is after end {value}")
        return value

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        return sheet_words.category(value)

    @field_validator("theater")
    @classmethod
    def _theater(cls, value: str | None) -> str | None:
        return None if value is None else sheet_words.theater(value)

    @field_validator("quote")
    @classmethod
    def _not_too_long(cls, value: str) -> str:
        """Several sources' quotes are separated by ' | ', as in the export."""
        for quote in value.split(" | "):
            if len(quote.split()) > MAX_TEACHER_QUOTE_WORDS:
                raise ValueError(
                    f"keep a quote to {MAX_TEACHER_QUOTE_WORDS} words, so that it fits the "
                    f"details and the print; this one has {len(quote.split())}"
                )
        return value


@dataclass(frozen=True)
class Checked:
    events: list[TeacherEvent]
    problems: list[str]
    notes: list[str] = field(default_factory=list)  # how the file was read, to check


TEMPLATE_EXAMPLES = [
    {
        "title": f"{EXAMPLE} (replace this row): a delegation from our town visits Harbin",
        "start": "1956-05",
        "place": "Harbin",
        "lat": 45.75,
        "lon": 126.65,
        "category": "diplomacy and visits",
        "summary": "What happened, in a sentence or two of your own.",
        "source": "Your source: a book and page, an archive box, an interview",
        "quote": "The words of your source, as they stand; up to 120 words.",
        "note": "Optional: what a class should notice about this source.",
    },
    {
        "title": f"{EXAMPLE} (replace this row): a letter from a Soviet engineer in Anshan",
        "start": "1958-10-01",
        "end": "1958-10-31",
        "place": "Anshan",
        "lat": 41.11,
        "lon": 122.99,
        "category": "aid and cooperation",
        "summary": "Dates may be a year (1958), a month (1958-10) or a day (1958-10-01).",
        "source": "Your source",
        "quote": "Several sources? Separate them with ' | ' here and in the source column.",
    },
]


def template() -> str:
    """The CSV template: the header and two rows that are plainly examples (their title
    starts with EXAMPLE, and the check refuses them until they are replaced); not the
    atlas's own events, which a teacher would only copy back."""
    return table_csv(pd.DataFrame(TEMPLATE_EXAMPLES, columns=TEMPLATE_COLUMNS))


def _field_problems(where: str, error: ValidationError) -> list[str]:
    out = []
    for name, message, item in field_errors(error):
        if item["type"] == "missing":
            message = "is empty"
        elif item["type"] == "float_parsing":
            message = f"'{item['input']}' is not a number"
        out.append(f"{where}, field '{name or 'row'}': {message}")
    return out


def _check_records(records: list[tuple[str, dict]]) -> Checked:
    events, problems, seen = [], [], {}
    for where, record in records:
        cleaned = {k: v for k, v in record.items() if v is not None and str(v).strip() != ""}
        try:
            event = TeacherEvent(**cleaned)
        except ValidationError as error:
            problems += _field_problems(where, error)
            continue
        key = event.id or (event.title.casefold(), event.start, event.place.casefold())
        if key in seen:
            problems.append(f"{where}: a duplicate of {seen[key]}")
            continue
        seen[key] = where
        events.append(event)
    return Checked(events, problems)


def _geojson_records(text: str, name: str) -> tuple[list, list[str]]:
    try:
        doc = parse_json(text)
    except ValueError as error:
        return [], [f"{name}: {error}"]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return [], [f"{name}: not a GeoJSON FeatureCollection"]
    features = doc.get("features")
    if not isinstance(features, list):
        return [], [f"{name}: 'features' must be a list"]
    if len(features) > MAX_ROWS:
        return [], [f"{name}: more than {MAX_ROWS} features"]
    records, problems = [], []
    for number, feature in enumerate(features, start=1):
        where = f"{name}, feature {number}"
        geometry = (feature or {}).get("geometry") if isinstance(feature, dict) else None
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if not (
            isinstance(geometry, dict)
            and geometry.get("type") == "Point"
            and isinstance(coords, list)
            and len(coords) == 2
        ):
            problems.append(f"{where}, field 'geometry': must be a Point [lon, lat]")
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            problems.append(f"{where}, field 'properties': must be an object")
            continue
        records.append((where, {**properties, "lon": coords[0], "lat": coords[1]}))
    return records, problems


def _sheet_records(data: bytes, name: str) -> tuple[list, list[str], list[str]]:
    """(records, problems, notes) of a spreadsheet file: a workbook or delimited text."""
    if is_workbook(data):
        sheet = read_workbook(data, name)
    else:
        text, notes, problems = decode(data, name)
        if text is None:
            return [], problems, notes
        if name.lower().endswith((".geojson", ".json")) or text.lstrip().startswith("{"):
            return (*_geojson_records(text, name), notes)
        sheet = read_text(text, name, TEMPLATE_COLUMNS, MAX_ROWS)
        sheet.notes[:0] = notes
    if sheet.problems and not sheet.rows:
        return [], sheet.problems, sheet.notes
    missing = [c for c in REQUIRED if c not in sheet.header]
    if missing:
        return [], [f"{name}, row 1: missing column(s) {', '.join(missing)}"], sheet.notes
    if len(sheet.rows) > MAX_ROWS:
        return [], [f"{name}: more than {MAX_ROWS} rows; nothing was read"], sheet.notes
    records = [(f"{name}, row {n}", row) for n, row in enumerate(sheet.rows, start=2)]
    return records, sheet.problems, sheet.notes


def _one_date_order(records: list[tuple[str, dict]], name: str) -> list[str]:
    """Read a/b/year dates the one way the file's other dates show (sheet_dates), in
    place; a note saying so, if any date was read that way."""
    order, example = sheet_dates.file_order(
        r.get(k) for _, r in records for k in ("start", "end") if r.get(k)
    )
    if order is None:
        return []
    read = 0
    for _, record in records:
        for key in ("start", "end"):
            value = record.get(key)
            if not value:
                continue
            try:
                alone = sheet_dates.normalise(value)
            except ValueError:
                alone = None
            try:
                record[key] = sheet_dates.normalise(value, order)
                read += alone is None
            except ValueError:
                continue  # the validator reports it
    if not read:
        return []
    way = "day first" if order == sheet_dates.DAY_FIRST else "month first"
    return [
        f"{name}: {read} date(s) such as 02/03/1969 read {way}, as '{example}' in the same "
        "file shows; check them"
    ]


def check_bytes(data: bytes, name: str) -> Checked:
    """Check a teacher's file, given as bytes (from disk or from an upload)."""
    if len(data) > MAX_BYTES:
        return Checked([], [f"{name}: the file is over {MAX_BYTES // 1_000_000} MB"])
    records, problems, notes = _sheet_records(data, name)
    notes += _one_date_order(records, name)
    checked = _check_records(records)
    return Checked(checked.events, problems + checked.problems, notes)


def check_file(path: Path) -> Checked:
    try:
        data = path.read_bytes()
    except OSError as error:
        return Checked([], [f"{path.name}: cannot be read ({error.strerror})"])
    return check_bytes(data, path.name)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "event"


def event_rows(
    events: list[TeacherEvent], origin: str, prefix: str, taken: set[str], lane: str = YOURS
) -> list:
    """Atlas rows for a teacher's checked events, marked as theirs, in their own `lane`
    (the timeline's lane and the theater filter); ids start with `prefix`, are made from
    the title and date, and avoid those in `taken` (updated)."""
    rows = []
    for event in events:
        base = f"{prefix}-" + _slug(event.id or f"{event.title}-{event.start}")
        event_id, n = base, 1
        while event_id in taken:
            n += 1
            event_id = f"{base}-{n}"
        taken.add(event_id)
        first = dates.parse(event.start)
        last = dates.parse(event.end or event.start)
        rows.append(
            {
                "context": False,
                "id": event_id,
                "title": event.title,
                "summary": event.summary,
                "start": event.start,
                "end": event.end,
                "theater": lane,
                "category": event.category,
                "place": event.place,
                "place_zh": None,
                "place_pinyin": None,
                "place_ru": None,
                "location_note": f"as given in {origin}",
                "precision": "site",
                "sources": [
                    {"document": source.strip(), "locator": "", "quote": quote.strip()}
                    for source, quote in zip(event.source.split(" | "), event.quote.split(" | "))
                ],
                "note": event.note,
                "added": [],
                "after": [],
                "anchor": None,
                "geometry": shapely.Point(event.lon, event.lat),
                "start_date": pd.Timestamp(first.first_day),
                "end_date": pd.Timestamp(last.last_day),
                "start_year": first.year,
                "end_year": last.year,
                **dates.span_labels(event.start, event.end),
                "lon": round(event.lon, 4),
                "lat": round(event.lat, 4),
                "theirs": True,
            }
        )
    return rows


def with_rows(atlas: Atlas, rows: list) -> Atlas:
    """The atlas with `rows` (from `event_rows`) among its events, in time order."""
    if not rows:
        return atlas
    theirs = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    events = pd.concat([atlas.events, theirs], ignore_index=True)
    return replace(
        atlas, events=in_time_order(gpd.GeoDataFrame(events, geometry="geometry", crs="EPSG:4326"))
    )


def with_teacher_events(atlas: Atlas, path: Path) -> Atlas:
    """The atlas plus a teacher's events from `path`, marked as theirs: their own lane
    and their own citations, never mixed with the atlas's. Bad files raise DataError."""
    checked = check_file(path)
    if checked.problems:
        raise DataError(checked.problems, f"The events file {path}")
    return with_rows(atlas, event_rows(checked.events, path.name, "yours", set(atlas.events["id"])))
