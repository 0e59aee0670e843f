"""Kyodo's Japanese date formats (Django's others apply for what is not set here).

Templates use the named formats (`|date:"DATE_FORMAT"`), never a literal pattern, so
English pages show English dates.
"""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y/m/d"
SHORT_DATETIME_FORMAT = "Y/m/d H:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
