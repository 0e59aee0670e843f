"""負担金明細 downloads (Excel and CSV): a town's statement and the prefecture's."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kyodo.exports import Table, csv_response, xlsx_response
from kyodo.fiscal import fiscal_year_label_en, fiscal_year_label_ja

FORMATS = ("xlsx", "csv")


def _respond(filename: str, table: Table, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    if file_format == "csv":
        return csv_response(filename, table)
    return xlsx_response(filename, [table])


def _line_row(line) -> list:
    return [line.version.system.name, line.version.version, line.months, line.population,
            line.usage, line.amount]


TOWN_HEADERS = ("システム名", "版", "利用月数", "人口", "利用量", "負担額（円）")


def town_statement_response(*, town, fiscal_year: int, statement: list[dict], file_format: str):
    """The town's current line for each system, and the total it pays in the 年度."""
    rows = [_line_row(entry["current"]) for entry in statement if not entry["ended"]]
    total = sum(row[-1] for row in rows)
    table = Table(
        title=_("負担金明細"), headers=[_(heading) for heading in TOWN_HEADERS],
        rows=[*rows, [_("合計"), "", "", "", "", total]], number_columns=frozenset({3, 4, 5}),
        notes=[f"{town.name}（{town.lg_code}）", fiscal_year_label_ja(fiscal_year),
               _("作成日: %(date)s") % {"date": timezone.localdate().isoformat()}])
    filename = f"負担金明細_{town.name}_{fiscal_year_label_ja(fiscal_year)}"
    return _respond(filename, table, file_format)


PREFECTURE_HEADERS = ("システム名", "版", "団体コード", "団体名", "利用月数", "人口", "利用量",
                      "負担額（円）")


def prefecture_statement_response(*, fiscal_year: int, lines: list, file_format: str):
    rows = [[line.version.system.name, line.version.version, line.municipality.lg_code,
             line.municipality.name, line.months, line.population, line.usage, line.amount]
            for line in lines]
    table = Table(title=_("負担金明細（全団体）"), headers=[_(h) for h in PREFECTURE_HEADERS],
                  rows=[*rows, [_("合計"), "", "", "", "", "", "",
                                sum(line.amount for line in lines)]],
                  number_columns=frozenset({5, 6, 7}),
                  notes=[fiscal_year_label_ja(fiscal_year),
                         _("作成日: %(date)s") % {"date": timezone.localdate().isoformat()}])
    return _respond(f"負担金明細_全団体_{fiscal_year_label_en(fiscal_year)}", table, file_format)
