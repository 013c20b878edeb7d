from django.contrib import admin

from patentbridge.notices.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "read_at", "emailed_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient", "organisation")
    search_fields = ("recipient__username", "key")
