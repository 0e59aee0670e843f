"""The inbox and the e-mail setting, mounted by kyodo/urls.py under /notifications/."""

from django.urls import path

from kyodo.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("settings/", views.preference, name="settings"),
    path("<int:pk>/", views.open_notification, name="open"),
]
