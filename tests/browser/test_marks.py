"""Issue 21: what marks a year never gives way to another mark. On the timeline, the
markers of the year shown never overlap or touch one another; on the slider, the shown
year's own era mark, and the first and the last, are never the ones hidden."""

from __future__ import annotations

import pytest

from dashboard import ids
from dashboard.atlas.vocabulary import FIRST_YEAR, LAST_YEAR
from tests.browser.page import SIZES as SCREENS
from tests.browser.page import TIMELINE_MARKS, current_ids, open_page

pytestmark = pytest.mark.browser

SIZES = list(SCREENS.values())

# For every year, each pair of the year's own (current) markers on the timeline whose
# drawn shapes come less than 1 px apart: [year, id, id, gap in px]. The shapes are the
# markers' filled paths as the page drew them (their white outline, unseen on the white
# plot, left out), each outline sampled every ~0.2 px and placed where the canvas drew it; the
# years stepped with the page's own atlas.setYear.
TOUCHING = (
    TIMELINE_MARKS
    + """
const shapes = {};
marks.forEach(m => {
  const node = m.node, length = node.getTotalLength(), n = Math.max(24, Math.ceil(length / 0.2));
  const points = [];
  for (let k = 0; k < n; k++) {
    const p = node.getPointAtLength(length * k / n);
    points.push([p.x + m.x, p.y + m.y]);
  }
  shapes[m.id] = {x: m.x, y: m.y, points: points, node: node};
});
const inside = (a, b) => {  // b's middle within a's fill
  const pt = a.node.ownerSVGElement.createSVGPoint();
  pt.x = b.x - a.x; pt.y = b.y - a.y;
  return a.node.isPointInFill(pt);
};
const gap = (a, b) => {
  if (inside(a, b) || inside(b, a)) return 0;
  let best = Infinity;
  a.points.forEach(p => b.points.forEach(q => {
    const d = Math.hypot(p[0] - q[0], p[1] - q[1]);
    if (d < best) best = d;
  }));
  return best;
};
const out = [], counted = [];
const was = atlas.state.year;
for (let year = atlas.page.years[0]; year <= atlas.page.years[1]; year++) {
  atlas.setYear(year);
  const own = atlas.yearEvents().map(ev => ev.id).filter(id => shapes[id]);
  counted.push(own.length);
  for (let i = 0; i < own.length; i++) for (let j = i + 1; j < own.length; j++) {
    const a = shapes[own[i]], b = shapes[own[j]];
    if (Math.hypot(a.x - b.x, a.y - b.y) > 40) continue;  // no marker reaches 20 px
    const g = gap(a, b);
    if (g < 1) out.push([year, own[i], own[j], Math.round(g * 10) / 10]);
  }
}
atlas.setYear(was);
tsvg.remove();
return [out, counted, Object.keys(shapes).length, tgd.layout.meta];
"""
)


@pytest.mark.parametrize("size", SIZES)
def test_the_years_own_markers_on_the_timeline_never_touch(atlas_duo, atlas, size):
    open_page(atlas_duo, "?year=1950", size)
    touching, counted, drawn, meta = atlas_duo.driver.execute_script(TOUCHING)
    assert drawn == len(atlas.events)  # every event has its marker on the timeline
    # each year's own markers, as many as the Python rules show in it
    assert counted == [len(current_ids(atlas, year)) for year in range(FIRST_YEAR, LAST_YEAR + 1)]
    assert touching == [], f"{meta}: {touching[:10]}"
    assert meta["apart"] and meta["fits"]
    assert atlas_duo.get_logs() == []


# For each year that has an era mark the page draws at this size: that year shown, what
# each mark shows, after the slider has followed (two frames and a task).
ERAS = f"""
const done = arguments[arguments.length - 1];
const marks = () => [...document.querySelectorAll('#{ids.YEAR_SLIDER} .dash-slider-mark')];
const years = marks().filter(m => getComputedStyle(m).display !== 'none')
  .map(m => parseInt(m.textContent, 10));
const settle = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(
  () => setTimeout(r, 30))));
(async () => {{
  const out = [];
  for (const year of years) {{
    atlas.setYear(year);
    await settle();
    const thumb = document.querySelector('#{ids.YEAR_SLIDER} [role=slider]')
      .getBoundingClientRect();
    out.push({{year: year, thumb: [thumb.left, thumb.top, thumb.right, thumb.bottom],
      marks: marks().map(m => {{
        const s = getComputedStyle(m), b = m.getBoundingClientRect();
        return {{year: parseInt(m.textContent, 10), text: m.textContent,
                 drawn: s.display !== 'none',
                 shown: s.display !== 'none' && s.visibility !== 'hidden' && b.width > 0,
                 box: [b.left, b.top, b.right, b.bottom]}};
      }})}});
  }}
  done([years, out]);
}})();
"""


def overlap(a, b, margin: float = 0.5) -> bool:
    return (
        a[0] < b[2] - margin
        and b[0] < a[2] - margin
        and a[1] < b[3] - margin
        and b[1] < a[3] - margin
    )


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_the_shown_years_own_slider_mark_never_gives_way(atlas_duo, lang):
    """At each size, for each year with a mark the page draws (a phone's layout keeps
    four of the eight): with that year shown its mark shows, the first and last marks
    show, no two marks shown overlap, and the slider's thumb covers none."""
    driver = atlas_duo.driver
    driver.set_script_timeout(60)
    for size in SIZES:
        open_page(atlas_duo, f"?lang={lang}&year=1950", size)
        years, steps = driver.execute_async_script(ERAS)
        if size[0] >= 900:  # a wide screen draws all eight (a phone's layout, four)
            assert len(years) == 8, years
        assert years[0] == 1917 and years[-1] == 1991
        for step in steps:
            shown = [m for m in step["marks"] if m["shown"]]
            where = f"{lang} {size} {step['year']}: {[m['year'] for m in shown]}"
            assert step["year"] in [m["year"] for m in shown], where
            assert shown[0]["year"] == 1917 and shown[-1]["year"] == 1991, where
            for i, a in enumerate(shown):
                for b in shown[i + 1 :]:
                    assert not overlap(a["box"], b["box"]), (
                        f"{where}: {a['text']!r} / {b['text']!r}"
                    )
                assert not overlap(a["box"], step["thumb"], margin=1), (
                    f"{where}: thumb on {a['text']!r}"
                )
    assert atlas_duo.get_logs() == []
