"""The progress matrix as an Excel workbook (Japanese headings, as every Kyodo download)."""

from django.utils import timezone

from joint_targets.models import Unit
from joint_targets.progress import Progress
from kyodo.exports import Table, csv_response, xlsx_response
from kyodo.fiscal import fiscal_year_label_en, fiscal_year_label_ja
from tenants.bands import PopulationBand

PROGRESS_JA = {Progress.ON_TRACK: "達成", Progress.BEHIND: "未達成",
               Progress.NOT_REPORTED: "未報告", Progress.NO_TARGET: "目標なし"}


def _cell_value(value, unit: str):
    """Numbers stay numbers, so the prefecture can sort and chart them in Excel."""
    if value is None:
        return "未報告"
    if unit == Unit.YES_NO:
        return "有" if value >= 1 else "無"
    return float(value)


def progress_response(*, matrix: dict, fiscal_year: int, band: str):
    indicators = matrix["indicators"]
    headers = ["団体コード", "団体名", "団体区分"]
    for indicator in indicators:
        unit = "" if indicator.unit == Unit.YES_NO else f"（{Unit(indicator.unit).label}）"
        headers += [f"{indicator.name}{unit}", f"{indicator.name}の目標", f"{indicator.name}の状況"]
    rows = []
    for row in matrix["rows"]:
        town = row["town"]
        line = [town.lg_code, town.name, str(PopulationBand(town.population_band).label)]
        for cell in row["cells"]:
            unit = cell["indicator"].unit
            target = cell["target"]
            line += [_cell_value(cell["value"], unit),
                     _cell_value(target.value, unit) if target else "",
                     PROGRESS_JA[cell["progress"]]]
        rows.append(line)
    notes = [fiscal_year_label_ja(fiscal_year),
             f"団体区分: {PopulationBand(band).label}" if band else "団体区分: すべて",
             f"作成日: {timezone.localdate().isoformat()}"]
    table = Table(title="DX共同目標の進捗", headers=headers, rows=rows, notes=notes)
    return xlsx_response(f"DX共同目標の進捗_{fiscal_year_label_en(fiscal_year)}", [table])


BAND_HEADERS = ("年度", "指標コード", "指標", "単位", "団体区分", "公開団体数", "第1四分位",
                "中央値", "第3四分位", "「有」の割合（%）", "全国の参考値", "参考値の出典")


def _aggregate(value):
    return "" if value is None else float(value)


def _band_line(fiscal_year: int, indicator, band, row: dict) -> list:
    return [fiscal_year, indicator.code, indicator.name, str(Unit(indicator.unit).label),
            str(band.label), row["count"], _aggregate(row["q1"]), _aggregate(row["median"]),
            _aggregate(row["q3"]), _aggregate(row["share_yes"]),
            _aggregate(indicator.national_value), indicator.national_source]


def bands_response(*, rows: list[dict], fiscal_year: int):
    """Open data as CSV: one line per indicator and band; the quartiles (for a yes/no
    indicator, the share answering yes) are empty where fewer than three towns published."""
    lines = [_band_line(fiscal_year, row["indicator"], row["band"], row) for row in rows]
    table = Table(title="DX共同目標の団体区分別集計", headers=list(BAND_HEADERS), rows=lines)
    return csv_response(f"DX共同目標_団体区分別集計_{fiscal_year_label_en(fiscal_year)}", table)


def band_trends_response(*, trends: dict):
    """The open data's trend as CSV: the same columns, one line per indicator, band and
    fiscal year (oldest first), empty figures where too few towns published."""
    lines = [_band_line(point["fiscal_year"], row["indicator"], trend["band"], point)
             for row in trends["indicators"] for trend in row["trend"]
             for point in trend["years"] if point["count"]]
    table = Table(title="DX共同目標の団体区分別集計の推移", headers=list(BAND_HEADERS), rows=lines)
    years = trends["years"]
    return csv_response(f"DX共同目標_団体区分別集計_推移_FY{years[0]}-FY{years[-1]}", table)
