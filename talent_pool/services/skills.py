"""The skill taxonomy, seeded from data/skills.json (DSS-P): the coordinators add skills
and rename or reorder them. A skill's code never changes once made, because exports and
the audit history name skills by code; nothing deletes a skill, so the profiles and
requests that use it keep their meaning."""

from django.db import transaction
from django.utils.translation import gettext as _

from kyodo.accounts.policy import can_manage_specialists
from talent_pool.models import Skill
from talent_pool.services.common import (
    audit,
    fields_of,
    full_clean_or_invalid,
    invalid,
    require,
)

SKILL_FIELDS = ("code", "role", "name", "name_en", "sort_order")


def skill_save(*, actor, data: dict, skill: Skill | None = None) -> Skill:
    """Create a skill, or change an existing one's role, names and order."""
    require(can_manage_specialists(actor))
    with transaction.atomic():
        if skill is None:
            skill, before = Skill(), None
        else:
            skill = Skill.objects.select_for_update().get(pk=skill.pk)
            before = fields_of(skill, SKILL_FIELDS)
            if data.get("code", skill.code) != skill.code:
                raise invalid("code", "immutable", _("作成したスキルのコードは変更できません。"))
        for name in SKILL_FIELDS:
            if name in data:
                setattr(skill, name, data[name])
        if Skill.objects.filter(code=skill.code).exclude(pk=skill.pk).exists():
            raise invalid("code", "duplicate", _("このコードのスキルはすでに登録されています。"))
        full_clean_or_invalid(skill, validate_unique=False)
        skill.save()
        audit(actor=actor, action="skill.update" if before else "skill.create", target=skill,
              before=before, after=fields_of(skill, SKILL_FIELDS))
    return skill
