"""A lesson to hand out: its range, its sections, the print page and PDF, the range's
CSV and the whole atlas as GeoJSON and KML."""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import geopandas as gpd
import pytest
from dash import no_update
from dash.exceptions import PreventUpdate
from pypdf import PdfReader

from dashboard import create_app, ids
from dashboard.atlas.chapters import CHAPTERS, TOUR
from dashboard.atlas.export import events_in_range, range_csv
from dashboard.atlas.vocabulary import CATEGORY_STYLE
from dashboard.classroom.teacher import check_bytes
from dashboard.i18n import translator
from dashboard.lesson.atlas_files import atlas_geojson, atlas_kml
from dashboard.lesson.callbacks import choose_range, on_range_change
from dashboard.lesson.handout_map import draw_map
from dashboard.lesson.plan import build_lesson, requested_range

T = translator("en")


@pytest.fixture(scope="module")
def client(atlas, settings, tmp_path_factory):
    handouts = tmp_path_factory.mktemp("handouts")
    return create_app(replace(settings, handouts_dir=handouts), atlas).server.test_client()


@pytest.mark.parametrize(
    "args, query, years",
    [
        ({"chapter": "the-split"}, "chapter=the-split", (1956, 1968)),
        ({"tour": "24-25"}, "tour=24-25", (1969, 1969)),
        ({"tour": "3"}, "tour=3", (1920, 1920)),
        ({"from": "1956", "to": "1969"}, "from=1956&to=1969", (1956, 1969)),
        ({}, "from=1917&to=1991", (1917, 1991)),
    ],
)
def test_a_range_is_read_from_a_link(atlas, args, query, years):
    chosen = requested_range(args, atlas, T)
    assert (chosen.query, (chosen.first, chosen.last)) == (query, years)


@pytest.mark.parametrize(
    "args",
    [{"chapter": "nope"}, {"tour": "0"}, {"tour": "5-2"}, {"tour": "x"},
     {"from": "1990", "to": "1950"}, {"from": "<script>"}, {"to": "99999999999999999999"}],
)  # fmt: skip
def test_a_bad_range_is_a_sentence_never_the_input(atlas, args):
    problem = requested_range(args, atlas, T)
    assert isinstance(problem, str) and "<script>" not in problem and "9999" not in problem


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.id)
def test_every_event_of_a_chapter_is_in_exactly_one_section(atlas, chapter):
    lesson = build_lesson(atlas, requested_range({"chapter": chapter.id}, atlas, T), "en")
    in_sections = [i for s in lesson.sections for i in s.events["id"]]
    assert sorted(in_sections) == sorted(lesson.events["id"]) and len(in_sections) > 0
    assert [s.step for s in lesson.sections] == [
        i for i, (c, _) in enumerate(TOUR, start=1) if c is chapter
    ]
    for section in lesson.sections:  # each step's own event is in its own section
        assert TOUR[section.step - 1][1].event in set(section.events["id"])
        assert chapter.first <= section.year <= chapter.last
    expected = atlas.events[
        (atlas.events["start_year"] <= chapter.last) & (atlas.events["end_year"] >= chapter.first)
    ]
    assert set(lesson.events["id"]) == set(expected["id"])


def test_the_print_page_has_a_map_and_the_sources_for_each_step(client, atlas):
    page = client.get("/print?chapter=the-split").get_data(as_text=True)
    steps = [i for i, (c, _) in enumerate(TOUR, start=1) if c.id == "the-split"]
    assert page.count('<section class="step">') == len(steps)
    assert page.count('src="data:image/png;base64,') == len(steps)
    assert "Questions and notes" in page and "/print.pdf?chapter=the-split" in page
    event = atlas.events.set_index("id").loc["sputnik-1957"]
    assert event["sources"][0]["quote"] in page.replace("&#39;", "'")
    assert "https://" not in page and "http://" not in page  # nothing from elsewhere
    zh = client.get("/print?chapter=the-split&lang=zh").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in zh and event["title_zh"] in zh
    # a kept handout, through the whole app's HTTP layer: a file anyone may keep an hour
    reply = client.get("/print?chapter=the-split")
    assert reply.headers["Cache-Control"] == "public, max-age=3600" and reply.headers["ETag"]
    other = client.get("/print?from=1956&to=1957")  # made on request: the visitor's only
    assert other.status_code == 200 and other.headers["Cache-Control"] == "private, max-age=600"


