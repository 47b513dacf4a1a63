"""Issue 25: the header is on the screen before any script has run (the first
response carries it: dashboard/page/first_view.py), and it is where the page draws it
once React and the page's scripts have: nothing moves when they take over."""

from __future__ import annotations

import pytest

from tests.browser.page import SIZES, drawn, set_size

pytestmark = pytest.mark.browser

# Each part of the header: its box (rounded px) and whether it shows, and its text.
HEADER = """
return ['.atlas-title', '.atlas-subtitle', '.atlas-langs', '.atlas-present-toggle',
        '.atlas-big-map-toggle', '.atlas-year'].map(s => {
  const el = document.querySelector(s), b = el.getBoundingClientRect();
  return [s, [b.left, b.top, b.width, b.height].map(Math.round),
          getComputedStyle(el).display !== 'none', el.textContent];
});
"""


@pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_header_is_drawn_before_any_script_and_nothing_moves_after(atlas_duo, size, lang):
    driver = atlas_duo.driver
    set_size(atlas_duo, *size)
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    driver.get(f"{atlas_duo.server_url}/?lang={lang}")
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    before = driver.execute_script(HEADER)  # the first response alone: no script has run
    assert driver.execute_script("return !window.dash_clientside && !window.atlas")
    driver.get(f"{atlas_duo.server_url}/?lang={lang}")
    drawn(atlas_duo)
    after = driver.execute_script(HEADER)
    assert before == after
    assert before[0][2] and before[0][3] in ("China and Soviet power", "中国与苏维埃政权")
