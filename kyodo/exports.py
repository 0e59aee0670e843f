"""Downloads every module offers: Excel (openpyxl) and CSV, with Japanese headers.

A table is a `Table`: a title, the column headings, the rows, and which columns hold yen
or other numbers (right-aligned, with thousands separators in Excel). The same table can
be sent as .xlsx or .csv; CSV is UTF-8 with a byte-order mark and CRLF line ends, which is
what Excel in Japan expects from a file opened by double-click.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEN_FORMAT = "#,##0"


@dataclass
class Table:
    title: str  # the sheet's name (Excel allows 31 characters) and the first line
    headers: Sequence[str]
    rows: Iterable[Sequence]
    number_columns: frozenset[int] = field(default_factory=frozenset)  # 0-based
    notes: Sequence[str] = ()  # lines under the title: the year, the source, the date


def _sheet_name(title: str) -> str:
    return "".join("_" if character in "[]:*?/\\" else character for character in title)[:31]


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=12)
        for note in table.notes:
            sheet.append([note])
        sheet.append(list(table.headers))
        header_row = sheet.max_row
        for column in range(1, len(table.headers) + 1):
            cell = sheet.cell(row=header_row, column=column)
            cell.font = Font(bold=True)
            if column - 1 in table.number_columns:
                cell.alignment = Alignment(horizontal="right")
        for row in table.rows:
            sheet.append(list(row))
            for column in table.number_columns:
                sheet.cell(row=sheet.max_row, column=column + 1).number_format = YEN_FORMAT
        for column, heading in enumerate(table.headers, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = max(12, 2 * len(heading) + 4)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return buffer.getvalue()


def xlsx_response(filename: str, tables: Sequence[Table]) -> HttpResponse:
    return HttpResponse(xlsx_bytes(tables), content_type=XLSX, headers={
        "Content-Disposition": content_disposition_header(True, f"{filename}.xlsx")})


def csv_response(filename: str, table: Table) -> HttpResponse:
    return HttpResponse(("\ufeff" + csv_text(table)).encode("utf-8"),
                        content_type="text/csv; charset=utf-8", headers={
                            "Content-Disposition": content_disposition_header(
                                True, f"{filename}.csv")})
