"""The 入札経過調書 (bid tabulation) as Excel and CSV, with Japanese headers."""

from django.http import Http404
from django.utils import timezone

from kyodo.exports import Table, csv_response, xlsx_response

HEADERS = ("順位", "入札者", "入札金額（税抜・円）", "消費税額（円）", "有効・無効", "技術点",
           "価格点", "評価値", "くじ番号", "決定くじ番号", "受付日時", "受付番号（SHA-256）")


def tabulation_table(procurement, tabulation) -> Table:
    rows = [[row.rank or "", row.vendor_name, row.price, row.tax, row.validity.label,
             row.technical_points_text, row.price_points_text, row.score_text, row.kuji_number,
             row.decision_number, timezone.localtime(row.received_at).strftime(
                 "%Y-%m-%d %H:%M:%S"), row.receipt_sha256] for row in tabulation.rows]
    return Table(title="入札経過調書", headers=HEADERS, rows=rows,
                 number_columns=frozenset({2, 3}),
                 notes=[procurement.title, f"予定価格（税抜）: {tabulation.ceiling_price:,}円",
                        f"開札日時: {timezone.localtime(procurement.opened_at):%Y-%m-%d %H:%M}"])


def tabulation_response(procurement, tabulation, file_format: str):
    filename = f"tabulation-{procurement.pk}.{file_format}"
    table = tabulation_table(procurement, tabulation)
    if file_format == "csv":
        return csv_response(filename, table)
    if file_format == "xlsx":
        return xlsx_response(filename, [table])
    raise Http404
