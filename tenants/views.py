"""The prefecture console: the municipalities of the prefecture at a glance."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import render

from kyodo.accounts.policy import can_use_console
from tenants.bands import PopulationBand
from tenants.selectors import municipality_list


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
