"""Joint procurement's API in a town's workspace, under /m/<slug>/api/v1/
(api/urls_workspace.py): the town's answers to the intent surveys it was asked."""

from django.urls import path

from api.procurement import views

urlpatterns = [
    path("procurement/surveys/", views.SurveyListApi.as_view(), name="survey-list"),
    path("procurement/surveys/<int:pk>/", views.SurveyAnswerApi.as_view(),
         name="survey-answer"),
]
