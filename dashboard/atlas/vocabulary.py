"""The fixed vocabularies of the atlas data, and how each value is drawn.

Kept in one place so that the schema, the figures and the legend cannot disagree.
The palette is Okabe-Ito, which stays distinguishable for the common forms of colour
blindness; every category also has its own marker shape, so colour is never the only cue.
"""

from __future__ import annotations

FIRST_YEAR = 1917
LAST_YEAR = 1991

THEATERS: tuple[str, ...] = (
    "Soviet Union",
    "Mongolia",
    "Manchuria",
    "Xinjiang",
    "China",
    "Korea",
    "Ussuri border",
    "Indochina",
    "Afghanistan",
    "United States",
)

# The lanes, and theater filters, of a teacher's own events (dashboard/classroom/teacher.py): a
# visitor's uploaded ones, and those of a class set a teacher published (?set=).
YOURS = "Your events"
CLASS_SET = "Class set"
ALL_THEATERS: tuple[str, ...] = (*THEATERS, YOURS, CLASS_SET)

# category -> (colour, plotly marker symbol)
CATEGORY_STYLE: dict[str, tuple[str, str]] = {
    "armed conflict": ("#D55E00", "diamond"),
    "intervention": ("#CC79A7", "triangle-up"),
    "treaty or agreement": ("#0072B2", "square"),
    "diplomacy and visits": ("#009E73", "circle"),
    "aid and cooperation": ("#E69F00", "pentagon"),
    "ideology and split": ("#56B4E9", "hexagram"),
    "turning point": ("#000000", "star"),
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_STYLE)
# plotly marker symbol -> the same shape as a character, for legends written as text
SYMBOL_GLYPHS = {
    "diamond": "◆",
    "triangle-up": "▲",
    "square": "■",
    "circle": "●",
    "pentagon": "⬟",
    "hexagram": "✶",
    "star": "★",
}

PRECISIONS: tuple[str, ...] = ("site", "city", "region", "route")

# A contested event's two accounts (issue 23): whose they are, in the order the page and
# the print show them, and what kind of source carries each side's telling.
SIDES: tuple[str, ...] = ("china", "soviet")
CONTESTED_GLYPH = "◐"  # the mark of a contested event: a circle of two halves
ACCOUNT_SOURCE_TYPES: tuple[str, ...] = (
    "government statement",  # a note, a government's or TASS's statement
    "party letter",  # the two parties' letters and open letters of the polemic
    "official historiography",  # how each state's histories and textbooks name and tell it
)

# The four source texts (see ../shared/seeds/README.md): citation title -> seed file.
DOCUMENTS: dict[str, str] = {
    "Sino-Soviet relations (encyclopedia article)": "000_533915dbe5bed241.txt",
    'FRUS document 296, "Sino-Soviet Relations: Keeping Our Cool"': "001_74997d03fc54f11e.txt",
    "Westad (ed.), Brothers in Arms": "002_72bc5a6612431cdf.txt",
    '"Rapprochement: 1971-1979" (essay)': "003_6f49d691ac556985.txt",
}

MAX_QUOTE_WORDS = 24
