"""Load and validate the geodata layers into read-only GeoDataFrames.

Everything the app shows comes through `load_atlas`, once per process. A broken file
never half-loads: every problem found is collected and raised together as a
`DataError`, one line each naming the file, the feature id and the field.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import BaseModel, ValidationError
from shapely.geometry import shape
from shapely.validation import explain_validity

from ..i18n import LANGS
from . import dates
from .schema import BasemapProperties, EventProperties, RiverProperties, TerritoryProperties
from .years import time_order

# file name -> (properties model, allowed geometry types)
LAYERS: dict[str, tuple[type[BaseModel], frozenset[str]]] = {
    "events.geojson": (EventProperties, frozenset({"Point", "LineString", "Polygon"})),
    "territories.geojson": (TerritoryProperties, frozenset({"Polygon", "MultiPolygon"})),
    "basemap.geojson": (BasemapProperties, frozenset({"Polygon", "MultiPolygon"})),
    "rivers.geojson": (RiverProperties, frozenset({"LineString", "MultiLineString"})),
}
MANIFEST = "manifest.json"
TRANSLATED = tuple(lang for lang in LANGS if lang != "en")


@dataclass(frozen=True)
class Problem:
    file: str
    feature: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.feature is not None:
            where.append(f"feature '{self.feature}'")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return ": ".join(where) + f": {self.message}"


class DataError(Exception):
    """The geodata cannot be used; `problems` says exactly why."""

    def __init__(self, problems: Iterable[Problem | str], where: str = "The atlas data"):
        self.problems = list(problems)
        self.where = where
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self) -> str:
        """What the command line and the server print: one line per problem."""
        lines = [f"{self.where} has {len(self.problems)} problem(s):"]
        return "\n".join([*lines, *(f"  {problem}" for problem in self.problems)])


@dataclass(frozen=True)
class Atlas:
    events: gpd.GeoDataFrame
    territories: gpd.GeoDataFrame
    basemap: gpd.GeoDataFrame
    rivers: gpd.GeoDataFrame


def citation(source: dict) -> str:
    """Where an event's quote is from, as written under it: the document, then the place
    in it (a section, a page) where the source gives one."""
    return ", ".join(part for part in (source["document"], source["locator"]) if part)


def parse_json(text: str):
    """json.loads, failing only with ValueError and a one-line reason: a syntax error
    (with its line), and what a hostile file can do to Python's json module besides, an
    integer of more than 4,300 digits (ValueError with advice for programmers) and
    nesting deeper than the interpreter's recursion limit (RecursionError)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise ValueError("not usable JSON: nested too deeply") from None
    except ValueError:
        limit = sys.get_int_max_str_digits()
        raise ValueError(f"not usable JSON: a number of more than {limit:,} digits") from None


def _read_json(path: Path, problems: list[Problem]) -> dict | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path.name, None, None, "file is missing"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem(path.name, None, None, f"not UTF-8 text ({exc.reason})"))
        return None
    except OSError as exc:  # a folder in its place, no permission, ...
        problems.append(Problem(path.name, None, None, f"cannot be read ({exc.strerror})"))
        return None
    try:
        return parse_json(text)
    except ValueError as exc:
        problems.append(Problem(path.name, None, None, str(exc)))
        return None


def _check_geometry(raw, allowed: frozenset[str], where: tuple) -> tuple[object, list[Problem]]:
    file, fid = where
    if not isinstance(raw, dict) or raw.get("type") not in allowed:
        kind = raw.get("type") if isinstance(raw, dict) else raw
        return None, [
            Problem(file, fid, "geometry", f"type {kind!r} is not one of {sorted(allowed)}")
        ]
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        return None, [Problem(file, fid, "geometry", f"malformed coordinates ({exc})")]
    problems = []
    if geom.is_empty:
        problems.append(Problem(file, fid, "geometry", "is empty"))
    elif not geom.is_valid:
        problems.append(Problem(file, fid, "geometry", f"invalid: {explain_validity(geom)}"))
    elif not shapely.box(-180, -90, 180, 90).covers(geom):
        minx, miny, maxx, maxy = geom.bounds
        problems.append(
            Problem(
                file,
                fid,
                "geometry",
                f"coordinates off the map (lon {minx:g}..{maxx:g}, lat {miny:g}..{maxy:g})",
            )
        )
    return geom, problems


def field_errors(error: ValidationError):
    """(field, message, pydantic's error) for each problem, the field as a dotted path and
    the message without pydantic's "Value error, " prefix."""
    for err in error.errors():
        field = ".".join(str(p) for p in err["loc"]) or None
        yield field, err["msg"].removeprefix("Value error, "), err


