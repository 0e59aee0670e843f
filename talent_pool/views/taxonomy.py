"""The coordinators' page for the skill taxonomy (/talent/skills/): the list, a form to
add a skill, and each skill's own form."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from talent_pool import selectors
from talent_pool.forms import SkillForm
from talent_pool.models import Skill
from talent_pool.services.skills import skill_save
from talent_pool.views.common import coordinator_only, form_step


@login_required
def skills(request):
    coordinator_only(request)
    form = SkillForm(request.POST or None)
    done = form_step(request, form, lambda f: skill_save(actor=request.user,
                                                         data=f.data_for_service()),
                     done=_("スキルを追加しました。"),
                     success=lambda _skill: reverse("talent:skills"))
    return done or render(request, "talent_pool/skills.html", {
        "skills": selectors.skill_list(), "form": form})


@login_required
def skill_edit(request, pk: int):
    coordinator_only(request)
    skill = get_object_or_404(Skill, pk=pk)
    form = SkillForm(request.POST or None, instance=skill)
    done = form_step(request, form, lambda f: skill_save(actor=request.user, skill=skill,
                                                         data=f.data_for_service()),
                     done=_("スキルを変更しました。"),
                     success=lambda _skill: reverse("talent:skills"))
    return done or render(request, "talent_pool/skill_form.html", {"form": form, "skill": skill})
