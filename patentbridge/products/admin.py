from django.contrib import admin

from patentbridge.products.models import Product, ProductPatent, ProductStep, ProductYear


class ProductPatentInline(admin.TabularInline):
    model = ProductPatent
    extra = 0
    raw_id_fields = ("patent", "grant")


class ProductYearInline(admin.TabularInline):
    model = ProductYear
    extra = 0
    raw_id_fields = ("submitted_by",)


class ProductStepInline(admin.TabularInline):
    model = ProductStep
    extra = 0
    readonly_fields = ("kind", "from_status", "to_status", "note", "actor", "at")
    can_delete = False


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "model", "filer", "industry", "status", "filing_number", "filed_on")
    list_filter = ("status",)
    search_fields = ("name", "model", "filing_number", "filer__name")
    raw_id_fields = ("filer", "industry", "submitted_by", "reviewed_by")
    inlines = [ProductPatentInline, ProductYearInline, ProductStepInline]


@admin.register(ProductYear)
class ProductYearAdmin(admin.ModelAdmin):
    list_display = ("product", "year", "sales", "output", "on_time", "needs_review")
    list_filter = ("on_time", "needs_review", "year")
    raw_id_fields = ("product", "submitted_by")
