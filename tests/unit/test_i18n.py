"""Three languages: which one a page is in, and that every text has its translation."""

import re

import pytest
from babel.messages.extract import extract_from_dir
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from dashboard import i18n
from dashboard.atlas.chapters import CHAPTERS
from dashboard.atlas.vocabulary import ACCOUNT_SOURCE_TYPES, ALL_THEATERS, CATEGORIES, THEATERS
from dashboard.figures.map_figure import map_figure
from dashboard.figures.page_data import ERAS, event_index, page_data
from dashboard.figures.timeline_figure import timeline_figure
from dashboard.page.callbacks import render_details
from dashboard.server.config import ROOT

TRANSLATED = ("zh", "ru")


def accept(header: str) -> LanguageAccept:
    return parse_accept_header(header, LanguageAccept)


@pytest.mark.parametrize(
    "requested, header, expected",
    [
        ("zh", "ru-RU", "zh"),  # the link wins
        (None, "ru-RU,ru;q=0.9,en;q=0.5", "ru"),
        (None, "zh-CN,zh;q=0.9", "zh"),
        (None, "fr-FR,fr;q=0.9", "en"),
        ("fr", "zh-TW", "zh"),  # an unknown link falls back to the browser's
        (None, "", "en"),
    ],
)
def test_a_page_is_in_the_language_its_link_or_its_browser_asks_for(requested, header, expected):
    assert i18n.choose(requested, accept(header)) == expected


def used_messages(atlas) -> set[str]:
    """Every interface text: the literal ones the code translates, and the ones it
    translates from data (categories, theaters, eras, chapters, countries, the kinds of
    source a contested event's accounts come from)."""
    literal = {
        message
        for _, _, message, *_ in extract_from_dir(
            ROOT / "dashboard",
            # the print page's template too (dashboard/lesson/templates, Jinja's extractor)
            method_map=[("**.py", "python"), ("lesson/templates/**.html", "jinja2")],
            keywords={"t": None, "tn": (1, 2)},  # tn: singular and plural
        )
    }
    story = {text for c in CHAPTERS for text in (c.title, c.intro, *(s.narrative for s in c.steps))}
    return (
        literal
        | story
        | set(CATEGORIES)
        | set(ACCOUNT_SOURCE_TYPES)
        | set(ALL_THEATERS)
        | set(ERAS.values())
        | set(atlas.basemap["label"])
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_text_of_the_interface_has_a_translation_keeping_its_placeholders(atlas, lang):
    catalogue = i18n.catalogue(lang)
    used = used_messages(atlas)
    assert {"Projector mode", "Tour · step {step} of {steps} · {chapter}"} <= used
    for text in used:
        message = catalogue.get(text)
        assert message is not None and message.string, f"{lang}: no translation of {text!r}"
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        english = text if isinstance(text, tuple) else (text,)
        assert all(forms) and len(forms) == catalogue.num_plurals ** isinstance(text, tuple)
        for form in forms:
            assert set(re.findall(r"{\w+}", form)) == set(re.findall(r"{\w+}", english[-1]))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_catalogues_hold_no_text_the_page_no_longer_shows(atlas, lang):
    keys = {m.id if isinstance(m.id, str) else tuple(m.id) for m in i18n.catalogue(lang) if m.id}
    used = used_messages(atlas)
    assert keys - used == set()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_machine_translations_are_marked_as_such(lang):
    catalogue = i18n.catalogue(lang)
    assert i18n.machine_made(lang)  # every entry so far: no person has reviewed them
    assert all(m.fuzzy for m in catalogue if m.id)
    assert not i18n.machine_made("en")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_event_and_territory_has_its_title_and_names_in_each_language(atlas, lang):
    events, territories = atlas.events, atlas.territories
    assert events[f"title_{lang}"].notna().all() and events[f"summary_{lang}"].notna().all()
    assert set(events[f"by_{lang}"]) <= {"machine", "person"}
    assert territories[f"map_label_{lang}"].notna().all()
    # translations are not copies of the English
    assert (events[f"title_{lang}"] != events["title"]).all()


def test_the_map_and_timeline_speak_the_pages_language(atlas):
    """What the page shows under the pointer and writes on the map is in its language;
    the filters keep working on the English keys."""
    index = {e["id"]: e for e in event_index(atlas, "zh")}
    assert index["border-conflict-1969"]["title"] == "乌苏里江边境冲突"
    assert index["border-conflict-1969"]["date"].startswith("1969年3月")
    assert {e["theater"] for e in index.values()} <= set(THEATERS)
    fig = map_figure(atlas, 1969, lang="zh")
    basemap = next(t for t in fig.data if (t.meta or {}).get("role") == "basemap")
    assert "中华人民共和国" in basemap.text
    page = page_data(atlas, "zh")
    assert "珍宝岛" in {t["label"] for t in page["territories"]}
    assert {"黑龙江", "乌苏里江"} <= {r["label"] for r in page["rivers"]}
    lanes = timeline_figure(atlas, 1969, lang="ru").layout.yaxis.ticktext
    assert "Маньчжурия" in lanes and "Manchuria" not in lanes


def test_details_translate_title_and_summary_but_never_the_quotes(atlas):
    event = atlas.events.set_index("id").loc["border-conflict-1969"]
    details = str(render_details("border-conflict-1969", atlas, "ru"))
    assert event["title_ru"] in details and event["summary_ru"] in details
    assert event["sources"][0]["quote"] in details  # the source's own words
    assert "машинный перевод" in details  # marked as machine-made
    assert event["title"] not in details


def test_details_say_what_a_machine_revised_after_a_readers_review(atlas):
    event = atlas.events.set_index("id").loc["soviet-mongolian-victory-1921"]
    details = str(render_details("soviet-mongolian-victory-1921", atlas, "zh"))
    assert "机器翻译" in details and "读者审阅后由机器修订" in details
    assert event["revised_zh"] in details
    # a translation nobody revised carries only the machine mark
    details = str(render_details("russian-revolution-1917", atlas, "zh"))
    assert "机器翻译" in details and "读者审阅后由机器修订" not in details


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_entries_revised_after_review_stay_marked_for_review(lang):
    revised = [
        m for m in i18n.catalogue(lang) if any("issue-13 review" in c for c in m.user_comments)
    ]
    assert revised and all(m.fuzzy for m in revised)


def test_a_note_on_reading_the_sources_is_translated_and_keeps_the_sources_words(atlas):
    event = atlas.events.set_index("id").loc["gang-of-four-overthrown-1976"]
    details = str(render_details("gang-of-four-overthrown-1976", atlas, "zh"))
    assert event["note_zh"] in details and event["note"] not in details
    noted = atlas.events[atlas.events["note"].notna()]
    assert noted["note_zh"].notna().all() and noted["note_ru"].notna().all()
    # words a note quotes from a source stay as the source wrote them
    split = atlas.events.set_index("id").loc["sino-soviet-split"]
    assert "the Sino-Soviet split that began in 1960" in split["note_ru"]
