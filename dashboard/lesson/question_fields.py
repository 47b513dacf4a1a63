"""The chooser's fields for the teacher's own questions: one per tour step, labelled
with the step's number and sentence, each shown while its step is in the range chosen
(callbacks.py), so that what was typed for a step stays when the range changes.

Plain ids (`step-question-18`), not Dash's pattern-matching ones: the server checks
every callback request against the callbacks' declared ids (server/web.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from .. import ids
from ..atlas.chapters import TOUR
from ..i18n import translator
from .options import QUESTION_MAX

STEPS = range(1, len(TOUR) + 1)


def field_id(step: int) -> str:
    return f"{ids.STEP_QUESTION}-{step}"


def row_id(step: int) -> str:
    return f"{ids.STEP_QUESTION}-{step}-row"


def question_fields(shown, lang: str) -> list:
    """A field per tour step, those of `shown` (the range's steps) visible."""
    t = translator(lang)
    fields = []
    for step in STEPS:
        label = t("Tour step {step}").format(step=step) + ": " + t(TOUR[step - 1][1].narrative)
        fields.append(
            html.Label(  # the field inside its label: named for screen readers
                [
                    html.Span(label, className="atlas-hint"),
                    dbc.Input(
                        id=field_id(step), type="text", maxLength=QUESTION_MAX, debounce=False,
                        value="", placeholder=t("Your question for this step"),
                    ),
                ],
                id=row_id(step),
                hidden=step not in shown,
                className="atlas-field",
            )
        )  # fmt: skip
    return fields
