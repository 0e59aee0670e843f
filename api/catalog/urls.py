"""The catalog's API under /api/v1/ (mounted by api/urls.py)."""

from django.urls import path

from api.catalog import views

urlpatterns = [
    path("catalog/systems/", views.SystemListApi.as_view(), name="catalog-system-list"),
    path("catalog/systems/<int:pk>/", views.SystemDetailApi.as_view(),
         name="catalog-system-detail"),
    path("catalog/adoption-requests/", views.AdoptionRequestListApi.as_view(),
         name="adoption-request-list"),
    path("catalog/adoption-requests/queue/", views.AdoptionQueueApi.as_view(),
         name="adoption-queue"),
    path("catalog/adoption-requests/<int:pk>/", views.AdoptionRequestDetailApi.as_view(),
         name="adoption-request-detail"),
    path("catalog/adoption-requests/<int:pk>/return/", views.ReturnApi.as_view(),
         name="adoption-request-return"),
    path("catalog/adoption-requests/<int:pk>/approve/", views.ApproveApi.as_view(),
         name="adoption-request-approve"),
    path("catalog/adoption-requests/<int:pk>/reject/", views.RejectApi.as_view(),
         name="adoption-request-reject"),
    path("catalog/adoption-requests/<int:pk>/activate/", views.ActivateApi.as_view(),
         name="adoption-request-activate"),
    path("catalog/adoption-requests/<int:pk>/end/", views.EndApi.as_view(),
         name="adoption-request-end"),
    path("allocations/", views.AllocationApi.as_view(), name="allocation-list"),
    path("allocations/preview/", views.AllocationPreviewApi.as_view(),
         name="allocation-preview"),
]
