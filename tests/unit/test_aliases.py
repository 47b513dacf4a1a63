"""The search's other names (dashboard/atlas/aliases.py) point at the atlas, and reach
the page (a store of its own, ids.SEARCH_DATA) in every language, small."""

import json

import pytest

from dashboard.atlas import aliases
from dashboard.atlas.aliases import ALIASES, GENERAL_KNOWLEDGE, alias_names, alias_problems
from dashboard.figures.page_data import CJK, event_index, search_data


def test_every_alias_group_points_at_something_in_the_atlas(atlas):
    ev, terr = atlas.events, atlas.territories
    assert alias_problems(ev["id"], ev["place"], terr["id"]) == []


def test_the_aliases_are_marked_as_general_knowledge():
    assert "general knowledge" in GENERAL_KNOWLEDGE
    assert "general knowledge" in aliases.__doc__.replace("\n", " ")


def test_a_broken_alias_group_is_reported(atlas, monkeypatch):
    broken = ALIASES + (
        {"names": ("Nowhere",), "events": ("no-such-event",)},
        {"names": ("Nothing",)},
        {"names": (), "territories": ("no-such-territory",)},
        {"names": ("Elsewhere",), "places": ("Atlantis",)},
    )
    monkeypatch.setattr(aliases, "ALIASES", broken)
    ev, terr = atlas.events, atlas.territories
    problems = aliases.alias_problems(ev["id"], ev["place"], terr["id"])
    assert any("no event 'no-such-event'" in p for p in problems)
    assert any("names no place, event or territory" in p for p in problems)
    assert any("no territory 'no-such-territory'" in p for p in problems)
    assert any("no names" in p for p in problems)
    assert any("no event at place 'Atlantis'" in p for p in problems)


def test_no_name_is_in_two_groups():
    seen = {}
    for group in ALIASES:
        for name in group["names"]:
            seen.setdefault(name.casefold(), []).append(group)
    # a name in two groups would find both groups' events
    assert {n for n, groups in seen.items() if len(groups) > 1} == set()


@pytest.mark.parametrize(
    "event_id, names",
    [
        ("border-conflict-1969", ["Zhenbao", "Damansky", "珍宝岛", "Даманский"]),
        ("soviet-rights-northeast-1945", ["Port Arthur", "Lüshun", "旅顺", "Порт-Артур"]),
        ("soviet-rights-northeast-1945", ["Dairen", "Dalian", "大连", "Далянь"]),
        ("xu-shuzheng-occupies-mongolia-1919", ["Urga", "Ulaanbaatar", "库伦", "Урга"]),
        ("soviet-invasion-xinjiang-1934", ["Tihwa", "Dihua", "Urumqi", "迪化", "Урумчи"]),
        ("gorbachev-visits-beijing-1989", ["Peking", "Beijing", "北京", "Пекин"]),
        ("japan-invades-manchuria-1931", ["Mukden", "Shenyang", "沈阳", "Мукден"]),
    ],
)
def test_each_issue_name_reaches_its_event_in_every_language(atlas, event_id, names):
    """On the Chinese page every name; on the others, Chinese only as the events' own
    Chinese place names (their font slice holds no more: tests/unit/test_font.py)."""
    places_zh = " ".join(atlas.events.set_index("id").loc[[event_id], "place_zh"])
    for lang in ("en", "zh", "ru"):
        words = search_data(atlas, lang)["words"][event_id]
        for name in names:
            if lang != "zh" and CJK.search(name) and name not in places_zh:
                assert name not in words, (lang, event_id, name)
            else:
                assert name in words, (lang, event_id, name)


def test_the_issue_chinese_names_are_events_own_places(atlas):
    """珍宝岛, 旅顺, 库伦 and 迪化 are found on every page: they are the events' places."""
    places = " ".join(atlas.events["place_zh"].dropna())
    assert all(name in places for name in ("珍宝岛", "旅顺", "库伦", "迪化", "北京", "沈阳"))


def test_territories_no_event_names_are_results_of_their_own(atlas):
    own = {t["id"]: t for t in search_data(atlas, "zh")["territories"]}
    assert "heixiazi-bolshoy-ussuriysky" in own
    assert own["heixiazi-bolshoy-ussuriysky"]["title"].startswith("黑瞎子岛")
    assert "Bolshoy Ussuriysky" in own["heixiazi-bolshoy-ussuriysky"]["words"]
    named = {t for ids in atlas.territories["events"] for t in (ids or ())}
    assert not named & set(own)


def test_alias_names_by_place_follow_new_events_at_that_place():
    by_event, _ = alias_names([("a", "Shenyang (Mukden)"), ("b", "Elsewhere")], {})
    assert "奉天" in by_event["a"] and "b" not in by_event


def test_the_index_has_each_events_place_in_the_pages_language(atlas):
    places = {e["id"]: e["place"] for e in event_index(atlas, "ru")}
    assert places["border-conflict-1969"] == "остров Даманский"
    assert {e["id"]: e["place"] for e in event_index(atlas, "en")}["ports-returned-1955"] == (
        "Lüshun (Port Arthur)"
    )


def test_the_search_data_is_small(atlas):
    """The page's data grows by the search's words: under 40 KB (UTF-8) in any language."""
    for lang in ("en", "zh", "ru"):
        search = search_data(atlas, lang)
        assert len(json.dumps(search, ensure_ascii=False).encode()) < 40_000
