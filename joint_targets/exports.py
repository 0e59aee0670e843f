"""The progress matrix as an Excel workbook (Japanese headings, as every Kyodo download)."""

from django.utils import timezone

from joint_targets.models import Unit
from joint_targets.progress import Progress
from kyodo.exports import Table, xlsx_response
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
