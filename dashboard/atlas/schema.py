"""Pydantic models of the properties each geodata layer must carry.

Geometry is checked in data.py with Shapely; these models check the fields. Every rule
raises a short sentence that data.py reports beside the file, the feature and the field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from . import dates
from .vocabulary import (
    CATEGORIES,
    DOCUMENTS,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_QUOTE_WORDS,
    PRECISIONS,
    THEATERS,
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _known(value: str, allowed: tuple[str, ...] | list[str], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} '{value}'; known: {', '.join(allowed)}")
    return value


def _check_span(start: str, end: str | None) -> None:
    first = dates.parse(start)
    if end is not None and dates.parse(end).last_day < first.first_day:
        raise ValueError(f"start {start} is after end {end}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Strict):
    document: str
    locator: str = Field(min_length=1)
    quote: str = Field(min_length=1)

    @field_validator("document")
    @classmethod
    def _document(cls, value: str) -> str:
        return _known(value, list(DOCUMENTS), "document")

    @field_validator("quote")
    @classmethod
    def _short(cls, value: str) -> str:
        if len(value.split()) > MAX_QUOTE_WORDS:
            raise ValueError(f"a quote must be under 25 words, this one has {len(value.split())}")
        return value


class _Translation(_Strict):
    by: Literal["machine", "person"]  # machine: not yet reviewed by a person
    uncertain: str | None = None  # what in the translation is open to question
    # what a machine changed after a reader's review; still `by: machine` until a person checks
    revised: str | None = Field(default=None, min_length=1)


class EventTranslation(_Translation):
    title: str = Field(min_length=1, max_length=90)
    summary: str = Field(min_length=1, max_length=500)
    note: str | None = None  # the event's note on reading the sources, if it has one


class TerritoryTranslation(_Translation):
    label: str = Field(min_length=1)
    map_label: str = Field(min_length=1, max_length=24)
    note: str = Field(min_length=1)


class Translations(_Strict):
    """Chinese (简体) and Russian texts of a feature; both are required."""

    zh: EventTranslation
    ru: EventTranslation


class TerritoryTranslations(_Strict):
    zh: TerritoryTranslation
    ru: TerritoryTranslation


class EventProperties(_Strict):
    # `context` comes first: fields are validated in order, and the date rules read it.
    context: bool = False
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1, max_length=90)
    summary: str = Field(min_length=1, max_length=500)
    start: str
    end: str | None = None
    theater: str
    category: str
    place: str = Field(min_length=1)
    place_zh: str | None = None
    place_pinyin: str | None = None
    place_ru: str | None = None
    location_note: str = Field(min_length=1)
    precision: Literal[PRECISIONS]  # type: ignore[valid-type]
    sources: list[Source] = Field(min_length=1)
    note: str | None = None
    added: list[str] = []
    # Events this one is known to follow, where the dates alone do not say so (a report
    # after what it reports); how it is known goes in `added` (years.time_order).
    after: list[str] = []
    # Where a line's or an area's marker stands, [lon, lat], when the middle of the line
    # would be nowhere in particular (a route between two capitals).
    anchor: tuple[float, float] | None = None
    translations: Translations

    @model_validator(mode="after")
    def _notes_translated(self) -> EventProperties:
        for lang in ("zh", "ru"):
            translated = getattr(self.translations, lang).note
            if (self.note is None) != (translated is None):
                has = "has a note" if self.note else "has no note"
                raise ValueError(f"the event {has}, but its translations.{lang}.note differs")
        return self

    @field_validator("anchor")
    @classmethod
    def _on_the_globe(cls, value):
        if value is not None and not (-180 <= value[0] <= 180 and -90 <= value[1] <= 90):
            raise ValueError(f"{list(value)} is not [lon, lat] on the globe")
        return value

    _theater = field_validator("theater")(lambda v: _known(v, THEATERS, "theater"))
    _category = field_validator("category")(lambda v: _known(v, CATEGORIES, "category"))

    @field_validator("start", "end")
    @classmethod
    def _date(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        year = dates.parse(value).year
        if not info.data.get("context") and not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(
                f"{year} falls outside {FIRST_YEAR}-{LAST_YEAR}; "
                'mark the event "context": true if it belongs'
            )
        if info.field_name == "end" and "start" in info.data:
            _check_span(info.data["start"], value)
        return value


class TimeBoundedProperties(_Strict):
    """A territory or basemap outline valid from one date to another."""

    id: str = Field(pattern=SLUG)
    label: str = Field(min_length=1)
    valid_from: str
    valid_to: str
    approximate: bool
    note: str = Field(min_length=1)

    @field_validator("valid_from", "valid_to")
    @classmethod
    def _date(cls, value: str, info: ValidationInfo) -> str:
        dates.parse(value)
        if info.field_name == "valid_to" and "valid_from" in info.data:
            _check_span(info.data["valid_from"], value)
        return value


class TerritoryProperties(TimeBoundedProperties):
    kind: Literal["state", "occupation", "concession", "dispute"]
    map_label: str = Field(min_length=1, max_length=24)  # short enough to sit on the map
    events: list[str] = []
    translations: TerritoryTranslations


class BasemapProperties(TimeBoundedProperties):
    group: Literal["soviet", "chinese", "other"]


class RiverProperties(_Strict):
    """A river drawn so that the places on it can be found; named in three languages
    (general knowledge), with where its line comes from in `note`."""

    id: str = Field(pattern=SLUG)
    label: str = Field(min_length=1, max_length=24)
    label_zh: str = Field(min_length=1, max_length=24)
    label_ru: str = Field(min_length=1, max_length=24)
    note: str = Field(min_length=1)
    label_at: tuple[float, float]  # [lon, lat] near which the name is written
