"""Contested events in the browser (issue 23): the two accounts side by side in three
languages, one after the other on a phone, large enough for a projector; the contested
mark on the map and the timeline; the switch that shows only contested events."""

from __future__ import annotations

import time

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.atlas.data import contested
from dashboard.atlas.years import event_phase
from tests.browser.conftest import screenshot
from tests.browser.page import TIMELINE_MARKS, expected_events, open_page, press
from tests.browser.test_browser import TEXT_SIZES

pytestmark = pytest.mark.browser

# The two accounts' boxes, in order (China's first), and what each holds.
ACCOUNTS = f"""
return [...document.querySelectorAll('#{ids.DETAILS} .atlas-account')].map(el => {{
  const b = el.getBoundingClientRect();
  return {{x: b.left, y: b.top, w: b.width, h: b.height, text: el.innerText,
           side: el.className, type: !!el.querySelector('.atlas-account-type'),
           cited: !!el.querySelector('.atlas-quote, .atlas-account-added')}};
}});
"""
MARKS = """
const count = id => document.querySelectorAll(
  '#' + id + '-overlay g.atlas-contested g[data-mark]').length;
return [count('map'), count('timeline')];
"""
FADED = TIMELINE_MARKS + "tsvg.remove(); return marks.filter(m => m.alpha === 0.2).length;"
# What the page has placed on the map for the year and filters (id -> layer), and the
# selection: its own state, however it draws the markers (SVG nodes or a canvas).
SHOWN = """
const out = {}, n = atlas.mapNodes();
(n && n.shown || []).forEach(e => { if (!e.offmap) out[e.id] = e.layer; });
return [out, atlas.state.selected];
"""
YEAR_LIST = f"""
return [...document.querySelectorAll('#{ids.YEAR_EVENTS} button[data-event]')]
  .map(b => b.getAttribute('data-event'));
"""
# The two accounts brought to the top of the view (the page's on a phone, the side
# panel's otherwise), for the screenshots.
SHOW_ACCOUNTS = f"""
const el = document.querySelector('#{ids.DETAILS} ' + (arguments[0] || '.atlas-two-accounts'));
document.documentElement.style.scrollBehavior = 'auto';  // Bootstrap's is smooth
el.scrollIntoView({{block: 'start'}});
"""
HEADINGS = {
    "en": ("Two accounts", "The Chinese account", "The Soviet account"),
    "zh": ("两方叙述", "中方的叙述", "苏方的叙述"),
    "ru": ("Две версии", "Китайская версия", "Советская версия"),
}


def contested_shown(atlas, year) -> dict[str, str]:
    """What the map draws for `year` with only contested events: id -> layer."""
    told = atlas.events[contested(atlas.events)]
    phases = {
        i: event_phase(s, e, year)
        for i, s, e in zip(told["id"], told["start_year"], told["end_year"])
    }
    return {i: phase for i, phase in phases.items() if phase != "future"}


