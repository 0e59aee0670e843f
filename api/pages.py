"""The user's API tokens page (/accounts/tokens/): list, issue, revoke.

A new key is shown once, in the response to the POST that issued it, and never put
in the session or a message, which would store it; the page is sent with
`Cache-Control: no-store` so the browser keeps no copy either.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api.forms import ApiTokenCreateForm
from api.models import ApiToken
from api.selectors import api_token_get, api_token_list
from api.services import api_token_create, api_token_revoke
from kyodo.errors import DomainError


@never_cache
@login_required
def tokens(request):
    form = ApiTokenCreateForm(request.POST or None, user=request.user)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_create(
                actor=request.user, membership=form.cleaned_data["membership"],
                name=form.cleaned_data["name"], expires_at=form.expires_at(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            form = ApiTokenCreateForm(user=request.user)
    return render(request, "api/tokens.html", {
        "form": form,
        "issued": issued,
        "tokens": api_token_list(actor=request.user),
    })


@require_POST
@login_required
def token_revoke(request, pk: int):
    try:
        token = api_token_get(actor=request.user, pk=pk)
    except ApiToken.DoesNotExist as error:
        raise Http404 from error
    try:
        api_token_revoke(actor=request.user, token=token)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("APIトークン「%(name)s」を無効化しました。このトークンを使う"
                                    "システムはもう接続できません。") % {"name": token.name})
    return redirect("api_tokens")
