"""Categories and theaters as a teacher types them, matched to the atlas's own words.

A spreadsheet capitalises ("Armed conflict"), people shorten ("diplomacy") and
mistype ("diplomatic visits"). Case, spaces, '&' for 'and' and a few common short forms
are accepted; anything else is refused with the closest valid value named (difflib),
so the teacher sees what to write instead.
"""

from __future__ import annotations

import difflib
import re

from ..atlas.vocabulary import ALL_THEATERS, CATEGORIES

CATEGORY_SHORT_FORMS = {
    "conflict": "armed conflict",
    "war": "armed conflict",
    "battle": "armed conflict",
    "clash": "armed conflict",
    "fighting": "armed conflict",
    "invasion": "intervention",
    "treaty": "treaty or agreement",
    "agreement": "treaty or agreement",
    "treaty and agreement": "treaty or agreement",
    "diplomacy": "diplomacy and visits",
    "diplomatic": "diplomacy and visits",
    "visit": "diplomacy and visits",
    "visits": "diplomacy and visits",
    "aid": "aid and cooperation",
    "cooperation": "aid and cooperation",
    "co-operation": "aid and cooperation",
    "aid and co-operation": "aid and cooperation",
    "ideology": "ideology and split",
    "split": "ideology and split",
    "turning-point": "turning point",
}


def _key(value: str) -> str:
    text = re.sub(r"[\s_]+", " ", str(value).casefold()).strip()
    return text.replace(" & ", " and ").replace("&", " and ")


def match(value: str, vocabulary: tuple[str, ...], what: str, short_forms=None) -> str:
    """`value` as the vocabulary spells it; ValueError naming the closest valid value."""
    key = _key(value)
    spelled = {_key(v): v for v in vocabulary}
    if key in spelled:
        return spelled[key]
    if short_forms and key in short_forms:
        return short_forms[key]
    candidates = {**spelled, **(short_forms or {})}
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.6)
    hint = f"did you mean '{candidates[close[0]]}'? " if close else ""
    raise ValueError(f"unknown {what} '{value}'; {hint}use one of: {', '.join(vocabulary)}")


def category(value: str) -> str:
    return match(value, CATEGORIES, "category", CATEGORY_SHORT_FORMS)


def theater(value: str) -> str:
    return match(value, ALL_THEATERS, "theater")
