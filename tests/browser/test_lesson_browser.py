"""A lesson in the browser: a teacher publishes a class set with a key and a student
opens its link in a second browser without one; a chapter printed to PDF, by the
browser from the print page and by the server, each checked page by page."""

from __future__ import annotations

import base64
import io
import urllib.request
from dataclasses import replace

import pytest
from dash.testing.wait import until
from pypdf import PdfReader
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import create_app, ids
from dashboard.atlas.chapters import TOUR
from dashboard.atlas.export import worksheet_in_range
from dashboard.atlas.vocabulary import CLASS_SET
from dashboard.atlas.years import in_range
from tests.browser.conftest import ARTIFACTS, FLAGS, screenshot, serve
from tests.unit.test_teacher import GOOD, as_csv

pytestmark = pytest.mark.browser

KEY = "a-teachers-key-for-the-browser"
TIMELINE = f"document.querySelector('#{ids.TIMELINE} .js-plotly-plot')"
LANES = f"return {TIMELINE}._fullLayout.yaxis.ticktext;"  # one lane per theater
# both plots drawn, the timeline's events in, no figure pending
DRAWN = f"""const t = {TIMELINE}, m = document.querySelector('#{ids.MAP} .js-plotly-plot');
return !!(t && m && m._fullLayout && t.data.some(trace => trace.customdata))
  && document.querySelectorAll('.dash-graph--pending').length === 0;"""


def text_of(driver, element_id: str) -> str:
    """What an element says (its textContent: CSS may show it in capitals)."""
    found = driver.find_elements(By.ID, element_id)
    return found[0].get_attribute("textContent") if found else ""


def drawn(duo):
    until(lambda: duo.driver.execute_script(DRAWN), timeout=30)


def upload(duo, path):
    duo.find_element(f"#{ids.UPLOAD} input[type=file]").send_keys(str(path))


