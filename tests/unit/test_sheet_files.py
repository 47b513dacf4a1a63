"""Spreadsheet files as teachers have them: `;` from a German, French or Russian Excel,
UTF-16 "Unicode text", old Windows code pages, .xlsx and .ods workbooks, and one date
order per file. What had to be guessed is said in a note."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from dashboard.classroom.teacher import TEMPLATE_COLUMNS, check_bytes
from tests.unit.test_teacher import GOOD

ROWS = [GOOD, {**GOOD, "title": "A second visit", "start": "1958", "place": "Шэньян"}]


def delimited(rows, mark: str) -> str:
    frame = pd.DataFrame(rows, columns=TEMPLATE_COLUMNS)
    return frame.to_csv(index=False, sep=mark, lineterminator="\r\n")


def test_semicolons_as_excel_writes_them_in_much_of_europe():
    data = b"\xef\xbb\xbf" + delimited(ROWS, ";").encode("utf-8")
    checked = check_bytes(data, "klasse.csv")
    assert checked.problems == [] and len(checked.events) == 2
    assert checked.notes == ["klasse.csv: columns separated by a semicolon"]
    assert checked.events[1].place == "Шэньян"


def test_excels_unicode_text_utf16_with_tabs():
    checked = check_bytes(delimited(ROWS, "\t").encode("utf-16"), "unicode.txt")
    assert checked.problems == [] and len(checked.events) == 2
    assert "read as UTF-16" in checked.notes[0] and "separated by a tab" in checked.notes[1]


@pytest.mark.parametrize(
    ("place", "encoding", "page"),
    [("Шэньян", "cp1251", "Windows-1251"), ("Hárbin", "cp1252", "Windows-1252")],
)
def test_old_windows_code_pages_are_read_with_a_note(place, encoding, page):
    text = delimited([{**GOOD, "place": place}], ";")
    checked = check_bytes(text.encode(encoding), "old.csv")
    assert checked.problems == [] and checked.events[0].place == place
    assert any(page in note for note in checked.notes)


@pytest.mark.parametrize("engine", ["openpyxl", "odf"])
def test_workbooks_are_read_directly(engine, tmp_path):
    path = tmp_path / ("book.xlsx" if engine == "openpyxl" else "book.ods")
    frame = pd.DataFrame(ROWS, columns=TEMPLATE_COLUMNS)
    frame["lat"] = frame["lat"].astype(float)  # numbers as a workbook holds them
    frame.to_excel(path, index=False, engine=engine)
    checked = check_bytes(path.read_bytes(), path.name)
    assert checked.problems == [] and len(checked.events) == 2
    assert checked.events[0].lat == pytest.approx(45.75)
    assert "first sheet" in checked.notes[0]


def test_a_workbook_that_unpacks_to_too_much_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 25_000_000)
    assert len(buffer.getvalue()) < 1_000_000
    checked = check_bytes(buffer.getvalue(), "bomb.xlsx")
    assert checked.events == [] and "unpacks to over 20 MB" in checked.problems[0]


def test_one_date_order_per_file():
    rows = [{**GOOD, "start": "13/03/1969"}, {**GOOD, "title": "Next", "start": "02/03/1969"}]
    checked = check_bytes(delimited(rows, ",").encode(), "dates.csv")
    assert checked.problems == []
    assert [e.start for e in checked.events] == ["1969-03-13", "1969-03-02"]
    assert "read day first, as '13/03/1969'" in checked.notes[0]
    alone = check_bytes(delimited(rows[1:], ",").encode(), "dates.csv")
    assert "could be 2 March 1969 or 3 February 1969" in alone.problems[0]  # still asked
    both = rows + [{**GOOD, "title": "US style", "start": "03/14/1969"}]
    mixed = check_bytes(delimited(both, ",").encode(), "dates.csv")
    assert any("could be" in p for p in mixed.problems) and mixed.notes == []
