"""Chinese is drawn with the app's own font, on a machine with no Chinese font of its
own: the browser says which fonts drew each piece of text (DevTools' platform fonts),
and every Chinese character must come from the font the app serves."""

from __future__ import annotations

import base64
import io
import re

import pytest
from dash.testing.wait import until
from pypdf import PdfReader

from tests.browser.conftest import screenshot
from tests.browser.page import open_page

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Mark each visible element whose own text holds Chinese, HTML and SVG alike.
MARK = r"""
const cjk = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const out = [];
document.querySelectorAll('body *').forEach(el => {
  const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
  if (!cjk.test(own)) return;
  const box = el.getBoundingClientRect();
  if (!box.width || !box.height || !el.checkVisibility({visibilityProperty: true})) return;
  el.setAttribute('data-cjk', String(out.length));
  out.push(own);
});
return out;
"""


def fonts_drawing_chinese(duo) -> list[tuple[str, dict]]:
    """(text, {font: glyphs}) for every piece of Chinese that a font other than the
    app's drew (a system font draws a missing character as an empty box)."""
    texts = duo.driver.execute_script(MARK)
    cdp = duo.driver.execute_cdp_cmd
    cdp("DOM.enable", {})
    cdp("CSS.enable", {})
    root = cdp("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    wrong = []
    for k, text in enumerate(texts):
        node = cdp("DOM.querySelector", {"nodeId": root, "selector": f"[data-cjk='{k}']"})
        fonts = cdp("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        ours = sum(f["glyphCount"] for f in fonts if f["isCustomFont"])
        if ours < len(CJK.findall(text)):
            wrong.append((text, {f["familyName"]: f["glyphCount"] for f in fonts}))
    return texts, wrong


@pytest.mark.parametrize(
    "query",
    ["?event=border-conflict-1969&lang=zh", "?year=1945&lang=zh&mode=present", "?year=1950"],
)
def test_every_chinese_character_is_drawn_with_the_apps_own_font(atlas_duo, query):
    system = (
        __import__("subprocess")
        .run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
        .stdout
    )
    open_page(atlas_duo, query)
    texts, wrong = fonts_drawing_chinese(atlas_duo)
    assert texts and wrong == []
    if "lang=zh" in query:
        assert len("".join(texts)) > 300  # the whole page: header, legend, lanes, details
    screenshot(atlas_duo, "fonts-" + re.sub(r"\W+", "-", query).strip("-"))
    # what this proves depends on the machine having no Chinese font of its own
    print("system fonts with Chinese:", system.strip() or "none")


def cjk_fonts_of(pdf: PdfReader) -> dict[str, str]:
    """{font: the Chinese characters it draws} over a PDF's pages (from each font's
    ToUnicode map: a font that draws Chinese says which characters its glyphs are)."""
    out: dict[str, str] = {}
    for page in pdf.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            chars = "".join(
                chr(int(h, 16)) for h in re.findall(r"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]{4})>", cmap)
            )
            if CJK.search(chars):
                # Chromium embeds a web font as Type3: its name is in its descriptor
                described = font.get("/FontDescriptor", {})
                name = str(font.get("/BaseFont") or described.get_object().get("/FontName"))
                out[name] = out.get(name, "") + "".join(CJK.findall(chars))
    return out


def open_print_page(duo, path: str) -> None:
    duo.driver.get(duo.server_url + path)
    until(lambda: duo.driver.execute_script(
        "return [...document.images].every(i => i.complete && i.naturalWidth > 0)"
        " && document.fonts.status === 'loaded';"), 60)  # fmt: skip


@pytest.mark.parametrize(
    "path",
    [
        "/print?chapter=the-split&lang=zh&key=1",
        "/print?chapter=the-split&lang=zh",
        "/print/compare?compare=1950,1969&lang=zh",
    ],
)
def test_every_chinese_heading_of_a_print_page_is_drawn_with_the_apps_font(atlas_duo, path):
    """The served print pages, as a teacher opens them to print from the browser: the
    answer key's first bold headings were drawn as empty boxes by DejaVu Sans Bold."""
    open_print_page(atlas_duo, path)
    texts, wrong = fonts_drawing_chinese(atlas_duo)
    headings = atlas_duo.driver.execute_script(
        "return [...document.querySelectorAll('h1, h2, h3')].map(h => h.textContent)"
    )
    assert any(CJK.search(h) for h in headings) and texts and wrong == []
    screenshot(atlas_duo, "print-" + re.sub(r"\W+", "-", path).strip("-"))


def test_the_browsers_print_of_a_chinese_handout_has_no_box(atlas_duo):
    """The page's text and its running footer (an @page margin box, printed only) are
    drawn with the app's own font: a system font would draw boxes (issue 22)."""
    open_print_page(atlas_duo, "/print?tour=24&lang=zh")
    texts, wrong = fonts_drawing_chinese(atlas_duo)
    assert texts and wrong == []
    result = atlas_duo.driver.execute_cdp_cmd(
        "Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True}
    )
    pdf = PdfReader(io.BytesIO(base64.b64decode(result["data"])))
    fonts = cjk_fonts_of(pdf)
    assert fonts and all("CJK" in name for name in fonts), fonts
    footer = "中国与苏维埃政权：地图集"
    assert all(footer in re.sub(r"\s+", "", page.extract_text()) for page in pdf.pages)
    assert atlas_duo.get_logs() == []
