import base64
import difflib
import hashlib

from csp.constants import UNSAFE_HASHES
from csp.decorators import csp_update
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import curation, figures
from .ingest.figures import extract_figures
from .ingest.names import current_name_table
from .ingest.save import apply_extraction
from .ingest.upload import import_uploads
from .models import (
    Agency,
    AgencyMention,
    Alias,
    Article,
    Campaign,
    CampaignMention,
    Copy,
    Generation,
    Mention,
    RefreshTask,
    ReviewFlag,
    Source,
    SuggestedCampaign,
)
from .search import backend
from .search.query import parse_query

admin.site.site_header = _("政策档案 · 编辑后台")
admin.site.site_title = _("政策档案")

# Addresses typed without a scheme are https (Django 6's default, asked for now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class DiffContextHelper(HistoricalRecordContextHelper):
    """Long texts (a body) show as the lines that changed, not as two truncated copies."""

    def prepare_delta_change_value(self, change, value):
        other = change.new if value is change.old else change.old
        if isinstance(value, str) and isinstance(other, str) and max(len(value), len(other)) > 100:
            ours = value.splitlines()
            theirs = other.splitlines()
            if value is change.old:
                changed = [line for line in difflib.ndiff(ours, theirs) if line.startswith("- ")]
            else:
                changed = [line for line in difflib.ndiff(theirs, ours) if line.startswith("+ ")]
            return "\n".join(line[:200] for line in changed[:20]) or "…"
        return super().prepare_delta_change_value(change, value)


