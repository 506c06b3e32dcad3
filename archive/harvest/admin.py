"""Harvests in the admin: a source's harvest addresses as an inline of the source (archive/admin.py),
each harvest's settings, and the runs, read-only, newest first, with what went wrong."""

from django.contrib import admin
from django.db import models

from .models import Harvest, HarvestRun

URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class HarvestInline(admin.StackedInline):
    model = Harvest
    formfield_overrides = URL_FIELDS
    extra = 0
    fields = ["address", "kind", "article_pattern", "next_pattern", "depth", "interval", "enabled"]


class HarvestRunInline(admin.TabularInline):
    model = HarvestRun
    extra = 0
    max_num = 0
    can_delete = False
    fields = readonly_fields = ["started_at", "finished_at", "fetched", "created", "unchanged", "skipped", "failed"]
    ordering = ["-started_at"]

    def get_queryset(self, request):
        return super().get_queryset(request)[:20]


@admin.register(Harvest)
class HarvestAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["address", "source", "kind", "interval", "enabled", "last_started_at"]
    list_filter = ["enabled", "kind"]
    search_fields = ["address", "source__name"]
    autocomplete_fields = ["source"]
    fields = ["source", *HarvestInline.fields, "last_started_at"]
    readonly_fields = ["last_started_at"]
    inlines = [HarvestRunInline]


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = ["address", "started_at", "finished_at", "fetched", "created", "unchanged", "skipped", "failed"]
    list_filter = ["harvest__source"]
    date_hierarchy = "started_at"
    search_fields = ["address", "errors"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
