"""The side panel keeps a story in sight: a chapter or the guided tour opened from the
panel's foot, and the tour stepped on, show their box, not the panel where it was."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.atlas.chapters import CHAPTERS, TOUR
from tests.browser.page import open_page, press

pytestmark = pytest.mark.browser

# The story's box against the side panel's visible part: [the box's top and the panel's
# top and bottom (px in the window), the panel's scrollTop, the window's scrollY].
STORY_IN_PANEL = (
    f"const box = document.getElementById('{ids.STORY}'), side = box.closest('.atlas-side');"
    "const b = box.getBoundingClientRect(), s = side.getBoundingClientRect();"
    "return [b.top, s.top, s.bottom, side.scrollTop, window.scrollY];"
)
# the panel scrolled so that a link of it is in its middle
SCROLL_TO = "arguments[0].scrollIntoView({block: 'center'});"


def story_in_sight(duo) -> bool:
    top, side_top, side_bottom, _, page_scroll = duo.driver.execute_script(STORY_IN_PANEL)
    return side_top - 1 <= top <= side_bottom - 100 and page_scroll == 0


def test_a_story_opened_or_stepped_from_the_panels_foot_is_in_sight(atlas_duo):
    """At 1366x768 the chapters and the tour's link are below the panel's first screen;
    opened from there, the story's box (its text, Previous and Next) was above the
    panel's top, and each Next pushed it further up."""
    open_page(atlas_duo, "?year=1969", (1366, 768))
    link = atlas_duo.find_element(".atlas-side a[href='?tour=1']")
    atlas_duo.driver.execute_script(SCROLL_TO, link)
    assert atlas_duo.driver.execute_script(STORY_IN_PANEL)[3] > 100  # scrolled down
    link.click()
    atlas_duo.wait_for_contains_text(f"#{ids.STORY}", TOUR[0][1].narrative[:40], timeout=10)
    until(lambda: story_in_sight(atlas_duo), timeout=5)
    for step in (1, 2):
        press(atlas_duo, Keys.PAGE_DOWN)
        atlas_duo.wait_for_contains_text(f"#{ids.STORY}", TOUR[step][1].narrative[:40], 10)
        until(lambda: story_in_sight(atlas_duo), timeout=5)
    chapter = atlas_duo.find_element(".atlas-chapters a[href='?chapter=the-split']")
    atlas_duo.driver.execute_script(SCROLL_TO, chapter)
    chapter.click()
    atlas_duo.wait_for_contains_text(f"#{ids.STORY}", CHAPTERS[3].intro[:40], timeout=10)
    until(lambda: story_in_sight(atlas_duo), timeout=5)
    assert atlas_duo.get_logs() == []
