"""What the two figures share: the font (the page's own, Chinese included), ink, the
stage's extent, and the hover label."""

from __future__ import annotations

# the CJK font first, as on the page (assets/style/atlas.css says why)
FONT = (
    "'Atlas CJK', system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', "
    "sans-serif"
)
INK = "#111111"
HOVER_LABEL = {"font": {"size": 20, "family": FONT}}


def plotly_text(text: str) -> str:
    """`text` as Plotly shows it, literally: Plotly reads a subset of HTML in labels
    (<b>, <a href>, <span style>), and a visitor's upload may hold markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
