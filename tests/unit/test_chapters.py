"""Chapters and the tour: built on the atlas's events, and reachable by links."""

import json

from dashboard.atlas.chapters import CHAPTERS, TOUR
from dashboard.page.callbacks import view_from_url


def test_chapters_cover_the_period_in_order_with_two_sentence_introductions():
    assert CHAPTERS[0].first == 1917 and CHAPTERS[-1].last == 1991
    for before, after in zip(CHAPTERS, CHAPTERS[1:]):
        assert after.first == before.last + 1
    for chapter in CHAPTERS:
        sentences = [s for s in chapter.intro.replace("?", ".").split(". ") if s.strip()]
        assert len(sentences) == 2, chapter.id


def test_every_step_is_an_atlas_event_of_its_chapter_in_order_of_years(atlas):
    events = atlas.events.set_index("id")
    for chapter in CHAPTERS:
        years = [events.loc[step.event, "start_year"] for step in chapter.steps]
        assert years == sorted(years), chapter.id  # within a year, the story's order
        for step in chapter.steps:
            assert chapter.first <= events.loc[step.event, "start_year"] <= chapter.last
    assert len(TOUR) == sum(len(c.steps) for c in CHAPTERS) >= 20


def test_a_tour_link_opens_its_step_and_a_chapter_link_its_introduction(atlas, settings):
    year, event, notice, story, state = view_from_url("?tour=3", atlas, settings)
    chapter, step = TOUR[2]
    assert (event, state["params"]) == (step.event, "tour=3")
    text = json.dumps([c.to_plotly_json() for c in story], default=lambda o: o.to_plotly_json())
    assert step.narrative in text and f"step 3 of {len(TOUR)}" in text
    assert "?tour=2" in text and "?tour=4" in text and notice == []

    year, event, notice, story, state = view_from_url("?chapter=the-split", atlas, settings)
    assert (year, event, state["params"]) == (1956, None, "chapter=the-split")
    text = json.dumps([c.to_plotly_json() for c in story], default=lambda o: o.to_plotly_json())
    assert "Khrushchev" in text

    for bad in ("?tour=0", f"?tour={len(TOUR) + 1}", "?tour=x", "?chapter=<b>"):
        year, event, notice, story, state = view_from_url(bad, atlas, settings)
        assert (year, event, story, state) == (settings.default_year, None, [], None)
        assert len(notice) == 1


def test_every_step_shows_its_event_inside_its_view(atlas):
    """The data contract of the views (issue 21): a chapter's or step's view holds the
    step's event, its marker and its whole shape (a route, an area), clear of the edge."""
    from dashboard.atlas.chapters import CHAPTER_VIEWS, STAGE, STEP_VIEWS, view_of

    events = atlas.events.set_index("id")
    assert set(CHAPTER_VIEWS) == {c.id for c in CHAPTERS}
    assert set(STEP_VIEWS) <= {step.event for _, step in TOUR}
    for chapter, step in TOUR:
        view = view_of(chapter, step)
        assert view.west < view.east and view.south < view.north, step.event
        row = events.loc[step.event]
        west, south, east, north = row.geometry.bounds
        inset = 0.5  # degrees: a marker on the very edge is half cut
        for lon, lat in ((row.lon, row.lat), (west, south), (east, north)):
            assert view.west + inset <= lon <= view.east - inset, step.event
            assert view.south + inset <= lat <= view.north - inset, step.event
    assert STAGE.holds(116.4, 39.9) and not STAGE.holds(-77.0, 38.9)  # Beijing, Washington
