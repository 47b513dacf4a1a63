"""Other names of the atlas's places, people and territories, for the page's search.

The sources name a place once, as they name it (Urga, Mukden, Port Arthur); a class
looks for it under its period name, its modern name, an older romanisation, or in
Chinese or Russian (Ulaanbaatar, 库伦, Улан-Батор). These names are general knowledge,
not taken from the atlas's sources: every group says so (`GENERAL_KNOWLEDGE`), and is
only ever used to find events, never shown as a fact about them.

Chinese names are in simplified characters that the atlas's font holds (its slices
are built from what the pages show: scripts/build_font.py; tests/unit/test_font.py),
and only the Chinese page indexes them; the other pages find Chinese through the
events' own Chinese place names.

Each group names what it finds, in at least one of three ways: `places`, events'
`place` as events.geojson writes it (so an event added later at that place is found
too); `events`, event ids; `territories`, territory ids (their events, or the
territory itself when no event names it). `alias_problems` checks that every one of
them is in the atlas (tests/unit/test_aliases.py).
"""

from __future__ import annotations

from collections.abc import Iterable

GENERAL_KNOWLEDGE = (
    "Other names and spellings of places, people and territories: general knowledge, "
    "not from the atlas's sources; used only to find events."
)

# one group to a few lines: the names read as a list, not one to a line
# fmt: off
ALIASES: tuple[dict, ...] = (
    {
        "names": ("Zhenbao", "Zhenbaodao", "Chenpao", "Damansky", "Damanskii",
                  "珍宝岛", "Даманский", "Чжэньбао"),
        "territories": ("zhenbao-damansky-island",),
        "places": ("Zhenbao Island (Damansky)",),
    },
    {
        "names": ("Port Arthur", "Lüshun", "Lüshunkou", "Lushun", "Ryojun", "旅顺",
                  "旅顺口", "Порт-Артур", "Люйшунь"),
        "territories": ("soviet-port-arthur-dalian", "soviet-lushun-naval-base"),
        "places": ("Lüshun (Port Arthur)",),
    },
    {
        "names": ("Dalian", "Dairen", "Dalny", "Dalniy", "Talien", "Ta-lien", "大连",
                  "Далянь", "Дальний"),
        "territories": ("soviet-port-arthur-dalian",),
    },
    {
        "names": ("Urga", "Ulaanbaatar", "Ulan Bator", "Ulaanbaatar Khot", "Niislel Khüree",
                  "Ikh Khüree", "库伦", "乌兰巴托", "Урга", "Улан-Батор",
                  "Улаанбаатар"),
        "places": ("Urga (Ulaanbaatar)",),
    },
    {
        "names": ("Tihwa", "Dihua", "Urumqi", "Ürümqi", "Urumchi", "迪化", "乌鲁木齐",
                  "Урумчи", "Дихуа"),
        "places": ("Urumqi (Dihua)",),
    },
    {
        "names": ("Peking", "Peiping", "Beiping", "Beijing", "北京", "北平", "Пекин",
                  "Бэйпин"),
        "places": ("Beijing (Peking)", "Beijing, Hangzhou, Shanghai", "Moscow to Beijing"),
    },
    {
        "names": ("Mukden", "Shenyang", "Fengtian", "Fengtien", "Hoten", "沈阳",
                  "奉天", "Мукден", "Шэньян"),
        "places": ("Shenyang (Mukden)",),
    },
    {
        "names": ("Canton", "Guangzhou", "Kwangchow", "广州", "Кантон", "Гуанчжоу"),
        "places": ("Guangzhou (Canton)",),
    },
    {
        "names": ("Nanking", "Nanjing", "南京", "Нанкин", "Нанцзин"),
        "places": ("Nanjing (Nanking)",),
    },
    {
        "names": ("Chungking", "Chongqing", "重庆", "Чунцин"),
        "places": ("Chongqing (Chungking)",),
    },
    {
        "names": ("Hsinking", "Xinjing", "Changchun", "新京", "长春", "Синьцзин",
                  "Чанчунь"),
        "places": ("Changchun (Hsinking)",),
    },
    {
        "names": ("Ghulja", "Kulja", "Kuldja", "Yining", "Ining", "Ili", "伊宁", "伊犁",
                  "Кульджа", "Инин", "Или"),
        "places": ("Yining (Ghulja, Kulja)",),
    },
    {
        "names": ("Andong", "Antung", "Dandong", "安东", "丹东", "Аньдун", "Даньдун"),
        "places": ("Andong (Dandong) on the Yalu",),
    },
    {
        "names": ("Kinmen", "Quemoy", "Jinmen", "金门", "Цзиньмэнь", "Кемой"),
        "places": ("Kinmen (Quemoy)",),
    },
    {
        "names": ("Petrograd", "Saint Petersburg", "St Petersburg", "Leningrad", "彼得格勒",
                  "列宁格勒", "Петроград", "Санкт-Петербург", "Ленинград"),
        "places": ("Petrograd (Saint Petersburg)",),
    },
    {
        "names": ("Vladivostok", "Haishenwai", "海参崴", "Владивосток"),
        "places": ("Vladivostok",),
    },
    {
        "names": ("Chinese Eastern Railway", "CER", "KVZhD", "Changchun Railway",
                  "中东铁路", "中东路", "中国长春铁路", "КВЖД",
                  "Китайско-Восточная железная дорога"),
        "events": ("cer-seizure-1929", "soviet-intervention-cer-1929", "railway-returned-1952"),
    },
    {
        "names": ("Xinjiang", "Sinkiang", "Chinese Turkestan", "East Turkestan", "新疆",
                  "Синьцзян", "Восточный Туркестан"),
        "events": ("soviet-invasion-xinjiang-1934", "soviet-intervention-xinjiang-1937",
                   "china-atomic-bomb-1964", "soviets-encourage-uyghurs-1969",
                   "zhalanashkol-clash-1969", "xinjiang-buildup-1980"),
        "territories": ("second-east-turkestan-republic",),
    },
    {
        "names": ("Manchuria", "Dongbei", "North-east China", "Northeast China", "东北",
                  "满洲", "Маньчжурия"),
        "events": ("japan-invades-manchuria-1931", "soviet-invasion-of-manchuria-1945",
                   "north-korea-helps-ccp-1946", "kwantung-arms-to-ccp-1945",
                   "soviet-rights-northeast-1945"),
        "territories": ("manchukuo",),
    },
    {
        "names": ("Outer Mongolia", "Mongolia", "外蒙古", "蒙古", "Внешняя Монголия",
                  "Монголия", "МНР"),
        "territories": ("mongolian-peoples-republic",),
        "places": ("Urga (Ulaanbaatar)",),
    },
    {
        "names": ("Heixiazi", "Bolshoy Ussuriysky", "Bolshoi Ussuriisky", "Tarabarov",
                  "黑瞎子岛", "Большой Уссурийский", "Тарабаров"),
        "territories": ("heixiazi-bolshoy-ussuriysky",),
    },
    {
        "names": ("Mao Zedong", "Mao Tse-tung", "Chairman Mao", "毛泽东", "毛主席",
                  "Мао Цзэдун"),
        "events": ("lean-to-one-side-1949", "mao-in-moscow-1949", "mao-stalin-meeting-1950",
                   "china-as-supply-zone-1950", "khrushchev-denounces-stalin-1956",
                   "mao-dies-1976"),
    },
    {
        "names": ("Joseph Stalin", "Iosif Stalin", "斯大林", "Иосиф Сталин", "Сталин"),
        "events": ("stalin-withholds-ccp-help-1937", "stalin-yangtze-proposal-1945",
                   "mao-stalin-meeting-1950", "soviet-air-cover-1950", "stalin-dies-1953",
                   "khrushchev-denounces-stalin-1956"),
    },
    {
        "names": ("Chiang Kai-shek", "Jiang Jieshi", "Jiang Zhongzheng", "蒋介石",
                  "Чан Кайши"),
        "events": ("chiang-dismisses-advisers-1926", "chiang-purges-ccp-1927"),
    },
    {
        "names": ("Zhou Enlai", "Chou En-lai", "周恩来", "Чжоу Эньлай"),
        "events": ("zhou-enlai-arrives-moscow-1950", "kosygin-zhou-airport-1969"),
    },
    {
        "names": ("Deng Xiaoping", "Teng Hsiao-ping", "邓小平", "Дэн Сяопин"),
        "events": ("deng-gorbachev-detente-1985",),
    },
    {
        "names": ("Nikita Khrushchev", "Khrushchov", "赫鲁晓夫", "Никита Хрущёв", "Хрущев"),
        "events": ("khrushchev-denounces-stalin-1956",),
    },
    {
        "names": ("Mikhail Gorbachev", "Gorbachov", "戈尔巴乔夫", "Михаил Горбачёв",
                  "Горбачев"),
        "events": ("deng-gorbachev-detente-1985", "gorbachev-visits-beijing-1989"),
    },
    {
        "names": ("Kim Il Sung", "Kim Il-sung", "金日成", "Ким Ир Сен"),
        "events": ("china-as-supply-zone-1950", "korean-units-to-kim-1950"),
    },
    {
        "names": ("Roman von Ungern-Sternberg", "Baron Ungern", "恩琴",
                  "Унгерн", "Унгерн фон Штернберг"),
        "events": ("ungern-sternberg-mongolia-1920", "soviet-mongolian-victory-1921"),
    },
)
# fmt: on


