"""The data contract: the shipped geodata loads, matches its manifest, and is traceable.

Each validation rule is also shown to reject a small broken copy of the data with a
message that names the file, the feature and the field.
"""

from __future__ import annotations

import json
import re

import pytest

from dashboard.atlas.data import LAYERS, MANIFEST, DataError, load_atlas
from dashboard.atlas.vocabulary import (
    ACCOUNT_SOURCE_TYPES,
    DOCUMENTS,
    FIRST_YEAR,
    LAST_YEAR,
    SIDES,
    THEATERS,
)
from dashboard.server.config import ROOT
from tests.conftest import GEODATA, SEEDS, edit_layer

REQUIRED_THEATERS = {"Manchuria", "Xinjiang", "Korea", "Ussuri border", "Afghanistan", "Mongolia"}
REQUIRED_TERRITORIES = {
    "manchukuo",
    "mongolian-peoples-republic",
    "soviet-port-arthur-dalian",
    "second-east-turkestan-republic",
    "korea-soviet-zone",
    "soviet-forces-afghanistan",
    "zhenbao-damansky-island",
}


def test_shipped_data_loads(atlas):
    assert len(atlas.events) >= 60
    assert len(atlas.territories) >= len(REQUIRED_TERRITORIES)
    assert len(atlas.basemap) > 20


def test_manifest_matches_every_layer(atlas):
    manifest = json.loads((GEODATA / MANIFEST).read_text())["files"]
    assert set(manifest) == set(LAYERS)
    assert manifest["events.geojson"]["rows"] == len(atlas.events)
    assert manifest["events.geojson"]["years"] == [FIRST_YEAR, LAST_YEAR]


def test_events_cover_the_period_and_the_theaters(atlas):
    events = atlas.events
    assert events["start_year"].min() == FIRST_YEAR
    assert events["end_year"].max() == LAST_YEAR
    assert REQUIRED_THEATERS <= set(events["theater"])
    assert set(events.geom_type) == {"Point", "LineString", "Polygon"}


def test_required_territories_are_present(atlas):
    assert REQUIRED_TERRITORIES <= set(atlas.territories["id"])


def test_the_soviet_union_is_the_union_of_its_successors(atlas):
    ussr = atlas.basemap.set_index("id").loc["soviet-union"]
    assert ussr["valid_from"] == "1922-12" and ussr["valid_to"] == "1991-12"
    moscow, tashkent, vladivostok = (37.62, 55.75), (69.24, 41.3), (131.89, 43.12)
    from shapely.geometry import Point

    assert all(
        ussr.geometry.buffer(0.2).contains(Point(p)) for p in (moscow, tashkent, vladivostok)
    )


def test_no_basemap_ring_wraps_the_world(atlas):
    """A ring that jumps across ±180° is drawn as a band around the globe."""
    for fid, geom in zip(atlas.basemap["id"], atlas.basemap.geometry):
        for part in getattr(geom, "geoms", [geom]):
            xs = [x for x, _ in part.exterior.coords]
            assert max(abs(a - b) for a, b in zip(xs, xs[1:])) < 90, fid


def cited(atlas):
    """(event id, source) for every quote in the data: the events' own, and those that
    carry one side's account of a contested event."""
    for event_id, sources, accounts in zip(
        atlas.events["id"], atlas.events["sources"], atlas.events["accounts"]
    ):
        for source in sources:
            yield event_id, source
        for side in SIDES if isinstance(accounts, dict) else ():
            for source in accounts[side]["sources"]:
                yield event_id, source


def test_sources_cite_known_documents_with_short_quotes(atlas):
    for event_id, sources in zip(atlas.events["id"], atlas.events["sources"]):
        assert sources, event_id
    for event_id, source in cited(atlas):
        assert source["document"] in DOCUMENTS
        assert 0 < len(source["quote"].split()) < 25, event_id


