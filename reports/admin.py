from django.contrib import admin

from .models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "year", "uploaded_at")
    list_filter = ("year", "region")
    search_fields = ("title",)
