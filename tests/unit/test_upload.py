"""Events uploaded in the page: checked on the server, kept in the visitor's browser."""

import base64

import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from dashboard.atlas.vocabulary import YOURS
from dashboard.classroom.teacher import MAX_ROWS, TeacherEvent
from dashboard.classroom.upload import add_upload, stored_events, with_uploads
from dashboard.page.callbacks import read_upload, render_details, show_uploads
from tests.unit.test_teacher import GOOD, as_csv


def data_url(data: bytes, kind="text/csv") -> str:
    return f"data:{kind};base64," + base64.b64encode(data).decode()


def rows(n: int) -> list[dict]:
    return [{**GOOD, "title": f"Visit {i}"} for i in range(n)]


def test_a_good_file_adds_its_events_to_the_store():
    report = add_upload(data_url(as_csv(*rows(3))), "lesson.csv", None)
    assert report.problems == [] and report.added == 3
    assert [(name, len(events)) for name, events in stored_events(report.store)] == [
        ("lesson.csv", 3)
    ]


def test_valid_rows_are_added_and_the_others_listed_by_row_and_field():
    report = add_upload(data_url(as_csv(GOOD, {**GOOD, "title": "B", "lat": "95"})), "a.csv", None)
    assert report.added == 1
    assert report.problems == [
        "a.csv, row 3, field 'lat': Input should be less than or equal to 90"
    ]


@pytest.mark.parametrize(
    "contents, name, expected",
    [
        ("not a data url", "x.csv", "x.csv: the upload could not be read"),
        ("data:text/csv;base64,@@@", "x.csv", "x.csv: the upload could not be read"),
        (data_url(b"PK\x03\x04rest-of-a-zip"), "book.csv", "a damaged workbook"),
        (data_url(b"\x89PNG\r\n\x1a\n\xff\xfe"), "photo.csv", "not a text file"),
        (data_url(b"title,start\n"), "cols.csv", "missing column(s) place"),
        (data_url(as_csv()), "empty.csv", "empty.csv: the file has no events"),
        (data_url(b"{not json"), "x.geojson", "not valid JSON"),
        (data_url(as_csv(*rows(MAX_ROWS + 1))), "many.csv", f"more than {MAX_ROWS} rows"),
    ],
    ids=["not-a-data-url", "bad-base64", "xlsx", "png", "columns", "empty", "json", "rows"],
)
def test_a_file_without_valid_events_adds_nothing_and_says_why(contents, name, expected):
    kept = add_upload(data_url(as_csv(GOOD)), "before.csv", None).store
    report = add_upload(contents, name, kept)
    assert report.store is None  # the store the browser has stays as it was
    assert expected in " ".join(report.problems)


def test_a_second_file_adds_and_a_file_of_the_same_name_replaces():
    first = add_upload(data_url(as_csv(*rows(2))), "a.csv", None).store
    both = add_upload(data_url(as_csv(*rows(3))), "b.csv", first).store
    assert [(n, len(e)) for n, e in stored_events(both)] == [("a.csv", 2), ("b.csv", 3)]
    report = add_upload(data_url(as_csv(*rows(1))), "a.csv", both)
    assert report.replaced
    assert [(n, len(e)) for n, e in stored_events(report.store)] == [("b.csv", 3), ("a.csv", 1)]


def test_all_files_together_keep_to_the_row_limit():
    store = add_upload(data_url(as_csv(*rows(MAX_ROWS - 5))), "a.csv", None).store
    report = add_upload(data_url(as_csv(*rows(6))), "b.csv", store)
    assert report.store is None
    assert f"would make {MAX_ROWS + 1}; the limit is {MAX_ROWS}" in report.problems[0]


def test_a_store_sent_back_is_checked_again():
    store = {"files": [{"name": "a.csv", "events": [GOOD, {**GOOD, "lat": 500}, "x"]}, 5]}
    assert [(n, len(e)) for n, e in stored_events(store)] == [("a.csv", 1)]
    for broken in (None, 7, "x", {"files": 3}, {"files": [{"name": 2}]}):
        assert stored_events(broken) == []


