"""The coordinator's download of specialists' utilisation (kyodo.exports)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from kyodo.exports import Table


def utilisation_tables(rows, months: list[datetime.date]) -> list[Table]:
    """One row per specialist and month: hours logged, capacity, utilisation in %."""
    return [Table(
        title=_("デジタル人材の稼働状況"),
        headers=[_("氏名"), _("任用形態"), _("月"), _("稼働時間"), _("稼働可能時間"),
                 _("稼働率（%）")],
        rows=[[row.specialist.name, row.specialist.get_engagement_type_display(),
               row.month.strftime("%Y-%m"), float(row.hours), row.capacity, row.percent]
              for row in rows],
        number_columns=frozenset({3, 4, 5}),
        notes=[_("対象月：%(first)s〜%(last)s") % {"first": months[0].strftime("%Y-%m"),
                                                  "last": months[-1].strftime("%Y-%m")},
               _("作成日時：%(now)s") % {"now": timezone.localtime().strftime("%Y-%m-%d %H:%M")}],
    )]
