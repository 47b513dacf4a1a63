"""The events shown, as the CSV a teacher downloads."""

import csv
import io
from dataclasses import replace

from dashboard.atlas.export import (
    COLUMNS,
    WORKSHEET_COLUMNS,
    events_csv,
    events_in_range,
    events_shown,
    worksheet_csv,
)


def test_the_csv_holds_what_the_map_shows_with_sources(atlas):
    table = events_shown(atlas, 1950)
    assert set(table["id"]) == set(atlas.events.loc[atlas.events["start_year"] <= 1950, "id"])
    payload = events_csv(atlas, 1950, ["Korea"], ["armed conflict", "intervention"])
    assert payload["filename"] == "atlas-events-1950.csv"
    assert payload["content"].startswith("\ufeff")  # spreadsheets then read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(payload["content"].lstrip("\ufeff"))))
    assert list(rows[0]) == COLUMNS
    expected = atlas.events.query(
        "theater == 'Korea' and category in ['armed conflict', 'intervention']"
        " and start_year <= 1950"
    )
    assert sorted(r["id"] for r in rows) == sorted(expected["id"]) and len(rows) > 0
    korean_war = next(r for r in rows if r["id"] == "korean-war-begins-1950")
    sources = atlas.events.set_index("id").loc["korean-war-begins-1950", "sources"]
    assert korean_war["quote"].split(" | ")[0] == sources[0]["quote"]


def test_nothing_ticked_is_nothing_shown_and_garbage_is_everything(atlas):
    assert events_shown(atlas, 1991, theaters=[]).empty
    everything = events_shown(atlas, "1969<script>", theaters="x", categories={"a": 1})
    assert len(everything) == len(atlas.events)
    assert events_csv(atlas, -5)["filename"] == "atlas-events-all.csv"


FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("x")']


def test_no_exported_cell_can_start_a_formula_and_the_export_still_round_trips(atlas):
    """OWASP's advice for CSV injection: a cell that begins with = + - @ tab or CR gets
    a leading single quote. Reading the file back takes the quote off again."""
    from dashboard.classroom.teacher import check_bytes
    from dashboard.classroom.upload import add_upload, with_uploads
    from tests.unit.test_teacher import GOOD, as_csv
    from tests.unit.test_upload import data_url

    rows = [
        {**GOOD, "title": f"{text} {n}", "place": text, "summary": text, "source": text,
         "quote": text, "note": text}
        for n, text in enumerate(FORMULAS)
    ]  # fmt: skip
    uploaded = add_upload(data_url(as_csv(*rows, columns=[*GOOD, "note"])), "evil.csv", None)
    assert uploaded.added == len(FORMULAS), uploaded.problems
    content = events_csv(with_uploads(atlas, uploaded.store), 1991)["content"]
    cells = [cell for row in csv.reader(io.StringIO(content.lstrip("\ufeff"))) for cell in row]
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert [c for c in dangerous if not _number(c)] == []
    assert "'=1+1 0" in cells and "'@SUM(A1)" in cells

    again = check_bytes(content.encode("utf-8"), "export.csv")
    assert again.problems == []
    titles = {e.title for e in again.events}
    assert {e.title for e in uploaded_events(uploaded.store)} <= titles


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def uploaded_events(store):
    from dashboard.classroom.upload import stored_events

    return [event for _, events in stored_events(store) for event in events]


def test_a_worksheet_has_the_titles_in_three_languages_and_room_to_answer(atlas):
    """Issue 22: a range's worksheet for a class: numbered events in time order, their
    Chinese and Russian titles, an empty "Your answer", and spreadsheet-safe."""
    events = atlas.events.copy()
    hostile = events.index[events["id"] == "border-conflict-1969"][0]
    events.loc[hostile, "title_ru"] = '=HYPERLINK("http://x")'
    payload = worksheet_csv(replace(atlas, events=events), {"from": 1969, "to": 1969})
    assert payload["filename"] == "atlas-worksheet-1969-1969.csv"
    assert payload["content"].startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(payload["content"].lstrip("\ufeff"))))
    assert list(rows[0]) == WORKSHEET_COLUMNS and "Your answer" in rows[0]
    expected = events_in_range(atlas, 1969, 1969)
    assert [r["title"] for r in rows] == list(expected["title"])
    assert [r["no"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    by_id = atlas.events.set_index("title")
    for row in rows:
        assert row["Your answer"] == ""
        assert row["title_zh"] == by_id.loc[row["title"], "title_zh"] and row["title_zh"]
    # a cell that begins like a formula stays text
    assert [r["title_ru"] for r in rows if r["title_ru"].startswith("'")] == [
        '\'=HYPERLINK("http://x")'
    ]
    assert worksheet_csv(atlas, "garbage")["filename"] == "atlas-worksheet-1917-1991.csv"
