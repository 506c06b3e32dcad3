"""Curating policy documents: every field of the record, its issuers in order and its citations;
the 时效待复核 queue (documents another one repealed or amended) and the suggested issuers.

A field a curator changes is remembered in Document.curated and keeps its value when the article
is read again, as a corrected figure does."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..curation.history import HistoryAdmin
from .models import Citation, Document, Issuer
from .numbers import number_key
from .references import normalise_title
from .store import READ_FIELDS, apply_change, derive_keys, target_of

CURATED = {*READ_FIELDS, "validity", "changed_by"}


class IssuerInline(admin.TabularInline):
    model = Issuer
    fields = ["position", "agency"]
    autocomplete_fields = ["agency"]
    extra = 0


class CitationInline(admin.TabularInline):
    model = Citation
    fk_name = "citing"
    fields = ["position", "title", "number", "relation", "cited", "origin"]
    readonly_fields = ["origin"]
    autocomplete_fields = ["cited"]
    extra = 0


@admin.register(Document)
class DocumentAdmin(HistoryAdmin):
    list_display = ["title", "number", "doc_type", "written_date", "validity", "needs_review", "issuers_shown"]
    list_filter = ["needs_review", "validity", "doc_type"]
    list_select_related = ["article"]
    search_fields = ["number", "article__title", "enclosed_title"]
    search_help_text = _("按发文字号或标题查找,如 国办发〔2021〕84号")
    autocomplete_fields = ["changed_by"]
    readonly_fields = ["article_link", "curated_shown", "page_fields"]
    fieldsets = [
        (None, {"fields": ["article_link", "number", "doc_type", "enclosed_title", "enclosed_type"]}),
        (_("日期"), {"fields": ["written_date", "effective_date", "expires_on"]}),
        (_("时效"), {"fields": ["validity", "changed_by", "needs_review"]}),
        (_("信息公开"), {"fields": ["index_number", "subject", "page_fields", "curated_shown"]}),
    ]
    inlines = [IssuerInline, CitationInline]
    actions = ["mark_reviewed"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # a record belongs to an article: it comes with the import

    @admin.display(description=_("标题"), ordering="article__title")
    def title(self, obj):
        return obj.article.title[:40]

    @admin.display(description=_("发文机关"))
    def issuers_shown(self, obj):
        return "、".join(obj.issuer_names)

    @admin.display(description=_("文章"))
    def article_link(self, obj):
        url = reverse("admin:archive_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.title)

    @admin.display(description=_("编辑修改过的字段"))
    def curated_shown(self, obj):
        labels = {f.name: f.verbose_name for f in Document._meta.get_fields() if hasattr(f, "verbose_name")}
        return "、".join(str(labels.get(name, name)) for name in obj.curated) or "-"

    def save_model(self, request, obj, form, change):
        changed = CURATED & set(form.changed_data)
        obj.curated = sorted(set(obj.curated) | changed)
        derive_keys(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Citation) and instance.pk is None:
                instance.origin = Citation.Origin.CURATOR
            if isinstance(instance, Citation):
                instance.number_key = number_key(instance.number)
                instance.title_key = normalise_title(instance.title)[:300]
                instance.cited_id = instance.cited_id or target_of(
                    instance, exclude=instance.citing_id, written=instance.citing.written_date
                )
            instance.save()
            if isinstance(instance, Citation) and instance.cited_id:
                apply_change(instance)
        for gone in formset.deleted_objects:
            gone.delete()
        if formset.model is Issuer and (instances or formset.deleted_objects):
            document = form.instance
            document.curated = sorted({*document.curated, "issuers"})
            Document.objects.filter(pk=document.pk).update(curated=document.curated)

    @admin.action(description=_("已复核时效"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        n = queryset.update(needs_review=False)
        self.message_user(request, _("已复核 %(n)d 份文件。") % {"n": n}, messages.SUCCESS)
