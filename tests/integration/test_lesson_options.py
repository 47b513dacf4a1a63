"""A handout's options (issue 22, round two): two steps to a page, the teacher's answer
key, the teacher's own question under a step, and a lesson across chapters chosen as
tour steps. What a link asks for is read without trusting it; the variants are made by
the bounded renderer, never on the request thread, while the default handouts stay the
files kept on disk.

PDFs here are few (the maps of the two-to-a-page test are blank pictures of the maps'
own shape: the layout is the same, and it is ~1 s a document)."""

from __future__ import annotations

import html
import io
import math
import re

import pytest
from flask import Flask
from PIL import Image
from pypdf import PdfReader

from dashboard import ids
from dashboard.atlas.chapters import TOUR
from dashboard.i18n import field, translator
from dashboard.lesson import document, handout
from dashboard.lesson.callbacks import choose_range, handout_links, on_options_change
from dashboard.lesson.handout_map import SIZE_PX
from dashboard.lesson.options import QUESTION_MAX, QUESTIONS_ROOM, Options, requested_options
from dashboard.lesson.plan import build_lesson, requested_range, step_years
from dashboard.lesson.questions import places, step_event
from dashboard.lesson.render_queue import LIMITS
from dashboard.server.config import Settings

T = translator("en")
SPLIT = [i for i, (c, _) in enumerate(TOUR, start=1) if c.id == "the-split"]  # 18-23


class NoSets:
    def get(self, text):
        return None


@pytest.fixture
def serve(atlas, tmp_path):
    """A bare Flask app with the print routes (as test_handouts.py), renderer stopped after."""
    server = Flask(__name__)
    handouts = handout.install(server, atlas, NoSets(), Settings(handouts_dir=tmp_path), LIMITS)
    yield server.test_client(), handouts
    handouts.renderer.close()


def options(atlas, **args):
    args = {"chapter": "the-split", **args}
    return requested_options(args, requested_range(args, atlas, T), T)


def test_a_links_options_are_read_without_trusting_them(atlas):
    assert options(atlas) == Options() and Options().default and Options().query() == ""
    for bad in ("3", "two", "", "2 ", "<b>"):  # not a layout: the default, no message
        assert options(atlas, per_page=bad).per_page == 1
    assert options(atlas, per_page="2").per_page == 2
    assert options(atlas, key="yes").key is False and options(atlas, key="1").key is True
    asked = options(atlas, q19="  Why did Mao\n fire on <b>Kinmen</b>? ", q18="", qx="not one")
    assert asked.questions == ((19, "Why did Mao fire on <b>Kinmen</b>?"),)
    # canonical: percent-encoded, the key one document whatever the layout
    assert asked.query() == "&q19=Why+did+Mao+fire+on+%3Cb%3EKinmen%3C%2Fb%3E%3F"
    key = options(atlas, key="1", per_page="2", q19="Why?")
    assert key.query() == "&key=1&q19=Why%3F"
    assert Options.from_message(key.message()) == key
    problems = {
        "q24": "A question in the link is for a tour step this lesson does not have.",
        "q19": "A question in the link has characters that cannot be printed.",
    }
    assert options(atlas, q24="Why?") == problems["q24"]
    for bad in ("bell\x07", "bidi \u202e", "broken \ufffd"):
        assert options(atlas, q19=bad) == problems["q19"]
    long = options(atlas, q19="x" * (QUESTION_MAX + 1))
    assert (
        long == f"A question of yours is longer than {QUESTION_MAX} characters: please shorten it."
    )
    chinese = "为什么" * 60  # 180 characters, 1,620 bytes in a link: two are too many
    assert isinstance(options(atlas, q18=chinese), Options)
    assert options(atlas, q18=chinese, q19=chinese) == (
        "Your questions are too long for a link: please shorten them."
    )


def test_the_chooser_makes_a_lesson_across_chapters_from_tour_steps(atlas):
    years = step_years(atlas)
    out = choose_range("", 1956, 1968, ids.RANGE_STEP_TO, "en", None, 18, 27, years)
    chosen, printed, pdf, first, last, choice, key, step_first, step_last, query, note = out
    assert printed == "/print?tour=18-27" and pdf == "/print.pdf?tour=18-27"
    assert key == "/print?tour=18-27&key=1" and choice == "tour" and note == ""
    assert chosen == {"from": 1956, "to": 1972} and (first, last) == (1956, 1972)
    assert query == {"range": "tour=18-27", "steps": list(range(18, 28))}
    # the chapters it crosses: the split (18-23) and the border war (24-28)
    lesson = build_lesson(atlas, requested_range({"tour": "18-27"}, atlas, T), "en")
    assert [s.step for s in lesson.sections] == list(range(18, 28))
    assert {TOUR[s - 1][0].id for s in range(18, 28)} == {"the-split", "border-war-and-triangle"}
    # steps typed backwards and out of the tour are put right; "tour steps" in the select
    assert choose_range("tour", 0, 0, ids.RANGE_CHAPTER, "en", None, 40, 30, years)[1] == (
        "/print?tour=30-35"
    )
    # years typed show the steps they hold; a chapter its own
    assert choose_range("", 1956, 1972, ids.RANGE_TO, "en", None, None, None, years)[7:9] == (
        18,
        27,
    )
    assert choose_range("the-split", 0, 0, ids.RANGE_CHAPTER, "en", None)[7:9] == (18, 23)


