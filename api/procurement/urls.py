from django.urls import path

from api.procurement import views

urlpatterns = [
    path("procurement/tenders/", views.TenderListApi.as_view(), name="tender-list"),
    path("procurement/tenders/<int:pk>/", views.TenderDetailApi.as_view(),
         name="tender-detail"),
    path("procurement/tenders/<int:pk>/bids/", views.BidCreateApi.as_view(), name="bid-create"),
    path("procurement/tenders/<int:pk>/open/", views.TenderOpenApi.as_view(),
         name="tender-open"),
    path("procurement/tenders/<int:pk>/clarifications/", views.ClarificationListApi.as_view(),
         name="clarification-list"),
    path("procurement/clarifications/<int:pk>/answer/", views.ClarificationAnswerApi.as_view(),
         name="clarification-answer"),
    path("procurement/tenders/<int:pk>/scores/", views.ScoresApi.as_view(), name="tender-scores"),
    path("procurement/tenders/<int:pk>/evaluation/", views.EvaluationApi.as_view(),
         name="tender-evaluation"),
    path("procurement/tenders/<int:pk>/award/", views.AwardApi.as_view(), name="tender-award"),
    path("procurement/tenders/<int:pk>/reasons/", views.ReasonRequestListApi.as_view(),
         name="reason-request-list"),
    path("procurement/reasons/<int:pk>/answer/", views.ReasonAnswerApi.as_view(),
         name="reason-request-answer"),
    path("procurement/bids/", views.OwnBidListApi.as_view(), name="bid-list"),
]
