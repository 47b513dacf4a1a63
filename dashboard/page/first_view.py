"""What the page shows before its scripts have run: its header.

Dash draws the page from its layout only once React and the components' scripts have
run: seconds on a slow phone (Lighthouse's mobile run: 7.8 s), with "Loading..." until
then, and the header's title was the largest text and came last. The first response now
carries the header as HTML, made from the same components React will draw (so the same
elements, classes and places, in the page's language), and React's first render
replaces it: nothing moves. The ids are left out: until React has drawn the page, the
page's scripts are not to find these elements.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from dash.development.base_component import Component

from .layout import header

ENTRY = '<div id="react-entry-point"><div class="atlas">{}</div></div>'
# Dash's own props that are no HTML attributes
NOT_ATTRIBUTES = {"children", "id", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "key"}


def to_html(node) -> str:
    """HTML of a tree of dash.html components (the only kind a first view holds)."""
    if node is None:
        return ""
    if isinstance(node, str | int | float):
        return escape(str(node))
    if isinstance(node, list | tuple):
        return "".join(to_html(child) for child in node)
    if not isinstance(node, Component) or not type(node).__module__.startswith("dash.html."):
        raise TypeError(f"a first view is made of dash.html components, not {node!r}")
    props = node.to_plotly_json()["props"]
    attributes = []
    for name, value in props.items():
        if name in NOT_ATTRIBUTES or value is None or value is False:
            continue
        if name == "style":
            value = ";".join(f"{_kebab(k)}:{v}" for k, v in value.items())
        name = "class" if name == "className" else name
        attributes.append(f' {name}="{escape(str(value))}"' if value is not True else f" {name}")
    tag = type(node).__name__.lower()
    return f"<{tag}{''.join(attributes)}>{to_html(props.get('children'))}</{tag}>"


def _kebab(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name)


@lru_cache(maxsize=8)
def first_view(lang: str, year: int) -> str:
    """Dash's app entry (where React draws the page) holding the header of a page in
    `lang` at `year` (the layout's: what React's first render shows), until React
    replaces it."""
    return ENTRY.format(to_html(header(year, lang)))
