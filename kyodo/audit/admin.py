from django.contrib import admin

from kyodo.audit.models import AuditEvent
from kyodo.audit.visibility import visible_events


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, in the admin as in the database."""

    list_display = ["occurred_at", "actor_label", "tenant_schema", "action", "target_label"]
    list_filter = ["action", "tenant_schema"]
    search_fields = ["actor_label", "target_label", "request_id"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def get_queryset(self, request):
        return visible_events(super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
