from django.contrib import admin, messages
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .ingest.names import current_name_table
from .ingest.save import apply_extraction
from .models import Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Copy, Generation, Source
from .search import backend
from .search.query import parse_query

admin.site.site_header = _("政策档案 · 编辑后台")
admin.site.site_title = _("政策档案")

# Addresses typed without a scheme are https (Django 6's default, asked for now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class AliasInline(admin.TabularInline):
    model = Alias
    fields = ["name", "kind", "year"]
    extra = 1


class CopyInline(admin.TabularInline):
    model = Copy
    formfield_overrides = URL_FIELDS
    fields = ["url", "site", "section", "captured_at", "imported_from"]
    readonly_fields = ["captured_at", "imported_from"]
    extra = 0


class AgencyMentionInline(admin.TabularInline):
    model = AgencyMention
    fields = ["agency", "count", "origin"]
    autocomplete_fields = ["agency"]
    extra = 0


class CampaignMentionInline(admin.TabularInline):
    model = CampaignMention
    fields = ["campaign", "count", "origin"]
    autocomplete_fields = ["campaign"]
    extra = 0


class CampaignFilter(admin.SimpleListFilter):
    """Articles with an active mention of a confirmed campaign, as a semi-join (the join through
    the mention rows took 270 ms at 100,000 articles)."""

    title = _("专项行动")
    parameter_name = "campaign"

    def lookups(self, request, model_admin):
        return Campaign.objects.filter(status=Campaign.Status.CONFIRMED).order_by("name").values_list("slug", "name")

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        mentions = CampaignMention.objects.active().filter(campaign__slug=self.value())
        return queryset.filter(pk__in=mentions.values("article_id"))


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "source", "status"]
    list_filter = ["status", "year", "source", CampaignFilter]
    # The search box uses the archive's own index (the query language of the list page), and an
    # address finds the article captured there; a LIKE over every body took 0.6 s at 100,000
    # articles. The year filter stands in for a date hierarchy, whose per-row date arithmetic cost
    # as much.
    search_fields = ["title"]
    search_help_text = _("与前台相同的检索语法;也可输入网址查找该网址的文章。")
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    readonly_fields = ["content_hash", "year", "tokenizer_version", "import_warnings", "created_at", "updated_at"]
    inlines = [CopyInline, AgencyMentionInline, CampaignMentionInline]
    actions = ["publish", "withdraw", "reextract"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.startswith(("http://", "https://")):
            return queryset.filter(pk__in=Copy.objects.filter(url=term).values("article_id")), False
        query = parse_query(term)
        if query.is_empty:
            return queryset.none(), False
        return queryset.filter(pk__in=backend().matching_ids(query)), False

    def save_formset(self, request, form, formset, change):
        """A curator's mention edits are marked as theirs; a removed mention is kept as a tombstone
        so that re-extraction does not bring it back."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            if isinstance(obj, AgencyMention | CampaignMention):
                obj.origin = obj.Origin.CURATOR_REMOVED
                obj.save()
            else:
                obj.delete()
        for obj in instances:
            if isinstance(obj, AgencyMention | CampaignMention) and obj.origin == obj.Origin.EXTRACTED:
                obj.origin = obj.Origin.CURATOR
            obj.save()
        formset.save_m2m()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: backend().index([obj]))

    @admin.action(description=_("发布所选文章"), permissions=["change"])
    def publish(self, request, queryset):
        n = queryset.update(status=Article.Status.PUBLISHED)
        Generation.bump()
        self.message_user(request, ngettext("已发布 %d 篇。", "已发布 %d 篇。", n) % n, messages.SUCCESS)

    @admin.action(description=_("撤回所选文章"), permissions=["change"])
    def withdraw(self, request, queryset):
        n = queryset.update(status=Article.Status.WITHDRAWN)
        Generation.bump()
        self.message_user(request, ngettext("已撤回 %d 篇。", "已撤回 %d 篇。", n) % n, messages.SUCCESS)

    @admin.action(description=_("重新抽取机构与行动并重建索引"), permissions=["change"])
    def reextract(self, request, queryset):
        table = current_name_table()
        articles = list(queryset)
        with transaction.atomic():
            for article in articles:
                apply_extraction(article, table)
            backend().index(articles)
        self.message_user(request, _("已重新抽取 %d 篇。") % len(articles), messages.SUCCESS)


@admin.register(Copy)
class CopyAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["__str__", "site", "section", "captured_at"]
    list_filter = ["site"]
    search_fields = ["url", "site", "section", "article__title"]
    autocomplete_fields = ["article"]
    readonly_fields = ["captured_at", "raw_hash", "imported_from"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    autocomplete_fields = ["parent", "successor"]
    list_select_related = ["parent", "successor"]
    inlines = [AliasInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "written_form", "status", "quoted_only", "first_mentioned"]
    list_filter = ["status", "quoted_only"]
    list_editable = ["status"]
    search_fields = ["name", "aliases__name", "description"]
    autocomplete_fields = ["lead_agencies", "agencies"]
    inlines = [AliasInline]


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "year", "agency", "campaign", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "agency__name", "campaign__name", "source__name"]
    autocomplete_fields = ["agency", "campaign", "source"]
    list_select_related = ["agency", "campaign", "source"]


class MentionAdmin(admin.ModelAdmin):
    list_display = ["article", "count", "origin"]
    list_filter = ["origin"]
    autocomplete_fields = ["article"]
    list_select_related = True


@admin.register(AgencyMention)
class AgencyMentionAdmin(MentionAdmin):
    list_display = ["article", "agency", "count", "origin"]
    search_fields = ["article__title", "agency__name"]
    autocomplete_fields = ["article", "agency"]


@admin.register(CampaignMention)
class CampaignMentionAdmin(MentionAdmin):
    list_display = ["article", "campaign", "count", "origin"]
    search_fields = ["article__title", "campaign__name"]
    autocomplete_fields = ["article", "campaign"]