# Issue 23: the events told differently by the two sides, and what each account must say.
CONTESTED = {
    "border-conflict-1969": ("self-defence", "31 border guards", "珍宝岛"),
    "cer-seizure-1929": ("Soviet consulate", "Special Far Eastern Army", "Khabarovsk Protocol"),
    "soviet-experts-recalled-1960": ("1,390", "343 contracts", "propaganda"),
    "ili-rebellion-1944": ("三区革命", "national liberation"),
    "china-invades-vietnam-1979": ("对越自卫反击战", "aggression"),
    "pei-ta-shan-incident-1947": ("北塔山事件", "Baitag Bogd"),
}


def test_contested_events_are_told_from_both_sides_each_cited(atlas):
    """Each contested event has China's account and the Soviet one, each with its
    source type, and each carried by the sources' own words or, where they are silent,
    marked as added from general knowledge with a reference a teacher can check; the
    title stays the atlas's own, in neither side's words."""
    events = atlas.events.set_index("id")
    told = events[events["accounts"].map(lambda a: isinstance(a, dict))]
    assert set(CONTESTED) <= set(told.index)
    for event_id, row in told.iterrows():
        accounts = row["accounts"]
        for side in SIDES:
            account = accounts[side]
            assert account["source_type"] in ACCOUNT_SOURCE_TYPES, (event_id, side)
            assert account["sources"] or account["reference"], (event_id, side)
            assert account["voice"] and account["text"], (event_id, side)
            if account["name"]:  # a side's name for the event is not the atlas's title
                assert account["name"]["text"] not in row["title"], (event_id, side)
                assert account["name"]["gloss"].lower() not in row["title"].lower()
            for lang in ("zh", "ru"):
                assert row[f"accounts_{lang}"][side]["text"] != account["text"]
        if accounts["later"]:
            assert accounts["later"]["reference"], event_id
    for event_id, words in CONTESTED.items():
        accounts = events.loc[event_id, "accounts"]
        said = json.dumps(accounts, ensure_ascii=False)
        assert all(word in said for word in words), (event_id, words)
    # both accounts are the sides' own: China's names the event in Chinese, the Soviet
    # one in Russian, where a name is given
    for event_id, row in told.iterrows():
        for side, lang in (("china", "zh"), ("soviet", "ru")):
            name = row["accounts"][side]["name"]
            assert name is None or name["lang"] == lang, (event_id, side)


def test_what_the_sources_state_is_in_the_atlas(atlas):
    """Facts the sources state (issue 23), each in an event's quotes."""
    quotes = {}
    for event_id, source in cited(atlas):
        quotes.setdefault(event_id, []).append(source["quote"])
    expected = {
        "soviet-arms-credits-1937": ["900 aircraft and 82 tanks", "1,500 Soviet military advisers"],
        "soviet-invasion-of-manchuria-1945": ["700,000 having surrendered"],
        "soviet-ambassador-walkout-1976": ["false rumors"],
        "keeping-our-cool-memo-1976": ["still frozen"],
        "ili-rebellion-1944": ["this backfired"],
        "treaty-of-friendship-1950": ["return these interests", "initially refused this treaty"],
        "chinese-troops-enter-korea-1950": ["give up the Korea Peninsula"],
        "china-arms-mujahideen-1980s": ["advisers and army troops"],
        "chernenko-funeral-1985": ["independent foreign policy"],
        # dates the source states, now in the quote
        "non-aggression-pact-1937": ["In August 1937"],
        "comintern-china-question-1937": ["August 10, 1937"],
        "southern-bureau-doubts-1944": ["August 1944"],
        "nixon-arrives-beijing-1972": ["in 1972"],
        "us-recognises-prc-1979": ["January 1, 1979"],
    }
    for event_id, words in expected.items():
        text = " | ".join(quotes[event_id])
        assert all(word in text for word in words), (event_id, words)


