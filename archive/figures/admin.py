"""Curating figures: confirm them, mark the wrong ones, correct a metric, link a metric's wordings
into one series. A curator's change sets Figure.curated, so re-extraction keeps it."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..curation.history import HistoryAdmin
from ..listing.models import Generation
from .models import Figure, MetricVariant, curator_key

CURATED_FIELDS = {"value", "value_max", "unit", "qualifier", "metric", "period", "year", "as_of"}


@admin.register(Figure)
class FigureAdmin(HistoryAdmin):
    list_display = ["text", "metric", "exact", "unit", "qualifier", "period", "year", "review", "article_link"]
    list_editable = ["metric", "review"]
    list_filter = ["review", "curated", "unit", "qualifier", "year"]
    list_select_related = ["article"]
    search_fields = ["metric", "text"]
    search_help_text = _("按指标或原文查找,如 破获 案件、2720余亿元")
    autocomplete_fields = ["article", "agencies", "campaigns"]
    readonly_fields = ["series", "sentence_shown", "curated"]
    fieldsets = [
        (None, {"fields": ["article", "text", "sentence_shown", "review"]}),
        (_("数值"), {"fields": ["value", "value_max", "unit", "qualifier"]}),
        (_("含义"), {"fields": ["metric", "series", "period", "year", "as_of", "agencies", "campaigns", "curated"]}),
    ]
    actions = ["confirm", "mark_wrong"]
    show_full_result_count = False

    @admin.display(description=_("数值"), ordering="value")
    def exact(self, obj):
        return obj.exact_value

    @admin.display(description=_("文章"))
    def article_link(self, obj):
        url = reverse("admin:archive_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.title[:30])

    @admin.display(description=_("原句"))
    def sentence_shown(self, obj):
        if not obj.sentence:
            return "-"
        head, found, tail = obj.sentence.partition(obj.text)
        if not found:
            return obj.sentence
        return format_html("{}<mark>{}</mark>{}", head, found, tail)

    @admin.display(description=_("系列"))
    def series(self, obj):
        return obj.series if obj.pk else "-"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.key, obj.curated = curator_key(), True  # added by hand: kept whatever extraction finds
            obj.sentence = obj.sentence or obj.text
        elif CURATED_FIELDS & set(form.changed_data):
            obj.curated = True
        super().save_model(request, obj, form, change)

    @admin.action(description=_("确认所选数据"), permissions=["change"])
    def confirm(self, request, queryset):
        n = queryset.update(review=Figure.Review.CONFIRMED)
        Generation.bump()  # update() sends no signals
        self.message_user(request, _("已确认 %d 条。") % n, messages.SUCCESS)

    @admin.action(description=_("标记为误识别"), permissions=["change"])
    def mark_wrong(self, request, queryset):
        n = queryset.update(review=Figure.Review.WRONG)
        Generation.bump()
        self.message_user(request, _("已标记 %d 条为误识别。") % n, messages.SUCCESS)


@admin.register(MetricVariant)
class MetricVariantAdmin(HistoryAdmin):
    list_display = ["name", "series", "figures"]
    search_fields = ["name", "series"]
    search_help_text = _("同一指标的不同写法归入一个系列,例如 破获电诈案件 → 破获电信网络诈骗案件")

    @admin.display(description=_("数据条数"))
    def figures(self, obj):
        return Figure.objects.filter(metric=obj.name).count()
