"""Search that moves time (issue 24): the header's search box, driven with real keys.

A name typed in English, Chinese or Russian, period or modern, reaches its event: Enter
selects it, the year and the slider move, the details open. One typo still finds, and
Chinese is found inside words. `/` goes to the box and Escape leaves it; the query is in
the link and comes back with it; no keystroke asks the server for anything. A year is
typed over the year display or from the slider, whose value is read with its chapter.
"""

from __future__ import annotations

import time

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.atlas.chapters import CHAPTERS
from tests.browser.conftest import screenshot
from tests.browser.page import mouse, open_page, press, shown_year

ZHENBAO = {"border-conflict-1969", "border-agreement-1991"}
PORT_ARTHUR = {"soviet-rights-northeast-1945", "ports-returned-1955"}
URGA = {
    "xu-shuzheng-occupies-mongolia-1919",
    "ungern-sternberg-mongolia-1920",
    "soviet-mongolian-victory-1921",
    "mongolian-peoples-republic-1924",
}
MUKDEN = {"japan-invades-manchuria-1931", "kwantung-arms-to-ccp-1945"}
# the names, each in the languages a class would type it in
NAMES = [
    ("Zhenbao", ZHENBAO),
    ("Damansky", ZHENBAO),
    ("珍宝岛", ZHENBAO),
    ("Даманский", ZHENBAO),
    ("Port Arthur", PORT_ARTHUR),
    ("Lüshun", PORT_ARTHUR),
    ("旅顺", PORT_ARTHUR),
    ("Порт-Артур", PORT_ARTHUR),
    ("Dairen", {"soviet-rights-northeast-1945"}),
    ("Dalian", {"soviet-rights-northeast-1945"}),
    ("Urga", URGA),
    ("Ulaanbaatar", URGA),
    ("库伦", URGA),
    ("Улан-Батор", URGA),
    ("Tihwa", {"soviet-invasion-xinjiang-1934"}),
    ("Dihua", {"soviet-invasion-xinjiang-1934"}),
    ("Urumqi", {"soviet-invasion-xinjiang-1934"}),
    ("迪化", {"soviet-invasion-xinjiang-1934"}),
    ("Peking 1989", {"gorbachev-visits-beijing-1989"}),
    ("Beijing 1989", {"gorbachev-visits-beijing-1989"}),
    ("北京 1989", {"gorbachev-visits-beijing-1989"}),
    ("Пекин 1989", {"gorbachev-visits-beijing-1989"}),
    ("Mukden", MUKDEN),
    ("Shenyang", MUKDEN),
    ("沈阳", MUKDEN),
    ("Мукден", MUKDEN),
    # one typo in a Latin word; Chinese inside a word
    ("Damanskiy", ZHENBAO),
    ("Damamsky", ZHENBAO),
    ("Mukdan", MUKDEN),
    ("宝岛", ZHENBAO),
]
# the Chinese titles are indexed on the Chinese page (the others' font slice holds the
# Chinese of places only: tests/unit/test_aliases.py)
ZH_ONLY = [("顺港", {"ports-returned-1955"}), ("毛泽东 1976", {"mao-dies-1976"})]
STATE = (
    "const t = document.querySelector('#year-slider [role=slider]');"
    " return [atlas.state.selected, atlas.state.year, t && t.getAttribute('aria-valuenow'),"
    " document.activeElement && document.activeElement.id];"
)
SEARCH_READY = "return !!window.MiniSearch && atlas.search('Urga').length > 0;"
RESULTS = (
    "return [...document.querySelectorAll('#search-results [role=option]')]"
    ".filter(li => li.offsetParent).map(li => li.innerText.replace(/\\s+/g, ' '));"
)


def search_box(duo):
    return duo.find_element(f"#{ids.SEARCH_INPUT}")


