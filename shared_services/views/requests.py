"""The adoption request page, the same for the town and the prefecture: its state, the
actions the viewer may take, its history, thread and attachments."""

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from kyodo.accounts.policy import (
    can_comment_on_adoption_request,
    can_edit_adoption_request,
    can_take_adoption_action,
)
from kyodo.errors import DomainError
from kyodo.redirects import redirect_back
from shared_services.forms import ActForm, AttachmentForm, CommentForm
from shared_services.lifecycle import TRANSITIONS, AdoptionAction, Side
from shared_services.services.adoption import (
    adoption_attachment_add,
    adoption_comment_add,
    adoption_request_act,
)
from shared_services.services.charges import estimate


def request_context(request, adoption, *, url, side: Side) -> dict:
    """What the request page shows to this viewer. `url(name, *args)` reverses the page's
    own URLs (the town's or the prefecture's): act, comment, attach, attachment, edit. The
    page offers the actions of its own `side`: a town's page the town's, the console's
    the prefecture's."""
    user = request.user
    actions = [(transition, url("act", transition.action))
               for transition in TRANSITIONS.values()
               if transition.side == side
               and can_take_adoption_action(user, adoption, transition.action)]
    year, month = adoption.start_year_month
    return {
        "adoption": adoption,
        "actions": actions,
        "may_edit": can_edit_adoption_request(user, adoption),
        "may_comment": can_comment_on_adoption_request(user, adoption),
        "comment_form": CommentForm(),
        "attachment_form": AttachmentForm(),
        "transitions": adoption.transitions.select_related("actor"),
        "comments": adoption.comments.select_related("author"),
        "attachments": [(attachment, url("attachment", attachment.pk))
                        for attachment in adoption.attachments.all()],
        "days_waiting": (timezone.now() - adoption.submitted_at).days
        if adoption.submitted_at else None,
        "estimate": estimate(system=adoption.system, municipality=adoption.municipality,
                             usage=adoption.expected_usage,
                             start=timezone.datetime(year, month, 1).date()),
        "ACTIVATE": AdoptionAction.ACTIVATE, "END": AdoptionAction.END, "TOWN": Side.TOWN,
        "comment_url": url("comment"), "attach_url": url("attach"), "edit_url": url("edit"),
    }


def act(request, adoption, action: str, fallback: str):
    # The confirmation dialog names its text field `reason` (kyodo.forms.ReasonForm).
    form = ActForm({"comment": request.POST.get("comment") or request.POST.get("reason", ""),
                    "month": request.POST.get("month", "")})
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect_back(request, fallback)
    try:
        adoption = adoption_request_act(actor=request.user, request=adoption, action=action,
                                        comment=form.cleaned_data["comment"],
                                        month=form.cleaned_data["month"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("申請を「%(status)s」にしました。") % {
            "status": adoption.get_status_display()})
    return redirect_back(request, fallback)


def comment(request, adoption, fallback: str):
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            adoption_comment_add(actor=request.user, request=adoption,
                                 body=form.cleaned_data["body"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("コメントを送りました。"))
    else:
        messages.error(request, _("コメントを入力してください（2,000文字以内）。"))
    return redirect(fallback)


def attach(request, adoption, fallback: str):
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with tenant_context(adoption.municipality):
                adoption_attachment_add(actor=request.user, request=adoption,
                                        upload=form.cleaned_data["file"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("ファイルを添付しました。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(fallback)


def attachment_download(adoption, pk: int):
    """Files are read from the town's own folder, whichever schema the page runs in."""
    attachment = adoption.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    with tenant_context(adoption.municipality):
        handle = attachment.file.open("rb")
    content_type = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=attachment.name,
                        content_type=content_type)
