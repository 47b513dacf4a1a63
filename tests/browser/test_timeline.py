"""Every event on the timeline can be seen, hovered and clicked on its own."""

from __future__ import annotations

import pytest

from dashboard import ids
from tests.browser.page import TIMELINE_MARKER, map_state, mouse, open_page, shown_year

pytestmark = pytest.mark.browser

HOVERED = (
    f"const gd = document.querySelector('#{ids.TIMELINE} .js-plotly-plot');"
    "return (gd._hoverdata || []).map(p => p.customdata);"
)
# Markers whose middle lies inside another marker's drawn shape (which would hide it).
COVERED = f"""
const points = [...document.querySelectorAll('#{ids.TIMELINE} .scatterlayer path.point')];
const at = p => (p.getAttribute('transform') || '').match(/translate\\(([^,]+),([^)]+)\\)/)
  .slice(1).map(Number);
const covered = [];
points.forEach((b, i) => {{
  const [bx, by] = at(b);
  points.forEach((a, j) => {{
    if (i === j) return;
    const [ax, ay] = at(a), pt = a.ownerSVGElement.createSVGPoint();
    pt.x = bx - ax; pt.y = by - ay;
    if (a.isPointInFill(pt)) covered.push([i, j]);
  }});
}});
return [points.length, covered];
"""


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_every_event_on_the_timeline_answers_on_its_own(atlas_duo, atlas, size):
    open_page(atlas_duo, "?year=1950", size)
    count, covered = atlas_duo.driver.execute_script(COVERED)
    assert count == len(atlas.events) and covered == []  # no marker's middle is covered
    # the pointer on each marker's middle hovers that event and no other
    for event_id in atlas.events["id"]:
        x, y, _ = atlas_duo.driver.execute_script(TIMELINE_MARKER, event_id)
        mouse(atlas_duo, x, y)
        assert atlas_duo.driver.execute_script(HOVERED) == [event_id]
    # the crowded spots of the issue (1950: five Moscow events; 1937; 1945; 1958; 1976)
    places = atlas.events.set_index("id")
    crowded = places[places["start_year"].isin([1937, 1945, 1950, 1958, 1976])]
    for event_id in list(crowded.index)[:: 2 if size[0] < 1900 else 1]:
        x, y, _ = atlas_duo.driver.execute_script(TIMELINE_MARKER, event_id)
        mouse(atlas_duo, x, y, click=True)
        atlas_duo.wait_for_text_to_equal(
            f"#{ids.DETAILS} .atlas-event-title", places.loc[event_id, "title"], timeout=10
        )
        assert map_state(atlas_duo)["selected"] == event_id
        assert shown_year(atlas_duo) == str(places.loc[event_id, "start_year"])
    assert atlas_duo.get_logs() == []