def _field_problems(file: str, fid: str, error: ValidationError) -> list[Problem]:
    return [Problem(file, fid, field, message) for field, message, _ in field_errors(error)]


# Names GeoJSON files have used for longitude/latitude on WGS 84, the only coordinates
# RFC 7946 allows and the only ones the atlas reads.
LON_LAT = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "OGC:CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


def _crs_problem(crs) -> str | None:
    """Why a layer's (legacy, pre-RFC 7946) `crs` member rules it out, if it does."""
    if crs is None:
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    name = name if isinstance(name, str) else repr(crs)[:60]
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict) and name in LON_LAT:
        return None
    return (
        f"names {name}; the atlas reads longitude and latitude on WGS 84 only "
        "(leave 'crs' out, or name urn:ogc:def:crs:OGC:1.3:CRS84)"
    )


def read_layer(path: Path) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Validate one layer file; return its frame (None if unusable) and its problems."""
    model, allowed = LAYERS[path.name]
    problems: list[Problem] = []
    doc = _read_json(path, problems)
    if doc is None:
        return None, problems
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return None, [Problem(path.name, None, None, "is not a GeoJSON FeatureCollection")]
    features = doc.get("features")
    if not isinstance(features, list):
        return None, [Problem(path.name, None, "features", "must be a list")]
    crs = _crs_problem(doc.get("crs"))
    if crs:
        return None, [Problem(path.name, None, "crs", crs)]

    rows, geoms, seen = [], [], Counter()
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        fid = str(props.get("id")) if isinstance(props, dict) and props.get("id") else f"#{index}"
        if not isinstance(props, dict):
            problems.append(Problem(path.name, fid, "properties", "missing or not an object"))
            continue
        seen[fid] += 1
        if seen[fid] == 2:
            problems.append(Problem(path.name, fid, "id", "duplicate id"))
        geom, geom_problems = _check_geometry(feature.get("geometry"), allowed, (path.name, fid))
        problems += geom_problems
        try:
            rows.append(model.model_validate(props).model_dump())
            geoms.append(geom)
        except ValidationError as exc:
            problems += _field_problems(path.name, fid, exc)
    if problems:
        return None, problems
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs="EPSG:4326"), []


def _with_time_columns(frame: gpd.GeoDataFrame, start: str, end: str) -> gpd.GeoDataFrame:
    first = frame[start].map(dates.parse)
    last = frame[end].fillna(frame[start]).map(dates.parse)
    return frame.assign(
        start_date=pd.to_datetime(first.map(lambda d: d.first_day)),
        end_date=pd.to_datetime(last.map(lambda d: d.last_day)),
        start_year=first.map(lambda d: d.year).astype(int),
        end_year=last.map(lambda d: d.year).astype(int),
    )


def _flatten_translations(frame: gpd.GeoDataFrame, fields: tuple[str, ...]):
    """`translations` as columns: `<field>_<lang>` for each text, `by_<lang>` (who
    translated: machine or person), `uncertain_<lang>` and `revised_<lang>` (i18n.column
    reads them)."""
    columns = {}
    for lang in TRANSLATED:
        for name in (*fields, "by", "uncertain", "revised"):
            columns[f"{name}_{lang}"] = [t[lang][name] for t in frame["translations"]]
    return frame.drop(columns="translations").assign(**columns)


def _marker_position(geom, anchor) -> shapely.Point:
    """Where an event's marker stands: its point, the anchor the data gives for a line
    or an area, else the middle of a line or a point inside an area."""
    if anchor is not None:
        return shapely.Point(anchor)
    if geom.geom_type == "LineString":
        return geom.interpolate(0.5, normalized=True)
    return geom.representative_point()


def _enrich_events(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add the columns the figures need: time span, labels, a marker position, and the
    rank in time (years.time_order)."""
    anchor = gpd.GeoSeries(
        [_marker_position(g, a) for g, a in zip(events.geometry, events["anchor"])],
        index=events.index,
    )
    labels = pd.DataFrame(
        [
            dates.span_labels(s, e if isinstance(e, str) else None)
            for s, e in zip(events["start"], events["end"])
        ],
        index=events.index,
    )
    events = _with_time_columns(
        _flatten_translations(events, ("title", "summary", "note", "accounts")), "start", "end"
    )
    events = events.assign(
        **{column: labels[column] for column in labels},
        lon=anchor.x.round(4),
        lat=anchor.y.round(4),
        theirs=False,  # True for a teacher's own events (teacher.with_teacher_events)
    )
    return in_time_order(events)


