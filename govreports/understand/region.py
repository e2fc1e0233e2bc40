"""Agency name → province, city, county, from the national division codes.

The gazetteer is the National Bureau of Statistics' division codes of 2023
(govreports/data/divisions.csv, written by devtools/divisions.py), with the
older names of the adcode table the `cpca` package ships (before 2017) that
the 2023 codes no longer hold: a report of 2019 may name a county made a
district since (codes: 2 digits province, 4 city, 6 county). A name that
starts with a town's (马水镇…, 底张街道…) is placed in that town's county,
when no other town has its name; short names in common use (恩施州, 锡盟,
科右中旗: govreports/data/place_aliases.csv) stand for the codes' names. A
name is read left to right as a chain of place names (天津市 · 南开区), each
resolved against the codes of the ones before, so that an ambiguous district
name (朝阳区) is placed by its city. Municipalities keep city null, as the
registry does.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

from govreports.model import Region

T = TypeVar("T")

MUNICIPALITIES = ("11", "12", "31", "50")
# Zones governed by a management committee, not in the division codes: named after a place
# (平潭综合实验区 after 平潭县), they sit where that place sits.
ZONE = re.compile(r"^(.{2,8}?)(综合实验区|综合试验区|经济技术开发区|高新技术产业开发区|经济开发区|开发区|高新区|新区|实验区|试验区)")
# The county a zone's name leaves out (平潭综合实验区: 平潭县). Not a district's 区: a 新区 or 高新区 is as often
# named after a lake or a landmark (岳阳's 南湖新区, 武汉's 东湖高新区) as after the district of that name elsewhere.
COUNTY_SUFFIXES = ("县", "市", "旗")
GOVERNMENT = "人民政府"
# A league's or a prefecture's government is its 行政公署 (兴安盟行政公署), not a 人民政府.
PREFECTURES, PREFECTURE_GOVERNMENT = ("盟", "地区"), "行政公署"
ZONE_GOVERNMENT = "管理委员会"
MIN_TOWN = 3  # a town's name with its suffix: 螅镇 alone is too short to be told from words
MANAGED_AREA = "管理区"  # 益阳市大通湖管理区: a city's area its committee governs, printed 大通湖区
# What a short name (a place's without its suffix) may stand before as another's name: 中山大学 (孙中山's).
NAMED_AFTER = ("大学",)
# Districts whose names are words too (在城区政府的领导下: "the district's"): a place only after their city's name.
WORDS_TOO = frozenset({"城区", "郊区", "矿区"})
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
DIVISIONS = "divisions.csv"  # in govreports/data
TOWNS = "towns.csv"  # towns, townships and streets: 9-digit codes, the first 6 their county's
# A few rows name a street by its office (152921404 新华街道办事处): that is the street 新华街道, one of 28 so named,
# not a name of its own that would place every 新华街道办事处 in 阿拉善左旗.
TOWN_OFFICE = "办事处"
ALIASES = "place_aliases.csv"  # short names in common use (恩施州, 锡盟, 科右中旗) → the codes' names
SUFFIXES = ("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区")
# The peoples an autonomous county or banner is named for, as its name prints them (族 after them or not;
# 各族: of all peoples). Such a county is also printed by its place's name alone, 化隆县 for 化隆回族自治县.
PEOPLES = ("蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
           "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
           "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
           "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
           "各")
AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{'|'.join(sorted(PEOPLES, key=len, reverse=True))})族?)+自治([县旗])$")


@dataclass(frozen=True)
class Place:
    code: str  # 6 digits
    name: str

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "city"
        return "county"


def _autonomous_form(place: Place) -> str | None:
    """An autonomous county's name without its peoples (化隆回族自治县 → 化隆县); None for any other place, and for
    one named after its people alone (东乡族自治县)."""
    m = AUTONOMOUS.match(place.name) if place.level == "county" else None
    return m.group(1) + m.group(2) if m else None


def _short_forms(place: Place) -> list[str]:
    """Names also written without their suffix: 四川 for 四川省, 六盘水 for 六盘水市."""
    if place.level == "county":
        return []
    forms = []
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if place.name.endswith(suffix) and len(place.name) - len(suffix) >= 2:
            forms.append(place.name[: -len(suffix)])
            break
    return forms


class Gazetteer:
    """Place names by spelling; build once and share (it is read-only)."""

    def __init__(self, places: list[Place], towns: dict[str, list[str]] | None = None,
                 aliases: dict[str, str] | None = None) -> None:
        self.by_code = {p.code: p for p in places}
        self.towns = towns or {}  # a town's name → the codes of its counties (one per town of that name)
        self.max_town = max(map(len, self.towns), default=0)
        by_name: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            if place.name in PLACEHOLDERS:
                continue
            for name in (place.name, *_short_forms(place), *self._zone_forms(place)):
                by_name[name].append(place)
        for place in places:  # after every codes' name: a name some place has is never another's short form
            form = _autonomous_form(place)
            if form is not None and form not in by_name:
                by_name[form].append(place)
        self.by_name = dict(by_name)
        self.aliases = aliases or {}
        self.max_alias = max(map(len, self.aliases), default=0)
        self.max_len = max(map(len, self.by_name))

    def _zone_forms(self, place: Place) -> list[str]:
        """A 管理区 the codes name with its city in front (益阳市大通湖管理区), also as printed without it (大通湖管理区,
        大通湖区); not a development zone's (秦皇岛市经济技术开发区), whose rest is no place's name."""
        city = self.by_code.get(place.code[:4] + "00")
        if place.level != "county" or city is None or not place.name.startswith(city.name) \
                or not place.name.endswith(MANAGED_AREA):
            return []
        rest = place.name[len(city.name):]
        return [rest, rest.replace(MANAGED_AREA, "区")]

    @classmethod
    def load(cls) -> Gazetteer:
        """The 2023 codes, and the older names they no longer hold (a code of 2023 is never overridden)."""
        with resources.files("govreports.data").joinpath(DIVISIONS).open(encoding="utf-8") as handle:
            current = [Place(row["code"], row["name"]) for row in csv.DictReader(handle)]
        names, codes = {p.name for p in current}, {p.code for p in current}
        towns: dict[str, list[str]] = defaultdict(list)
        lines = resources.files("govreports.data").joinpath(TOWNS).read_text(encoding="utf-8").splitlines()
        for line in lines[1:]:  # 41,000 rows of `code,name`, no quoting: read plainly, 5 times faster than csv
            code, _, name = line.partition(",")
            towns[name.removesuffix(TOWN_OFFICE)].append(code[:6])
        with resources.files("govreports.data").joinpath(ALIASES).open(encoding="utf-8") as handle:
            aliases = {row["alias"]: row["name"] for row in csv.DictReader(handle)}
        return cls(current + [p for p in _older_places() if p.name not in names and p.code not in codes], dict(towns),
                   aliases)

    def _longest_at(self, text: str, start: int) -> tuple[str, list[Place]] | None:
        return _longest_prefix(text, start, self.by_name, self.max_len)

    def chain(self, text: str) -> list[Place]:
        """The place names a name starts with, each inside the one before."""
        found: list[Place] = []
        position = 0
        while position < len(text):
            hit = self._longest_at(text, position)
            if hit is None:
                break
            spelling, places = hit
            if not found and spelling in WORDS_TOO:
                break
            if text.startswith(NAMED_AFTER, position + len(spelling)) and all(p.name != spelling for p in places):
                break  # 中山大学 is no 中山市's: a short name before 大学 may be a person's, not a place's
            if found:
                places = [p for p in places if _within(p, found[-1])]
            if not places:
                break
            found.append(_prefer_higher(places))
            position += len(spelling)
        return found

    def zone(self, name: str) -> tuple[str, Place] | None:
        """(the zone's name, the place it is named after) for 平潭综合实验区…, else None."""
        m = ZONE.match(name)
        if not m:
            return None
        stem = m.group(1)
        for spelling in (stem, *(stem + suffix for suffix in COUNTY_SUFFIXES)):
            places = self.by_name.get(spelling, [])
            if len(places) == 1:
                return m.group(0), places[0]
        return None

    def region(self, name: str | None, loose: bool = True) -> Region:
        """Province, city and county named at the start of an agency name (a zone counts as a county); `loose`:
        also a short name in common use (恩施州) or a town's (placed in its county), else only the codes' names of
        counties and above."""
        if not name:
            return Region()
        if loose:
            name = self.unabbreviated(name)
        chain = self.chain(name)
        if not chain:
            zone = self.zone(name)
            if zone is None:
                county = self.town_county(name) if loose else None
                return self._expand(county) if county is not None else Region()
            zone_name, place = zone
            region = self._expand(place)
            return Region(region.province, region.city, zone_name)
        last = chain[-1]
        if len(chain) == 1 and last.level == "county" and len(self.by_name.get(last.name, [])) > 1:
            return Region(county=last.name)
        return self._expand(last)

    def spells(self, name: str) -> bool:
        """Whether a name starts with a place's name of the codes (or a short name in common use for one), not a
        place guessed from a zone's or a town's name."""
        return bool(self.chain(self.unabbreviated(name)))

    def unabbreviated(self, name: str) -> str:
        """A name that starts with a short name in common use, with the codes' name instead (锡盟… → 锡林郭勒盟…)."""
        hit = _longest_prefix(name, 0, self.aliases, self.max_alias)
        return name if hit is None else hit[1] + name[len(hit[0]):]

    def town_county(self, name: str) -> Place | None:
        """The county of the town a name starts with (马水镇人民政府 → 耒阳市), when only one town has that name."""
        hit = _longest_prefix(name, 0, self.towns, self.max_town, shortest=MIN_TOWN)
        if hit is None or len(set(hit[1])) > 1:
            return None
        return self.by_code.get(hit[1][0])

    def government(self, name: str | None) -> str | None:
        """A bare place name as its government's name: 宿迁市 → 宿迁市人民政府, 兴安盟 → 兴安盟行政公署, a zone →
        its 管理委员会."""
        if not name:
            return None
        zone = self.zone(name)
        if zone is not None and zone[0] == name:
            return name + ZONE_GOVERNMENT
        chain = self.chain(name)
        if chain and "".join(p.name for p in chain) == name:
            return name + (PREFECTURE_GOVERNMENT if name.endswith(PREFECTURES) else GOVERNMENT)
        return None

    def qualified(self, name: str) -> str:
        """An agency name with its city in front when it starts at an unambiguous district: 洪泽区… → 淮安市洪泽区…

        Districts (区) are named with their city; counties (乐至县…) stand alone.
        """
        chain = self.chain(name)
        if not chain or chain[0].level != "county" or not chain[0].name.endswith("区") \
                or len(self.by_name.get(chain[0].name, [])) != 1:
            return name
        county = chain[0]
        parent = self.by_code.get(county.code[:4] + "00")
        if parent is None or parent.name in PLACEHOLDERS or county.code[:2] in MUNICIPALITIES:
            parent = self.by_code.get(county.code[:2] + "0000")
            if county.code[:2] not in MUNICIPALITIES:
                return name  # a county the province governs directly: its name stands alone
        if parent is None or any(name.startswith(n) and county.name.startswith(n) and county.name != n + "区"
                                 for n in (parent.name, *_short_forms(parent))):
            return name  # a zone the codes name after its city (郑州高新技术产业开发区; not 淮安区): the city is there
        return parent.name + name

    def _expand(self, place: Place) -> Region:
        province = self.by_code.get(place.code[:2] + "0000")
        city = self.by_code.get(place.code[:4] + "00") if place.level != "province" else None
        if city is not None and (city.name in PLACEHOLDERS or place.code[:2] in MUNICIPALITIES):
            city = None
        return Region(
            province=province.name if province else None,
            city=city.name if city else None,
            county=place.name if place.level == "county" else None,
        )


def _longest_prefix(text: str, start: int, table: Mapping[str, T], longest: int, shortest: int = 2
                    ) -> tuple[str, T] | None:
    """The longest key of `table` that `text` holds at `start` (at least `shortest` characters), and its value."""
    for length in range(min(longest, len(text) - start), shortest - 1, -1):
        found = table.get(text[start:start + length])
        if found:
            return text[start:start + length], found
    return None


def _older_places() -> list[Place]:
    """cpca's adcode table, located without importing cpca (its import pulls in pandas)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the gazetteer package cpca is not installed")
    resource = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    with resource.open(encoding="utf-8") as handle:
        return [Place(row["adcode"][:6], row["name"]) for row in csv.DictReader(handle)]


def _prefer_higher(places: list[Place]) -> Place:
    """Among homonyms, a province or city over a county (吉林省 vs 吉林市 aside)."""
    order = {"province": 0, "city": 1, "county": 2}
    return min(places, key=lambda p: order[p.level])


def _within(place: Place, parent: Place) -> bool:
    if parent.level == "province":
        return place.level != "province" and place.code[:2] == parent.code[:2]
    if parent.level == "city":
        return place.level == "county" and place.code[:4] == parent.code[:4]
    return False
