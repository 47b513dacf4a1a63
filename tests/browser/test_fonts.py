"""Chinese is drawn with the app's own font, on a machine with no Chinese font of its
own: the browser says which fonts drew each piece of text (DevTools' platform fonts),
and every Chinese character must come from the font the app serves."""

from __future__ import annotations

import re

import pytest

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