def test_a_chapters_pdf_has_a_page_per_step_with_its_text(client, atlas):
    reply = client.get("/print.pdf?chapter=the-split")
    assert reply.status_code == 200 and reply.mimetype == "application/pdf"
    assert "attachment" in reply.headers["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(reply.data))
    text = [page.extract_text() for page in pdf.pages]
    steps = [i for i, (c, _) in enumerate(TOUR, start=1) if c.id == "the-split"]
    assert "The split" in text[0] and "1956–1968" in text[0]
    # compact (issue 22): the first step under the cover, steps one after another, and
    # the questions gathered at the end, a few lines per step, never a box per step
    assert f"Tour step {steps[0]}:" in text[0]
    asked = next(i for i, page in enumerate(text) if "Questions and notes" in page)
    assert sum("Questions and notes" in page for page in text) == 1
    assert len(pdf.pages) <= asked + 2 and len(pdf.pages) < 1 + 2 * len(steps)
    body, questions = text[:asked], "".join(text[asked:])
    for step in steps:
        assert sum(page.count(f"Tour step {step}:") for page in body) == 1
        assert f"Tour step {step}:" in questions
    assert "Sputnik" in "".join(body)


def test_a_pdf_in_chinese_has_its_chinese_text(client, atlas):
    pdf = PdfReader(io.BytesIO(client.get("/print.pdf?tour=24&lang=zh").data))
    text = "".join(page.extract_text() for page in pdf.pages)
    title = atlas.events.set_index("id").loc["border-conflict-1969", "title_zh"]
    assert title in text and "?" not in title


@pytest.mark.parametrize(
    "url, status, message",
    [
        ("/print?chapter=nope", 400, "The chapter in the link is not in the atlas."),
        ("/print.pdf?from=1999", 400, "Years must run from 1917 to 1991"),
        ("/print?chapter=the-split&set=AAAAAAAAAAA", 404, "There is no class set at this link"),
        ("/print?chapter=the-split&set=<b>", 404, "There is no class set at this link"),
    ],
)
def test_a_bad_print_link_gets_a_clear_page_never_a_traceback(client, url, status, message):
    reply = client.get(url)
    body = reply.get_data(as_text=True)
    assert reply.status_code == status and message in body and "Traceback" not in body
    assert reply.headers["Cache-Control"] == "no-store"
    assert "<b>" not in body.split("</title>")[1]


def test_the_range_csv_holds_the_years_and_round_trips(atlas):
    payload = range_csv(atlas, {"from": 1956, "to": 1969})
    assert payload["filename"] == "atlas-events-1956-1969.csv"
    rows = list(csv.DictReader(io.StringIO(payload["content"].lstrip("\ufeff"))))
    expected = events_in_range(atlas, 1956, 1969)
    assert [r["id"] for r in rows] == list(expected["id"]) and 0 < len(rows) < len(atlas.events)
    assert all(int(r["start"][:4]) <= 1969 for r in rows)
    assert "border-conflict-1969" in {r["id"] for r in rows}
    assert "russian-revolution-1917" not in {r["id"] for r in rows}
    checked = check_bytes(payload["content"].encode(), "range.csv")
    assert checked.problems == [] and len(checked.events) == len(rows)
    assert range_csv(atlas, "garbage")["filename"] == "atlas-events-1917-1991.csv"
    assert range_csv(atlas, {"from": 1991, "to": 1900})["filename"] == "atlas-events-1917-1991.csv"


def test_the_range_chooser_sets_the_store_and_the_links():
    chosen, printed, pdf, first, last, chapter = choose_range(
        "the-split", 1900, 2000, ids.RANGE_CHAPTER, "zh", {"id": "AbCdEfGhIjK"}
    )[:6]
    assert chosen == {"from": 1956, "to": 1968} and (first, last, chapter) == (
        1956,
        1968,
        "the-split",
    )
    assert printed == "/print?chapter=the-split&lang=zh&set=AbCdEfGhIjK"
    assert pdf.startswith("/print.pdf?chapter=the-split")
    chosen, printed, _, first, last, chapter = choose_range(
        "the-split", 1969, 1960, ids.RANGE_TO, "en", None
    )[:6]
    assert chosen == {"from": 1960, "to": 1969} and chapter == ""
    assert printed == "/print?from=1960&to=1969"
    assert choose_range("", 1969, 1978, ids.RANGE_FROM, "en", None)[5] == "border-war-and-triangle"


def test_the_links_follow_a_year_as_typed_and_a_chapter_link_sets_the_chooser():
    """Issue 22: what is printed is what the chooser shows at the click. A year's
    keystroke changes the range and links at once and leaves the fields alone; its
    blur puts them right; a chapter link (the story's state) chooses the chapter."""
    typed = on_range_change("range-to.value", "the-split", 1956, 1978, None, "en", None)
    assert typed[0] == {"from": 1956, "to": 1978} and typed[1] == "/print?from=1956&to=1978"
    assert typed[2] == "/print.pdf?from=1956&to=1978" and typed[5] == ""
    assert typed[3] is no_update and typed[4] is no_update  # never rewritten while typed
    half = on_range_change("range-to.value", "", 1956, 19, None, "en", None)
    assert half[1] == "/print?from=1917&to=1956" and half[4] is no_update
    blurred = on_range_change("range-to.n_blur", "", 1999, 1956, None, "en", None)
    assert blurred[3:5] == (1956, 1991)
    story = {"kind": "chapter", "chapter": "the-split", "first": 1956, "last": 1968}
    linked = on_range_change("story-state.data", "alliance-and-korea", 1946, 1955, story,
                             "ru", None)  # fmt: skip
    assert linked[1] == "/print?chapter=the-split&lang=ru" and linked[3:6] == (
        1956,
        1968,
        "the-split",
    )
    for other in (None, {"kind": "tour", "step": 3}, {**story, "chapter": "<b>"}):
        with pytest.raises(PreventUpdate):
            on_range_change("story-state.data", "the-split", 1956, 1968, other, "en", None)


def test_the_whole_atlas_as_geojson_and_kml(client, atlas):
    reply = client.get("/download/atlas.geojson")
    assert reply.status_code == 200 and "attachment" in reply.headers["Content-Disposition"]
    assert reply.headers["Cache-Control"] == "public, max-age=3600"
    again = client.get("/download/atlas.geojson", headers={"If-None-Match": reply.headers["ETag"]})
    assert again.status_code == 304
    frame = gpd.read_file(io.BytesIO(reply.data))
    assert len(frame) == len(atlas.events) + len(atlas.territories)
    assert set(frame["layer"]) == {"event", "territory"}
    assert set(frame.geom_type) >= {"Point", "LineString", "Polygon"}
    doc = json.loads(reply.data)
    first = next(f for f in doc["features"] if f["properties"]["id"] == "border-conflict-1969")
    assert first["properties"]["quotes"] and "Natural Earth" in doc["attribution"]

    kml_reply = client.get("/download/atlas.kml")
    assert kml_reply.headers["Cache-Control"] == "public, max-age=3600"
    kml = kml_reply.data.decode()
    assert kml.count("<Placemark") == len(atlas.events) + len(atlas.territories)
    assert "<name>Events</name>" in kml and "<name>Territories</name>" in kml
    event = atlas.events.set_index("id").loc["border-conflict-1969"]
    source = event["sources"][0]  # in the placemark's description, as HTML
    assert html.escape(source["quote"]) in kml and html.escape(source["document"]) in kml
    assert atlas_kml(atlas) == atlas_kml(atlas) and atlas_geojson(atlas) == reply.data


def test_no_title_can_break_the_kml(atlas):
    """GDAL writes a text with <, > or & as CDATA, as it is: a "]]>" in a teacher's
    title would end it early. Every text comes back intact through an XML parser."""
    events = atlas.events.copy()
    titles = ["A ]]> B <script>alert(1)</script> & C", "plain ]]> only", "]]>]]>"]
    for row, title in zip(events.index, titles):
        events.loc[row, "title"] = title
    events.loc[events.index[3], "theater"] = "x ]]> <y>"
    events.loc[events.index[4], "summary"] = "<b>]]></b>"
    root = ET.fromstring(atlas_kml(replace(atlas, events=events)))
    kml = "{http://www.opengis.net/kml/2.2}"
    names = [n.text for n in root.iter(f"{kml}name")]
    assert all(title in names for title in titles)
    theaters = [d.text for d in root.iter(f"{kml}SimpleData") if d.get("name") == "theater"]
    assert "x ]]> <y>" in theaters
    descriptions = [d.text for d in root.iter(f"{kml}description")]
    assert any(html.escape("<b>]]></b>") in d for d in descriptions)
    assert len(root.findall(f".//{kml}Placemark")) == len(atlas.events) + len(atlas.territories)


def test_the_kml_replays_in_time_with_a_style_per_category(atlas):
    """Issue 22: each placemark has a TimeSpan (Google Earth's time slider), from its
    first day to its last (a partial date's last day), and each event its category's
    shared style, which the document defines."""
    events = atlas.events.copy()
    events.loc[events.index[0], "title"] = "a mark \ue001e5\ue001]]> in a title"
    root = ET.fromstring(atlas_kml(replace(atlas, events=events)))
    kml = "{http://www.opengis.net/kml/2.2}"
    styles = {s.get("id"): s for s in root.iter(f"{kml}Style")}
    assert {f"category-{c.replace(' ', '-')}" for c in CATEGORY_STYLE} <= set(styles)
    folders = {f.findtext(f"{kml}name"): f for f in root.iter(f"{kml}Folder")}
    placemarks = folders["Events"].findall(f"{kml}Placemark")
    assert len(placemarks) == len(events)
    for placemark, (_, row) in zip(placemarks, events.sort_values("order").iterrows()):
        data = {d.get("name"): d.text for d in placemark.iter(f"{kml}SimpleData")}
        assert data["id"] == row["id"]
        span = placemark.find(f"{kml}TimeSpan")
        assert span.findtext(f"{kml}begin") == row["start"]
        end = row["end"] if isinstance(row["end"], str) else row["start"]
        assert span.findtext(f"{kml}end").startswith(end)
        assert len(span.findtext(f"{kml}end")) == 10  # a day: 1969 -> 1969-12-31
        url = placemark.findtext(f"{kml}styleUrl")
        assert url.startswith("#") and url[1:] in styles
        colour = CATEGORY_STYLE[row["category"]][0]
        icon = styles[url[1:]].find(f"{kml}IconStyle").findtext(f"{kml}color")
        assert icon == "ff" + colour[5:7].lower() + colour[3:5].lower() + colour[1:3].lower()
    first = placemarks[0]
    assert first.findtext(f"{kml}name") == "a mark \ufffde5\ufffd]]> in a title"
    assert "\ue001" not in ET.tostring(root, encoding="unicode")
    territories = root.findall(f".//{kml}Placemark")[len(events) :]
    assert territories and all(t.find(f"{kml}TimeSpan") is not None for t in territories)
    assert [t.find(f"{kml}TimeSpan").findtext(f"{kml}end") for t in territories][:2] == [
        "1945-08-31",
        "1991-12-31",
    ]


def test_the_print_carries_both_accounts_of_a_contested_event(client, atlas):
    """Issue 23: a contested event prints with China's account and the Soviet one, each
    with its source type and how it is known, in the page's language."""
    event = atlas.events.set_index("id").loc["border-conflict-1969"]
    accounts = event["accounts"]
    for lang, words in (("en", ("Two accounts", "The Chinese account", "The Soviet account")),
                        ("zh", ("两方叙述", "中方的叙述", "苏方的叙述"))):  # fmt: skip
        page = html.unescape(client.get(f"/print?tour=24&lang={lang}").get_data(as_text=True))
        assert all(word in page for word in words)
        for side in ("china", "soviet"):
            assert accounts[side]["name"]["text"] in page  # each side's name, as written
            assert accounts[side]["reference"] in page  # the reference a teacher can check
            text = accounts[side]["text"] if lang == "en" else event["accounts_zh"][side]["text"]
            assert text in page
        assert accounts["china"]["sources"][0]["quote"] in page  # the essay's own words
        assert page.index(words[1]) < page.index(words[2])  # China's account first
    # an event the sources do not report prints as an addition, with where it comes from
    page = html.unescape(client.get("/print?from=1960&to=1960").get_data(as_text=True))
    experts = atlas.events.set_index("id").loc["soviet-experts-recalled-1960"]
    assert experts["added"][0] in page and "1,390" in page and "Lüthi" in page


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_a_handout_maps_names_are_never_under_a_marker_or_a_number(atlas, lang):
    """Issue 22: on the 1969 map a marker covered "Zhenbao/Damansky". Every name placed
    is clear of every marker, every event's number and every other name, and the
    border islands' names are placed (moved beside their point, with a line to it)."""
    chosen = requested_range({"tour": "24"}, atlas, translator(lang))
    lesson = build_lesson(atlas, chosen, lang)
    section = lesson.sections[0]
    earlier = lesson.events[lesson.events["order"] < section.events["order"].min()]
    boxes = {}
    draw_map(atlas, section.year, section.events, earlier, section.heading, lang, boxes)
    placed = [(name, box) for name, box in boxes["names"] if box is not None]
    islands = atlas.territories.set_index("id").loc["zhenbao-damansky-island"]
    expected = islands["map_label" if lang == "en" else f"map_label_{lang}"]
    assert expected in [name for name, _ in placed]
    for k, (name, box) in enumerate(placed):
        for other in [*boxes["markers"], *boxes["numbers"], *(b for _, b in placed[k + 1 :])]:
            assert not box.overlaps(other), name


@pytest.mark.parametrize(
    ("button", "column"), [(ids.EXPORT_RANGE_CSV, "title"), (ids.EXPORT_WORKSHEET, "Your answer")]
)
def test_the_range_downloads_through_the_callback_endpoint(client, button, column):
    from load import callback_body

    deps = json.loads(client.get("/_dash-dependencies").get_data(as_text=True))
    state = {f"{ids.EXPORT_RANGE}.data": {"from": 1956, "to": 1969}}
    reply = client.post(
        "/_dash-update-component",
        json=callback_body(deps, {f"{button}.n_clicks": 1}, state),
    )
    assert reply.status_code == 200
    content = reply.get_json()["response"][ids.DOWNLOAD]["data"]["content"]
    assert column in content.splitlines()[0]