def test_every_addition_is_marked(atlas):
    """What the atlas adds from general knowledge says so: an event the sources do not
    report (`addition`) has an `added` entry beginning "event" with its reference, and
    words of a summary that no source gives are in `added` too."""
    events = atlas.events.set_index("id")
    additions = events[events["addition"]]
    assert {
        "railway-returned-1952",
        "soviet-experts-recalled-1960",
        "china-atomic-bomb-1964",
        "zhalanashkol-clash-1969",
        "kosygin-zhou-airport-1969",
        "treaty-not-renewed-1979",
        "three-obstacles-1982",
        "border-agreement-1991",
    } <= set(additions.index)
    for event_id, row in additions.iterrows():
        entry = next(a for a in row["added"] if a.split()[0].rstrip(":") == "event")
        assert "established record" in entry and "sources do not" in entry, event_id
    assert "14 August 1945" in " ".join(events.loc["soviet-rights-northeast-1945", "added"])
    marked = {
        "xu-shuzheng-occupies-mongolia-1919": "autonomy",
        "mongolian-peoples-republic-1924": "outside Chinese control",
        "wang-ming-sent-to-yanan-1937": "Moscow-trained",
        "korean-war-begins-1950": "the 38th parallel",
        "pei-ta-shan-incident-1947": "disputed border",
        "andropov-funeral-1984": "place: Moscow",
        "mao-stalin-meeting-1950": "for the time being",
    }
    for event_id, words in marked.items():
        assert any(a.startswith(words) for a in events.loc[event_id, "added"]), event_id


def test_no_event_source_repeats_a_key(atlas):
    """A key given twice in events.yaml (Brezhnev's funeral had two `added:`) is read
    as the last one only; the source file may hold each key once."""
    yaml = pytest.importorskip("yaml", reason="pyyaml (the build extra) reads the sources")

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        repeated = {k for k in keys if keys.count(k) > 1}
        assert not repeated, f"line {node.start_mark.line + 1}: {sorted(repeated)} twice"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    events = yaml.load((ROOT / "scripts/sources/events.yaml").read_text("utf-8"), Strict)
    assert len(events["events"]) == len(atlas.events)


def test_where_a_source_slips_the_data_says_so(atlas):
    """The sources' known slips are recorded as notes, not silently corrected."""
    notes = dict(zip(atlas.events["id"], atlas.events["note"]))
    assert "two years off" in notes["gang-of-four-overthrown-1976"]
    assert "December 1978" in notes["gang-of-four-overthrown-1976"]
    assert "9 August" in notes["soviet-invasion-of-manchuria-1945"]
    assert "Jiangxi" in notes["end-of-chinese-soviet-republic-1934"]
    assert "Ivy Mike" in notes["tu4-reconnaissance-beijing-1952"]
    assert "as individuals" in notes["comintern-kmt-ccp-alliance-1923"]
    assert "aid began in 1923" in notes["soviet-support-kmt-1921"]
    assert "Borodin" in notes["chiang-dismisses-advisers-1926"]
    for claim in ("stalin-yangtze-proposal-1945", "soviet-advice-yangtze-1948"):
        assert "contested claim" in notes[claim]
    assert "backed the crossing" in notes["yangtze-crossing-nanjing-1949"]
    assert "9 September 1959" in notes["sino-indian-war-1962"]
    assert "7 September 1958" in notes["taiwan-strait-crisis-1958"]
    assert "Dalian passed to Chinese administration" in notes["stalin-dies-1953"]
    # issue 23: after is not because; the Five Principles; who was away in 1926; Tuva
    assert "After is not because" in notes["stalin-dies-1953"]
    assert "at China's own request" in notes["ports-returned-1955"]
    assert "Five Principles" in notes["khrushchev-denounces-stalin-1956"]
    assert "back by May 1926" in notes["chiang-dismisses-advisers-1926"]
    assert "Tannu Tuva People's Republic" in notes["tuva-contested-1919"]
    assert "still 8 August in Moscow" in notes["soviet-invasion-of-manchuria-1945"]
    categories = dict(zip(atlas.events["id"], atlas.events["category"]))
    for event_id in ("technology-refused-1959", "xinjiang-buildup-1980"):
        assert categories[event_id] != "aid and cooperation", event_id
    for event_id in ("comintern-china-question-1937", "wang-ming-sent-to-yanan-1937"):
        assert categories[event_id] != "ideology and split", event_id
    # where the established record corrects the source's date, `start` has it
    starts = dict(zip(atlas.events["id"], atlas.events["start"]))
    assert starts["shanghai-communique-1972"] == "1972-02-27"
    assert starts["korean-units-to-kim-1950"] == "1949-07"


