"""The municipality master data that ships with Kyodo (tenants/data/, see its README).

Two public files are joined on the 地方公共団体コード: the list of local governments
(name, kana, code) and 総務省's My Number card statistics (population and issuance
rate). Designated-city wards appear in the first file but are not municipalities, so
they are left out. Every row is checked; a bad row is reported with its file, line
and reason, and nothing is provisioned from a file that has one.
"""

import csv
import datetime
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import jaconv

from tenants.bands import PopulationBand, population_band
from tenants.kinds import MunicipalityKind
from tenants.lg_code import lg_code_problem, prefecture_lg_code

DATA_DIR = Path(__file__).resolve().parent / "data"
LOCALGOV_FILE = DATA_DIR / "localgovjp-utf8.csv"
CARD_FILE = DATA_DIR / "mynumbercard-localgovs-20221231.csv"
PREFECTURE_FILE = DATA_DIR / "prefjp-utf8.csv"
DESIGNATION_FILE = DATA_DIR / "city_designations.csv"
MISSING_CODE_MARKERS = {"", "<NA>", "NA"}
DISTRICT_PREFIX = re.compile(r"^.+?郡")
POPULATION_SOURCE = "住民基本台帳人口（総務省「マイナンバーカード交付状況について」）"

KANA_SUFFIXES = {
    MunicipalityKind.CITY: ("し",),
    MunicipalityKind.TOWN: ("まち", "ちょう"),
    MunicipalityKind.VILLAGE: ("むら", "そん"),
    MunicipalityKind.SPECIAL_WARD: ("く",),
    MunicipalityKind.PREFECTURE: ("けん", "ふ", "と", "どう"),
}


class MasterDataError(Exception):
    """Rows of an import file that cannot be used, each with its line and reason."""

    def __init__(self, problems: list["RowProblem"]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class RowProblem:
    file: str
    line: int
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.code}: {self.reason}"


@dataclass(frozen=True)
class MunicipalityRecord:
    lg_code: str
    name: str
    name_kana: str
    kind: str
    prefecture: str
    slug: str
    population: int | None
    population_as_of: datetime.date | None
    mynumber_card_rate: Decimal | None
    mynumber_card_rate_as_of: datetime.date | None
    population_band: str

    @property
    def schema_name(self) -> str:
        return f"lg_{self.lg_code}"


def romanize(kana: str) -> str:
    """Hepburn romaji for a slug, long vowels written once (おおいた → oita)."""
    roman = jaconv.kana2alphabet(kana)
    for long_vowel, short in (("ou", "o"), ("oo", "o"), ("uu", "u")):
        roman = roman.replace(long_vowel, short)
    return "".join(ch for ch in roman if ch.isascii() and ch.isalnum())


def strip_kind_from_kana(kana: str, kind: str) -> str:
    for suffix in KANA_SUFFIXES[kind]:
        if kana.endswith(suffix) and len(kana) > len(suffix):
            return kana[: -len(suffix)]
    return kana


def kind_of(prefecture: str, name: str) -> str | None:
    if prefecture == "東京都" and name.endswith("区"):
        return MunicipalityKind.SPECIAL_WARD
    return {"市": MunicipalityKind.CITY, "町": MunicipalityKind.TOWN,
            "村": MunicipalityKind.VILLAGE}.get(name[-1:])