def test_uploaded_events_are_a_layer_of_their_own(atlas):
    store = add_upload(data_url(as_csv(GOOD)), "a.csv", None).store
    store = add_upload(data_url(as_csv(GOOD)), "b.csv", store).store  # the same event twice
    shown = with_uploads(atlas, store)
    theirs = shown.events[shown.events["theirs"]]
    assert len(theirs) == 2 and set(theirs["theater"]) == {YOURS}
    assert theirs["id"].str.startswith("upload-").all() and theirs["id"].is_unique
    details = str(render_details(theirs["id"].iloc[0], shown))
    assert "not checked by the atlas" in details and "Town archive, box 12" in details


def test_showing_uploads_rebuilds_the_figures_with_a_lane_and_a_switch(atlas):
    store = add_upload(data_url(as_csv(GOOD)), "a.csv", None).store
    map_fig, timeline, index, options, theaters, selected, status, hidden = show_uploads(
        store, 1956, None, ["Manchuria"], None, atlas, 1950
    )
    ours = [t for t in map_fig.data if (t.meta or {}).get("theirs")]
    assert ours and all(t.marker.symbol.endswith("-open") for t in ours)
    assert YOURS in timeline.layout.yaxis.ticktext
    assert [e["title"] for e in index if e["theirs"]] == [GOOD["title"]]
    assert {"label": YOURS, "value": YOURS} in options
    assert theaters == ["Manchuria", YOURS]  # the switches the visitor turned off stay off
    assert "1 from a.csv" in status and hidden is False
    upload_id = next(c for t in ours for c in t.customdata)

    # removed: no lane, no switch, and a selected uploaded event is let go
    *_, options, theaters, selected, status, hidden = show_uploads(
        {"files": []}, 1956, upload_id, [*theaters], None, atlas, 1950
    )
    assert YOURS not in [o["value"] for o in options] and theaters == ["Manchuria"]
    assert selected is None and status == "" and hidden is True


def test_nothing_is_redrawn_on_arrival_without_uploads(atlas):
    with pytest.raises(PreventUpdate):
        show_uploads(None, 1950, None, None, None, atlas, 1950)


def test_a_bad_upload_keeps_the_store_and_reports(atlas):
    picture = data_url(b"\x89PNG\r\n\x1a\n\x00\x00")
    store, report = read_upload({"name": "x.csv", "contents": picture}, None)
    assert store is no_update
    assert "not a text file" in str(report)
    store, report = read_upload({"name": "x.csv", "contents": data_url(as_csv(GOOD))}, None)
    assert len(stored_events(store)[0][1]) == 1 and "Added 1 event from x.csv" in str(report)


def test_the_cap_holds_across_all_files_of_a_store_sent_back(atlas):
    """A tampered store of 12 files x 2,000 events is read up to the cap in all, not
    per file: nothing past the first MAX_ROWS records is even checked."""
    store = {"files": [{"name": f"f{n}.csv", "events": [GOOD] * MAX_ROWS} for n in range(12)]}
    files = stored_events(store)
    assert sum(len(events) for _, events in files) == MAX_ROWS
    assert [name for name, _ in files] == ["f0.csv"]
    checked = []
    original = TeacherEvent.model_validate
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            TeacherEvent,
            "model_validate",
            classmethod(lambda cls, record: checked.append(1) or original(record)),
        )
        stored_events(store)
    assert len(checked) == MAX_ROWS
    shown = with_uploads(atlas, store)
    assert shown.events["theirs"].sum() == MAX_ROWS
    empty_files = {"files": [{"name": f"e{n}.csv", "events": []} for n in range(50_000)]}
    assert len(stored_events(empty_files)) == MAX_ROWS


def test_a_full_store_and_the_largest_file_fit_in_one_request():
    from dashboard.classroom.teacher import MAX_BYTES
    from dashboard.classroom.upload import MAX_STORE_BYTES
    from dashboard.server.web import MAX_BODY, MAX_UPLOAD_BODY

    assert MAX_STORE_BYTES + MAX_BYTES * 4 / 3 + MAX_BODY <= MAX_UPLOAD_BODY