def test_port_arthur_and_dalian_are_outlined_as_they_were_held(atlas):
    """Manchukuo leaves out the Kwantung Leased Territory; Dalian passed to China in
    1950-51, and only Lüshun (Port Arthur) stayed a Soviet base until 1955."""
    from shapely.geometry import Point

    lushun, dalian = Point(121.26, 38.81), Point(121.61, 38.91)
    territories = atlas.territories.set_index("id")
    assert not territories.loc["manchukuo"].geometry.intersects(lushun.buffer(0.2))
    both = territories.loc["soviet-port-arthur-dalian"]
    assert (both["valid_from"], both["valid_to"]) == ("1945-08", "1950")
    assert both.geometry.contains(lushun) and both.geometry.contains(dalian)
    base = territories.loc["soviet-lushun-naval-base"]
    assert (base["valid_from"], base["valid_to"]) == ("1951", "1955-05")
    assert base.geometry.contains(lushun) and not base.geometry.contains(dalian)


def test_a_revised_translation_is_still_marked_machine_made(atlas):
    """A translation a machine corrected after a reader's review says so, and is not
    passed off as reviewed by a person."""
    for frame in (atlas.events, atlas.territories):
        for lang in ("zh", "ru"):
            revised = frame[frame[f"revised_{lang}"].notna()]
            assert (revised[f"by_{lang}"] == "machine").all()
    events = atlas.events.set_index("id")
    assert "苏俄红军" in events.loc["soviet-mongolian-victory-1921", "summary_zh"]
    assert "苏俄红军" in events.loc["soviet-mongolian-victory-1921", "revised_zh"]
    assert events["revised_ru"].notna().sum() >= 30


def test_what_a_reader_is_shown_names_none_of_our_issues():
    """The data's notes are read by students (a translation's revision note in the
    details): no "(issue 23)", which means something only to the atlas's makers."""
    for layer in ("events", "territories"):
        text = (GEODATA / f"{layer}.geojson").read_text(encoding="utf-8")
        assert re.findall(r"[Ii]ssue \d+", text) == [], layer


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"source texts not found at {SEEDS}; "
    "the app never reads them, only this traceability check does",
)
def test_every_quote_is_verbatim_in_its_source(atlas):
    texts = {
        doc: _normalise((SEEDS / name).read_text(encoding="utf-8"))
        for doc, name in DOCUMENTS.items()
    }
    missing = [
        (event_id, source["quote"])
        for event_id, source in cited(atlas)  # the accounts' quotes too
        if _normalise(source["quote"]) not in texts[source["document"]]
    ]
    assert missing == []


def _first_event(doc):
    return doc["features"][0]


def _event(doc, event_id):
    return next(f["properties"] for f in doc["features"] if f["properties"]["id"] == event_id)