def _read_rows(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


def _parse_date(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%Y/%m/%d").date()


def read_card_statistics(path: Path = CARD_FILE):
    """Population and card issuance, by code and, for rows without a code, by name.

    The file lost the codes' leading zero, and two rows (三宅村, 八丈町) carry no code
    at all (`<NA>`): those are keyed by (prefecture, name without its 郡) instead.
    A code that is present but wrong is a problem of the file.
    """
    by_code, by_name, problems = {}, {}, []
    for line, row in _read_rows(path):
        raw_code = row["団体コード"].strip()
        try:
            values = (
                int(row["総数（人口）"]),
                _parse_date(row["人口算出基準日"]),
                Decimal(row["人口に対する交付枚数率"]),
                _parse_date(row["交付件数基準日"]),
            )
        except (ValueError, InvalidOperation, KeyError) as exc:
            problems.append(RowProblem(path.name, line, raw_code, f"unreadable_value ({exc})"))
            continue
        if raw_code in MISSING_CODE_MARKERS:
            name = DISTRICT_PREFIX.sub("", row["市区町村名"].strip())
            by_name[(row["都道府県名"].strip(), name)] = values
            continue
        code = raw_code.zfill(6)
        problem = lg_code_problem(code)
        if problem:
            problems.append(RowProblem(path.name, line, raw_code, problem))
            continue
        by_code[code] = values
    return by_code, by_name, problems


def read_designations(path: Path = DESIGNATION_FILE) -> dict[str, str]:
    return {row["lg_code"]: row["designation"] for _, row in _read_rows(path)}


def read_municipalities(
    localgov_path: Path = LOCALGOV_FILE, card_path: Path = CARD_FILE
) -> list[MunicipalityRecord]:
    """Every municipality in the files, or MasterDataError listing every bad row."""
    stats, stats_by_name, problems = read_card_statistics(card_path)
    designations = read_designations()
    drafts = []
    for line, row in _read_rows(localgov_path):
        name = row["city"].strip()
        if " " in name:
            continue  # a designated city's ward (札幌市 中央区): not a municipality
        code = row["lgcode"].strip()
        problem = lg_code_problem(code)
        kind = kind_of(row["pref"], name)
        if problem:
            problems.append(RowProblem(localgov_path.name, line, code, problem))
            continue
        if kind is None:
            problems.append(RowProblem(localgov_path.name, line, code, "unknown_kind"))
            continue
        if code not in stats and (row["pref"].strip(), name) in stats_by_name:
            stats[code] = stats_by_name.pop((row["pref"].strip(), name))
        if code not in stats:
            problems.append(RowProblem(localgov_path.name, line, code, "no_population_row"))
            continue
        drafts.append((code, name, row["citykana"].strip(), kind, row["pref"].strip()))
    if problems:
        raise MasterDataError(problems)

    slugs = _unique_slugs(drafts)
    records = []
    for code, name, kana, kind, prefecture in drafts:
        population, population_date, rate, rate_date = stats[code]
        records.append(
            MunicipalityRecord(
                lg_code=code,
                name=name,
                name_kana=kana,
                kind=kind,
                prefecture=prefecture,
                slug=slugs[code],
                population=population,
                population_as_of=population_date,
                mynumber_card_rate=rate,
                mynumber_card_rate_as_of=rate_date,
                population_band=population_band(kind, designations.get(code), population),
            )
        )
    return records


def _unique_slugs(drafts) -> dict[str, str]:
    """Romaji slugs that are unique across Japan and do not depend on import order.

    A name shared by several municipalities (府中市 in 東京都 and 広島県) takes its
    prefecture's English name; one still shared within a prefecture (江差町 and 枝幸町,
    both えさし in 北海道) also takes its code.
    """
    prefectures = {row["pref"]: row["pref_en"].lower() for _, row in _read_rows(PREFECTURE_FILE)}
    slugs = {code: romanize(strip_kind_from_kana(kana, kind)) for code, _, kana, kind, _ in drafts}
    widen = (
        lambda code, slug, prefecture: f"{slug}-{prefectures[prefecture]}",
        lambda code, slug, prefecture: f"{slug}-{code}",
    )
    for widen_slug in widen:
        counts = Counter(slugs.values())
        slugs = {
            code: widen_slug(code, slugs[code], prefecture) if counts[slugs[code]] > 1
            else slugs[code]
            for code, _, _, _, prefecture in drafts
        }
    return slugs


def prefecture_record(prefecture: str) -> MunicipalityRecord:
    """The prefecture itself, which is the platform's public tenant."""
    for _, row in _read_rows(PREFECTURE_FILE):
        if row["pref"] == prefecture:
            number = int(row["ISO3166-2"].removeprefix("JP-"))
            return MunicipalityRecord(
                lg_code=prefecture_lg_code(number),
                name=prefecture,
                name_kana=row["prefkana"],
                kind=MunicipalityKind.PREFECTURE,
                prefecture=prefecture,
                slug=f"pref-{row['pref_en'].lower()}",
                population=None,
                population_as_of=None,
                mynumber_card_rate=None,
                mynumber_card_rate_as_of=None,
                population_band=PopulationBand.PREFECTURE,
            )
    raise LookupError(f"{prefecture} is not one of the 47 prefectures.")


def prefecture_names() -> list[str]:
    return [row["pref"] for _, row in _read_rows(PREFECTURE_FILE)]
