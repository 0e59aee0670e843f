"""The signed-in person's inbox, opening a notification, and their e-mail setting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyodo.notifications.forms import NotificationPreferenceForm
from kyodo.notifications.selectors import (
    notification_get,
    notification_list,
    notification_preference_get,
)
from kyodo.notifications.services import (
    notification_mark_all_read,
    notification_open,
    notification_preference_set,
)

PAGE_SIZE = 20


@login_required
def inbox(request):
    page = Paginator(notification_list(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def open_notification(request, pk: int):
    """The notification's own address (in the inbox and its e-mail): it is read from
    now on, and the reader goes on to what it is about."""
    notification = notification_open(actor=request.user,
                                     notification=notification_get(actor=request.user, pk=pk))
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect("notifications:inbox")
    return redirect(url)


@login_required
@require_POST
def mark_all_read(request):
    count = notification_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("%(count)s件のお知らせを既読にしました。") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preference(request):
    current = notification_preference_get(actor=request.user)
    form = NotificationPreferenceForm(request.POST if request.method == "POST" else None,
                                      initial={"email_delivery": current.email_delivery})
    if request.method == "POST" and form.is_valid():
        preference = notification_preference_set(
            actor=request.user, email_delivery=form.cleaned_data["email_delivery"])
        messages.success(request, _("メールでのお知らせを「%(choice)s」に設定しました。") % {
            "choice": preference.get_email_delivery_display()})
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