def test_the_chooser_carries_the_layout_and_the_teachers_questions(atlas):
    steps = tuple(SPLIT)
    printed, pdf, key, note = handout_links(
        "chapter=the-split", "zh", {"id": "AbCdEfGhIjK"}, "2",
        {19: "Why <Kinmen>?", 24: "not a step of this range", 20: "  "}, steps,
    )  # fmt: skip
    assert (
        printed
        == "/print?chapter=the-split&lang=zh&set=AbCdEfGhIjK&per_page=2&q19=Why+%3CKinmen%3E%3F"
    )
    assert pdf == printed.replace("/print?", "/print.pdf?")
    assert key == "/print?chapter=the-split&lang=zh&set=AbCdEfGhIjK&key=1&q19=Why+%3CKinmen%3E%3F"
    assert note.startswith("问题还可使用的链接空间：") and note.endswith("%。")  # in Chinese
    # too long for a link: left out, and the note says so
    long = {step: "为什么" * 60 for step in steps}
    printed, _, key, note = handout_links("chapter=the-split", "en", None, "1", long, steps)
    assert printed == "/print?chapter=the-split" and key == "/print?chapter=the-split&key=1"
    assert "too long for a link" in note
    # the options' own callback: what the layout and the fields say, for the range chosen
    lesson_query = {"range": "tour=18-27", "steps": list(range(18, 28))}
    out = on_options_change(lesson_query, None, "en", "2", {27: "What changed?"})
    assert out[0] == "/print?tour=18-27&per_page=2&q27=What+changed%3F"
    assert "Room left for your questions" in out[3]


