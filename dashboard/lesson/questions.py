"""A handout's questions, and their answers for the teacher's key. Pure: a step's own
event in, questions out.

Every question asks about the step's own event (the one its heading names), and every
answer is the atlas's data about it, never written here: when and where (its date and
place, as the print writes them), what the sources say (their own words, with the
citation; for an event none of them reports, what the atlas added and where from), and
for a contested event, what each side called it. The teacher's own question (options.py)
comes last, with no answer: the key leaves a line for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..atlas.accounts import is_addition, two_accounts
from ..atlas.chapters import TOUR
from ..atlas.data import Atlas, citation
from ..i18n import field as text_of
from ..i18n import translator


@dataclass(frozen=True)
class Question:
    text: str
    lines: int  # ruled lines to write on, in the class's handout
    answer: tuple[str, ...] = ()  # in the key: lines of text from the data
    quotes: tuple[dict, ...] = ()  # in the key: the sources' words, {"quote", "citation"}
    own: bool = False  # the teacher's: no answer in the key


def places(row) -> str:
    """An event's place in the three languages, as the print writes it."""
    names = [row["place"]]
    for name in ("place_zh", "place_ru"):
        if isinstance(row.get(name), str):
            names.append(row[name])
    return " / ".join(names)


def step_event(atlas: Atlas, step: int):
    """The row of a tour step's own event."""
    return atlas.events.loc[atlas.events["id"] == TOUR[step - 1][1].event].iloc[0]


def step_questions(atlas: Atlas, step: int | None, lang: str, own: str | None) -> list[Question]:
    """The questions of a section: none for a section that is no tour step (a range of
    years without one), else three or four from the data and the teacher's own."""
    if step is None:
        return []
    t = translator(lang)
    row = step_event(atlas, step)
    out = [
        Question(
            t("When and where did it happen?"),
            lines=1,
            answer=(f"{text_of(row, 'date_label', lang)} · {places(row)}",),
        )
    ]
    quotes = tuple(
        {"quote": s["quote"], "citation": citation(s)} for s in row["sources"] if s.get("quote")
    )
    added = next((a for a in row["added"] if a.startswith("event")), None)
    out.append(
        Question(
            t("What do the sources say about it? Write down or sum up their words."),
            lines=2,
            quotes=quotes,
            answer=(t("Added from general knowledge.") + " " + added,)
            if is_addition(row) and added
            else (),
        )
    )
    accounts = two_accounts(row, lang)
    sides = [side for side in (accounts or {}).get("sides", []) if side.get("name")]
    if accounts and len(sides) == 2:
        out.append(
            Question(
                t("The two sides told it differently: what did each side call it?"),
                lines=2,
                answer=tuple(
                    f"{side['heading']}: {side['name']['text']}"
                    + (f" ({side['name']['gloss']})" if side["name"].get("gloss") else "")
                    for side in sides
                ),
            )
        )
    if own:
        out.append(Question(own, lines=2, own=True))
    return out
