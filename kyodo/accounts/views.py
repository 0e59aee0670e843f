"""Pages of the organisations that live in the public schema: vendors, specialists."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from kyodo.accounts.selectors import specialist_membership_list, vendor_get, vendor_member_list


@login_required
def vendor_portal(request, pk: int):
    vendor = vendor_get(actor=request.user, pk=pk)
    today: datetime.date = timezone.localdate()
    qualifications = [(q, q.is_valid_on(today)) for q in vendor.qualifications.all()]
    return render(request, "accounts/vendor_portal.html", {
        "vendor": vendor,
        "qualifications": qualifications,
        "members": vendor_member_list(actor=request.user, vendor=vendor),
    })


@login_required
def specialist_home(request):
    return render(request, "accounts/specialist_home.html", {
        "memberships": specialist_membership_list(actor=request.user),
    })
