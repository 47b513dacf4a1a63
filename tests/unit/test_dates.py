from datetime import date

import pytest

from dashboard.atlas import dates


@pytest.mark.parametrize(
    "text, first, last, label",
    [
        ("1934", date(1934, 1, 1), date(1934, 12, 31), "1934"),
        ("1950-02", date(1950, 2, 1), date(1950, 2, 28), "February 1950"),
        ("1952-02", date(1952, 2, 1), date(1952, 2, 29), "February 1952"),
        ("1950-02-14", date(1950, 2, 14), date(1950, 2, 14), "14 February 1950"),
    ],
)
def test_a_date_keeps_its_precision(text, first, last, label):
    parsed = dates.parse(text)
    assert (parsed.first_day, parsed.last_day, parsed.label()) == (first, last, label)


@pytest.mark.parametrize(
    "text", ["", "50", "1950-2", "1950/02/14", "1950-02-30", "1950-13", "year"]
)
def test_malformed_dates_are_refused_in_plain_words(text):
    with pytest.raises(ValueError, match="date"):
        dates.parse(text)


def test_span_label():
    assert dates.span_label("1937", "1941-08") == "1937 – August 1941"
    assert dates.span_label("1949-10-01", None) == "1 October 1949"


@pytest.mark.parametrize(
    "start, end, lang, label",
    [
        ("1945-08-09", None, "zh", "1945年8月9日"),
        ("1945-08", None, "zh", "1945年8月"),
        ("1937", "1941-08", "zh", "1937年 – 1941年8月"),
        ("1945-08-09", None, "ru", "9 августа 1945\u202fг."),
        ("1945-08", None, "ru", "август 1945\u202fг."),
        ("1969", None, "ru", "1969 г."),
        ("1945-08-09", None, "en", "9 August 1945"),
    ],
)
def test_a_date_reads_as_its_language_writes_dates(start, end, lang, label):
    assert dates.span_label(start, end, lang) == label
