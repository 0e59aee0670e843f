from django.contrib import admin

from kyodo.notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the services of the changes they report,
    and read and marked only by their recipients."""

    list_display = ["created_at", "recipient", "kind", "organisation_label", "delivery",
                    "read_at", "emailed_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["recipient__email", "kind", "organisation_label"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Read-only: each person chooses at /notifications/settings/, which is audited."""

    list_display = ["user", "email_delivery", "updated_at"]
    list_filter = ["email_delivery"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "email_delivery", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
