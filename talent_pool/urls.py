"""The pool's prefecture pages, mounted at /talent/ by kyodo/urls.py, and the
specialist's own actions (their page itself is /specialist/)."""

from django.urls import path

from talent_pool.views import prefecture, specialist, taxonomy

app_name = "talent"

urlpatterns = [
    path("", prefecture.index, name="index"),
    path("requests/<int:pk>/", prefecture.request_detail, name="request"),
    path("requests/<int:pk>/decline/", prefecture.decline, name="decline"),
    path("engagements/<int:pk>/complete/", prefecture.complete, name="complete"),
    path("proposal/", prefecture.proposal, name="proposal"),
    path("matches/<int:pk>/accept/", prefecture.accept, name="accept"),
    path("matches/<int:pk>/reject/", prefecture.reject, name="reject"),
    path("specialists/", prefecture.specialist_list, name="specialists"),
    path("specialists/new/", prefecture.specialist_edit, name="specialist_new"),
    path("specialists/<int:pk>/", prefecture.specialist_edit, name="specialist"),
    path("skills/", taxonomy.skills, name="skills"),
    path("skills/<int:pk>/", taxonomy.skill_edit, name="skill"),
    path("fairness/", prefecture.fairness, name="fairness"),
    path("utilisation/", prefecture.utilisation, name="utilisation"),
    path("utilisation.<str:file_format>", prefecture.utilisation, name="utilisation_file"),
    path("me/engagements/<int:pk>/hours/", specialist.log_hours, name="log_hours"),
    path("me/availability/", specialist.availability, name="availability"),
    path("me/slots/", specialist.slot_new, name="slot_new"),
    path("me/slots/<int:pk>/withdraw/", specialist.slot_remove, name="slot_withdraw"),
    path("me/bookings/<int:pk>/cancel/", specialist.booking_remove, name="booking_cancel"),
]
