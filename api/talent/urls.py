"""The talent pool's API under /api/v1/talent/ (mounted by api/urls.py): the coordinators'
and the specialists' side."""

from django.urls import path

from api.talent import views

urlpatterns = [
    path("talent/specialists/", views.SpecialistListApi.as_view(),
         name="talent-specialist-list"),
    path("talent/specialists/<int:pk>/", views.SpecialistDetailApi.as_view(),
         name="talent-specialist-detail"),
    path("talent/engagements/", views.EngagementListApi.as_view(),
         name="talent-engagement-list"),
    path("talent/time-entries/", views.TimeEntryListApi.as_view(),
         name="talent-time-entry-list"),
    path("talent/slots/", views.OwnSlotListApi.as_view(), name="talent-slot-list"),
    path("talent/proposals/", views.ProposalApi.as_view(), name="talent-proposal-create"),
]
