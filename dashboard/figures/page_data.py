"""What the page's scripts need besides the two figures, as plain JSON in a store.

The browser answers a year step, a hover and a click itself (assets/js/), so it needs
the events in time order with their titles and dates in the page's language, the names
of territories and rivers to write on the map, the chapters' years, and the words it
writes on the page. Built once per language and per set of uploaded events.
"""

from __future__ import annotations

import re

from ..atlas.aliases import alias_names
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
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]")  # Chinese characters and punctuation
# Play speeds, in seconds a year (the first is the default): slow enough to read.
SPEEDS = (2.0, 1.0, 0.5)


def event_index(atlas: Atlas, lang: str) -> list[dict]:
    """Every event in time order (`order`): what hover, the year's list, Page Up/Down,
    the selection and a phone's sheet need to know of it, in `lang`."""
    events = atlas.events.sort_values("order")
    index = [
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
            "place": place if isinstance(place, str) else "",  # the search's results
        }
        for event_id, title, date, category, theater, start, end, lon, lat, theirs, told, place in zip(  # noqa: E501
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
            column(events, "place", lang) if "place" in events else [""] * len(events),
        )
    ]
    summaries = column(events, "summary", lang) if "summary" in events else [""] * len(events)
    for entry, summary in zip(index, summaries):
        entry["line"] = summary_line(summary)  # the sheet's (assets/js/62-sheet.js)
    return index


# A sentence's end: a full stop, or ! or ?, after a word of more than one letter (not
# "U.S." or "1950 г."), before a space; a Chinese full stop anywhere.
SENTENCE_END = re.compile(r"(?<![\s.]\w)[.!?](?=\s)|[。！？]")


def summary_line(summary, most: int = 140) -> str:
    """The first sentence of a summary, cut at a word (with …) if longer than `most`
    characters: what a phone shows of an event under its title, over the map."""
    if not isinstance(summary, str):
        return ""
    text = " ".join(summary.split())
    end = SENTENCE_END.search(text)
    line = text[: end.end()] if end else text
    if len(line) > most:
        line = line[:most].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return line


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


def _words(*names) -> str:
    """Names in any language, each once, for the search's index (assets/js/75-search.js)."""
    seen = dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip())
    return " | ".join(seen)


def search_data(atlas: Atlas, lang: str) -> dict:
    """What the page's search finds an event or a territory by besides its title in
    `lang` (which the event index has): its titles in the other languages, its place
    in every language and romanisation, its territories' names, and the other names of
    atlas/aliases.py (general knowledge, used only to find). Territories no event names
    are results of their own. Plain strings; the page builds the index itself.

    Chinese titles and territory names only on the Chinese page: the English and
    Russian pages preload only the font slice of the Chinese they show (places' names,
    which the aliases' Chinese keeps to), and the search's words count as shown."""
    t = translator(lang)
    events, terr = atlas.events, atlas.territories
    territory_events = {tid: list(ev or ()) for tid, ev in zip(terr["id"], terr["events"])}
    known = set(events["id"])
    zh = lang == "zh"
    by_event, by_territory = alias_names(zip(events["id"], events["place"]), territory_events)
    if not zh:  # the aliases' Chinese, too, only on the Chinese page
        by_event, by_territory = (
            {k: [n for n in names if not CJK.search(n)] for k, names in found.items()}
            for found in (by_event, by_territory)
        )
    labels = {
        tid: (en, zh_label if zh else "", ru)
        for tid, en, zh_label, ru in zip(
            terr["id"], terr["label"], terr["label_zh"], terr["label_ru"]
        )
    }
    territory_words: dict[str, list[str]] = {}
    for tid, ids_ in territory_events.items():
        for event_id in ids_:
            territory_words.setdefault(event_id, []).extend(labels[tid])
    words = {}
    names = ["id", "title", "title_ru", "place", "place_zh", "place_pinyin", "place_ru"]
    for row in events.reindex(columns=names + (["title_zh"] if zh else [])).itertuples(index=False):
        own_names = list(row[1:]) + territory_words.get(row.id, []) + by_event.get(row.id, [])
        words[row.id] = _words(*own_names)
    own = [
        {
            "id": tid,
            "title": t_label,
            "year": int(start),
            "words": _words(*labels[tid], *by_territory.get(tid, ())),
        }
        for tid, t_label, start in zip(terr["id"], column(terr, "label", lang), terr["start_year"])
        if not any(e in known for e in territory_events[tid])
    ]
    return {
        "words": words,
        "territories": own,
        "texts": {
            "none": t("Nothing found for “{q}”."),
            "found": t("{n} found"),
            "territory": t("Territory"),
            "year_hint": t("Click to type a year"),
        },
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
        "big_map": t("Big map"),
        "leave_big_map": t("Leave the big map"),
        "year": t("Year"),
        "in_year": t("In {year}"),
        "nothing_in_year": t("No event of the atlas falls in {year}."),
        "details": t("Details"),  # a phone's sheet: its button to the whole details
        "close": t("Close"),
    }