def _blank_map(*args, **kwargs) -> bytes:
    """A white picture of the handout maps' own shape."""
    out = io.BytesIO()
    Image.new("RGB", (SIZE_PX[0] // 10, SIZE_PX[1] // 10), "white").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("query", "lang"), [("chapter=alliance-and-korea", "en"), ("chapter=the-split&q19=", "zh")]
)
def test_two_steps_to_a_page(atlas, monkeypatch, query, lang):
    """A sheet per pair of steps: each page before the questions holds exactly two
    steps' headings (the last one, of an odd number, one), so the steps take
    ceil(steps / 2) pages; the teacher's question is under its step and among the
    questions. alliance-and-korea is the densest chapter (11 events in 1949)."""
    monkeypatch.setattr(document, "draw_map", _blank_map)
    t = translator(lang)
    args = dict(part.split("=", 1) for part in query.split("&"))
    own = "为什么苏联没有支持中国？"
    if "q19" in args:
        args["q19"] = own
    chosen = requested_range(args, atlas, t)
    asked = requested_options({**args, "per_page": "2"}, chosen, t)
    lesson = build_lesson(atlas, chosen, lang)
    pdf = document.render_pdf(
        document.render_html(atlas, lesson, lang, chosen.query + asked.query(), options=asked)
    )
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    heading = [re.sub(r"\s+", "", t("Tour step {step}").format(step=s)) + ":" for s in chosen.steps]
    asked_at = re.sub(r"\s+", "", t("Questions and notes"))
    questions = next(i for i, page in enumerate(pages) if asked_at in page)
    assert questions == math.ceil(len(chosen.steps) / 2)
    for number, page in enumerate(pages[:questions]):
        on_page = [s for s, h in zip(chosen.steps, heading) if h in page]
        assert on_page == list(chosen.steps[2 * number : 2 * number + 2])
    assert all(title in "".join(pages[:questions]) for title in [
        re.sub(r"\s+", "", field(row, "title", lang)) for _, row in lesson.events.iterrows()
    ])  # fmt: skip
    if "q19" in args:
        page_of_19 = next(i for i, page in enumerate(pages[:questions]) if heading[1] in page)
        assert own in pages[page_of_19] and own in "".join(pages[questions:])


def test_the_answer_key_gives_the_atlas_answers_and_the_teachers_question(serve, atlas):
    client, handouts = serve
    own = "Why did <b>Mao</b> shell Kinmen?"
    reply = client.get("/print?chapter=the-split&key=1&q19=" + own.replace(" ", "+"))
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "private, max-age=600"
    assert "<title>Answer key: The split" in page and "<h1>Answer key</h1>" in page
    assert "For the teacher: not for the class." in page
    assert "<b>Mao</b>" not in page and "&lt;b&gt;Mao&lt;/b&gt;" in page  # escaped
    assert 'src="data:image/png' not in page  # no map: quick to make
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for step in SPLIT:  # each step's answers are the atlas's data about its own event
        row = step_event(atlas, step)
        assert f"Answer: {row['date_label']} · {places(row)}" in text
        assert all(s["quote"] in text for s in row["sources"] if s.get("quote"))
    assert text.count("Answer:") >= 2 * len(SPLIT) and own in text
    contested = step_event(atlas, 21)["accounts"]  # the experts recalled: two names
    assert contested["china"]["name"]["text"] in text
    assert contested["soviet"]["name"]["text"] in text
    assert "/print.pdf?chapter=the-split&amp;key=1&amp;q19=" in page  # its own PDF link
    # the class's handout has the questions, never the answers
    student = html.unescape(client.get("/print?chapter=the-split").get_data(as_text=True))
    assert "Answer key" not in student and "Answer:" not in student
    assert "When and where did it happen?" in student
    # in Chinese, titled in Chinese; as a PDF, made by the renderer like the page
    zh = client.get("/print.pdf?chapter=the-split&key=1&lang=zh")
    assert zh.status_code == 200 and zh.data.startswith(b"%PDF")
    assert "atlas-chapter-the-split-key-1-zh.pdf" in zh.headers["Content-Disposition"]
    first = PdfReader(io.BytesIO(zh.data)).pages[0].extract_text()
    assert translator("zh")("Answer key") in first and translator("zh")("Answer key") != (
        "Answer key"
    )


def test_the_variants_go_through_the_renderer_and_the_kept_files_stay_the_defaults(serve):
    client, handouts = serve
    kept = client.get("/print?chapter=the-split")
    assert kept.headers["Cache-Control"] == "public, max-age=3600"
    assert handouts.shelf.kept("html", "en", "chapter=the-split").exists()
    renders = handouts.renderer.counts["renders"]
    # a layout that is not one of the atlas's: the kept file, as it is
    odd = client.get("/print?chapter=the-split&per_page=9&key=no")
    assert odd.data == kept.data and odd.headers["Cache-Control"] == "public, max-age=3600"
    assert handouts.renderer.counts["renders"] == renders
    two = client.get("/print?chapter=the-split&per_page=2&q18=What+did+Mao+object+to%3F")
    assert two.status_code == 200 and two.headers["Cache-Control"] == "private, max-age=600"
    assert handouts.renderer.counts["renders"] == renders + 1  # made by the renderer process
    page = html.unescape(two.get_data(as_text=True))
    assert 'class="two"' in page and "What did Mao object to?" in page
    assert page.count('<div class="pair') == math.ceil(len(SPLIT) / 2)
    query = "chapter=the-split&per_page=2&q18=What+did+Mao+object+to%3F"
    assert handouts.shelf.rendered("html", "en", query).exists()
    assert f"/print.pdf?{query}" in page.replace("&amp;", "&")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/print?chapter=the-split&q24=Why", "for a tour step this lesson does not have"),
        ("/print.pdf?chapter=the-split&q19=%07", "characters that cannot be printed"),
        ("/print?chapter=the-split&q19=%EE%80%80", "characters that cannot be printed"),
        ("/print?chapter=the-split&q19=" + "x" * 801, "longer than 200 characters"),
        ("/print?chapter=the-split&q19=" + "%E4%B8%BA" * 201, "longer than 200 characters"),
        ("/print?chapter=the-split&q19=%E5%B3%A1%3F", "the print cannot draw (峡)"),
        (
            "/print?chapter=the-split&" + "&".join(f"q{s}=" + "%E4%B8%BA" * 150 for s in SPLIT),
            "too long for a link",
        ),
    ],
)
def test_a_bad_question_gets_a_clear_page_never_a_500(serve, url, message):
    client, handouts = serve
    reply = client.get(url)
    body = reply.get_data(as_text=True)
    assert reply.status_code == 400 and message in body and "Traceback" not in body
    assert reply.headers["Cache-Control"] == "no-store"
    assert handouts.renderer.counts["renders"] == 0
    assert QUESTIONS_ROOM < 4094 - 200  # gunicorn's request line, with the rest of a link


def test_a_class_sets_answer_key_has_the_sets_title(atlas, tmp_path):
    from tests.integration.test_handouts import OneSet

    server = Flask(__name__)
    handouts = handout.install(server, atlas, OneSet(), Settings(handouts_dir=tmp_path), LIMITS)
    try:
        reply = server.test_client().get("/print?chapter=the-split&set=AbCdEfGhIjK&key=1")
        page = reply.get_data(as_text=True)
        assert reply.status_code == 200 and "<h1>Answer key</h1>" in page
        assert "Year 10 &lt;i&gt;" in page and "Year 10 <i>" not in page
        assert "/print.pdf?chapter=the-split&amp;set=AbCdEfGhIjK&amp;key=1" in page
    finally:
        handouts.renderer.close()