def second_browser() -> webdriver.Chrome:
    """Another Chromium with a profile of its own: nothing of the first one's storage."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in [*FLAGS, "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    return webdriver.Chrome(options=options)


def test_a_teacher_publishes_a_class_set_and_a_student_opens_it(
    dash_duo, atlas, settings, tmp_path
):
    serve(dash_duo, create_app(replace(settings, teacher_keys=(KEY,)), atlas))
    dash_duo.driver.get(dash_duo.server_url + "/?year=1958")
    drawn(dash_duo)
    dash_duo.find_element(".atlas-yours summary").click()
    lesson = tmp_path / "lesson.csv"
    lesson.write_bytes(
        as_csv(GOOD, {**GOOD, "title": "A letter from Anshan", "start": "02.03.1958"})
    )
    upload(dash_duo, lesson)
    dash_duo.wait_for_contains_text(f"#{ids.YOURS_STATUS}", "2 from lesson.csv", timeout=10)

    dash_duo.find_element(".atlas-share summary").click()
    dash_duo.find_element(f"#{ids.SET_TITLE}").send_keys("Year 10: the split")
    dash_duo.find_element(f"#{ids.SET_LINKS}").send_keys(
        "The border war | ?event=border-conflict-1969"
    )
    dash_duo.find_element(f"#{ids.TEACHER_KEY}").send_keys("not-the-key-at-all")
    dash_duo.find_element(f"#{ids.PUBLISH_SET}").click()
    dash_duo.wait_for_contains_text(f"#{ids.SHARE_REPORT}", "not a teacher's key", timeout=10)
    key = dash_duo.find_element(f"#{ids.TEACHER_KEY}")
    key.clear()
    key.send_keys(KEY)
    dash_duo.find_element(f"#{ids.PUBLISH_SET}").click()
    dash_duo.wait_for_contains_text(f"#{ids.SHARE_REPORT}", "Students open:", timeout=10)
    address = dash_duo.find_element(".atlas-set-address").get_attribute("href")
    assert address.startswith(dash_duo.server_url + "/?set=") and KEY not in address
    screenshot(dash_duo, "class-set-published")
    assert dash_duo.get_logs() == []

    student = second_browser()
    try:
        student.set_window_size(1920, 1080)
        student.get(address)
        until(
            lambda: "Year 10: the split" in text_of(student, ids.CLASS_SET_PANEL),
            20,
        )
        panel = text_of(student, ids.CLASS_SET_PANEL)
        assert "2 events from your teacher" in panel and "The border war" in panel
        until(lambda: CLASS_SET in text_of(student, ids.THEATER_FILTER), timeout=20)
        assert CLASS_SET in student.execute_script(LANES)
        assert student.execute_script(f"return localStorage.getItem('{ids.YOUR_EVENTS}')") in (
            None,
            "null",
        )
        # a set's event is selectable, with the teacher's source
        index = student.execute_script(
            "return window.atlas.events.filter(e => e.theirs).map(e => e.id);"
        )
        assert len(index) == 2 and all(i.startswith("set-") for i in index)
        student.execute_script(
            "window.atlas.select(arguments[0], {year: true, frame: true});", index[0]
        )
        until(lambda: "teacher's source" in text_of(student, ids.DETAILS), 10)
        student.find_element(By.LINK_TEXT, "The border war").click()
        until(lambda: "event=border-conflict-1969" in student.current_url, 10)
        student.save_screenshot(
            str(screenshot(dash_duo, "class-set-opened").with_name("class-set-student.png"))
        )
        severe = [e for e in student.get_log("browser") if e["level"] == "SEVERE"]
        assert severe == []
    finally:
        student.quit()

    # the teacher deletes it; the link then says so
    dash_duo.find_element(f"#{ids.DELETE_SET_ID}").send_keys(address)
    dash_duo.find_element(f"#{ids.DELETE_SET}").click()
    dash_duo.wait_for_contains_text(f"#{ids.SHARE_REPORT}", "was deleted", timeout=10)
    dash_duo.driver.get(address)
    dash_duo.wait_for_contains_text(
        f"#{ids.CLASS_SET_PANEL}", "no class set at this link", timeout=20
    )
    assert dash_duo.get_logs() == []


def test_a_chapter_printed_to_pdf_by_the_browser_and_by_the_server(
    dash_duo, atlas, settings, tmp_path
):
    # the handouts in a folder of the test's own: the first ask makes them (prepared.py)
    serve(dash_duo, create_app(replace(settings, handouts_dir=tmp_path), atlas))
    dash_duo.driver.get(dash_duo.server_url + "/?year=1960")
    drawn(dash_duo)
    chooser = dash_duo.find_element(f"#{ids.RANGE_CHAPTER}")
    chooser.find_element("css selector", "option[value='the-split']").click()
    until(lambda: dash_duo.find_element(f"#{ids.RANGE_FROM}").get_attribute("value") == "1956", 10)
    printed = dash_duo.find_element(f"#{ids.PRINT_LINK}").get_attribute("href")
    pdf_link = dash_duo.find_element(f"#{ids.PDF_LINK}").get_attribute("href")
    assert printed.endswith("/print?chapter=the-split")
    steps = [i for i, (c, _) in enumerate(TOUR, start=1) if c.id == "the-split"]

    # the browser's own print of the print page
    dash_duo.driver.get(printed)
    until(lambda: dash_duo.driver.execute_script(
        "return [...document.images].every(i => i.complete && i.naturalWidth > 0)"
        " && document.fonts.status === 'loaded';"), 20)  # fmt: skip
    screenshot(dash_duo, "lesson-print-page")
    result = dash_duo.driver.execute_cdp_cmd(
        "Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True}
    )
    by_browser = PdfReader(io.BytesIO(base64.b64decode(result["data"])))
    # the server's PDF, through the page's own link
    with urllib.request.urlopen(pdf_link, timeout=60) as reply:
        assert reply.headers["Content-Type"] == "application/pdf"
        by_server = PdfReader(io.BytesIO(reply.read()))
    for pdf in (by_browser, by_server):
        text = [page.extract_text() for page in pdf.pages]
        assert "The split" in text[0] and f"Tour step {steps[0]}:" in text[0]
        assert "Print this page" not in "".join(text)  # the toolbar is not printed
        # compact: steps one after another, the questions gathered at the end
        asked = next(i for i, page in enumerate(text) if "Questions and notes" in page)
        assert asked < 2 * len(steps)
        for step in steps:
            assert sum(page.count(f"Tour step {step}:") for page in text[:asked]) == 1
            assert f"Tour step {step}:" in "".join(text[asked:])
    assert dash_duo.get_logs() == []


def test_the_print_link_is_what_the_chooser_shows_at_the_click(atlas_duo):
    """Issue 22: a chapter link sets the chooser; a year typed changes the Print and PDF
    links at each keystroke (a click on Print at once prints it), and the field is not
    rewritten under the teacher's fingers."""
    atlas_duo.driver.get(atlas_duo.server_url + "/?chapter=the-split")
    drawn(atlas_duo)
    chooser = atlas_duo.find_element(f"#{ids.RANGE_CHAPTER}")
    until(lambda: chooser.get_attribute("value") == "the-split", 10)
    link = atlas_duo.find_element(f"#{ids.PRINT_LINK}")
    until(lambda: link.get_attribute("href").endswith("/print?chapter=the-split"), 10)
    field = atlas_duo.find_element(f"#{ids.RANGE_TO}")
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("1978")  # the field keeps the focus: no blur, no Enter
    until(lambda: link.get_attribute("href").endswith("/print?from=1956&to=1978"), 5)
    pdf = atlas_duo.find_element(f"#{ids.PDF_LINK}").get_attribute("href")
    assert pdf.endswith("/print.pdf?from=1956&to=1978")
    active = atlas_duo.driver.execute_script("return document.activeElement.id")
    assert active == ids.RANGE_TO and field.get_attribute("value") == "1978"
    assert chooser.get_attribute("value") == ""  # years of your choice
    assert atlas_duo.get_logs() == []


