"""A handout's PDF says what its page says: the text a PDF reader extracts (pypdf,
as search, copy and a screen reader get it) holds every event's title, place names and
quotes exactly, in every language (issue 22: the Chinese PDF printed and extracted wrong
characters when WeasyPrint merged the CJK font's two slices, and where a slice lacked a
space).

Every kept handout (the six chapters and the whole tour) in English, Chinese and Russian
is made here with the maps left out (a blank picture: the text is the page's, and the
maps are tested in test_lesson.py), which keeps the 21 documents to ~1 s each.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from dashboard.atlas.chapters import CHAPTERS, TOUR
from dashboard.i18n import field, translator
from dashboard.lesson import document
from dashboard.lesson.plan import build_lesson, requested_range

KEPT = [f"chapter={c.id}" for c in CHAPTERS] + [f"tour=1-{len(TOUR)}"]
BLANK = bytes.fromhex(  # a 1x1 white PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8ffff3f0005fe02fea7d6a4f00000000049454e44ae426082"
)


def _plain(text: str) -> str:
    """Whitespace taken out: a line break may fall anywhere in a title."""
    return re.sub(r"\s+", "", text)


def expected(lesson, lang: str) -> list[str]:
    """What the handout must carry of each of its events, as the page writes it."""
    out = []
    for _, row in lesson.events.iterrows():
        out.append(field(row, "title", lang))
        out += [row[n] for n in ("place", "place_zh", "place_ru") if isinstance(row.get(n), str)]
        out += [s["quote"] for s in row["sources"] if s.get("quote")]
    return out


@pytest.fixture
def blank_maps(monkeypatch):
    monkeypatch.setattr(document, "draw_map", lambda *args, **kwargs: BLANK)


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
@pytest.mark.parametrize("query", KEPT)
def test_a_handouts_pdf_text_is_its_events_exactly(atlas, blank_maps, query, lang):
    key, _, value = query.partition("=")
    chosen = requested_range({key: value}, atlas, translator(lang))
    lesson = build_lesson(atlas, chosen, lang)
    assert len(lesson.events) > 0
    pdf = document.render_pdf(document.render_html(atlas, lesson, lang, chosen.query))
    text = _plain("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    missing = [name for name in expected(lesson, lang) if _plain(name) not in text]
    assert missing == []
    assert _plain(lesson.title) in text