def contested(events: pd.DataFrame) -> pd.Series:
    """Which events are contested (told from both sides, `accounts`). A teacher's own
    events have none: after a concat their cell is missing, not a dict."""
    if "accounts" not in events:
        return pd.Series(False, index=events.index)
    return events["accounts"].map(lambda accounts: isinstance(accounts, dict))


def in_time_order(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The events with their `order` (years.time_order), sorted by it."""
    events = events.assign(order=time_order(events))
    return events.sort_values("order").reset_index(drop=True)


def _check_manifest(data_dir: Path, frames: dict[str, gpd.GeoDataFrame]) -> list[Problem]:
    problems: list[Problem] = []
    manifest = _read_json(data_dir / MANIFEST, problems)
    if manifest is None:
        return problems
    if not isinstance(manifest, dict):
        return [Problem(MANIFEST, None, None, "must be an object with 'files'")]
    files = manifest.get("files")
    if not isinstance(files, dict):
        return [Problem(MANIFEST, None, "files", "must be an object, one entry per file")]
    for name, frame in frames.items():
        entry = files.get(name)
        if entry is None:
            problems.append(Problem(MANIFEST, name, None, "no entry for this file"))
            continue
        if not isinstance(entry, dict):
            problems.append(Problem(MANIFEST, name, None, "must be an object"))
            continue
        if entry.get("rows") != len(frame):
            problems.append(
                Problem(MANIFEST, name, "rows", f"says {entry.get('rows')}, file has {len(frame)}")
            )
        types = sorted(set(frame.geom_type))
        if sorted(entry.get("geometry_types", [])) != types:
            problems.append(
                Problem(
                    MANIFEST,
                    name,
                    "geometry_types",
                    f"says {entry.get('geometry_types')}, file has {types}",
                )
            )
    return problems


def _check_references(events: gpd.GeoDataFrame, territories: gpd.GeoDataFrame) -> list[Problem]:
    """Territories name known events, and no territory has an event's id: a selection,
    a link and the figures' customdata name either by id alone."""
    known = set(events["id"])
    problems = [
        Problem("territories.geojson", tid, "id", "is also an event's id; ids must be unique")
        for tid in territories["id"]
        if tid in known
    ] + [
        Problem("territories.geojson", tid, "events", f"names unknown event '{ref}'")
        for tid, refs in zip(territories["id"], territories["events"])
        for ref in refs
        if ref not in known
    ]
    return problems + _check_after(events)


def _check_after(events: gpd.GeoDataFrame) -> list[Problem]:
    """`after` names known events that do not begin later than the event ends, and
    never leads back to the event itself."""
    first = {i: dates.parse(s).first_day for i, s in zip(events["id"], events["start"])}
    last = {
        i: dates.parse(e if isinstance(e, str) else s).last_day
        for i, s, e in zip(events["id"], events["start"], events["end"])
    }
    follows = dict(zip(events["id"], events["after"]))
    problems = []
    for event_id, earlier in follows.items():
        for other in earlier:
            if other not in first:
                message = f"names unknown event '{other}'"
            elif first[other] > last[event_id]:
                message = f"'{other}' begins after this event ends"
            else:
                continue
            problems.append(Problem("events.geojson", event_id, "after", message))
        seen, todo = set(), [e for e in earlier if e in follows]
        while todo:
            current = todo.pop()
            if current == event_id:
                problems.append(
                    Problem("events.geojson", event_id, "after", "leads back to itself")
                )
                break
            if current not in seen:
                seen.add(current)
                todo += [e for e in follows[current] if e in follows]
    return problems


def load_atlas(data_dir: Path) -> Atlas:
    """Load and validate every layer in `data_dir`; raise DataError listing all problems."""
    data_dir = Path(data_dir)
    frames, problems = {}, []
    for name in LAYERS:
        frame, found = read_layer(data_dir / name)
        problems += found
        if frame is not None:
            frames[name] = frame
    if not problems:
        problems += _check_manifest(data_dir, frames)
        problems += _check_references(frames["events.geojson"], frames["territories.geojson"])
    if problems:
        raise DataError(problems, f"The atlas data in {data_dir}")
    return Atlas(
        events=_enrich_events(frames["events.geojson"]),
        territories=_with_time_columns(
            _flatten_translations(frames["territories.geojson"], ("label", "map_label", "note")),
            "valid_from",
            "valid_to",
        ),
        basemap=_with_time_columns(frames["basemap.geojson"], "valid_from", "valid_to"),
        rivers=frames["rivers.geojson"],
    )
