"""A teacher's events as a layer of their own: --events, EXTRA_EVENTS, and the page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from dashboard import create_app
from dashboard.atlas.export import events_shown
from dashboard.atlas.vocabulary import YOURS
from dashboard.classroom.teacher import check_bytes, with_teacher_events
from dashboard.figures.map_figure import map_figure
from dashboard.figures.timeline_figure import timeline_figure
from dashboard.page.callbacks import render_details
from dashboard.server.config import ROOT, Settings
from tests.unit.test_teacher import GOOD, as_csv


@pytest.fixture
def events_file(tmp_path):
    path = tmp_path / "lesson.csv"
    path.write_bytes(as_csv(GOOD, {**GOOD, "title": "A second visit", "start": "1958"}))
    return path


def test_their_events_are_set_apart_with_their_own_citations(atlas, events_file):
    mine = with_teacher_events(atlas, events_file)
    theirs = mine.events[mine.events["theirs"]]
    assert len(theirs) == 2 and set(theirs["theater"]) == {YOURS}
    assert len(mine.events) == len(atlas.events) + 2  # ours untouched
    their_id = theirs.iloc[0]["id"]
    assert their_id.startswith("yours-")

    traces = [t for t in map_figure(mine, 1960).data if (t.meta or {}).get("theirs")]
    assert traces and all(t.marker.symbol.endswith("-open") for t in traces)
    assert any(their_id in t.customdata for t in traces)
    timeline = timeline_figure(mine, 1960)
    assert YOURS in timeline.layout.yaxis.ticktext  # a lane of their own

    text = json.dumps(
        [c.to_plotly_json() for c in render_details(their_id, mine)],
        default=lambda o: o.to_plotly_json(),
    )
    assert "Town archive, box 12" in text and "Your source (not checked by the atlas)" in text
    assert "Map position: as you gave it" in text and "general knowledge" not in text

    exported = events_shown(mine, 1991)
    assert their_id in set(exported["id"])  # and the export validates again, a round trip
    assert check_bytes(exported.to_csv(index=False).encode(), "x.csv").problems == []


def test_the_app_serves_them_from_extra_events(atlas, events_file):
    settings = replace(Settings(), extra_events=events_file)
    layout = create_app(settings, atlas).server.test_client().get("/_dash-layout")
    body = layout.get_data(as_text=True)
    assert "Our town" in body or "Harbin" in body
    assert Settings.from_env({"EXTRA_EVENTS": str(events_file)}).extra_events == events_file


def _cli(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ, **env},
    )  # fmt: skip


def test_a_bad_events_file_stops_the_app_with_rows_and_fields(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv({**GOOD, "lat": "95"}))
    for result in (_cli("--events", str(bad)), _cli("check", EXTRA_EVENTS=str(bad))):
        assert result.returncode == 1
        assert "The events file" in result.stderr and "bad.csv, row 2, field 'lat'" in result.stderr
        assert "Traceback" not in result.stderr
