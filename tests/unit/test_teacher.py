"""A teacher's own events: the template, and each check a file must pass."""

import csv
import io
import json
import subprocess
import sys

import pytest

from dashboard.atlas.export import events_csv
from dashboard.classroom.teacher import MAX_BYTES, MAX_ROWS, REQUIRED, check_bytes, template
from dashboard.server.config import ROOT

GOOD = {
    "title": "Our town's delegation visits Harbin",
    "start": "1956-05",
    "end": "",
    "place": "Harbin",
    "lat": "45.75",
    "lon": "126.65",
    "category": "diplomacy and visits",
    "summary": "A delegation from our town visited the railway workshops in Harbin.",
    "source": "Town archive, box 12",
    "quote": "we were shown the great workshops of the railway",
}


def as_csv(*rows, columns=None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(GOOD))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def problems(data: bytes, name="mine.csv") -> list[str]:
    return check_bytes(data, name).problems


def test_the_template_has_only_examples_that_the_check_asks_to_replace(atlas):
    text = template()
    header = text.splitlines()[0].split(",")
    assert set(REQUIRED) <= set(header)
    checked = check_bytes(text.encode(), "template.csv")
    assert checked.events == [] and len(checked.problems) == 2
    assert all("field 'title': this is one of the template's example rows" in p
               for p in checked.problems)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(text)))
    assert not {r["title"] for r in rows} & set(atlas.events["title"])  # not copies of ours
    # with the title replaced, every other cell of an example is valid as it stands
    mine = text.replace("EXAMPLE (replace this row): ", "")
    assert len(check_bytes(mine.encode(), "mine.csv").events) == 2


def test_the_page_export_passes_and_round_trips(atlas):
    exported = events_csv(atlas, 1991)["content"].encode("utf-8")  # with its BOM
    checked = check_bytes(exported, "export.csv")
    assert checked.problems == [] and len(checked.events) == len(atlas.events)


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"start": "1956-13"}, "row 2, field 'start': '1956-13' is not a real calendar date"),
        (
            {"start": "soon"},
            "row 2, field 'start': 'soon' is not a date the atlas can read; "
            "write it as YYYY-MM-DD (e.g. 1969-03-02)",
        ),
        (
            {"start": "02/03/1969"},
            "row 2, field 'start': '02/03/1969' could be 2 March 1969 or "
            "3 February 1969; write it as YYYY-MM-DD: 1969-03-02 or 1969-02-03",
        ),
        ({"start": "1905"}, "row 2, field 'start': the atlas shows 1917-1991"),
        ({"end": "1950"}, "row 2, field 'end': start 1956-05 is after end 1950"),
        ({"lat": "95"}, "row 2, field 'lat': Input should be less than or equal to 90"),
        ({"lon": "east"}, "row 2, field 'lon': 'east' is not a number"),
        ({"title": ""}, "row 2, field 'title': is empty"),
        ({"category": "gossip"}, "row 2, field 'category': unknown category 'gossip'; use one"),
        (
            {"category": "diplomatic visit"},
            "unknown category 'diplomatic visit'; did you mean 'diplomacy and visits'?",
        ),
        ({"quote": "word " * 121}, "row 2, field 'quote': keep a quote to 120 words"),
        ({"theater": "Atlantis"}, "row 2, field 'theater': unknown theater 'Atlantis'"),
    ],
)
def test_each_rule_names_the_row_and_the_field(change, expected):
    row = {**GOOD, "theater": "", **change}
    found = problems(as_csv(row, columns=[*GOOD, "theater"]))
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(
    "given, read",
    [
        ("1969-03-02", "1969-03-02"),
        ("1969-03-02 00:00:00", "1969-03-02"),  # a spreadsheet's round trip
        ("02.03.1969", "1969-03-02"),  # dotted: day first
        ("13/03/1969", "1969-03-13"),  # only one reading is a date
        ("3/13/1969", "1969-03-13"),
        ("1969/3/2", "1969-03-02"),
        ("03/1969", "1969-03"),
        ("March 1969", "1969-03"),
        ("2 March 1969", "1969-03-02"),
        ("Mar 2, 1969", "1969-03-02"),
    ],
)
def test_dates_in_spreadsheet_forms_are_read_into_iso(given, read):
    checked = check_bytes(as_csv({**GOOD, "start": given, "end": ""}), "mine.csv")
    assert checked.problems == [] and checked.events[0].start == read


@pytest.mark.parametrize(
    "given, message",
    [
        ("2/3/69", "'2/3/69' has a two-digit year"),
        ("31/02/1969", "'31/02/1969' is not a real calendar date"),
        ("1969-02-30", "'1969-02-30' is not a real calendar date"),
    ],
)
def test_dates_that_cannot_be_read_show_the_value_and_the_expected_form(given, message):
    (problem,) = problems(as_csv({**GOOD, "start": given}))
    assert message in problem and "YYYY-MM-DD" in problem


