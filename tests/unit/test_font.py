"""Chinese renders with the app's own font: the CJK font's slices hold every character
of every Chinese text the app can show (and tests/browser/test_fonts.py checks that the
browser draws them with it)."""

from __future__ import annotations

import json
import re

import pytest
from fontTools.ttLib import TTFont

from dashboard.classroom.upload import Report
from dashboard.figures.page_data import event_index, page_data
from dashboard.figures.timeline_figure import timeline_figure
from dashboard.page.callbacks import render_details
from dashboard.page.layout import build_layout
from dashboard.page.panels import upload_report
from dashboard.server.config import ROOT, Settings
from dashboard.server.fonts import SLICES

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
FONTS = ROOT / "assets" / "fonts"
CSS = (ROOT / "assets" / "style" / "fonts.css").read_text(encoding="utf-8")


def cmap(file: str) -> set[str]:
    return {chr(cp) for cp in TTFont(FONTS / file).getBestCmap()}


def declared(file: str) -> set[str]:
    """The characters fonts.css gives the slice (its unicode-range)."""
    rule = CSS.split(f"../fonts/{file}")[1].split("}")[0]
    out = set()
    for part in re.search(r"unicode-range: ([^;]+);", rule).group(1).split(","):
        first, _, last = part.strip()[2:].partition("-")
        out |= {chr(cp) for cp in range(int(first, 16), int(last or first, 16) + 1)}
    return out


def shown_in(lang: str, atlas) -> str:
    """Every text a page in `lang` can show: its layout (header, controls, legend,
    chapters, the figures, the page's data and events index), every event's details,
    and an upload's report."""
    texts = [
        json.dumps(build_layout(Settings(), atlas, lang).to_plotly_json(), default=str),
        json.dumps(page_data(atlas, lang), ensure_ascii=False),
        json.dumps(event_index(atlas, lang), ensure_ascii=False),
        timeline_figure(atlas, 1950, lang).to_json(),
    ]
    texts += [str(render_details(i, atlas, lang)) for i in atlas.events["id"]]
    report = Report("x.csv", {"files": []}, added=2, problems=["x.csv, row 3: bad"])
    texts.append(str(upload_report(report, lang)))
    return json.loads(json.dumps(texts))  # \\u escapes of the JSON read back as text


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_the_font_has_every_chinese_character_a_page_can_show(atlas, lang):
    """Every slice is declared on every page (unicode-range: a browser fetches one only
    for the characters it shows); a page preloads the slices its language needs."""
    chars = set(CJK.findall("".join(shown_in(lang, atlas))))
    assert chars, "a page in every language shows some Chinese (中文, places' names)"
    slices = [file.rsplit("/", 1)[1] for file in SLICES]
    held = set().union(*(cmap(f) & declared(f) for f in slices))
    missing = "".join(sorted(chars - held))
    assert missing == "", f"run scripts/build_font.py: the {lang} page lacks {missing}"


def test_a_page_preloads_the_slice_of_what_every_page_shows(atlas):
    common = declared("atlas-cjk-common.woff2")
    for lang in ("en", "ru"):
        chars = set(CJK.findall("".join(shown_in(lang, atlas))))
        assert chars <= common, "".join(sorted(chars - common))


def test_each_slice_declares_exactly_what_it_holds():
    for file in ("atlas-cjk-common.woff2", "atlas-cjk-zh.woff2"):
        assert declared(file) == cmap(file) & declared(file)
        assert declared(file) <= cmap(file)
    assert not declared("atlas-cjk-common.woff2") & declared("atlas-cjk-zh.woff2")
