"""A teacher's file for the benchmarks: made-up events, seeded, so every run and every
machine gets the same file.

    python bench/data/make_teacher_file.py                    # 2,000 rows to stdout
    python bench/data/make_teacher_file.py --rows 500 -o /tmp/teacher-500.csv

The rows are in the template's columns (dashboard.classroom.teacher.TEMPLATE_COLUMNS),
spread over 1917-1991 and twelve places of the region, in every category, with dates
written to the year, the month or the day and a third of them with an end; the file
passes `python -m dashboard validate`. 2,000 rows is a teacher's file at its limit
(teacher.MAX_ROWS). Not history: a load to measure the page with (issue 25).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import io
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from dashboard.atlas.vocabulary import CATEGORIES, FIRST_YEAR, LAST_YEAR  # noqa: E402
from dashboard.classroom.teacher import MAX_ROWS, TEMPLATE_COLUMNS  # noqa: E402

SEED = 25
PLACES = [  # (place, lat, lon)
    ("Moscow", 55.76, 37.62),
    ("Beijing", 39.90, 116.40),
    ("Harbin", 45.75, 126.65),
    ("Ulaanbaatar", 47.92, 106.92),
    ("Urumqi", 43.83, 87.62),
    ("Vladivostok", 43.12, 131.89),
    ("Pyongyang", 39.02, 125.75),
    ("Hanoi", 21.03, 105.85),
    ("Kabul", 34.53, 69.17),
    ("Shanghai", 31.23, 121.47),
    ("Irkutsk", 52.29, 104.30),
    ("Alma-Ata", 43.24, 76.89),
]
WHAT = [
    "A delegation arrives in",
    "Engineers report from",
    "A newspaper in",
    "Students write home from",
    "A trade fair opens in",
    "Border talks resume near",
    "A consulate reports from",
    "A factory is opened in",
]


def _date(rng: random.Random, year: int) -> tuple[str, tuple[int, int, int], tuple[int, int, int]]:
    """A date of `year` written to the year, the month or the day; and its first and
    last day."""
    precision = rng.choice(("year", "month", "day", "day"))
    if precision == "year":
        return f"{year}", (year, 1, 1), (year, 12, 31)
    month = rng.randint(1, 12)
    last = calendar.monthrange(year, month)[1]
    if precision == "month":
        return f"{year}-{month:02d}", (year, month, 1), (year, month, last)
    day = rng.randint(1, last)
    return f"{year}-{month:02d}-{day:02d}", (year, month, day), (year, month, day)


def rows(count: int, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        place, lat, lon = rng.choice(PLACES)
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        start, _, start_last = _date(rng, year)
        end = ""
        if rng.random() < 1 / 3:
            end_year = min(LAST_YEAR, year + rng.choice((0, 0, 1, 2, 5)))
            end, _, end_last = _date(rng, end_year)
            if end_last < start_last:  # the end must not come before the start
                end = ""
        out.append(
            {
                "title": f"{rng.choice(WHAT)} {place} (no. {n + 1})",
                "start": start,
                "end": end,
                "place": place,
                # a little apart, as a teacher's places in one city would be
                "lat": round(lat + rng.uniform(-0.2, 0.2), 4),
                "lon": round(lon + rng.uniform(-0.2, 0.2), 4),
                "category": rng.choice(CATEGORIES),
                "summary": f"Made-up event {n + 1} for the benchmarks: what happened in "
                f"{place}, in a sentence or two.",
                "source": f"Benchmark source {n % 40 + 1}, page {rng.randint(1, 400)}",
                "quote": "The words of the source, as they stand, in a line or two.",
                "id": "",
                "theater": "",
                "note": "",
            }
        )
    return out


def teacher_csv(count: int, seed: int = SEED) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TEMPLATE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(count, seed))
    return buffer.getvalue()


def write(path: Path, count: int, seed: int = SEED) -> Path:
    """Write the file of `count` rows to `path` (its folder made if need be)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(teacher_csv(count, seed), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=MAX_ROWS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("-o", "--output", type=Path, help="the CSV to write (else stdout)")
    args = parser.parse_args()
    if not 0 < args.rows <= MAX_ROWS:
        parser.error(f"--rows must be 1 to {MAX_ROWS}, a teacher's file's limit")
    if args.output:
        write(args.output, args.rows, args.seed)
    else:
        sys.stdout.write(teacher_csv(args.rows, args.seed))


if __name__ == "__main__":
    main()
