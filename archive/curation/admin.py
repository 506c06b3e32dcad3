"""The curators' tools beyond editing: merging two agencies or campaigns (with a preview), the queue
of suggested campaigns, and the progress of name changes being applied."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from ..models import Campaign, CampaignMention, Mention
from . import merge as curation
from .models import RefreshTask, SuggestedCampaign


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
    "issued_documents": _("发文机关为它的文件"),
    "lead_agencies": _("牵头机构"),
    "agencies": _("参与机构"),
}


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
