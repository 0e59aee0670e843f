from django.urls import path

from api.procurement import views

urlpatterns = [
    path("procurement/tenders/", views.TenderListApi.as_view(), name="tender-list"),
    path("procurement/tenders/<int:pk>/", views.TenderDetailApi.as_view(),
         name="tender-detail"),
    path("procurement/tenders/<int:pk>/bids/", views.BidCreateApi.as_view(), name="bid-create"),
    path("procurement/tenders/<int:pk>/open/", views.TenderOpenApi.as_view(),
         name="tender-open"),
    path("procurement/bids/", views.OwnBidListApi.as_view(), name="bid-list"),
]
