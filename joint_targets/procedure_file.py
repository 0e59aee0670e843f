"""The procedure inventory as a file: the template a town downloads and reading it back.

The same columns serve Excel (.xlsx) and CSV (UTF-8, or Shift_JIS as older Excel saves
it). Columns are found by their heading, so a town may reorder them; the heading row is
the first whose first cell is 「手続名」, so the title and notes above it in the Excel
template are skipped. Reading only turns cells into values and says, per row and column,
what could not be read; the rules between values are the model's (Procedure.clean),
applied by the import service.
"""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from kyodo.exports import Table
from kyodo.fiscal import fiscal_year_label_ja

MAX_ROWS = 5_000
YES_NO = ("○", "×")

# (field, heading): the headings are Japanese by rule, whatever the page's language.
COLUMNS = (
    ("name", "手続名"),
    ("department", "担当部署"),
    ("legal_basis", "根拠法令"),
    ("annual_cases", "年間件数"),
    ("online_available", "オンライン化"),
    ("card_authentication", "マイナンバーカード認証"),
    ("online_cases", "オンライン件数"),
)
HEADING = dict(COLUMNS)
REQUIRED = ("name", "department")
NUMBERS = ("annual_cases", "online_cases")
FLAGS = ("online_available", "card_authentication")
TRUE_WORDS = {"○", "〇", "◯", "はい", "有", "あり", "済", "yes", "y", "true", "1"}
FALSE_WORDS = {"×", "✕", "いいえ", "無", "なし", "未", "no", "n", "false", "0", "", "-", "ー"}


@dataclass(frozen=True)
class RowError:
    row: int  # the row's number as the spreadsheet shows it (the heading row counts)
    column: str  # the column's heading, or "" for a problem with the whole row
    message: str

    def as_dict(self) -> dict:
        """One detail of the error, in the API's shape (field, code, message) with the
        row and column added; row 0 is the file as a whole."""
        return {"field": "file", "code": "row_invalid" if self.row else "file_unreadable",
                "row": self.row, "column": self.column, "message": self.message}


class UnreadableFile(Exception):
    """The file is not a spreadsheet Kyodo can read, or has no heading row."""


def template_table(*, town, fiscal_year: int, procedures) -> Table:
    """The template: the headings, with the year's current inventory as its rows."""
    rows = [[procedure.name, procedure.department, procedure.legal_basis,
             procedure.annual_cases, YES_NO[not procedure.online_available],
             YES_NO[not procedure.card_authentication], procedure.online_cases]
            for procedure in procedures]
    return Table(
        title="行政手続き一覧", headers=[heading for _field, heading in COLUMNS], rows=rows,
        number_columns=frozenset({3, 6}),
        notes=[f"{town.name}（{town.lg_code}） {fiscal_year_label_ja(fiscal_year)}",
               "オンライン化・マイナンバーカード認証は「○」か「×」、件数は0以上の整数で"
               "入力します。件数を把握していない場合は空欄にします。"])


def read_rows(content: bytes) -> list[tuple[int, list]]:
    """(row number, cells) for every row of the file's first sheet, or of the CSV."""
    if zipfile.is_zipfile(io.BytesIO(content)):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise UnreadableFile(_("Excelファイルを読み取れませんでした。")) from error
        sheet = workbook.worksheets[0]
        return [(number, list(cells)) for number, cells in
                enumerate(sheet.iter_rows(values_only=True), start=1)]
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return list(enumerate(csv.reader(io.StringIO(text)), start=1))
    raise UnreadableFile(_("ファイルを読み取れませんでした。Excel（.xlsx）かCSVで保存した"
                           "ファイルを選んでください。"))


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFKC", str(cell)).strip()


def _number(cell) -> int | None:
    text = _text(cell).replace(",", "")
    if text == "":
        return None
    if not text.isdigit():
        raise ValueError(_("0以上の整数で入力してください（把握していない場合は空欄）。"))
    return int(text)


def _flag(cell) -> bool:
    text = _text(cell).lower()
    if text in TRUE_WORDS or _text(cell) in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("「○」か「×」で入力してください。"))


def parse(content: bytes) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """The file's procedures as (row number, values), and every cell that could not be
    read. Raises UnreadableFile when the file as a whole cannot be used."""
    rows = read_rows(content)
    header_at = next((index for index, (_row, cells) in enumerate(rows)
                      if cells and _text(cells[0]) == HEADING["name"]), None)
    if header_at is None:
        raise UnreadableFile(_("見出しの行（「手続名」で始まる行）が見つかりません。"
                               "テンプレートの見出しを変えずに使ってください。"))
    headings = [_text(cell) for cell in rows[header_at][1]]
    missing = [heading for _field, heading in COLUMNS if heading not in headings]
    if missing:
        raise UnreadableFile(_("見出しが足りません: %(headings)s") % {
            "headings": "、".join(missing)})
    position = {field: headings.index(heading) for field, heading in COLUMNS}
    body = [(number, cells) for number, cells in rows[header_at + 1:]
            if any(_text(cell) for cell in cells)]
    if len(body) > MAX_ROWS:
        raise UnreadableFile(_("一度に取り込めるのは%(max)s行までです。") % {
            "max": f"{MAX_ROWS:,}"})
    parsed, errors = [], []
    for number, cells in body:
        values, row_errors = _row_values(number, cells, position)
        errors += row_errors
        parsed.append((number, values))
    return parsed, errors


def _row_values(number: int, cells: list, position: dict) -> tuple[dict, list[RowError]]:
    values, errors = {}, []
    for field, index in position.items():
        cell = cells[index] if index < len(cells) else None
        try:
            if field in NUMBERS:
                values[field] = _number(cell)
            elif field in FLAGS:
                values[field] = _flag(cell)
            else:
                values[field] = _text(cell)
                if field in REQUIRED and not values[field]:
                    raise ValueError(_("入力してください。"))
        except ValueError as error:
            errors.append(RowError(number, HEADING[field], str(error)))
    return values, errors
