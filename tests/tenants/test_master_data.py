from collections import Counter
from pathlib import Path

import pytest

from tenants.bands import PopulationBand
from tenants.kinds import MunicipalityKind
from tenants.master_data import (
    CARD_FILE,
    LOCALGOV_FILE,
    MasterDataError,
    prefecture_record,
    read_municipalities,
)


@pytest.fixture(scope="module")
def records():
    return {record.lg_code: record for record in read_municipalities()}


def test_the_master_data_holds_every_municipality_of_japan_and_no_ward(records):
    kinds = Counter(record.kind for record in records.values())

    assert len(records) == 1741
    assert kinds == {MunicipalityKind.CITY: 792, MunicipalityKind.TOWN: 743,
                     MunicipalityKind.VILLAGE: 183, MunicipalityKind.SPECIAL_WARD: 23}
    assert "011011" not in records  # 札幌市 中央区 is a ward, not a tenant


def test_oita_has_its_eighteen_municipalities_with_real_population(records):
    oita = {r.name: r for r in records.values() if r.prefecture == "大分県"}

    assert len(oita) == 18
    assert oita["姫島村"].lg_code == "443221"
    assert oita["姫島村"].population == 1878
    assert oita["大分市"].population == 477584
    assert oita["姫島村"].slug == "himeshima"
    assert oita["別府市"].slug == "beppu"


def test_population_bands_follow_the_designations_and_the_10k_split(records):
    assert records["442011"].population_band == PopulationBand.CORE_CITY  # 大分市
    assert records["011002"].population_band == PopulationBand.DESIGNATED_CITY  # 札幌市
    assert records["442020"].population_band == PopulationBand.GENERAL_CITY  # 別府市
    assert records["443417"].population_band == PopulationBand.TOWN_VILLAGE_10K  # 日出町
    assert records["443221"].population_band == PopulationBand.TOWN_VILLAGE_SMALL  # 姫島村
    assert records["131016"].population_band == PopulationBand.SPECIAL_WARD  # 千代田区
    bands = Counter(record.population_band for record in records.values())
    assert bands[PopulationBand.DESIGNATED_CITY] == 20
    assert bands[PopulationBand.CORE_CITY] == 62


def test_rows_without_a_code_in_the_card_file_are_joined_by_name(records):
    assert records["133817"].population == 2362  # 三宅村, written <NA> in the source
    assert records["134015"].population == 7128  # 八丈町


def test_slugs_are_unique_across_japan(records):
    slugs = [record.slug for record in records.values()]
    assert len(set(slugs)) == len(slugs)


def test_the_prefecture_is_described_by_its_own_code():
    oita = prefecture_record("大分県")
    assert (oita.lg_code, oita.kind, oita.slug) == ("440001", "prefecture", "pref-oita")


def _corrupt(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8-sig")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8-sig")
    return target


def test_a_bad_code_is_reported_with_its_file_line_and_reason(tmp_path):
    corrupted = _corrupt(tmp_path, LOCALGOV_FILE, ",443221\n", ",443222\n")

    with pytest.raises(MasterDataError) as error:
        read_municipalities(localgov_path=corrupted, card_path=CARD_FILE)

    (problem,) = error.value.problems
    line = next(n for n, text in enumerate(corrupted.read_text("utf-8-sig").splitlines(), 1)
                if "443222" in text)
    assert (problem.file, problem.line, problem.code, problem.reason) == (
        "localgovjp-utf8.csv", line, "443222", "bad_check_digit")
