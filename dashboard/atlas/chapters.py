"""The story in six chapters, and a guided tour through their key events.

Each chapter has a two-sentence introduction, in our own words, drawn from the events
of its years; each tour step names an event of the atlas and a sentence that ties it
to the story. Nothing here is an event of its own: the tests check that every step
names an atlas event in its chapter's years, in order of years.
Links: `?chapter=<id>` opens a chapter, `?tour=<n>` the tour's n-th step (from 1).

Each chapter, and each tour step that needs a closer look, has a view: the part of the
map that must be seen (west, east, south, north, in degrees), chosen so that its events
and the names around them are drawn; the page widens it to fill the map's frame. The
tests check that every step's event lies inside its view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class View(NamedTuple):
    """A part of the map that must be seen, in degrees; the page widens it along one
    axis to the frame's shape (assets/js/68-views.js)."""

    west: float
    east: float
    south: float
    north: float

    def holds(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


# The stage: Moscow to the Sea of Japan, Afghanistan to Korea. The page's overview.
STAGE = View(28.0, 152.0, 14.0, 63.0)


@dataclass(frozen=True)
class Step:
    event: str
    narrative: str


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    first: int
    last: int
    intro: str
    steps: tuple[Step, ...]


CHAPTERS = (
    Chapter(
        "revolution-and-mongolia",
        "Revolution and Mongolia",
        1917,
        1928,
        "The revolution of 1917 brought Soviet power to China's long northern border, and "
        "Mongolia became the first ground the two contested. Moscow then backed both the "
        "Kuomintang and the young Communist Party, until Chiang Kai-shek turned on the "
        "Communists in 1927.",
        (
            Step("russian-revolution-1917", "Soviet power is born in Petrograd."),
            Step(
                "xu-shuzheng-occupies-mongolia-1919",
                "Chinese troops occupy Outer Mongolia; the atlas adds, from the established "
                "record, that this ended its autonomy.",
            ),
            Step(
                "ungern-sternberg-mongolia-1920",
                "Ungern-Sternberg's Whites bring Mongolia under their sway.",
            ),
            Step(
                "soviet-mongolian-victory-1921",
                "The Red Army and Mongolian partisans defeat Ungern, and Mongolia gets a "
                "pro-Soviet government.",
            ),
            Step(
                "diplomatic-relations-1924",
                "Beijing and Moscow open diplomatic relations.",
            ),
            Step(
                "chiang-purges-ccp-1927",
                "Chiang breaks with the Communists, and with Moscow's strategy in China.",
            ),
        ),
    ),
    Chapter(
        "railway-xinjiang-japan",
        "The railway, Xinjiang and the war with Japan",
        1929,
        1945,
        "Moscow defended its stake in the Chinese Eastern Railway by force and sent troops "
        "into Xinjiang, while Japan took Manchuria. When Japan went to war with all of "
        "China, the Soviet Union became Nationalist China's main foreign backer until 1941, "
        "and in August 1945 its armies swept through Manchuria.",
        (
            Step(
                "cer-seizure-1929",
                "China seizes the railway, and a short Soviet war restores joint control: "
                "each side told it its own way.",
            ),
            Step("japan-invades-manchuria-1931", "Japan seizes the north-east."),
            Step(
                "soviet-invasion-xinjiang-1934",
                "Soviet troops enter Xinjiang, China's far west.",
            ),
            Step(
                "non-aggression-pact-1937",
                "At war with Japan, Nationalist China signs a pact with Moscow.",
            ),
            Step(
                "ili-rebellion-1944",
                "With Soviet support, a rebellion founds the Second East Turkestan Republic.",
            ),
            Step(
                "soviet-invasion-of-manchuria-1945",
                "The Red Army overruns Manchuria in the last days of the war.",
            ),
        ),
    ),
    Chapter(
        "alliance-and-korea",
        "Alliance and Korea",
        1946,
        1955,
        "The Communists won the civil war, and Mao went to Moscow to seek economic help, "
        "returning with an alliance. Months later the two were partners in the Korean War; "
        "the railway went back to China in 1952, and Port Arthur in 1955.",
        (
            Step("prc-proclaimed-1949", "Mao proclaims the People's Republic."),
            Step("mao-in-moscow-1949", "Mao goes to Moscow, and waits for Stalin."),
            Step(
                "treaty-of-friendship-1950",
                "The treaty makes the two communist powers allies.",
            ),
            Step(
                "chinese-troops-enter-korea-1950",
                "China enters the Korean War, without the Soviet air cover it asked for.",
            ),
            Step("ports-returned-1955", "The Soviet base at Port Arthur goes back to China."),
        ),
    ),
    Chapter(
        "the-split",
        "The split",
        1956,
        1968,
        "Khrushchev's break with Stalin's memory opened rifts that ideology and rivalry "
        "soon widened. Moscow's refusal to share advanced technology, and support that Beijing "
        "found wanting in its conflicts over Taiwan and with India, drove the allies apart.",
        (
            Step(
                "khrushchev-denounces-stalin-1956",
                "Khrushchev denounces Stalin; Mao objects.",
            ),
            Step(
                "taiwan-strait-crisis-1958",
                "In the Taiwan Strait crisis, Beijing finds Moscow's backing short of what it "
                "wants.",
            ),
            Step("technology-refused-1959", "Moscow refuses to share advanced technology."),
            Step(
                "soviet-experts-recalled-1960",
                "Moscow recalls its experts, and the split is out in the open.",
            ),
            Step(
                "sino-indian-war-1962",
                "In the war with India, Beijing again finds Soviet support wanting.",
            ),
            Step(
                "social-imperialism-1968",
                "Beijing calls the Soviet Union 'social imperialist', its greatest threat.",
            ),
        ),
    ),
    Chapter(
        "border-war-and-triangle",
        "The border war and the triangle with Washington",
        1969,
        1978,
        "In 1969 Soviet and Chinese troops fought on the Ussuri, and Moscow weighed a "
        "nuclear strike. Three years later Nixon was in Beijing: the quarrel between the "
        "communist powers had made a triangle with the United States.",
        (
            Step("border-conflict-1969", "Fighting breaks out on Zhenbao (Damansky) Island."),
            Step(
                "nuclear-strike-considered-1969",
                "Moscow considers a nuclear strike, which never comes.",
            ),
            Step("nixon-arrives-beijing-1972", "Nixon lands in Beijing."),
            Step(
                "shanghai-communique-1972",
                "The Shanghai Communiqué sets out the new relationship.",
            ),
            Step("mao-dies-1976", "Mao dies; an era ends in Beijing."),
        ),
    ),
    Chapter(
        "afghanistan-and-normalisation",
        "Afghanistan and normalisation",
        1979,
        1991,
        "Washington recognised the People's Republic, China attacked Moscow's ally "
        "Vietnam, and Soviet troops went into Afghanistan. At the funerals of three Soviet "
        "leaders, from 1982 to 1985, the two sides edged closer, and Gorbachev came to Beijing "
        "in 1989, two years before the Soviet Union ended.",
        (
            Step(
                "us-recognises-prc-1979",
                "The United States recognises the People's Republic.",
            ),
            Step(
                "china-invades-vietnam-1979",
                "China attacks Vietnam, the Soviet Union's ally.",
            ),
            Step(
                "soviet-invasion-afghanistan-1979",
                "Soviet troops invade Afghanistan.",
            ),
            Step(
                "brezhnev-funeral-1982",
                "At Brezhnev's funeral the foreign ministers meet.",
            ),
            Step(
                "deng-gorbachev-detente-1985",
                "Deng wants calm to build the economy, and Gorbachev is curious about China's "
                "reforms.",
            ),
            Step(
                "gorbachev-visits-beijing-1989",
                "Gorbachev comes to Beijing for the first summit in thirty years.",
            ),
            Step("soviet-union-dissolved-1991", "The Soviet Union ceases to exist."),
        ),
    ),
)

TOUR = tuple((chapter, step) for chapter in CHAPTERS for step in chapter.steps)


def chapter_by_id(chapter_id) -> Chapter | None:
    """The chapter of that id, or None (a link's id is anything a visitor typed)."""
    return next((c for c in CHAPTERS if c.id == chapter_id), None)


# The views, by chapter and by the event of a step; a step without its own shows its
# chapter's. Regions as the steps need them (general knowledge of where places lie).
MONGOLIA = View(88.0, 126.0, 38.0, 55.0)
MANCHURIA = View(112.0, 140.0, 37.0, 54.0)
XINJIANG = View(70.0, 100.0, 34.0, 50.0)
KOREA_AND_PORTS = View(112.0, 134.0, 33.0, 45.0)
USSURI = View(126.5, 138.5, 43.0, 50.5)  # Zhenbao/Damansky, Heixiazi, the Amur, the Ussuri
CHAPTER_VIEWS = {
    "revolution-and-mongolia": View(26.0, 128.0, 24.0, 63.0),
    "railway-xinjiang-japan": View(72.0, 138.0, 24.0, 55.0),
    "alliance-and-korea": View(32.0, 136.0, 30.0, 60.0),
    "the-split": View(32.0, 128.0, 20.0, 60.0),
    "border-war-and-triangle": View(32.0, 140.0, 28.0, 60.0),
    "afghanistan-and-normalisation": View(32.0, 122.0, 18.0, 60.0),
}
STEP_VIEWS = {
    "xu-shuzheng-occupies-mongolia-1919": MONGOLIA,
    "ungern-sternberg-mongolia-1920": MONGOLIA,
    "soviet-mongolian-victory-1921": MONGOLIA,
    "cer-seizure-1929": MANCHURIA,
    "japan-invades-manchuria-1931": MANCHURIA,
    "soviet-invasion-xinjiang-1934": XINJIANG,
    "ili-rebellion-1944": XINJIANG,
    "soviet-invasion-of-manchuria-1945": MANCHURIA,
    "chinese-troops-enter-korea-1950": KOREA_AND_PORTS,
    "ports-returned-1955": KOREA_AND_PORTS,
    "taiwan-strait-crisis-1958": View(104.0, 130.0, 16.0, 36.0),
    "sino-indian-war-1962": View(66.0, 100.0, 22.0, 42.0),
    "border-conflict-1969": USSURI,
    "us-recognises-prc-1979": View(-85.0, 125.0, 20.0, 62.0),  # Washington and Beijing
    "china-invades-vietnam-1979": View(96.0, 120.0, 12.0, 30.0),
    "soviet-invasion-afghanistan-1979": View(56.0, 84.0, 26.0, 42.0),
}


def view_of(chapter: Chapter, step: Step | None = None) -> View:
    """What the map shows for a chapter, or for one of its steps."""
    return STEP_VIEWS.get(step.event if step else None, CHAPTER_VIEWS[chapter.id])
