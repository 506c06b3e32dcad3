"""Articles, their copies and the mentions of agencies and campaigns in them."""

import hashlib
import re
import unicodedata
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .names import Agency, Campaign, Source

SHANGHAI = ZoneInfo("Asia/Shanghai")


def content_hash(title: str, body: str) -> str:
    """The identity of a text: the same title and body, whatever the site's spacing or punctuation width."""
    text = unicodedata.normalize("NFKC", f"{title}\n{body}")
    return hashlib.sha256("".join(text.split()).encode()).hexdigest()


def configured(setting: str):
    """What a setting names by dotted path. The models reach the search engine and the extractor
    this way, as Django reaches EMAIL_BACKEND, so that this module imports neither: both import
    the models, and the imports run one way."""
    return import_string(getattr(settings, setting))


class InOrderQuerySet(models.QuerySet):
    def in_order(self, ids, chunk: int = 500):
        """These rows in the order of ids (a search's), read chunk rows at a time; ids not in this
        queryset are left out."""
        ids = [int(pk) for pk in ids]
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            rows = self.in_bulk(part)
            yield from (rows[pk] for pk in part if pk in rows)


class ArticleQuerySet(InOrderQuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def search(self, q):
        """Articles whose tokens satisfy the query (the list page's language); none for an empty query."""
        backend = configured("ARCHIVE_SEARCH_BACKEND")()
        query = backend.parse(q or "")
        return self.none() if query.is_empty else self.filter(pk__in=backend.matching_ids(query))

    def for_listing(self):
        """With what a list of articles shows (source, active mentions, copies), in a fixed number of queries."""
        return self.select_related("source").prefetch_related(
            models.Prefetch("agency_mentions", AgencyMention.objects.active().select_related("agency")),
            models.Prefetch("campaign_mentions", CampaignMention.objects.active().select_related("campaign")),
            "copies",
        )

    def with_records(self):
        """for_listing() and a policy document's record, its issuers and its citations both ways:
        what a citation file gives (the API and the exports read archive/records.py instead)."""
        return (
            self.for_listing()
            .select_related("document")
            .prefetch_related(
                "document__issuer_rows__agency", "document__citations__cited__article", "document__cited_by"
            )
        )

    def reextract(self, table=None) -> int:
        """Extract mentions and figures again and re-index; a curator's decisions stay. Returns how
        many. table: the ingest's NameTable, when the caller has one."""
        articles = list(self)
        configured("ARCHIVE_REEXTRACT")(articles, table)
        return len(articles)

    def reindex(self) -> None:
        """Write these articles' rows of the search index anew, and mark them current."""
        backend = configured("ARCHIVE_SEARCH_BACKEND")()
        rows = [(pk, *backend.document(title, body)) for pk, title, body in self.values_list("pk", "title", "body")]
        backend.write_rows(rows)
        self.model.objects.filter(pk__in=[row[0] for row in rows]).update(tokenizer_version=backend.version)


class Article(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("已发布")
        DRAFT = "draft", _("草稿")
        WITHDRAWN = "withdrawn", _("已撤回")

    title = models.CharField(_("标题"), max_length=500)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True, editable=False)
    author = models.CharField(_("作者"), max_length=200, blank=True)
    source = models.ForeignKey(
        Source, models.PROTECT, null=True, blank=True, related_name="articles", verbose_name=_("来源")
    )
    body = models.TextField(_("正文"))
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.PUBLISHED, db_index=True)
    content_hash = models.CharField(_("内容哈希"), max_length=64, unique=True, editable=False)
    tokenizer_version = models.PositiveIntegerField(_("分词器版本"), default=0, editable=False)
    import_warnings = models.TextField(_("导入提示"), blank=True, editable=False)
    review_flags = models.CharField(
        _("待复核"),
        max_length=100,
        blank=True,
        help_text=_("导入时拿不准的地方(无日期、无来源、正文过短、残留栏目文字);复核后清空。"),
    )
    family = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="family_members",
        verbose_name=_("转载家族"),
        help_text=_("同一文本的首发文章;无近似重复时为空。由导入和 find_reprints 维护。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # Curators' changes, not the import's: bulk imports write no history rows (the Copy records
    # where and when a text came in), and an import that changes nothing saves nothing.
    history = HistoricalRecords(excluded_fields=["updated_at", "tokenizer_version", "content_hash", "family"])

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        permissions = [("import_articles", _("可以导入文章"))]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_listing"),
            # The admin's year filter: its years one probe each, a year's newest without a sort.
            models.Index(fields=["year", "-published_at", "-id"], name="article_year_listing"),
            # Facets and counts look up thousands of matched ids: answer them from the index alone.
            models.Index(fields=["id", "status", "year", "source", "published_at"], name="article_facets"),
            # The review queue: the few flagged articles, without reading every row (286 ms at
            # 100,000 articles on SQLite, where the body sits in the row).
            models.Index(fields=["review_flags"], condition=~Q(review_flags=""), name="article_review"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.derive_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("article_detail", args=[self.pk])

    def derive_fields(self):
        """The identity hash and the local year; bulk_create does not call save(), so it calls this."""
        self.content_hash = content_hash(self.title, self.body)
        self.year = self.published_at.astimezone(SHANGHAI).year if self.published_at else None

    @property
    def local_date(self):
        """The day of publication in China (Asia/Shanghai), or None."""
        return self.published_at.astimezone(SHANGHAI).date() if self.published_at else None

    def reextract(self, table=None) -> None:
        """Extract this article's mentions and figures again from its text and re-index it."""
        configured("ARCHIVE_REEXTRACT")([self], table)

    @property
    def paragraphs(self):
        return [p for p in self.body.split("\n\n") if p.strip()]

    @property
    def is_reprint(self) -> bool:
        """A later member of a reprint family (the first publisher's own article is not)."""
        return self.family_id is not None and self.family_id != self.pk


class Copy(models.Model):
    """Where an article was captured: the same text on another site is another Copy, not another Article."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="copies", verbose_name=_("文章"))
    url = models.URLField(_("网址"), max_length=1000, null=True, blank=True, unique=True)
    site = models.CharField(_("网站"), max_length=200, blank=True)
    section = models.CharField(_("栏目"), max_length=300, blank=True)
    # When the page was captured: a WARC record's date, a harvest's response; else when it was imported.
    captured_at = models.DateTimeField(_("采集时间"), default=timezone.now)
    raw_hash = models.CharField(_("原始文件哈希"), max_length=64, db_index=True)
    imported_from = models.CharField(_("导入文件"), max_length=500, blank=True)

    class Meta:
        ordering = ["captured_at", "id"]
        verbose_name = _("副本")
        verbose_name_plural = _("副本")

    def __str__(self):
        return self.url or self.site or self.file_name

    @property
    def file_name(self) -> str:
        """The name of the file the copy came from, without the importing machine's folders: what a
        page may show. Copies imported before names alone were kept hold a path (or upload:name)."""
        return re.split(r"[/\\]", self.imported_from.removeprefix("upload:"))[-1]

    @classmethod
    def for_page(cls, article, page, raw_hash, imported_from=""):
        """An unsaved Copy of the article as this page shows it."""
        return cls(
            article=article,
            url=page.url or None,
            site=page.site[:200],
            section=page.section[:300],
            raw_hash=raw_hash,
            imported_from=imported_from[:500],
            captured_at=page.captured_at or timezone.now(),
        )


class MentionQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(origin=Mention.Origin.CURATOR_REMOVED)


class Mention(models.Model):
    class Origin(models.TextChoices):
        EXTRACTED = "extracted", _("自动抽取")
        CURATOR = "curator", _("编辑添加")
        CURATOR_REMOVED = "removed", _("编辑删除")

    count = models.PositiveIntegerField(_("次数"), default=1)
    origin = models.CharField(_("来源"), max_length=10, choices=Origin, default=Origin.EXTRACTED, db_index=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        abstract = True


class AgencyMention(Mention):
    article = models.ForeignKey(Article, models.CASCADE, related_name="agency_mentions", verbose_name=_("文章"))
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="mentions", verbose_name=_("机构"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("机构提及")
        verbose_name_plural = _("机构提及")
        constraints = [models.UniqueConstraint(fields=["article", "agency"], name="one_mention_per_agency")]
        indexes = [
            models.Index(fields=["agency", "article"], name="agency_mention_by_agency"),
            models.Index(fields=["article", "origin", "agency"], name="agency_mention_facets"),
        ]

    def __str__(self):
        return f"{self.agency} × {self.count}"


class CampaignMention(Mention):
    article = models.ForeignKey(Article, models.CASCADE, related_name="campaign_mentions", verbose_name=_("文章"))
    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="mentions", verbose_name=_("专项行动"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("行动提及")
        verbose_name_plural = _("行动提及")
        constraints = [models.UniqueConstraint(fields=["article", "campaign"], name="one_mention_per_campaign")]
        indexes = [
            models.Index(fields=["campaign", "article"], name="campaign_mention_by_campaign"),
            models.Index(fields=["article", "origin", "campaign"], name="campaign_mention_facets"),
        ]

    def __str__(self):
        return f"{self.campaign} × {self.count}"
