from django.contrib import admin

from tenants.models import Domain, Municipality, PublishedContact


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    readonly_fields = ["domain", "is_primary"]
    can_delete = False


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """Master data comes from provisioning; operators read it here but do not retype it."""

    list_display = ["lg_code", "name", "kind", "prefecture", "population", "population_band",
                    "mynumber_card_rate"]
    list_filter = ["population_band", "kind", "prefecture"]
    search_fields = ["lg_code", "name", "name_kana", "slug"]
    readonly_fields = [field.name for field in Municipality._meta.fields]
    inlines = [DomainInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PublishedContact)
class PublishedContactAdmin(admin.ModelAdmin):
    """Written only by publishing a town's profile; operators read it here."""

    list_display = ["municipality", "department", "dx_lead_name", "contact_email", "published_at"]
    readonly_fields = [field.name for field in PublishedContact._meta.fields]

    def has_add_permission(self, request):
        return False
