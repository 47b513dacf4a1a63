"""The events shown, as the CSV a teacher downloads."""

import csv
import io

from dashboard.export import COLUMNS, events_csv, events_shown


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
