"""Medians and quartiles of the values a band's towns published, and when to show them.

Quartiles are Python's `statistics.quantiles(values, n=4, method="inclusive")`: the values
are sorted and the quartile at position p·(n−1) (p = ¼, ¾, counting from 0) is
interpolated linearly between its neighbours. That is Excel's QUARTILE.INC and R's type 7
(numpy's default), so a prefecture checking a figure in Excel gets the same number. The
median is `statistics.median` (the middle value, or the mean of the two middle ones).
Every figure is rounded half up to one decimal place, as the values themselves are.

Open data shows a band's median only once three towns published a value (with two, either
town could work out the other's from the median) and its quartiles once five did (with
three or four, the quartiles and the median would give back single towns' values). The
coordinators, who see every town's value in the progress matrix, get the figures from one
value (median) and two (quartiles). There are no minimum or maximum: each is one town's.
"""

import statistics
from decimal import ROUND_HALF_UP, Decimal

from joint_targets.models import Unit

MEDIAN_MIN_TOWNS = 3  # open data: with two, the median would reveal the other town's value
QUARTILE_MIN_TOWNS = 5  # open data: below five, the quartiles would reveal single values
PREFECTURE_MINIMUMS = (1, 2)  # coordinators: (median, quartiles); they see every value anyway
PUBLIC_MINIMUMS = (MEDIAN_MIN_TOWNS, QUARTILE_MIN_TOWNS)


def one_place(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


def quartiles(values) -> tuple[Decimal, Decimal, Decimal]:
    """(first quartile, median, third quartile) of at least two values, by the method above."""
    q1, median, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return one_place(q1), one_place(median), one_place(q3)


def aggregate(unit: str, values: list, *, minimums=PUBLIC_MINIMUMS) -> dict:
    """`count`, `q1`, `median`, `q3` and, for a yes/no indicator, `share_yes` (the
    percentage answering yes, shown under the median's minimum like a median); a figure
    that the minimums withhold is None."""
    median_min, quartile_min = minimums
    row = {"count": len(values), "q1": None, "median": None, "q3": None, "share_yes": None}
    if not values or len(values) < median_min:
        return row
    if unit == Unit.YES_NO:
        yes = sum(1 for value in values if value >= 1)
        return row | {"share_yes": one_place(100 * Decimal(yes) / len(values))}
    row["median"] = one_place(statistics.median(values))
    if len(values) >= max(quartile_min, 2):
        row["q1"], _median, row["q3"] = quartiles(values)
    return row
