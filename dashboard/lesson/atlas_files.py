"""The whole atlas as files for other tools: GeoJSON (GIS, scripts) and KML (Google
Earth, Google My Maps), made with GeoPandas (pyogrio and GDAL's KML driver).

Both hold every event (its point, route or area) and every territory. In KML each
placemark's description holds what a class needs without the atlas: date, place,
summary, the sources' words with their citations, the note on reading them. The files
are the same for every visitor: each is made once per process, when first asked for,
and may be kept by browsers and caches for an hour (with an ETag to ask again).
"""

from __future__ import annotations

import calendar
import hashlib
import html
import json
import re
import tempfile
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from flask import Flask, Response, request

from ..atlas.data import Atlas, citation
from ..atlas.vocabulary import CATEGORY_STYLE

ATTRIBUTION = (
    "China and Soviet power: an atlas, 1917-1991. Events: the atlas's four sources, "
    "cited in each event. Basemap: Natural Earth."
)
CACHE = "public, max-age=3600"  # the same for everyone until the next deploy
# GDAL's KML driver writes a text holding <, > or & as CDATA, as it is, so a "]]>" in
# it (a deployer's teacher file may have one in a title) would end the CDATA early and
# break the file. While GDAL writes, each "]]>" is this private-use character instead,
# put back afterwards as XML allows it there (_unmask).
MASK = "\ue000"
CDATA = re.compile(r"(<!\[CDATA\[|\]\]>|" + MASK + ")")
# Each placemark's description ends with this mark and its key ("e3": the third event)
# while GDAL writes (its KML driver knows no TimeSpan and no shared styles); the mark is
# then replaced by the placemark's TimeSpan and styleUrl (_timed). A description is
# HTML, so GDAL always writes it as CDATA, and the mark sits just before its "]]>".
MARK = "\ue001"
MARKED = re.compile(MARK + r"([et]\d+)" + MARK + r"\]\]></description>")


def description(row) -> str:
    """An event's placemark text, as HTML (KML descriptions are HTML)."""
    parts = [
        f"<p><b>{html.escape(row['date_label'])}</b> · {html.escape(row['place'])}"
        f" · {html.escape(row['category'])}</p>",
        f"<p>{html.escape(row['summary'])}</p>",
    ]
    for source in row["sources"]:
        parts.append(
            f"<blockquote>“{html.escape(source['quote'])}”</blockquote>"
            f"<p>— {html.escape(citation(source))}</p>"
        )
    if isinstance(row["note"], str):
        parts.append(f"<p><i>Reading the sources:</i> {html.escape(row['note'])}</p>")
    return "".join(parts)


def events_frame(atlas: Atlas) -> gpd.GeoDataFrame:
    events = atlas.events.sort_values("order")
    return gpd.GeoDataFrame(
        {
            "layer": "event",
            "id": events["id"],
            "title": events["title"],
            "start": events["start"],
            "end": events["end"],
            "date": events["date_label"],
            "place": events["place"],
            "place_zh": events["place_zh"],
            "place_ru": events["place_ru"],
            "category": events["category"],
            "theater": events["theater"],
            "summary": events["summary"],
            "quotes": [" | ".join(s["quote"] for s in x) for x in events["sources"]],
            "citations": [" | ".join(citation(s) for s in x) for x in events["sources"]],
            "note": events["note"],
            "location_note": events["location_note"],
        },
        geometry=events.geometry.values,
        crs="EPSG:4326",
    )


def territories_frame(atlas: Atlas) -> gpd.GeoDataFrame:
    terr = atlas.territories
    return gpd.GeoDataFrame(
        {
            "layer": "territory",
            "id": terr["id"],
            "title": terr["label"],
            "start": terr["valid_from"],
            "end": terr["valid_to"],
            "kind": terr["kind"],
            "note": terr["note"],
        },
        geometry=terr.geometry.values,
        crs="EPSG:4326",
    )


