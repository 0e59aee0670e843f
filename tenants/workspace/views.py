"""A town's workspace: its home page and its profile.

These views run with the town's schema active (the path routing sets it), and
`WorkspaceMembershipMiddleware` has already turned away anyone who is not a member.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tenants.workspace.forms import TownProfileForm
from tenants.workspace.services import profile_get, profile_update


def home(request):
    return render(
        request,
        "workspace/home.html",
        {"town": request.tenant, "profile": profile_get(municipality=request.tenant)},
    )


def profile_edit(request):
    profile = profile_get(municipality=request.tenant)
    form = TownProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile_update(actor=request.user, municipality=request.tenant, data=form.cleaned_data)
        messages.success(request, _("団体プロフィールを保存しました。"))
        return redirect("workspace:home")
    return render(request, "workspace/profile_edit.html", {"town": request.tenant, "form": form})