def open_accounts(duo, lang: str, size, extra: str = ""):
    open_page(duo, f"?event=border-conflict-1969&lang={lang}{extra}", size)
    duo.wait_for_contains_text(f"#{ids.DETAILS} .atlas-account-china", HEADINGS[lang][1], 10)
    return duo.driver.execute_script(ACCOUNTS)


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_the_two_accounts_side_by_side_in_each_language(atlas_duo, atlas, lang):
    china, soviet = open_accounts(atlas_duo, lang, (1920, 1080))
    event = atlas.events.set_index("id").loc["border-conflict-1969"]
    assert HEADINGS[lang][1] in china["text"] and HEADINGS[lang][2] in soviet["text"]
    assert event["accounts"]["china"]["name"]["text"] in china["text"]
    assert event["accounts"]["soviet"]["name"]["text"] in soviet["text"]
    if lang != "en":  # each telling in the page's language
        assert event[f"accounts_{lang}"]["soviet"]["text"] in soviet["text"]
    assert china["type"] and soviet["type"] and china["cited"] and soviet["cited"]
    assert abs(china["y"] - soviet["y"]) < 2 and china["x"] + china["w"] <= soviet["x"]
    assert min(china["w"], soviet["w"]) > 200  # two readable columns
    # the mark: on the map for the contested events the year shows, on the timeline for all
    on_map, on_timeline = atlas_duo.driver.execute_script(MARKS)
    assert on_map == len(contested_shown(atlas, 1969))
    assert on_timeline == int(contested(atlas.events).sum())
    atlas_duo.driver.execute_script(SHOW_ACCOUNTS)
    time.sleep(0.2)
    screenshot(atlas_duo, f"two-accounts-1920x1080-{lang}")
    assert atlas_duo.get_logs() == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_the_accounts_come_one_after_the_other(atlas_duo, lang):
    try:
        china, soviet = open_accounts(atlas_duo, lang, (390, 844))
        assert soviet["y"] >= china["y"] + china["h"] - 1  # one after the other
        for box in (china, soviet):
            assert 0 <= box["x"] and box["x"] + box["w"] <= 390 and box["w"] > 300
        too_wide = atlas_duo.driver.execute_script(
            "return [document.documentElement.scrollWidth, [...document.querySelectorAll("
            "'body *')].filter(e => e.getBoundingClientRect().right > 391)"
            ".map(e => e.tagName + ' in ' + (e.closest('[id]') || {}).id)]"
        )
        assert too_wide == [390, []]
        for part, name in ((".atlas-two-accounts", ""), (".atlas-account-soviet", "-soviet")):
            atlas_duo.driver.execute_script(SHOW_ACCOUNTS, part)
            time.sleep(0.3)
            screenshot(atlas_duo, f"two-accounts-phone-390x844-{lang}{name}")
        assert atlas_duo.get_logs() == []
    finally:
        atlas_duo.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_switch_shows_only_contested_events_and_page_down_follows_it(atlas_duo, atlas):
    open_page(atlas_duo, "?year=1969")

    def shown():
        return atlas_duo.driver.execute_script(SHOWN)

    everything = shown()[0]
    switch = atlas_duo.find_element(f"#{ids.CONTESTED_FILTER} input")
    switch.click()
    until(lambda: shown()[0] == contested_shown(atlas, 1969), timeout=10)
    assert atlas_duo.driver.execute_script(YEAR_LIST) == ["border-conflict-1969"]
    faded = atlas_duo.driver.execute_script(FADED)
    assert faded == len(atlas.events) - int(contested(atlas.events).sum())
    # the clicker goes from contested event to contested event
    atlas_duo.find_element("body").click()
    press(atlas_duo, Keys.PAGE_DOWN, pause=0.3)
    until(lambda: shown()[1] == "border-conflict-1969", timeout=10)
    press(atlas_duo, Keys.PAGE_DOWN, pause=0.3)
    until(lambda: shown()[1] == "china-invades-vietnam-1979", timeout=10)
    screenshot(atlas_duo, "contested-only-1979")
    switch.click()  # off again: everything of the year, nothing faded
    until(lambda: shown()[0] == expected_events(atlas, 1979), timeout=10)
    assert atlas_duo.driver.execute_script(FADED) == 0
    assert everything == expected_events(atlas, 1969)
    assert atlas_duo.get_logs() == []


def test_in_projector_mode_the_accounts_keep_every_text_at_18_px(atlas_duo):
    open_accounts(atlas_duo, "ru", (1920, 1080), "&mode=present")
    root = "return document.documentElement.classList.contains('atlas-present')"
    until(lambda: atlas_duo.driver.execute_script(root), timeout=10)
    atlas_duo.driver.execute_script(SHOW_ACCOUNTS)
    sizes = atlas_duo.driver.execute_script(TEXT_SIZES)
    seen = " | ".join(text for text, _ in sizes)
    assert "Советская версия" in seen and "Только спорные" in seen
    small = [(text, size) for text, size in sizes if size < 18]
    assert small == [], small
    screenshot(atlas_duo, "two-accounts-present-1920x1080-ru")
