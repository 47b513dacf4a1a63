"""Spreadsheet files as teachers have them, read into rows of cells.

Excel in Germany, France or Russia writes `;` between columns even for "CSV UTF-8";
its "Unicode text" is UTF-16 with tabs; an older Excel saves in the computer's own
code page (Windows-1252 in Western Europe, Windows-1251 in Russia); and many teachers
never leave the workbook (.xlsx, or .ods from LibreOffice). So:

- a workbook is read directly (its first sheet), by pandas with openpyxl or odfpy, after
  checking that the archive does not unpack to more than MAX_UNPACKED bytes;
- text is UTF-8 (with or without a BOM) or UTF-16 (with its BOM); other bytes are read
  as Windows-1251 when they make Cyrillic letters, else as Windows-1252, with a note;
- the delimiter is the one of `,` `;` and tab that makes the most known column names
  of the header, with a note when it is not a comma.

What was guessed is said in `notes`, so that the teacher can check it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd

MAX_UNPACKED = 20_000_000  # a 1 MB workbook unpacks to a few MB; a zip bomb to far more
DELIMITERS = {",": "a comma", ";": "a semicolon", "\t": "a tab"}


@dataclass
class Sheet:
    """A file's header and rows (cells as text, blank as None), or why it cannot be read."""

    header: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def is_workbook(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")  # a zip archive: .xlsx, .ods, .numbers


def read_workbook(data: bytes, name: str) -> Sheet:
    """The first sheet of an .xlsx or .ods workbook."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return Sheet(problems=[f"{name}: a damaged workbook; save it again, or as 'CSV UTF-8'"])
    if unpacked > MAX_UNPACKED:
        return Sheet(problems=[f"{name}: the workbook unpacks to over 20 MB; save it as CSV"])
    if "xl/workbook.xml" in names:
        engine = "openpyxl"
    elif "content.xml" in names and "mimetype" in names:
        engine = "odf"
    else:
        return Sheet(problems=[f"{name}: a workbook the atlas cannot read; save it as CSV"])
    try:
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=str, engine=engine)
    except Exception as error:  # a library's own message for a malformed workbook
        return Sheet(problems=[f"{name}: the workbook cannot be read ({type(error).__name__})"])
    frame = frame.astype(object).where(frame.notna(), None)
    header = [str(c).strip() for c in frame.columns]
    frame.columns = header
    note = f"{name}: read from the workbook's first sheet"
    return Sheet(header, frame.to_dict("records"), [note])


# control characters no spreadsheet writes: a picture or a program named .csv
BINARY = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode(data: bytes, name: str) -> tuple[str | None, list[str], list[str]]:
    """(the file's text or None, notes on how it was read, problems)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        notes = [f"{name}: read as UTF-16 (Excel's 'Unicode text')"]
    else:
        try:
            text, notes = data.decode("utf-8-sig"), []
        except UnicodeDecodeError:
            text, notes = _legacy(data, name)
    if text is None or _binary(text):
        return None, [], [f"{name}: not a text file; save it as 'CSV UTF-8' or as GeoJSON"]
    return text, notes, []


def _binary(text: str) -> bool:
    """A picture or a program: control bytes in its first line, or many of them. One NUL
    in a cell of a real spreadsheet is left for the field's own check to name."""
    first_line = text[:1024].split("\n", 1)[0]
    return bool(BINARY.search(first_line)) or len(BINARY.findall(text)) > len(text) / 100


def _legacy(data: bytes, name: str) -> tuple[str, list[str]]:
    """Text from a Windows code page: 1251 when it makes Cyrillic words, else 1252. A
    Russian word read as 1251 is Cyrillic letters side by side; 'Hárbin' read as 1251 is
    one Cyrillic letter between Latin ones."""
    cyrillic = data.decode("cp1251", errors="replace")

    def is_cyrillic(c: str) -> bool:
        return "\u0400" <= c <= "\u04ff"

    pairs = list(zip(cyrillic, cyrillic[1:]))
    words = sum(is_cyrillic(a) and is_cyrillic(b) for a, b in pairs)
    mixed = sum(is_cyrillic(a) != is_cyrillic(b) and (a + b).isalpha() for a, b in pairs)
    if words > mixed:
        page = "Windows-1251 (Cyrillic)"
        text = cyrillic
    else:
        page = "Windows-1252 (Western European)"
        text = data.decode("cp1252", errors="replace")
    note = f"{name}: not UTF-8; read as {page}. Check the text, or save it as 'CSV UTF-8'"
    return text, [note]


def delimiter(first_line: str, known: tuple[str, ...]) -> str:
    """The delimiter whose split of the header gives the most known column names."""

    def score(mark: str) -> int:
        return sum(cell.strip().strip('"') in known for cell in first_line.split(mark))

    return max(DELIMITERS, key=score)  # ties: the comma, listed first


def read_text(text: str, name: str, known: tuple[str, ...], max_rows: int) -> Sheet:
    """A delimited text file: its header and rows (row 1 is the header)."""
    mark = delimiter(text.split("\n", 1)[0], known)
    notes = [] if mark == "," else [f"{name}: columns separated by {DELIMITERS[mark]}"]
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=mark)
        header = [h.strip() for h in reader.fieldnames or []]
        reader.fieldnames = header
        rows = []
        for number, row in enumerate(reader, start=2):
            if number - 1 > max_rows:
                return Sheet(problems=[f"{name}: more than {max_rows} rows; nothing was read"])
            if None in row:
                return Sheet(
                    header, rows, notes, [f"{name}, row {number}: more cells than columns"]
                )
            rows.append(row)
    except csv.Error as error:
        return Sheet(problems=[f"{name}: not a readable CSV file ({error})"])
    return Sheet(header, rows, notes)
