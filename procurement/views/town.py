"""The town's view of the procurements it was asked to join, in its workspace."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kyodo.accounts.policy import can_answer_survey
from kyodo.errors import DomainError
from kyodo.forms import add_domain_error
from procurement.forms import SurveyAnswerForm
from procurement.selectors import (
    demand_of,
    published_clarifications,
    town_invitation,
    town_procurements,
)
from procurement.services.survey import survey_answer


def town_list(request):
    town = request.tenant
    return render(request, "procurement/workspace/list.html", {
        "town": town, "rows": [(procurement, procurement.state(),
                                town_invitation(procurement=procurement, municipality=town))
                               for procurement in town_procurements(municipality=town)]})


def town_detail(request, pk: int):
    town = request.tenant
    procurement = town_procurements(municipality=town).filter(pk=pk).first()
    if procurement is None:
        raise Http404
    invitation = town_invitation(procurement=procurement, municipality=town)
    may_answer = can_answer_survey(request.user, invitation)
    initial = {"joins": "yes" if invitation.joins else "no" if invitation.joins is False
               else None, "users": invitation.users, "licences": invitation.licences,
               "expected_usage": invitation.expected_usage, "note": invitation.note}
    form = SurveyAnswerForm(request.POST or None, initial=initial) if may_answer else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            survey_answer(actor=request.user, invitation=invitation, data=form.answer())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("参加意向を回答しました。期限までは変更できます。"))
            return redirect("workspace:procurement_detail", pk=procurement.pk)
    share = None
    if hasattr(procurement, "contract"):
        share = procurement.contract.shares.filter(municipality=town).first()
    return render(request, "procurement/workspace/detail.html", {
        "town": town, "procurement": procurement, "state": procurement.state(),
        "invitation": invitation, "form": form, "demand": demand_of(procurement),
        "clarifications": published_clarifications(procurement), "share": share})
