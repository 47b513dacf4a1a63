"""A link's ?year= and ?event= are read without trusting them."""

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.atlas.urlstate import MAX_QUERY, parse_query

EVENTS = {"border-conflict-1969": 1969, "treaty-of-friendship-1950": 1950}


def test_a_valid_year_opens_that_year():
    assert parse_query("?year=1969", EVENTS, 1950).year == 1969


def test_an_event_opens_in_its_year():
    state = parse_query("?event=border-conflict-1969", EVENTS, 1950)
    assert (state.year, state.event, state.notices) == (1969, "border-conflict-1969", ())


def test_an_explicit_year_wins_over_the_events_year():
    state = parse_query("?year=1972&event=border-conflict-1969", EVENTS, 1950)
    assert (state.year, state.event) == (1972, "border-conflict-1969")


def test_no_query_is_the_default_view():
    assert parse_query("", EVENTS, 1950) == parse_query(None, EVENTS, 1950)
    assert parse_query("", EVENTS, 1950).notices == ()


def test_bad_values_fall_back_with_a_notice():
    for query in ["?year=1916", "?year=1992", "?year=19x9", "?year=", "?year=١٩٦٩", "?year=1969.5"]:
        state = parse_query(query, EVENTS, 1950)
        assert state.year == 1950 and len(state.notices) == 1, query
    state = parse_query("?event=../../etc/passwd", EVENTS, 1950)
    assert state.event is None and "not in the atlas" in state.notices[0]
    for asked in ("mode", "view"):  # the page would ignore it: the notice says so
        state = parse_query(f"?year=1969&{asked}=xx", EVENTS, 1950)
        assert state.year == 1969 and state.notices == (
            f"The {asked} in the link is not known; showing the usual view.",
        )
    assert parse_query("?year=1969&mode=present&view=map", EVENTS, 1950).notices == ()


def test_an_oversized_query_is_not_parsed():
    state = parse_query("?year=1969&x=" + "a" * MAX_QUERY, EVENTS, 1950)
    assert state.year == 1950 and state.notices


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_query_gives_a_valid_view_and_never_reflects_input(query):
    state = parse_query(query, EVENTS, 1950)
    assert 1917 <= state.year <= 1991
    assert state.event in (None, *EVENTS)
    for notice in state.notices:
        assert "<" not in notice and (len(query) < 8 or query not in notice)
