"""Specialists' profiles (the coordinator's) and availability (the specialist's own)."""

from django.db import transaction
from django.utils.translation import gettext as _

from kyodo.accounts.policy import can_edit_availability, can_manage_specialists
from talent_pool.models import Skill, Specialist, SpecialistSkill
from talent_pool.services.common import (
    audit,
    fields_of,
    full_clean_or_invalid,
    invalid,
    require,
)

PROFILE_FIELDS = ("name", "engagement_type", "home", "work_mode", "monthly_capacity_hours",
                  "max_towns", "available_from", "available_until", "certifications",
                  "is_active", "user")
AVAILABILITY_FIELDS = ("monthly_capacity_hours", "max_towns", "available_from",
                       "available_until", "work_mode")


def _skills_snapshot(specialist: Specialist) -> dict:
    return {row.skill.code: row.level for row in specialist.skills.select_related("skill")}


def _check(specialist: Specialist) -> None:
    if (specialist.available_from and specialist.available_until
            and specialist.available_until < specialist.available_from):
        raise invalid("available_until", "period_order",
                      _("稼働終了日は稼働開始日以降の日付にしてください。"))
    full_clean_or_invalid(specialist, validate_constraints=False)


def _set_skills(specialist: Specialist, skills: dict[Skill, int]) -> None:
    if not skills:
        raise invalid("skills", "required", _("スキルを1つ以上登録してください。"))
    for level in skills.values():
        if not 1 <= int(level) <= 4:
            raise invalid("skills", "invalid_level", _("レベルは1から4で指定してください。"))
    specialist.skills.all().delete()
    SpecialistSkill.objects.bulk_create(
        [SpecialistSkill(specialist=specialist, skill=skill, level=int(level))
         for skill, level in skills.items()])


def specialist_save(*, actor, data: dict, skills: dict[Skill, int],
                    specialist: Specialist | None = None) -> Specialist:
    """Create or update a profile with its skills (the whole set is replaced)."""
    require(can_manage_specialists(actor))
    creating = specialist is None
    with transaction.atomic():
        if creating:
            specialist = Specialist()
            before = None
        else:
            specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
            before = {**fields_of(specialist, Specialist.AUDITED_FIELDS),
                      "skills": _skills_snapshot(specialist)}
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(specialist, name, data[name])
        _check(specialist)
        specialist.save()
        _set_skills(specialist, skills)
        audit(actor=actor, action="specialist.create" if creating else "specialist.update",
              target=specialist, before=before,
              after={**fields_of(specialist, Specialist.AUDITED_FIELDS),
                     "skills": _skills_snapshot(specialist)})
    return specialist


def specialist_availability_update(*, actor, specialist: Specialist, data: dict) -> Specialist:
    """The specialist's own hours, towns, period and way of working."""
    require(can_edit_availability(actor, specialist))
    with transaction.atomic():
        specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
        before = fields_of(specialist, AVAILABILITY_FIELDS)
        for name in AVAILABILITY_FIELDS:
            if name in data:
                setattr(specialist, name, data[name])
        _check(specialist)
        specialist.save(update_fields=list(AVAILABILITY_FIELDS))
        audit(actor=actor, action="specialist.availability_update", target=specialist,
              before=before, after=fields_of(specialist, AVAILABILITY_FIELDS))
    return specialist
