from django.contrib import admin

from kyodo.invitations.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made, accepted and revoked through their services,
    which audit each change."""

    list_display = ["email", "organisation", "role", "status", "created_at", "expires_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    readonly_fields = ["email", "municipality", "vendor", "role", "invited_by", "created_at",
                       "expires_at", "accepted_at", "accepted_by", "revoked_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