def style_attribute_hash(value):
    """A Content-Security-Policy source that allows exactly this style="" attribute, nothing else."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(value.encode()).digest()).decode() + "'"


# django-simple-history's history page writes <p class="paginator" style="border-top: 0">. Its
# pages allow that one attribute ('unsafe-hashes' with its hash) instead of 'unsafe-inline'; no
# other inline style, and no inline script, anywhere in the admin. tests/test_security.py checks
# the installed template still writes it.
HISTORY_PAGINATOR_STYLE = "border-top: 0"


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change recorded with who and when; the history page shows each as a diff, and any
    earlier version can be restored from it (the restore is itself recorded)."""

    @csp_update({"style-src-attr": [UNSAFE_HASHES, style_attribute_hash(HISTORY_PAGINATOR_STYLE)]})
    def history_view(self, request, object_id, extra_context=None):
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return DiffContextHelper(self.model, historical_record)


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data] or super().clean(None, initial)
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    # An empty file is the importer's to reject (that file only), not a reason to refuse the rest.
    files = MultipleFileField(
        allow_empty_file=True,
        label=_("文件"),
        help_text=_(".html/.htm(任意编码)、.txt 页面文本、.jsonl 记录,或这些文件的 .zip;可多选。"),
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        if self.too_large:
            raise forms.ValidationError(
                _("上传内容超过 %(mb)d MB 的上限,未导入任何文件。"),
                params={"mb": settings.ARCHIVE_UPLOAD_MAX_BYTES // 1_048_576},
                code="too_large",
            )
        return super().clean()


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    list_display = ["title", "published_at", "source", "status", "flags"]
    list_filter = ["status", ReviewFilter, "year", "source", CampaignFilter]
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
    change_list_template = "admin/archive/article/change_list.html"

    @admin.display(description=_("数据"))
    def figure_count(self, obj):
        n = obj.figures.count()
        url = reverse("admin:archive_figure_changelist") + f"?article__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("%d 条数据") % n) if n else "-"

    @admin.display(description=_("待复核"))
    def flags(self, obj):
        labels = dict(ReviewFlag.choices)
        return "、".join(str(labels.get(code, code)) for code in obj.review_flags.split(",") if code)

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
        if {"body", "published_at"} & set(form.changed_data):  # the figures' places and periods move
            found = extract_figures(obj.body, figures.local_date(obj.published_at), current_name_table())
            figures.replace(obj, found)
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
        table = current_name_table()
        articles = list(queryset)
        with transaction.atomic():
            for article in articles:
                apply_extraction(article, table)
                figures.replace(article, extract_figures(article.body, figures.local_date(article.published_at), table))
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
class SourceAdmin(HistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline]


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(label=_("保留"), coerce=int, widget=forms.RadioSelect)


class MergeMixin:
    """An action that merges two agencies (or two campaigns): a preview of what moves, in both
    directions, then one transaction on confirmation."""

    @admin.action(description=_("合并所选的两项(先预览)"), permissions=["change", "delete"])
    def merge_two(self, request, queryset):
        entities = list(queryset.order_by("pk")[:3])
        if len(entities) != 2:
            self.message_user(request, _("请恰好选择两项进行合并。"), messages.ERROR)
            return None
        choices = [(e.pk, e.name) for e in entities]
        form = MergeForm(request.POST if "confirm" in request.POST else None)
        form.fields["keep"].choices = choices
        if form.is_valid():
            keep = next(e for e in entities if e.pk == form.cleaned_data["keep"])
            gone = next(e for e in entities if e.pk != keep.pk)
            plan = curation.merge(keep, gone)
            self.message_user(
                request,
                _("已将「%(gone)s」并入「%(keep)s」:移动提及 %(m)d 条,合并同篇提及 %(s)d 条,别名 %(a)d 个。")
                % {"gone": gone.name, "keep": keep.name, "m": plan.mentions, "s": plan.shared, "a": plan.aliases},
                messages.SUCCESS,
            )
            return None
        plans = [curation.merge_plan(entities[0], entities[1]), curation.merge_plan(entities[1], entities[0])]
        return _preview(self, request, queryset, form, plans, "merge_two")


def _preview(model_admin, request, queryset, form, plans, action):
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("合并预览"),
        "opts": model_admin.model._meta,
        "form": form,
        "plans": plans,
        "queryset": queryset,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "labels": MERGE_LABELS,
    }
    return TemplateResponse(request, "admin/archive/merge_preview.html", context)


MERGE_LABELS = {
    "mentions": _("移到保留项的提及"),
    "shared": _("两项都提及的文章(合为一条)"),
    "aliases": _("成为保留项别名的名称"),
    "children": _("下级机构"),
    "predecessors": _("前身机构"),
    "led_campaigns": _("牵头的行动"),
    "joined_campaigns": _("参与的行动"),
    "lead_agencies": _("牵头机构"),
    "agencies": _("参与机构"),
}


@admin.register(Agency)
class AgencyAdmin(MergeMixin, HistoryAdmin):
    list_display = ["name", "kind", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    autocomplete_fields = ["parent", "successor"]
    list_select_related = ["parent", "successor"]
    inlines = [AliasInline]
    actions = ["merge_two"]


@admin.register(Campaign)
class CampaignAdmin(MergeMixin, HistoryAdmin):
    list_display = ["name", "written_form", "status", "quoted_only", "first_mentioned"]
    list_filter = ["status", "quoted_only"]
    list_editable = ["status"]
    search_fields = ["name", "aliases__name", "description"]
    autocomplete_fields = ["lead_agencies", "agencies"]
    inlines = [AliasInline]
    actions = ["merge_two"]


class IntoForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("并入的行动"), queryset=Campaign.objects.filter(status=Campaign.Status.CONFIRMED)
    )


@admin.register(SuggestedCampaign)
class SuggestedCampaignAdmin(admin.ModelAdmin):
    """The review queue: names the extractor found in quotes (“某某”行动), with how often and when
    they were mentioned and where; confirm, reject (remembered across re-imports) or merge into a
    confirmed campaign as its alias."""

    list_display = ["name", "mention_count", "first_date", "last_date", "examples"]
    search_fields = ["name"]
    actions = ["confirm", "reject", "merge_into"]
    list_per_page = 50

    def get_queryset(self, request):
        mentions = CampaignMention.objects.active().filter(campaign=OuterRef("pk"))
        dated = mentions.exclude(article__published_at=None)
        return (
            super()
            .get_queryset(request)
            .filter(status=Campaign.Status.SUGGESTED)
            .annotate(
                n=Count("mentions", filter=~Q(mentions__origin=Mention.Origin.CURATOR_REMOVED)),
                first=Min("mentions__article__published_at"),
                last=Max("mentions__article__published_at"),
                first_body=Subquery(dated.order_by("article__published_at").values("article__body")[:1]),
                last_body=Subquery(dated.order_by("-article__published_at").values("article__body")[:1]),
            )
            .order_by("-n", "name")
        )

    def has_add_permission(self, request):
        return False  # suggestions come from the importer

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a deleted suggestion comes back with the next import: reject it
        return actions

    @admin.display(description=_("提及篇数"), ordering="n")
    def mention_count(self, obj):
        return obj.n

    @admin.display(description=_("首次"), ordering="first")
    def first_date(self, obj):
        return obj.first.date() if obj.first else "-"

    @admin.display(description=_("最近"), ordering="last")
    def last_date(self, obj):
        return obj.last.date() if obj.last else "-"

    @admin.display(description=_("例句"))
    def examples(self, obj):
        bodies = [b for b in (obj.first_body, obj.last_body) if b]
        return " / ".join(curation.mention_examples(obj.name, list(dict.fromkeys(bodies)))) or "-"

    @admin.action(description=_("确认为专项行动"), permissions=["change"])
    def confirm(self, request, queryset):
        n = curation.confirm(Campaign.objects.filter(pk__in=queryset.values("pk")))
        self.message_user(request, _("已确认 %d 项;受影响的文章正在后台更新。") % n, messages.SUCCESS)

    @admin.action(description=_("否决(重新导入时不再建议)"), permissions=["change"])
    def reject(self, request, queryset):
        n = curation.reject(Campaign.objects.filter(pk__in=queryset.values("pk")))
        self.message_user(request, _("已否决 %d 项。") % n, messages.SUCCESS)

    @admin.action(description=_("作为别名并入已有行动(先预览)"), permissions=["change", "delete"])
    def merge_into(self, request, queryset):
        suggestions = list(Campaign.objects.filter(pk__in=queryset.values("pk")))
        form = IntoForm(request.POST if {"preview", "confirm"} & set(request.POST) else None)
        if "confirm" in request.POST and form.is_valid():
            target = form.cleaned_data["target"]
            with transaction.atomic():
                for suggestion in suggestions:
                    curation.merge(target, suggestion)
            self.message_user(
                request, _("已将 %(n)d 项并入「%(t)s」。") % {"n": len(suggestions), "t": target.name}, messages.SUCCESS
            )
            return None
        target = form.cleaned_data["target"] if form.is_valid() else None
        plans = [curation.merge_plan(target, s) for s in suggestions] if target else []
        return _preview(self, request, queryset, form, plans, "merge_into")


@admin.register(RefreshTask)
class RefreshTaskAdmin(admin.ModelAdmin):
    """When an alias changes, the affected articles are brought up to date in the background: here
    a curator sees when that is done."""

    list_display = ["reason", "status", "articles", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["names", "reason", "status", "articles", "error", "created_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


from . import figure_admin  # noqa: E402, F401  registers the figures' admin
