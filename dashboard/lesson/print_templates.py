"""The print pages' Jinja templates (templates/): the lesson's handout and answer key
(document.py), and the parts the comparison's print page shares with them
(compare/print.py: the toolbar). Its own module, so that the web process, which imports
compare/print.py, does not import the lesson's document."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