def atlas_geojson(atlas: Atlas) -> bytes:
    """One FeatureCollection: events, then territories (`layer` tells them apart)."""
    both = pd.concat([events_frame(atlas), territories_frame(atlas)], ignore_index=True)
    doc = json.loads(gpd.GeoDataFrame(both, crs="EPSG:4326").to_json(na="drop", drop_id=True))
    doc["attribution"] = ATTRIBUTION
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _masked(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame with every "]]>" of its texts masked (MASK)."""
    frame = frame.copy()
    for name in frame.columns:
        if name != frame.geometry.name and pd.api.types.is_string_dtype(frame[name]):
            frame[name] = frame[name].map(
                lambda v: (
                    v.replace(MASK, "\ufffd").replace(MARK, "\ufffd").replace("]]>", MASK)
                    if isinstance(v, str)
                    else v
                )
            )
    return frame


def _unmask(kml: str) -> str:
    """Each MASK back as "]]>": split into two CDATA sections inside one, escaped
    outside (GDAL writes a text without <, > or & as plain text)."""
    parts, inside = CDATA.split(kml), False
    for i, part in enumerate(parts):
        if part == "<![CDATA[":
            inside = True
        elif part == "]]>":
            inside = False
        elif part == MASK:
            parts[i] = "]]]]><![CDATA[>" if inside else "]]&gt;"
    return "".join(parts)


def _last_day(text: str) -> str:
    """A partial ISO date's last day, as KML's time slider needs an end it can show
    ("1969" -> "1969-12-31", "1969-02" -> "1969-02-28")."""
    parts = text.split("-")
    if len(parts) == 3:
        return text
    year = int(parts[0])
    month = int(parts[1]) if len(parts) == 2 else 12
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def kml_color(hex_rgb: str, alpha: str = "ff") -> str:
    """KML's aabbggrr from CSS's #rrggbb."""
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"{alpha}{b}{g}{r}".lower()


def style_id(category: str) -> str:
    return "category-" + re.sub(r"[^a-z0-9]+", "-", category.lower()).strip("-")


def kml_styles() -> str:
    """A shared style per category: its colour for a point's icon, a route's line and
    an area's fill (the legend's colours; Google Earth tints its own pushpin)."""
    return "".join(
        f'<Style id="{style_id(name)}"><IconStyle><color>{kml_color(colour)}</color>'
        "<scale>1.1</scale></IconStyle>"
        f"<LineStyle><color>{kml_color(colour)}</color><width>3</width></LineStyle>"
        f"<PolyStyle><color>{kml_color(colour, '66')}</color></PolyStyle></Style>"
        for name, (colour, _) in CATEGORY_STYLE.items()
    )


def _time_span(begin: str, end: str | None) -> str:
    """From the first day of `begin` to the last of `end` (of `begin` without one), so
    that Google Earth's time slider shows each placemark over its own dates."""
    return (
        f"<TimeSpan><begin>{html.escape(begin)}</begin>"
        f"<end>{_last_day(end or begin)}</end></TimeSpan>"
    )


def _timed(kml: str, extra: dict[str, str]) -> str:
    """Each mark replaced by its placemark's TimeSpan and styleUrl (`extra` by key), the
    category styles put at the head of the document."""
    kml = MARKED.sub(lambda m: "]]></description>" + extra[m.group(1)], kml)
    head = '<Document id="root_doc">'
    return kml.replace(head, head + kml_styles(), 1)


def atlas_kml(atlas: Atlas) -> bytes:
    """Two folders, Events and Territories; a placemark's name is its title. Each
    placemark has a TimeSpan (Google Earth's time slider replays the atlas, or a
    lesson's years) and each event its category's style."""
    events = atlas.events.sort_values("order")
    placemarks = gpd.GeoDataFrame(
        {
            "Name": events["title"],
            "Description": [description(row) for _, row in events.iterrows()],
            "id": events["id"],
            "start": events["start"],
            "end": events["end"].fillna(""),
            "category": events["category"],
            "theater": events["theater"],
        },
        geometry=events.geometry.values,
        crs="EPSG:4326",
    )
    terr = atlas.territories
    areas = gpd.GeoDataFrame(
        {
            "Name": terr["label"],
            "Description": [
                f"<p><b>{html.escape(a)} – {html.escape(b)}</b></p><p>{html.escape(n)}</p>"
                for a, b, n in zip(terr["valid_from"], terr["valid_to"], terr["note"])
            ],
            "id": terr["id"],
        },
        geometry=terr.geometry.values,
        crs="EPSG:4326",
    )
    placemarks, areas = _masked(placemarks), _masked(areas)
    extra = {}
    for i, (_, row) in enumerate(events.iterrows()):
        extra[f"e{i}"] = (
            _time_span(row["start"], row["end"] if isinstance(row["end"], str) else None)
            + f"<styleUrl>#{style_id(row['category'])}</styleUrl>"
        )
    for i, (begin, end) in enumerate(zip(terr["valid_from"], terr["valid_to"])):
        extra[f"t{i}"] = _time_span(begin, end)
    placemarks["Description"] = [
        f"{d}{MARK}e{i}{MARK}" for i, d in enumerate(placemarks["Description"])
    ]
    areas["Description"] = [f"{d}{MARK}t{i}{MARK}" for i, d in enumerate(areas["Description"])]
    with tempfile.TemporaryDirectory() as folder:  # GDAL's KML driver writes to a file
        path = Path(folder) / "atlas.kml"
        placemarks.to_file(path, driver="KML", layer="Events", engine="pyogrio")
        areas.to_file(path, driver="KML", layer="Territories", append=True, engine="pyogrio")
        kml = _timed(path.read_text(encoding="utf-8"), extra)
        return _unmask(kml).encode("utf-8")


def install(server: Flask, atlas: Atlas) -> None:
    """/download/atlas.geojson and /download/atlas.kml."""

    @cache
    def made(kind: str) -> tuple[bytes, str]:
        body = atlas_geojson(atlas) if kind == "geojson" else atlas_kml(atlas)
        return body, hashlib.sha256(body).hexdigest()[:32]

    types = {"geojson": "application/geo+json", "kml": "application/vnd.google-earth.kml+xml"}

    def download(kind: str):
        body, etag = made(kind)
        response = Response(
            body,
            mimetype=types[kind],
            headers={"Content-Disposition": f'attachment; filename="sino-soviet-atlas.{kind}"'},
        )
        response.set_etag(etag)
        response.headers["Cache-Control"] = CACHE
        return response.make_conditional(request)

    server.add_url_rule("/download/atlas.geojson", "atlas_geojson", lambda: download("geojson"))
    server.add_url_rule("/download/atlas.kml", "atlas_kml", lambda: download("kml"))
