"""The curation tool for the core nouns. Each capability registers its own models' admin in its
package (curation/admin.py, figures/admin.py); they are imported here, where Django's
autodiscovery looks."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from .curation.admin import MergeMixin
from .curation.changelist import EstimatedCountPaginator, YearFilter
from .curation.history import HistoryAdmin
from .curation.refresh import refresh_later
from .documents import admin as documents_admin  # noqa: F401  registers the documents' admin
from .figures import admin as figures_admin  # noqa: F401  registers the figures' admin
from .harvest.admin import HarvestInline
from .ingest.forms import UploadForm
from .ingest.review import ReviewFlag
from .ingest.upload import import_uploads
from .listing.models import Generation
from .models import Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Copy, Source

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

    class Media:
        css = {"all": ["css/archive_admin.css"]}  # long addresses wrap: the table fits the page


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
        # By the campaign's id rather than a join on its slug: the planner then knows how common it
        # is, and walks the articles newest first until a page is found (5.5 ms at 100,000 articles
        # against 38 ms for sorting all 13,500 of 断卡's; EXPLAIN ANALYZE).
        campaign = Campaign.objects.filter(slug=self.value()).values_list("pk", flat=True).first()
        mentions = CampaignMention.objects.active().filter(campaign_id=campaign)
        return queryset.filter(pk__in=mentions.values("article_id"))


class ReviewFilter(admin.SimpleListFilter):
    """The articles the importer was unsure of, by reason: the review queue for articles."""

    title = _("待复核")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("any", _("任一原因")), *ReviewFlag.choices]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.exclude(review_flags="")
        if value in ReviewFlag.values:
            return queryset.filter(review_flags__contains=value)
        return queryset


class ArticleChangeList(ChangeList):
    """The changelist's rows without the texts it does not show (a page of bodies was a third of
    its row query at 100,000 articles)."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer("body", "import_warnings")


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    list_display = ["title", "published_at", "source", "status", "flags"]
    list_filter = ["status", ReviewFilter, YearFilter, "source", CampaignFilter]
    # The search box uses the archive's own index (the query language of the list page), and an
    # address finds the article captured there; a LIKE over every body took 0.6 s at 100,000
    # articles. The year filter stands in for a date hierarchy, whose per-row date arithmetic cost
    # as much.
    search_fields = ["title"]
    search_help_text = _("与前台相同的检索语法;也可输入网址查找该网址的文章。")
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    readonly_fields = [
        "content_hash",
        "year",
        "tokenizer_version",
        "import_warnings",
        "reprint_family",
        "figure_count",
        "created_at",
        "updated_at",
    ]
    inlines = [CopyInline, AgencyMentionInline, CampaignMentionInline]
    actions = ["publish", "withdraw", "reextract", "mark_reviewed"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    change_list_template = "admin/archive/article/change_list.html"

    @admin.display(description=_("数据"))
    def figure_count(self, obj):
        n = obj.figures.count()
        url = reverse("admin:archive_figure_changelist") + f"?article__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("%d 条数据") % n) if n else "-"

    @admin.display(description=_("待复核"))
    def flags(self, obj):
        labels = dict(ReviewFlag.choices)
        flags = [str(labels.get(code, code)) for code in obj.review_flags.split(",") if code]
        return pgettext("list separator", "、").join(flags)

    @admin.display(description=_("转载家族"))
    def reprint_family(self, obj):
        """The first publisher and the size of the family (find_reprints rebuilds them)."""
        if not obj.family_id:
            return "—"
        size = Article.objects.filter(family_id=obj.family_id).count()
        if obj.family_id == obj.pk:
            return _("首发;家族共 %(n)d 篇") % {"n": size}
        url = reverse("admin:archive_article_change", args=[obj.family_id])
        return format_html('<a href="{}">{}</a> · {}', url, _("首发文章"), _("家族共 %(n)d 篇") % {"n": size})

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_urls(self):
        upload = path("upload/", self.admin_site.admin_view(self.upload_view), name="archive_article_upload")
        return [upload, *super().get_urls()]

    def has_import_permission(self, request):
        return request.user.has_perm("archive.import_articles")

    def changelist_view(self, request, extra_context=None):
        extra = {"can_upload": self.has_import_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def upload_view(self, request):
        """Several files or a zip, through the importer; a page of what became of each file."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form, outcomes = UploadForm(), None
        if request.method == "POST":
            request.FILES  # noqa: B018 (reads the body; FILE_UPLOAD_HANDLERS caps what is read)
            too_large = getattr(request, "upload_too_large", False)
            form = UploadForm(request.POST, request.FILES, too_large=too_large)
            if form.is_valid():
                outcomes = import_uploads(form.cleaned_data["files"])
                created = sum(o.counts["created"] for o in outcomes)
                rejected = sum(1 for o in outcomes if o.rejected)
                level = messages.WARNING if rejected else messages.SUCCESS
                summary = _("新增 %(n)d 篇;%(r)d 个文件未导入。") % {"n": created, "r": rejected}
                self.message_user(request, summary, level)
        context = {
            **self.admin_site.each_context(request),
            "title": _("上传导入"),
            "opts": self.model._meta,
            "form": form,
            "outcomes": outcomes,
            "max_mb": settings.ARCHIVE_UPLOAD_MAX_BYTES // 1_048_576,
        }
        return TemplateResponse(request, "admin/archive/article/upload.html", context)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.startswith(("http://", "https://")):
            return queryset.filter(pk__in=Copy.objects.filter(url=term).values("article_id")), False
        return queryset.search(term), False

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
        if {"title", "body", "published_at"} & set(form.changed_data):  # mentions, figures' places and periods move
            obj.reextract()
        else:  # a revert from the history page, say: the form did not change, the row did
            Article.objects.filter(pk=obj.pk).reindex()

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

    @admin.action(description=_("标记为已复核"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        n = 0
        for article in queryset.exclude(review_flags=""):
            article.review_flags = ""
            article.save(update_fields=["review_flags", "updated_at"])
            n += 1
        self.message_user(request, _("已复核 %d 篇。") % n, messages.SUCCESS)

    @admin.action(description=_("重新抽取机构与行动并重建索引"), permissions=["change"])
    def reextract(self, request, queryset):
        with transaction.atomic():
            n = queryset.reextract()
        self.message_user(request, _("已重新抽取 %d 篇。") % n, messages.SUCCESS)


@admin.register(Copy)
class CopyAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["__str__", "site", "section", "captured_at"]
    list_filter = ["site"]
    search_fields = ["url", "site", "section", "article__title"]
    autocomplete_fields = ["article"]
    readonly_fields = ["captured_at", "raw_hash", "imported_from"]


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline, HarvestInline]


@admin.register(Agency)
class AgencyAdmin(MergeMixin, HistoryAdmin):
    list_display = ["name", "name_en", "kind", "status", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "name_en", "aliases__name"]
    autocomplete_fields = ["parent", "successor"]
    list_select_related = ["parent", "successor"]
    inlines = [AliasInline]
    actions = ["merge_two", "confirm"]

    @admin.action(description=_("确认所选机构(发文机关建议)"), permissions=["change"])
    def confirm(self, request, queryset):
        suggested = queryset.filter(status=Agency.Status.SUGGESTED)
        names = list(suggested.values_list("name", flat=True))
        n = suggested.update(status=Agency.Status.CONFIRMED)
        refresh_later(names, reason="confirmed: " + "、".join(names))  # now counted where the texts name them
        self.message_user(request, _("已确认 %(n)d 个机构。") % {"n": n}, messages.SUCCESS)


@admin.register(Campaign)
class CampaignAdmin(MergeMixin, HistoryAdmin):
    list_display = ["name", "name_en", "written_form", "status", "quoted_only", "first_mentioned"]
    list_filter = ["status", "quoted_only"]
    list_editable = ["status"]
    search_fields = ["name", "name_en", "aliases__name", "description"]
    autocomplete_fields = ["lead_agencies", "agencies"]
    inlines = [AliasInline]
    actions = ["merge_two"]


@admin.register(Alias)
class AliasAdmin(HistoryAdmin):
    list_display = ["name", "kind", "year", "agency", "campaign", "source"]
    list_filter = ["kind"]
    search_fields = ["name", "agency__name", "campaign__name", "source__name"]
    autocomplete_fields = ["agency", "campaign", "source"]
    list_select_related = ["agency", "campaign", "source"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.message_user(request, _("包含此别名的文章正在后台重新抽取和索引;进度见「名称更新任务」。"), messages.INFO)


class MentionAdmin(HistoryAdmin):
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
