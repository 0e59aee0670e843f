"""The prefecture console: the municipalities of the prefecture at a glance, and each
town's own page (master data, what it publishes, its members and invitations)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import render

from kyodo.accounts.member_views import console_member_urls, members_with_actions
from kyodo.accounts.policy import can_use_console, is_coordinator
from kyodo.invitations.selectors import invitation_pending_list, membership_list
from tenants.bands import PopulationBand
from tenants.lg_code import is_valid_lg_code
from tenants.models import Municipality, PublishedContact
from tenants.selectors import municipality_get, municipality_list


@login_required
def console_home(request):
    if not can_use_console(request.user):
        raise PermissionDenied
    band = request.GET.get("band") or None
    if band not in PopulationBand.values:
        band = None
    everyone = municipality_list(actor=request.user, prefecture=settings.KYODO_PREFECTURE)
    shown = everyone.filter(population_band=band) if band else everyone
    bands = [choice for choice in PopulationBand.choices if choice[0] != PopulationBand.PREFECTURE]
    return render(
        request,
        "tenants/console_home.html",
        {
            "municipalities": shown,
            "bands": bands,
            "band": band,
            "total_count": everyone.count(),
            "total_population": everyone.aggregate(total=Sum("population"))["total"] or 0,
        },
    )


@login_required
def console_town(request, lg_code: str):
    """One town as the prefecture sees it. Modules add their parts (requests, progress)."""
    if not can_use_console(request.user):
        raise PermissionDenied
    if not is_valid_lg_code(lg_code):
        raise Http404
    try:
        town = municipality_get(actor=request.user, lg_code=lg_code)
    except Municipality.DoesNotExist as error:
        raise Http404 from error
    try:
        contact = town.published_contact
    except PublishedContact.DoesNotExist:
        contact = None
    return render(request, "tenants/console_town.html", {
        "town": town,
        "contact": contact,
        "members": members_with_actions(
            request.user, membership_list(actor=request.user, municipality=town),
            urls=console_member_urls),
        "invitations": invitation_pending_list(actor=request.user, municipality=town),
        "may_manage": is_coordinator(request.user),
    })
