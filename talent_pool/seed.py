"""The skill taxonomy Kyodo ships (data/skills.json, after the デジタルスキル標準), loaded by a
data migration. Loading updates each skill by its code, so a corrected name reaches
existing installations by a later migration calling `skills_load` again."""

import json
from pathlib import Path

SKILLS_FILE = Path(__file__).parent / "data" / "skills.json"


def skill_rows() -> list[dict]:
    return json.loads(SKILLS_FILE.read_text(encoding="utf-8"))


def skills_load(skill_model) -> int:
    rows = skill_rows()
    for row in rows:
        values = dict(row)
        skill_model.objects.update_or_create(code=values.pop("code"), defaults=values)
    return len(rows)
