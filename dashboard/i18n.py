"""The atlas in three languages: which one a page is in, and its texts in that language.

A page's language comes from its link (`?lang=en|zh|ru`), else from the browser's
Accept-Language, else English; it is fixed for the page's lifetime (switching is a
new page load), so each language's layout is built once per process.

Interface texts, chapter texts and country names are gettext catalogues,
`dashboard/locales/<lang>.po`, with the English text as message id, read with Babel.
A translation that a machine made and no person has reviewed carries gettext's
`fuzzy` flag, the flag translation tools use for "needs review"; the atlas shows such
translations (better than English for a Chinese or Russian class) and says on the page
that they are machine-made. Event titles, summaries and notes on reading the sources,
and territory names, are translated in the data itself
(scripts/sources/translations.yaml), each marked `by: machine` until reviewed. Source
quotes are never translated.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
from babel.dates import format_date, format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LANGS = ("en", "zh", "ru")
DEFAULT = "en"
NAMES = {"en": "English", "zh": "中文", "ru": "Русский"}
HTML_LANG = {"en": "en", "zh": "zh-Hans", "ru": "ru"}
LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN", "ru": "ru"}
CATALOGUES = Path(__file__).parent / "locales"
YEAR_PATTERNS = {"ru": "y 'г'."}

Translate = Callable[[str], str]


def choose(requested, accept=None) -> str:
    """The page's language: the link's if it names one, else the best match of the
    browser's Accept-Language (a werkzeug LanguageAccept), else English."""
    if requested in LANGS:
        return requested
    best = accept.best_match(LANGS) if accept is not None else None
    return best or DEFAULT


@cache
def catalogue(lang: str) -> Catalog | None:
    if lang == DEFAULT:
        return None
    with (CATALOGUES / f"{lang}.po").open("rb") as po:
        return read_po(po, locale=LOCALES[lang])


def translator(lang: str) -> Translate:
    """t(english) -> the text in `lang`, or the English if there is no translation."""
    texts = catalogue(lang)
    if texts is None:
        return lambda text: text

    def t(text: str) -> str:
        message = texts.get(text)
        return message.string if message is not None and message.string else text

    return t


def plural_translator(lang: str) -> Callable[[str, str, int], str]:
    """tn(singular, plural, n) -> the form for `n` in `lang`, with the catalogue's own
    plural rule (Russian has three forms, Chinese one); English if untranslated."""
    texts = catalogue(lang)
    pick = gettext.c2py(texts.plural_expr) if texts is not None else None

    def tn(singular: str, plural: str, n: int) -> str:
        message = texts.get((singular, plural)) if texts is not None else None
        if message is not None and isinstance(message.string, tuple) and all(message.string):
            return message.string[pick(n)]
        return singular if n == 1 else plural

    return tn


def machine_made(lang: str) -> bool:
    """Whether any of the language's interface texts is still unreviewed (fuzzy)."""
    texts = catalogue(lang)
    return texts is not None and any(m.fuzzy for m in texts if m.id)


def column(frame: pd.DataFrame, name: str, lang: str) -> pd.Series:
    """A text column in `lang` (`<name>_<lang>`), falling back to the English one for
    rows without a translation, such as a teacher's own events."""
    translated = f"{name}_{lang}"
    if lang == DEFAULT or translated not in frame:
        return frame[name]
    return frame[translated].where(frame[translated].notna(), frame[name])


def field(row, name: str, lang: str):
    """One row's text in `lang`, falling back to English."""
    value = row.get(f"{name}_{lang}") if lang != DEFAULT else None
    return value if isinstance(value, str) and value else row[name]


def date_label(day: date, precision: str, lang: str) -> str:
    """A date at the precision a source gives ('year', 'month' or 'day') in `lang`:
    '1945', 'August 1945', '9 August 1945'; '1945年8月9日'; '9 августа 1945 г.'."""
    locale = LOCALES[lang]
    if precision == "year":  # Russian writes "1969 г.", as its month and day forms do
        pattern = YEAR_PATTERNS.get(lang)
        return (
            format_date(day, pattern, locale=locale)
            if pattern
            else format_skeleton("y", day, locale=locale)
        )
    if precision == "month":
        return format_skeleton("yMMMM", day, locale=locale)
    return format_date(day, format="long", locale=locale)