# (description, layer, change to the document, expected fragments of one problem line)
BROKEN = [
    ("not JSON", "events.geojson", None, ["events.geojson", "not valid JSON"]),
    (
        "invalid geometry",
        "territories.geojson",
        lambda d: d["features"][0]["geometry"].update(
            type="Polygon", coordinates=[[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]
        ),
        ["territories.geojson", "feature 'manchukuo'", "field 'geometry'", "Self-intersection"],
    ),
    (
        "off the map",
        "events.geojson",
        lambda d: _first_event(d)["geometry"].update(coordinates=[200.0, 95.0]),
        ["feature 'russian-revolution-1917'", "field 'geometry'", "off the map"],
    ),
    (
        "duplicate id",
        "events.geojson",
        lambda d: d["features"][1]["properties"].update(id=_first_event(d)["properties"]["id"]),
        ["feature 'russian-revolution-1917'", "field 'id'", "duplicate id"],
    ),
    (
        "bad date",
        "events.geojson",
        lambda d: _first_event(d)["properties"].update(start="1917-13"),
        ["feature 'russian-revolution-1917'", "field 'start'", "not a real calendar date"],
    ),
    (
        "start after end",
        "events.geojson",
        lambda d: _first_event(d)["properties"].update(start="1930", end="1920"),
        ["feature 'russian-revolution-1917'", "field 'end'", "start 1930 is after end 1920"],
    ),
    (
        "outside the period",
        "events.geojson",
        lambda d: _first_event(d)["properties"].update(start="1905"),
        ["feature 'russian-revolution-1917'", "field 'start'", "outside 1917-1991", "context"],
    ),
    (
        "unknown category",
        "events.geojson",
        lambda d: _first_event(d)["properties"].update(category="gossip"),
        ["feature 'russian-revolution-1917'", "field 'category'", "unknown category 'gossip'"],
    ),
    (
        "unknown theater",
        "events.geojson",
        lambda d: _first_event(d)["properties"].update(theater="Atlantis"),
        ["field 'theater'", "unknown theater 'Atlantis'"],
    ),
    (
        "no source",
        "events.geojson",
        lambda d: _first_event(d)["properties"].update(sources=[]),
        ["feature 'russian-revolution-1917'", "field 'sources'"],
    ),
    (
        "source without quote",
        "events.geojson",
        lambda d: _first_event(d)["properties"]["sources"][0].update(quote=""),
        ["field 'sources.0.quote'"],
    ),
    (
        "unknown document",
        "events.geojson",
        lambda d: _first_event(d)["properties"]["sources"][0].update(document="A blog"),
        ["field 'sources.0.document'", "unknown document"],
    ),
    (
        "quote too long",
        "events.geojson",
        lambda d: _first_event(d)["properties"]["sources"][0].update(quote="word " * 30),
        ["field 'sources.0.quote'", "under 25 words"],
    ),
    (
        "no Russian translation",
        "events.geojson",
        lambda d: _first_event(d)["properties"]["translations"].pop("ru"),
        ["feature 'russian-revolution-1917'", "field 'translations.ru'", "Field required"],
    ),
    (
        "translation not marked as machine-made or reviewed",
        "events.geojson",
        lambda d: _first_event(d)["properties"]["translations"]["zh"].update(by="unknown"),
        ["field 'translations.zh.by'", "'machine' or 'person'"],
    ),
    (
        "a note left untranslated",
        "events.geojson",
        lambda d: _event(d, "ungern-sternberg-mongolia-1920")["translations"]["ru"].pop("note"),
        ["feature 'ungern-sternberg-mongolia-1920'", "has a note", "translations.ru.note"],
    ),
    (
        "an empty revision mark",
        "events.geojson",
        lambda d: _first_event(d)["properties"]["translations"]["zh"].update(revised=""),
        ["feature 'russian-revolution-1917'", "field 'translations.zh.revised'", "at least 1"],
    ),
    (
        "a contested event with one account",
        "events.geojson",
        lambda d: _event(d, "border-conflict-1969")["accounts"].pop("soviet"),
        ["feature 'border-conflict-1969'", "field 'accounts'", "needs both accounts", "soviet"],
    ),
    (
        "an account neither quoted nor referenced",
        "events.geojson",
        lambda d: _event(d, "border-conflict-1969")["accounts"]["soviet"].pop("reference"),
        ["field 'accounts.soviet'", "a reference a teacher can check"],
    ),
    (
        "a later finding without its reference",
        "events.geojson",
        lambda d: _event(d, "border-conflict-1969")["accounts"]["later"].pop("reference"),
        ["field 'accounts.later.reference'", "Field required"],
    ),
    (
        "an account of an unknown kind of source",
        "events.geojson",
        lambda d: _event(d, "ili-rebellion-1944")["accounts"]["china"].update(source_type="rumour"),
        ["field 'accounts.china.source_type'", "unknown source type 'rumour'"],
    ),
    (
        "accounts left untranslated",
        "events.geojson",
        lambda d: _event(d, "cer-seizure-1929")["translations"]["ru"].pop("accounts"),
        ["feature 'cer-seizure-1929'", "is contested", "translations.ru.accounts"],
    ),
    (
        "a side's name without its gloss in another language",
        "events.geojson",
        lambda d: _event(d, "cer-seizure-1929")["translations"]["zh"]["accounts"]["soviet"].pop(
            "gloss"
        ),
        ["feature 'cer-seizure-1929'", "translations.zh.accounts.soviet needs the gloss"],
    ),
    (
        "an addition not marked",
        "events.geojson",
        lambda d: _first_event(d)["properties"].update(addition=True),
        ["feature 'russian-revolution-1917'", "added from general knowledge", "'event'"],
    ),
    (
        "not a FeatureCollection",
        "basemap.geojson",
        lambda d: d.update(type="Feature"),
        ["basemap.geojson", "not a GeoJSON FeatureCollection"],
    ),
    (
        "crs in metres",
        "events.geojson",
        lambda d: d.update(
            crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
        ),
        ["events.geojson", "field 'crs'", "EPSG::3857", "longitude and latitude"],
    ),
    (
        "territory id of an event",
        "territories.geojson",
        lambda d: d["features"][0]["properties"].update(id="sputnik-1957"),
        ["territories.geojson", "feature 'sputnik-1957'", "field 'id'", "also an event's id"],
    ),
    (
        "manifest out of date",
        MANIFEST,
        lambda d: d["files"]["events.geojson"].update(rows=1),
        ["manifest.json", "events.geojson", "field 'rows'", "says 1"],
    ),
]


@pytest.mark.parametrize("what, layer, change, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_rule_rejects_broken_data(data_copy, what, layer, change, expected):
    if change is None:
        (data_copy / layer).write_text("{ this is not json", encoding="utf-8")
    else:
        edit_layer(data_copy, layer, change)
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    lines = [str(p) for p in caught.value.problems]
    assert any(all(fragment in line for fragment in expected) for line in lines), lines


def test_a_missing_file_is_named(data_copy):
    (data_copy / "territories.geojson").unlink()
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    assert [str(p) for p in caught.value.problems] == ["territories.geojson: file is missing"]


def test_context_events_may_fall_outside_the_period(data_copy):
    def mark(doc):
        _first_event(doc)["properties"].update(start="1905", context=True)

    edit_layer(data_copy, "events.geojson", mark)
    atlas = load_atlas(data_copy)
    assert atlas.events["start_year"].min() == 1905


def test_theater_vocabulary_is_complete():
    assert REQUIRED_THEATERS <= set(THEATERS)


def _write(data_dir, name, text):
    path = data_dir / name
    if path.is_dir():
        path.rmdir()
    else:
        path.unlink()
    path.write_text(text, encoding="utf-8")


def _folder(data_dir, name):
    (data_dir / name).unlink()
    (data_dir / name).mkdir()


def _deep(data_dir, name):
    _write(data_dir, name, '{"type": "FeatureCollection", "features": ' + "[" * 100_000)


def _huge(data_dir, name):
    text = (data_dir / name).read_text(encoding="utf-8")
    _write(data_dir, name, text.replace("[", "[" + "9" * 5000 + ", ", 1))


# (description, file, what to do to the data folder, expected fragments of one line)
BROKEN_FILES = [
    ("manifest a list", MANIFEST, lambda d, n: _write(d, n, "[]"), [MANIFEST, "an object"]),
    (
        "manifest files a list",
        MANIFEST,
        lambda d, n: _write(d, n, '{"files": []}'),
        [MANIFEST, "field 'files'", "an object"],
    ),
    ("layer a folder", "events.geojson", _folder, ["events.geojson", "cannot be read"]),
    ("manifest a folder", MANIFEST, _folder, [MANIFEST, "cannot be read"]),
    ("deep nesting", "events.geojson", _deep, ["events.geojson", "nested too deeply"]),
    ("huge integer", "events.geojson", _huge, ["events.geojson", "more than 4,300 digits"]),
]


@pytest.mark.parametrize(
    "what, name, change, expected", BROKEN_FILES, ids=[b[0] for b in BROKEN_FILES]
)
def test_each_broken_file_is_one_line_naming_it(data_copy, what, name, change, expected):
    change(data_copy, name)
    with pytest.raises(DataError) as caught:
        load_atlas(data_copy)
    lines = [str(p) for p in caught.value.problems]
    assert any(all(fragment in line for fragment in expected) for line in lines), lines
