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
    ACCOUNT_SOURCE_TYPES,
    CATEGORIES,
    DOCUMENTS,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_QUOTE_WORDS,
    PRECISIONS,
    SIDES,
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


class AccountName(_Strict):
    """What one side calls the event, written in its own language and kept as written
    (like a quote), with what it means in English."""

    text: str = Field(min_length=1, max_length=60)
    lang: Literal["zh", "ru"]
    gloss: str = Field(min_length=1, max_length=90)


class Account(_Strict):
    """One side's telling of a contested event, in the atlas's own words: who tells it
    (`voice`), what that side calls it, what kind of source carries it, and how it is
    known: quotes from the four sources, or, where they are silent, a `reference` a
    teacher can check (the account is then shown as added from general knowledge)."""

    voice: str = Field(min_length=1, max_length=120)
    name: AccountName | None = None
    text: str = Field(min_length=1, max_length=600)
    source_type: str
    sources: list[Source] = []
    reference: str | None = Field(default=None, min_length=1)

    _type = field_validator("source_type")(lambda v: _known(v, ACCOUNT_SOURCE_TYPES, "source type"))

    @model_validator(mode="after")
    def _cited(self) -> Account:
        if not self.sources and self.reference is None:
            raise ValueError(
                "an account needs a quote from the sources or, added from general "
                "knowledge, a reference a teacher can check"
            )
        return self


class LaterFinding(_Strict):
    """What historians found later, from archives the two sides kept closed: always
    added from general knowledge, so always with a reference."""

    text: str = Field(min_length=1, max_length=600)
    reference: str = Field(min_length=1)


class TwoAccounts(_Strict):
    """A contested event told from both sides: China's account and the Soviet one, each
    cited, and what historians later found where the data says."""

    china: Account
    soviet: Account
    later: LaterFinding | None = None

    @model_validator(mode="before")
    @classmethod
    def _both(cls, value):
        if isinstance(value, dict):
            missing = [side for side in SIDES if value.get(side) is None]
            if missing:
                raise ValueError(
                    "a contested event needs both accounts, China's and the Soviet one; "
                    f"missing: {', '.join(missing)}"
                )
        return value


class _Translation(_Strict):
    by: Literal["machine", "person"]  # machine: not yet reviewed by a person
    uncertain: str | None = None  # what in the translation is open to question
    # what a machine changed after a reader's review; still `by: machine` until a person checks
    revised: str | None = Field(default=None, min_length=1)


class AccountTranslation(_Strict):
    voice: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1, max_length=600)
    gloss: str | None = None  # what the side's name means, unless it is in this language


class TwoAccountsTranslation(_Strict):
    china: AccountTranslation
    soviet: AccountTranslation
    later: str | None = None


class EventTranslation(_Translation):
    title: str = Field(min_length=1, max_length=90)
    summary: str = Field(min_length=1, max_length=500)
    note: str | None = None  # the event's note on reading the sources, if it has one
    accounts: TwoAccountsTranslation | None = None  # a contested event's two accounts


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
    # An event the four sources do not report, added from general knowledge because a
    # class needs it (the railway handed back in 1952); its quotes give the background,
    # and an `added` entry beginning "event" ("event and date: ...") says what was added
    # and where it comes from.
    addition: bool = False
    # A contested event: the two sides' accounts (issue 23). Its title stays neutral.
    accounts: TwoAccounts | None = None
    translations: Translations

    @model_validator(mode="after")
    def _notes_translated(self) -> EventProperties:
        for lang in ("zh", "ru"):
            translated = getattr(self.translations, lang).note
            if (self.note is None) != (translated is None):
                has = "has a note" if self.note else "has no note"
                raise ValueError(f"the event {has}, but its translations.{lang}.note differs")
        return self

    @model_validator(mode="after")
    def _accounts_translated(self) -> EventProperties:
        for lang in ("zh", "ru"):
            translated = getattr(self.translations, lang).accounts
            if (self.accounts is None) != (translated is None):
                has = "is contested" if self.accounts else "is not contested"
                raise ValueError(f"the event {has}, but its translations.{lang}.accounts differs")
            if self.accounts is None:
                continue
            if (self.accounts.later is None) != (translated.later is None):
                raise ValueError(
                    f"the accounts' later finding and translations.{lang}.accounts.later differ"
                )
            for side in SIDES:
                name = getattr(self.accounts, side).name
                if name is not None and name.lang != lang and not getattr(translated, side).gloss:
                    raise ValueError(
                        f"translations.{lang}.accounts.{side} needs the gloss of the name "
                        f"'{name.text}'"
                    )
        return self

    @model_validator(mode="after")
    def _addition_marked(self) -> EventProperties:
        first_words = [(a.split() or [""])[0].rstrip(":") for a in self.added]
        if self.addition and "event" not in first_words:
            raise ValueError(
                "an event added from general knowledge says so in `added`, in an entry "
                "that begins 'event' (what was added, and where it comes from)"
            )
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
