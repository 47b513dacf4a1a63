"""The print pages' Jinja templates (templates/): the lesson's handout and answer key
(document.py), and the parts the comparison's print page shares with them
(compare/print.py: the toolbar, the font). Its own module, so that the web process, which
imports compare/print.py, does not import the lesson's document."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

CJK_FAMILY = '"Atlas CJK"'
# The print pages' font in a browser: the app's CJK face first. Its unicode-range holds
# only Chinese characters, so Latin and Cyrillic text and every space still come from
# DejaVu Sans. Named after the system fonts, Chromium drew the first bold Chinese
# headings of a page it laid out before the face had loaded with DejaVu Sans Bold,
# as empty boxes, and kept them so after the face came.
SYSTEM_FONTS = '"DejaVu Sans", "Noto Sans", Arial'
BROWSER_FONTS = f"{CJK_FAMILY}, {SYSTEM_FONTS}, sans-serif"
# The CJK font's two slices (assets/fonts/), each under a family of its own where the
# fonts are read from files: the PDFs (document.py) and the handouts' maps
# (handout_map.py).
CJK_SLICES = {"Atlas CJK Common": "atlas-cjk-common.woff2", "Atlas CJK Zh": "atlas-cjk-zh.woff2"}

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
TEMPLATES.globals["fonts"] = Markup(BROWSER_FONTS)  # quotes kept, in CSS
