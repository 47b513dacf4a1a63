"""A contested event's two accounts, in a page's language (issue 23).

The data keeps, for a contested event, China's account and the Soviet one (schema.
TwoAccounts): who tells it, what that side calls the event, the telling in the atlas's
own words, the kind of source that carries it, and how it is known (quotes from the
four sources, or a reference a teacher can check). This module reads a row of the
events frame into plain dicts in one language, for the details panel and the print
alike, with each side's heading and source type in the page's words.
"""

from __future__ import annotations

import numpy as np

from ..i18n import DEFAULT, HTML_LANG, Translate, translator
from .data import citation
from .vocabulary import SIDES


def is_contested(row) -> bool:
    return isinstance(row.get("accounts"), dict)


def is_addition(row) -> bool:
    """Whether the event is one the sources do not report, added from general knowledge
    (schema.EventProperties.addition); a teacher's own event has no such cell."""
    value = row.get("addition")
    return isinstance(value, bool | np.bool_) and bool(value)


def _named(name: dict | None, mine: dict, lang: str, text_lang: str) -> dict | None:
    """What the side calls the event, as written in its own language, and what that
    means in the page's language (no gloss where the name is in it already)."""
    if not name:
        return None
    if name["lang"] == lang:
        gloss, gloss_lang = None, None
    elif mine.get("gloss"):
        gloss, gloss_lang = mine["gloss"], text_lang
    else:
        gloss, gloss_lang = name["gloss"], "en"
    return {
        "text": name["text"],
        "lang": HTML_LANG[name["lang"]],
        "gloss": gloss,
        "gloss_lang": gloss_lang,
    }


def _heading(side: str, t: Translate) -> str:
    return t("The Chinese account") if side == "china" else t("The Soviet account")


def two_accounts(row, lang: str = DEFAULT) -> dict | None:
    """The two accounts of a contested event in `lang`, or None for an event that is
    not contested (a teacher's own events never are):

    {"sides": [{"side", "heading", "voice", "name", "text", "lang", "source_type",
    "sources", "reference"}, ...] (China's first), "later": {"text", "lang",
    "reference"} or None}. `lang` in them is the HTML language of the texts (English
    where no translation is given); quotes and references stay in English, as the
    sources and the books have them; `source_type` is in the page's words.
    """
    t = translator(lang)
    accounts = row.get("accounts")
    if not isinstance(accounts, dict):
        return None
    translated = row.get(f"accounts_{lang}") if lang != DEFAULT else None
    translated = translated if isinstance(translated, dict) else {}
    text_lang = HTML_LANG[lang] if translated else "en"
    sides = []
    for side in SIDES:
        account, mine = accounts[side], translated.get(side) or {}
        sides.append(
            {
                "side": side,
                "heading": _heading(side, t),
                "voice": mine.get("voice") or account["voice"],
                "name": _named(account.get("name"), mine, lang, text_lang),
                "text": mine.get("text") or account["text"],
                "lang": text_lang,
                "source_type": t(account["source_type"]),
                "sources": [
                    {"quote": s["quote"], "citation": citation(s)} for s in account["sources"]
                ],
                "reference": account.get("reference"),
            }
        )
    later = accounts.get("later")
    if later:
        later = {
            "text": translated.get("later") or later["text"],
            "lang": text_lang if translated.get("later") else "en",
            "reference": later["reference"],
        }
    return {"sides": sides, "later": later}
