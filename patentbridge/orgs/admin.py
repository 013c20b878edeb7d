from django.contrib import admin

from patentbridge.orgs.models import City, Membership, Organisation


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "region")
    search_fields = ("code", "name_zh", "name_en")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user", "organisation")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "size_class", "city", "uscc")
    list_filter = ("kind", "size_class", "city")
    search_fields = ("name", "name_en", "uscc")
    autocomplete_fields = ("city",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "organisation__name")
    autocomplete_fields = ("user", "organisation")
