"""What the page's scripts need besides the two figures, as plain JSON in a store.

The browser answers a year step, a hover and a click itself (assets/js/), so it needs
the events in time order with their titles and dates in the page's language, the names
of territories and rivers to write on the map, the chapters' years, and the words it
writes on the page. Built once per language and per set of uploaded events.
"""

from __future__ import annotations

from ..atlas.chapters import CHAPTERS
from ..atlas.data import Atlas, contested
from ..atlas.vocabulary import CATEGORY_STYLE, FIRST_YEAR, LAST_YEAR, SYMBOL_GLYPHS
from ..i18n import DEFAULT, LANGS, column, translator

# Slider marks: the years a class needs as landmarks, with a word for each era.
ERAS = {
    1917: "Revolution",
    1931: "Manchuria",
    1945: "Victory",
    1950: "Alliance",
    1960: "Split",
    1969: "Border war",
    1979: "Afghanistan",
    1991: "End",
}
# Play speeds, in seconds a year (the first is the default): slow enough to read.
SPEEDS = (2.0, 1.0, 0.5)


def event_index(atlas: Atlas, lang: str) -> list[dict]:
    """Every event in time order (`order`): what hover, the year's list, Page Up/Down
    and the selection need to know of it, in `lang`."""
    events = atlas.events.sort_values("order")
    return [
        {
            "id": event_id,
            "title": title,
            "date": date,
            "category": category,
            "theater": theater,
            "start": int(start),
            "end": int(end),
            "lon": float(lon),
            "lat": float(lat),
            "theirs": bool(theirs),
            "contested": bool(told),  # two accounts (issue 23): marked, and a filter
        }
        for event_id, title, date, category, theater, start, end, lon, lat, theirs, told in zip(
            events["id"],
            column(events, "title", lang),
            column(events, "date_label", lang),
            events["category"],
            events["theater"],
            events["start_year"],
            events["end_year"],
            events["lon"],
            events["lat"],
            events["theirs"],
            contested(events),
        )
    ]


def _territories(atlas: Atlas, lang: str) -> list[dict]:
    terr = atlas.territories
    anchors = [g.representative_point() for g in terr.geometry]
    return [
        {
            "id": tid,
            "label": short,
            "name": name,
            "note": note,
            "from": start.strftime("%Y-%m-%d"),
            "to": end.strftime("%Y-%m-%d"),
            "lon": round(p.x, 3),
            "lat": round(p.y, 3),
        }
        for tid, short, name, note, start, end, p in zip(
            terr["id"],
            column(terr, "map_label", lang),
            column(terr, "label", lang),
            column(terr, "note", lang),
            terr["start_date"],
            terr["end_date"],
            anchors,
        )
    ]


def _rivers(atlas: Atlas, lang: str) -> list[dict]:
    name = "label" if lang == "en" else f"label_{lang}"
    return [
        {"id": rid, "label": label, "note": note, "lon": at[0], "lat": at[1]}
        for rid, label, note, at in zip(
            atlas.rivers["id"], atlas.rivers[name], atlas.rivers["note"], atlas.rivers["label_at"]
        )
    ]


def page_lang(page) -> str:
    """The page's language, as its layout recorded it (ids.PAGE_DATA, from page_data)."""
    lang = page.get("lang") if isinstance(page, dict) else None
    return lang if lang in LANGS else DEFAULT


def page_data(atlas: Atlas, lang: str) -> dict:
    """Everything but the events, which change when a visitor uploads their own."""
    t = translator(lang)
    return {
        "lang": lang,
        "years": [FIRST_YEAR, LAST_YEAR],
        "territories": _territories(atlas, lang),
        "rivers": _rivers(atlas, lang),
        "chapters": [
            {"id": c.id, "title": t(c.title), "first": c.first, "last": c.last} for c in CHAPTERS
        ],
        "categories": [
            {"id": c, "label": t(c), "colour": colour, "glyph": SYMBOL_GLYPHS[symbol]}
            for c, (colour, symbol) in CATEGORY_STYLE.items()
        ],
        "eras": [{"year": y, "label": t(era)} for y, era in ERAS.items()],
        "speeds": list(SPEEDS),
        "texts": page_texts(lang),
    }


def page_texts(lang: str) -> dict:
    """What the scripts write on the page itself, in the page's language."""
    t = translator(lang)
    return {
        "title": t("China and Soviet power: an atlas, 1917–1991"),
        "attribution": t(
            "Events: the atlas's four sources, cited in each event. Basemap: Natural Earth."
        ),
        "play": t("▶ Play"),
        "pause": t("❚❚ Pause"),
        "present": t("Projector mode"),
        "leave_present": t("Leave projector mode"),
        "year": t("Year"),
        "in_year": t("In {year}"),
        "nothing_in_year": t("No event of the atlas falls in {year}."),
    }