def _question_fields(duo) -> dict[int, object]:
    """The teacher's question fields shown (those of the range's steps), by tour step."""
    rows = duo.driver.find_elements(By.CSS_SELECTOR, f"label[id^='{ids.STEP_QUESTION}-']")
    return {
        int(row.get_attribute("id").split("-")[-2]): row.find_element(By.TAG_NAME, "input")
        for row in rows
        if row.is_displayed()  # its step is in the range (the others are hidden)
    }


def test_a_lesson_across_chapters_with_the_teachers_questions_and_key(atlas_duo, atlas):
    """Issue 22, round two: tour steps 18 to 27 typed in the chooser (a lesson across two
    chapters), a question typed under step 19, two steps to a page: the Print, PDF and
    answer key links carry them at each keystroke, and the key opens with the question.
    And the range's map PNG numbers its events as the worksheet does, Moscow's spread."""
    atlas_duo.driver.get(atlas_duo.server_url + "/?chapter=the-split")
    drawn(atlas_duo)
    chooser = atlas_duo.find_element(f"#{ids.RANGE_CHAPTER}")
    until(lambda: chooser.get_attribute("value") == "the-split", 10)
    link = atlas_duo.find_element(f"#{ids.PRINT_LINK}")
    atlas_duo.find_element(".atlas-own-questions summary").click()
    until(lambda: sorted(_question_fields(atlas_duo)) == list(range(18, 24)), 10)
    field = atlas_duo.find_element(f"#{ids.RANGE_STEP_TO}")
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("27")
    until(lambda: link.get_attribute("href").endswith("/print?tour=18-27"), 5)
    assert chooser.get_attribute("value") == "tour"
    until(lambda: atlas_duo.find_element(f"#{ids.RANGE_TO}").get_attribute("value") == "1972", 5)
    until(lambda: sorted(_question_fields(atlas_duo)) == list(range(18, 28)), 10)

    _question_fields(atlas_duo)[19].send_keys("Why <Kinmen>?")
    asked = "/print?tour=18-27&q19=Why+%3CKinmen%3E%3F"
    until(lambda: link.get_attribute("href").endswith(asked), 5)
    layout = atlas_duo.find_element(f"#{ids.HANDOUT_LAYOUT}")
    layout.find_element("css selector", "option[value='2']").click()
    until(lambda: "/print?tour=18-27&per_page=2&q19=Why" in link.get_attribute("href"), 5)
    pdf = atlas_duo.find_element(f"#{ids.PDF_LINK}").get_attribute("href")
    assert pdf.endswith("/print.pdf?tour=18-27&per_page=2&q19=Why+%3CKinmen%3E%3F")
    key = atlas_duo.find_element(f"#{ids.KEY_LINK}").get_attribute("href")
    assert key.endswith("/print?tour=18-27&key=1&q19=Why+%3CKinmen%3E%3F")
    assert "Room left for your questions" in text_of(atlas_duo.driver, ids.QUESTIONS_NOTE)
    screenshot(atlas_duo, "lesson-chooser-questions")
    with urllib.request.urlopen(key, timeout=90) as reply:
        page = reply.read().decode()
    assert "<h1>Answer key</h1>" in page and "Why &lt;Kinmen&gt;?" in page

    # the range's map: numbered as the worksheet numbers 1949-1950, none on another
    marks = atlas_duo.driver.execute_script(
        """const f = atlas.exportFigure({from: 1949, to: 1950}), no = {}, out = [];
        f.data.forEach(t => { if ((t.meta || {}).role === 'numbers')
          t.customdata.forEach((id, j) => { no[id] = Number(t.text[j]); }); });
        f.data.forEach(t => { const m = t.meta || {};
          if (m.role === 'events' && m.layer === 'current') t.customdata.forEach((id, j) => {
            if (t.marker.opacity[j] > 0) out.push([id, no[id], t.lon[j], t.lat[j]]); }); });
        return out;"""
    )
    expected = list(in_range(atlas.events, 1949, 1950)["id"])
    assert sorted((no, ev) for ev, no, _, _ in marks) == list(enumerate(expected, start=1))
    assert len(worksheet_in_range(atlas, 1949, 1950)) == len(expected)
    moscow = set(atlas.events[atlas.events["place"] == "Moscow"]["id"]) & set(expected)
    spots = {(round(lon, 2), round(lat, 2)) for ev, _, lon, lat in marks if ev in moscow}
    assert len(moscow) >= 4 and len(spots) == len(moscow)  # spread: each its own spot
    picture = atlas_duo.driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        Plotly.toImage(atlas.exportFigure({from: 1949, to: 1950}),
                       {format: 'png', width: 1920, height: 1080}).then(done);"""
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "lesson-range-map-1949-1950.png").write_bytes(
        base64.b64decode(picture.split(",", 1)[1])
    )
    assert atlas_duo.get_logs() == []
