"""The talent pool's API in a town's workspace, under /m/<slug>/api/v1/talent/
(api/urls_workspace.py): what the pool offers (without names), the town's requests,
spot consultations and the engagements serving the town."""

from django.urls import path

from api.talent import views

urlpatterns = [
    path("talent/skill-availability/", views.SkillAvailabilityApi.as_view(),
         name="talent-skill-availability"),
    path("talent/requests/", views.TownRequestListApi.as_view(), name="talent-request-list"),
    path("talent/requests/<int:pk>/", views.TownRequestDetailApi.as_view(),
         name="talent-request-detail"),
    path("talent/requests/<int:pk>/submit/", views.TownRequestSubmitApi.as_view(),
         name="talent-request-submit"),
    path("talent/requests/<int:pk>/withdraw/", views.TownRequestWithdrawApi.as_view(),
         name="talent-request-withdraw"),
    path("talent/slots/", views.TownOpenSlotListApi.as_view(), name="talent-open-slot-list"),
    path("talent/bookings/", views.TownBookingListApi.as_view(), name="talent-booking-list"),
    path("talent/engagements/", views.TownEngagementListApi.as_view(),
         name="talent-town-engagement-list"),
]
