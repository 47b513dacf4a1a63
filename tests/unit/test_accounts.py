"""Contested events told from both sides (issue 23): the two accounts in each language,
in the details, the events' index and the CSV of the events shown."""

import csv
import io

import pytest

from dashboard.atlas.accounts import is_addition, is_contested, two_accounts
from dashboard.atlas.data import contested
from dashboard.atlas.export import events_csv
from dashboard.figures.page_data import event_index
from dashboard.page.callbacks import contested_only, render_details


@pytest.fixture(scope="module")
def zhenbao(atlas):
    return atlas.events.set_index("id").loc["border-conflict-1969"]


def test_the_two_accounts_in_each_language(zhenbao):
    en, zh, ru = (two_accounts(zhenbao, lang) for lang in ("en", "zh", "ru"))
    assert [s["side"] for s in en["sides"]] == ["china", "soviet"]  # China's first
    assert [s["heading"] for s in zh["sides"]] == ["中方的叙述", "苏方的叙述"]
    china, soviet = en["sides"]
    assert china["name"] == {
        "text": "珍宝岛自卫反击战",
        "lang": "zh-Hans",
        "gloss": "the Zhenbao Island self-defence counterattack",
        "gloss_lang": "en",
    }
    assert china["sources"][0]["citation"].startswith('"Rapprochement: 1971-1979" (essay)')
    assert soviet["sources"] == [] and "Robinson" in soviet["reference"]
    assert "31 border guards" in soviet["text"] and soviet["source_type"] == "government statement"
    # a name in the page's own language needs no gloss; one in the other language gets
    # the page's own
    assert zh["sides"][0]["name"]["gloss"] is None
    assert zh["sides"][1]["name"]["gloss"] == "达曼斯基岛事件"
    assert ru["sides"][1]["name"]["gloss"] is None and ru["sides"][0]["name"]["gloss_lang"] == "ru"
    assert zh["sides"][0]["lang"] == "zh-Hans" and zh["sides"][0]["source_type"] == "政府声明"
    assert (
        zh["later"]["text"] == zhenbao["accounts_zh"]["later"]
        and "Yang Kuisong" in (zh["later"]["reference"])
    )


def test_an_event_that_is_not_contested_has_no_accounts(atlas):
    sputnik = atlas.events.set_index("id").loc["sputnik-1957"]
    assert two_accounts(sputnik, "zh") is None and not is_contested(sputnik)
    assert two_accounts({"accounts": float("nan")}) is None  # a teacher's event, after concat
    assert not is_addition({"addition": float("nan")}) and not is_addition({})
    assert contested(atlas.events).sum() >= 6


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", ["Two accounts", "The Chinese account", "The Soviet account", "contested"]),
        ("zh", ["两方叙述", "中方的叙述", "苏方的叙述", "历史学家后来的发现", "有争议"]),
        ("ru", ["Две версии", "Китайская версия", "Советская версия", "спорное"]),
    ],
)
def test_the_details_show_both_accounts_marked_and_cited(atlas, zhenbao, lang, words):
    details = str(render_details("border-conflict-1969", atlas, lang))
    assert all(word in details for word in words)
    for side in ("china", "soviet"):
        assert zhenbao["accounts"][side]["name"]["text"] in details
        assert zhenbao["accounts"][side]["reference"] in details  # a teacher can check it
        if lang != "en":
            assert zhenbao[f"accounts_{lang}"][side]["text"] in details
    assert zhenbao["accounts"]["china"]["sources"][0]["quote"] in details
    plain = str(render_details("sputnik-1957", atlas, lang))
    assert words[0] not in plain and words[1] not in plain


def test_an_event_the_sources_do_not_report_says_so(atlas):
    details = str(render_details("railway-returned-1952", atlas, "en"))
    assert "added from general knowledge" in details
    assert "The sources do not report this event itself" in details
    assert "do not report" not in str(render_details("stalin-dies-1953", atlas, "en"))


def test_the_index_marks_contested_events_and_the_csv_can_keep_only_them(atlas):
    index = {e["id"]: e for e in event_index(atlas, "ru")}
    told = {i for i, e in index.items() if e["contested"]}
    assert told == set(atlas.events[contested(atlas.events)]["id"])
    assert "border-conflict-1969" in told and "sputnik-1957" not in told
    assert contested_only(["contested"]) and not contested_only([]) and not contested_only("x")
    content = events_csv(atlas, 1969, contested_only=True)["content"].lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(content)))
    shown = {r["id"] for r in rows}
    earlier = atlas.events[contested(atlas.events) & (atlas.events["start_year"] <= 1969)]
    assert shown == set(earlier["id"]) and "border-conflict-1969" in shown