def alias_problems(
    event_ids: Iterable[str], places: Iterable[str], territory_ids: Iterable[str]
) -> list[str]:
    """What in ALIASES points at nothing in the atlas (or names nothing, or no name)."""
    events, where, territories = set(event_ids), set(places), set(territory_ids)
    problems = []
    for n, group in enumerate(ALIASES):
        label = f"alias group {n + 1} ({(group.get('names') or ('?',))[0]})"
        if not group.get("names") or not all(isinstance(x, str) and x for x in group["names"]):
            problems.append(f"{label}: no names, or an empty one")
        if not (group.get("places") or group.get("events") or group.get("territories")):
            problems.append(f"{label}: names no place, event or territory")
        for kind, wanted, known in (
            ("no event at place", group.get("places", ()), where),
            ("no event", group.get("events", ()), events),
            ("no territory", group.get("territories", ()), territories),
        ):
            problems += [f"{label}: {kind} {x!r}" for x in wanted if x not in known]
    return problems


def alias_names(
    events: Iterable[tuple[str, str]], territory_events: dict[str, list[str]]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The other names of each event and of each territory: ({event id: names},
    {territory id: names}), from `events` (id, place) and each territory's events."""
    at: dict[str, list[str]] = {}
    for event_id, place in events:
        at.setdefault(place, []).append(event_id)
    by_event: dict[str, list[str]] = {}
    by_territory: dict[str, list[str]] = {}
    for group in ALIASES:
        found = set(group.get("events", ()))
        for place in group.get("places", ()):
            found.update(at.get(place, ()))
        for territory in group.get("territories", ()):
            found.update(territory_events.get(territory, ()))
            by_territory.setdefault(territory, []).extend(group["names"])
        for event_id in found:
            by_event.setdefault(event_id, []).extend(group["names"])
    return by_event, by_territory