def select_all(duo):
    ActionChains(duo.driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()


def type_query(duo, text: str):
    """Empty the box and type `text` into it, key by key."""
    search_box(duo).click()
    select_all(duo)
    press(duo, Keys.BACKSPACE, pause=0.05)
    for char in text:
        press(duo, char, pause=0.03)


def start_of(atlas, event_id: str) -> int:
    return int(atlas.events.set_index("id").loc[event_id, "start_year"])


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_every_name_reaches_its_event_in_every_language(atlas_duo, atlas, lang):
    open_page(atlas_duo, f"?year=1917&lang={lang}")
    until(lambda: atlas_duo.driver.execute_script(SEARCH_READY), timeout=10)
    for query, wanted in NAMES + (ZH_ONLY if lang == "zh" else []):
        atlas_duo.driver.execute_script("atlas.select(null); atlas.setYear(1917);")
        type_query(atlas_duo, query)
        until(lambda: atlas_duo.driver.execute_script(RESULTS), timeout=4)
        press(atlas_duo, Keys.ENTER)
        selected, year, slider, focused = atlas_duo.driver.execute_script(STATE)
        assert selected in wanted, (lang, query, selected)
        assert year == start_of(atlas, selected), (lang, query)
        until(lambda y=year: atlas_duo.driver.execute_script(STATE)[2] == str(y), timeout=4)
        until(lambda y=year: shown_year(atlas_duo) == str(y), timeout=4)
    title = atlas.events.set_index("id").loc[selected]
    title = title["title"] if lang == "en" else title[f"title_{lang}"]
    atlas_duo.wait_for_contains_text(f"#{ids.DETAILS}", title, timeout=10)
    assert atlas_duo.get_logs() == []


def test_arrow_keys_and_a_click_choose_a_result(atlas_duo, atlas):
    open_page(atlas_duo, "?year=1917")
    until(lambda: atlas_duo.driver.execute_script(SEARCH_READY), timeout=10)
    type_query(atlas_duo, "Port Arthur")
    results = atlas_duo.driver.execute_script(RESULTS)
    assert len(results) == 2 and all("Port Arthur" in r for r in results)
    assert results[0].split()[0] in {"1945", "1955"}  # the year, the title, the place
    press(atlas_duo, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ENTER)
    second = atlas_duo.driver.execute_script(STATE)[0]
    type_query(atlas_duo, "Port Arthur")
    first = atlas_duo.find_element("#search-results [role=option]")
    box = first.rect
    mouse(atlas_duo, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, click=True)
    selected, year, _, _ = atlas_duo.driver.execute_script(STATE)
    assert {selected, second} == PORT_ARTHUR and year == start_of(atlas, selected)
    assert atlas_duo.driver.execute_script(RESULTS) == []  # the list closed
    assert atlas_duo.get_logs() == []


def test_slash_escape_the_link_and_no_request_per_keystroke(atlas_duo):
    open_page(atlas_duo, "?q=Mukden&lang=ru")
    until(lambda: atlas_duo.driver.execute_script(RESULTS), timeout=10)
    # the link's query fills the box and lists its results, selecting nothing
    assert search_box(atlas_duo).get_attribute("value") == "Mukden"
    assert len(atlas_duo.driver.execute_script(RESULTS)) == 2
    assert atlas_duo.driver.execute_script(STATE)[0] is None
    atlas_duo.driver.execute_script("document.activeElement.blur()")
    press(atlas_duo, "/")
    assert atlas_duo.driver.execute_script(STATE)[3] == ids.SEARCH_INPUT
    requests = "return performance.getEntriesByType('resource').length"
    atlas_duo.driver.execute_script("performance.setResourceTimingBufferSize(5000)")
    time.sleep(0.5)
    before = atlas_duo.driver.execute_script(requests)
    select_all(atlas_duo)
    press(atlas_duo, Keys.BACKSPACE, pause=0.05)
    for char in "Порт-Артур":
        press(atlas_duo, char, pause=0.05)
    time.sleep(0.5)
    assert atlas_duo.driver.execute_script(requests) == before  # 0 requests per keystroke
    assert len(atlas_duo.driver.execute_script(RESULTS)) == 2
    until(lambda: "q=%D0%9F%D0%BE%D1%80%D1%82" in atlas_duo.driver.current_url, timeout=4)
    press(atlas_duo, Keys.ESCAPE)
    assert atlas_duo.driver.execute_script(STATE)[3] != ids.SEARCH_INPUT
    assert atlas_duo.driver.execute_script(RESULTS) == []
    # a key of the page's works again: the year steps
    year = atlas_duo.driver.execute_script(STATE)[1]
    press(atlas_duo, Keys.ARROW_RIGHT)
    assert atlas_duo.driver.execute_script(STATE)[1] == year + 1
    # a link's query comes back with the link
    atlas_duo.driver.get(atlas_duo.driver.current_url)
    until(lambda: atlas_duo.driver.execute_script(RESULTS), timeout=20)
    assert search_box(atlas_duo).get_attribute("value") == "Порт-Артур"
    assert atlas_duo.get_logs() == []


def test_a_bad_or_long_query_in_the_link_is_harmless(atlas_duo):
    open_page(atlas_duo, "?q=" + "%3Cscript%3E" + "x" * 1500)
    value = search_box(atlas_duo).get_attribute("value")
    assert len(value) <= 100 and value.startswith("<script>")
    assert atlas_duo.driver.execute_script("return document.querySelectorAll('script').length")
    assert atlas_duo.driver.execute_script(
        "return [...document.querySelectorAll('#search-results *')].every("
        "el => el.tagName === 'LI' || el.tagName === 'SPAN')"
    )
    assert atlas_duo.get_logs() == []


def test_a_year_typed_over_the_year_display_and_from_the_slider(atlas_duo):
    open_page(atlas_duo, "?year=1930")
    year_box = atlas_duo.find_element(f"#{ids.YEAR_DISPLAY}").rect
    mouse(
        atlas_duo,
        year_box["x"] + year_box["width"] / 2,
        year_box["y"] + year_box["height"] / 2,
        click=True,
    )
    assert atlas_duo.driver.execute_script(STATE)[3] == ids.YEAR_INPUT
    for key in "1969":
        press(atlas_duo, key, pause=0.05)
    press(atlas_duo, Keys.ENTER)
    until(lambda: shown_year(atlas_duo) == "1969", timeout=4)
    until(lambda: atlas_duo.driver.execute_script(STATE)[1:3] == [1969, "1969"], timeout=4)
    # the slider, focused: digits, then Enter
    atlas_duo.driver.execute_script("document.querySelector('#year-slider [role=slider]').focus()")
    for key in "1950":
        press(atlas_duo, key, pause=0.05)
    press(atlas_duo, Keys.ENTER)
    until(lambda: atlas_duo.driver.execute_script(STATE)[1:3] == [1950, "1950"], timeout=4)
    assert (
        atlas_duo.driver.execute_script("return document.activeElement.getAttribute('role')")
        == "slider"
    )
    chapter = next(c for c in CHAPTERS if c.first <= 1950 <= c.last)
    text = atlas_duo.find_element(f"#{ids.YEAR_SLIDER} [role=slider]").get_attribute(
        "aria-valuetext"
    )
    assert text.startswith("1950") and chapter.title in text
    # a year out of range is refused, and Escape keeps the year
    press(atlas_duo, "2", "0", "2", "4", Keys.ENTER)
    assert (
        atlas_duo.driver.execute_script(
            f"return document.getElementById('{ids.YEAR_INPUT}').getAttribute('aria-invalid')"
        )
        == "true"
    )
    press(atlas_duo, Keys.ESCAPE)
    assert atlas_duo.driver.execute_script(STATE)[1] == 1950
    assert atlas_duo.get_logs() == []


AXE_HEADER = """
const done = arguments[arguments.length - 1];
axe.run(document.querySelector('header'), {resultTypes: ['violations']}).then(r => done(
  r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))])));
"""


@pytest.mark.parametrize(
    "lang, size",
    [("en", (1920, 1080)), ("zh", (1920, 1080)), ("en", (390, 844)), ("zh", (390, 844))],
)
def test_the_header_with_results_open_is_accessible(atlas_duo, axe_source, lang, size):
    query = "Port Arthur" if lang == "en" else "旅顺"
    open_page(atlas_duo, f"?year=1950&lang={lang}", size=size)
    until(lambda: atlas_duo.driver.execute_script(SEARCH_READY), timeout=10)
    type_query(atlas_duo, query)
    press(atlas_duo, Keys.ARROW_DOWN)
    assert atlas_duo.driver.execute_script(RESULTS)
    screenshot(atlas_duo, f"search-{lang}-{size[0]}x{size[1]}")
    if size[0] < 600:  # nothing wider than the phone
        assert (
            atlas_duo.driver.execute_script("return document.documentElement.scrollWidth")
            == size[0]
        )
    atlas_duo.driver.execute_script(axe_source)
    atlas_duo.driver.set_script_timeout(60)
    assert atlas_duo.driver.execute_async_script(AXE_HEADER) == []
    assert atlas_duo.get_logs() == []


def test_a_teachers_uploaded_events_are_found_too(atlas_duo, tmp_path):
    """An upload goes into the index as the page gets it (atlas.setEvents): its title
    and its place, with a typo; the shipped events stay found."""
    from tests.unit.test_teacher import GOOD, as_csv

    open_page(atlas_duo, "?year=1930")
    until(lambda: atlas_duo.driver.execute_script(SEARCH_READY), timeout=10)
    atlas_duo.find_element(".atlas-yours summary").click()
    lesson = tmp_path / "lesson.csv"
    lesson.write_bytes(as_csv({**GOOD, "title": "Our choir sings in Vladivostok"}))
    atlas_duo.find_element(f"#{ids.UPLOAD} input[type=file]").send_keys(str(lesson))
    atlas_duo.wait_for_contains_text(f"#{ids.UPLOAD_REPORT}", "Added 1 event", timeout=10)
    until(
        lambda: atlas_duo.driver.execute_script("return atlas.search('choir').length") == 1,
        timeout=10,
    )
    for query in ("choir", "Harbim"):  # its title; its place, one letter wrong
        type_query(atlas_duo, query)
        until(lambda: atlas_duo.driver.execute_script(RESULTS), timeout=4)
        press(atlas_duo, Keys.ENTER)
        selected, year, _, _ = atlas_duo.driver.execute_script(STATE)
        assert selected.startswith("upload-") and year == 1956, query
    type_query(atlas_duo, "Даманский")
    press(atlas_duo, Keys.ENTER)
    assert atlas_duo.driver.execute_script(STATE)[0] in ZHENBAO
    assert atlas_duo.get_logs() == []
