"""The indicators Kyodo ships (data/indicators.json), loaded by a data migration.

Loading updates each indicator by its code, so a corrected definition or national
reference in the file reaches existing installations by a new migration calling
`indicators_load` again, and no target or snapshot that points at an indicator is lost.
"""

import json
from decimal import Decimal
from pathlib import Path

INDICATORS_FILE = Path(__file__).parent / "data" / "indicators.json"


def indicator_rows() -> list[dict]:
    rows = json.loads(INDICATORS_FILE.read_text(encoding="utf-8"))
    for row in rows:
        if row.get("national_value") is not None:
            row["national_value"] = Decimal(row["national_value"])
    return rows


def indicators_load(indicator_model) -> int:
    """Create or update every shipped indicator; returns how many there are."""
    rows = indicator_rows()
    for row in rows:
        values = dict(row)
        indicator_model.objects.update_or_create(code=values.pop("code"), defaults=values)
    return len(rows)