@pytest.mark.parametrize(
    "given, read",
    [
        ("Armed conflict", "armed conflict"),
        ("  DIPLOMACY AND VISITS ", "diplomacy and visits"),
        ("diplomacy", "diplomacy and visits"),
        ("Aid & cooperation", "aid and cooperation"),
        ("treaty", "treaty or agreement"),
        ("Turning_point", "turning point"),
    ],
)
def test_categories_ignore_case_and_take_common_short_forms(given, read):
    checked = check_bytes(as_csv({**GOOD, "category": given}), "mine.csv")
    assert checked.problems == [] and checked.events[0].category == read


def test_theaters_ignore_case_and_a_teachers_quote_may_be_long():
    row = {**GOOD, "theater": "ussuri BORDER", "quote": "word " * 100}
    checked = check_bytes(as_csv(row, columns=[*GOOD, "theater"]), "mine.csv")
    assert checked.problems == [] and checked.events[0].theater == "Ussuri border"
    (problem,) = problems(as_csv({**row, "theater": "Ussuri"}, columns=[*GOOD, "theater"]))
    assert "did you mean 'Ussuri border'?" in problem


def test_duplicates_encoding_columns_and_size_are_reported():
    assert problems(as_csv(GOOD, GOOD)) == ["mine.csv, row 3: a duplicate of mine.csv, row 2"]
    assert "not a text file" in problems(b"\x89PNG\r\n\x1a\n\x00\x00IHDR")[0]
    no_quote = as_csv({k: GOOD[k] for k in REQUIRED[:-1]}, columns=REQUIRED[:-1])
    assert problems(no_quote) == ["mine.csv, row 1: missing column(s) quote"]
    assert "over 1 MB" in problems(b"x" * (MAX_BYTES + 1))[0]
    many = as_csv(*[{**GOOD, "title": f"Event {i}"} for i in range(MAX_ROWS + 1)])
    assert f"more than {MAX_ROWS} rows" in problems(many)[0]


def test_geojson_form_of_the_same_fields():
    fields = {k: v for k, v in GOOD.items() if k not in ("lat", "lon")}
    good = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [126.65, 45.75]},
             "properties": fields},
            {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0]]},
             "properties": fields},
        ],
    }  # fmt: skip
    checked = check_bytes(json.dumps(good).encode(), "mine.geojson")
    assert len(checked.events) == 1
    assert checked.problems == [
        "mine.geojson, feature 2, field 'geometry': must be a Point [lon, lat]"
    ]
    assert "not valid JSON" in problems(b"{oops", "mine.geojson")[0]


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip


def test_the_command_line_template_and_validate(tmp_path):
    template_run = _cli("template")
    assert template_run.returncode == 0 and template_run.stdout.startswith("title,start,end")
    examples = tmp_path / "lesson.csv"
    examples.write_text(template_run.stdout, encoding="utf-8")
    result = _cli("validate", str(examples))
    assert result.returncode == 1 and "lesson.csv, row 2, field 'title'" in result.stderr
    good = tmp_path / "mine.csv"
    good.write_text(template_run.stdout.replace("EXAMPLE (replace this row): ", ""), "utf-8")
    result = _cli("validate", str(good))
    assert (result.returncode, result.stdout.strip()) == (0, "OK: 2 events in mine.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv({**GOOD, "lat": "95", "category": "gossip"}))
    result = _cli("validate", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bad.csv, row 2, field 'lat'" in result.stderr
    assert "bad.csv, row 2, field 'category'" in result.stderr
    missing = _cli("validate", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "cannot be read" in missing.stderr


@pytest.mark.parametrize("name", ["any.csv", "any.geojson"])
def test_any_bytes_give_problems_or_events_never_an_exception(name):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
    def check(data):
        checked = check_bytes(data, name)
        assert all(p.startswith(name) for p in checked.problems)

    check()


def _feature_collection(properties: str, coordinates: str = "[126.65, 45.75]") -> bytes:
    return (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
        f'{{"type": "Point", "coordinates": {coordinates}}}, "properties": {properties}}}]}}'
    ).encode()


HOSTILE_JSON = {
    "5,000-digit integer": _feature_collection("{}", "[" + "9" * 5000 + ", 45]"),
    "100,000-deep nesting": _feature_collection("[" * 100_000 + "]" * 100_000),
    "deep nesting, then garbage": b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000,
}


@pytest.mark.parametrize("what", HOSTILE_JSON)
def test_hostile_json_gets_one_line_never_an_exception(what, tmp_path):
    """Python's json module raises ValueError for an integer of more than 4,300 digits,
    and RecursionError for deep nesting: both are a problem with the file."""
    for name in ("evil.geojson", "evil.json"):
        checked = check_bytes(HOSTILE_JSON[what], name)
        assert checked.events == [] and len(checked.problems) == 1, checked.problems
        assert checked.problems[0].startswith(f"{name}: not usable JSON")
        assert "\n" not in checked.problems[0] and "sys." not in checked.problems[0]
    path = tmp_path / "evil.geojson"
    path.write_bytes(HOSTILE_JSON[what])
    result = _cli("validate", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    expected = checked.problems[0].replace("evil.json", "evil.geojson")
    assert result.stderr.strip().splitlines() == [expected]
