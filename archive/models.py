"""The nouns of the archive: articles and their copies, sources, agencies, campaigns, aliases, mentions."""

import hashlib
import re
import unicodedata
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SHANGHAI = ZoneInfo("Asia/Shanghai")


def content_hash(title: str, body: str) -> str:
    """The identity of a text: the same title and body, whatever the site's spacing or punctuation width."""
    text = unicodedata.normalize("NFKC", f"{title}\n{body}")
    return hashlib.sha256("".join(text.split()).encode()).hexdigest()


class Source(models.Model):
    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", _("报纸")
        NEWS_AGENCY = "news_agency", _("通讯社")
        BROADCASTER = "broadcaster", _("广播电视")
        GOVERNMENT = "government", _("政府机构")
        WEBSITE = "website", _("网站")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=100, unique=True, allow_unicode=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind, default=Kind.WEBSITE)
    url = models.URLField(_("网址"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("来源")
        verbose_name_plural = _("来源")

    def __str__(self):
        return self.name


class Bilingual:
    """An agency or campaign is shown by its English name on English pages where a curator gave
    one, by its Chinese name everywhere else; exports and data keep the Chinese name (.name)."""

    @staticmethod
    def english() -> bool:
        return (get_language() or "").startswith("en")

    @property
    def in_english(self) -> bool:
        return bool(self.name_en) and self.english()

    def __str__(self):
        return self.name_en if self.in_english else self.name


class AgencyQuerySet(models.QuerySet):
    def confirmed(self):
        """The reference data and what curators accepted; not the issuers the importer suggested."""
        return self.filter(status=Agency.Status.CONFIRMED)


class Agency(Bilingual, models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已确认")
        SUGGESTED = "suggested", _("待审核")

    class Kind(models.TextChoices):
        # In the order the agency list shows them: the central bodies, local governments, 其他 last.
        PARTY = "party", _("党中央机构")
        NPC = "npc", _("全国人大机构")
        STATE_COUNCIL = "state_council", _("国务院及其部门")
        REGULATOR = "regulator", _("监管机构")
        COURT = "court", _("审判机关")
        PROCURATORATE = "procuratorate", _("检察机关")
        LOCAL = "local", _("地方政府")
        ENTERPRISE = "enterprise", _("企业")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    slug = models.SlugField(_("网址标识"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    valid_from = models.DateField(_("设立"), null=True, blank=True)
    valid_to = models.DateField(_("撤销"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="predecessors", verbose_name=_("继任机构")
    )
    note = models.TextField(_("备注"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=Status,
        default=Status.CONFIRMED,
        db_index=True,
        help_text=_("导入时作为发文机关遇到、尚不在参考数据中的机构为“待审核”。"),
    )

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")

    def get_absolute_url(self):
        return reverse("agency_detail", args=[self.slug])

    @classmethod
    def with_predecessors(cls, agencies) -> list["Agency"]:
        """These agencies and every agency whose successor (or its successor...) is one of them."""
        chosen = {agency.pk: agency for agency in agencies}
        frontier = set(chosen)
        while frontier:
            found = list(cls.objects.filter(successor__in=frontier).exclude(pk__in=chosen))
            chosen.update((agency.pk, agency) for agency in found)
            frontier = {agency.pk for agency in found}
        return list(chosen.values())


class Campaign(Bilingual, models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已确认")
        SUGGESTED = "suggested", _("待审核")
        REJECTED = "rejected", _("已否决")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    slug = models.SlugField(_("网址标识"), max_length=100, unique=True, allow_unicode=True)
    written_form = models.CharField(_("写法"), max_length=120, blank=True)
    description = models.TextField(_("说明"), blank=True)
    lead_agencies = models.ManyToManyField(Agency, blank=True, related_name="led_campaigns", verbose_name=_("牵头机构"))
    agencies = models.ManyToManyField(Agency, blank=True, related_name="joined_campaigns", verbose_name=_("参与机构"))
    quoted_only = models.BooleanField(
        _("仅带引号时识别"), default=False, help_text=_("名称本身是普通词语(如 长城),只有写成“长城”时才算行动。")
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status, default=Status.CONFIRMED)
    first_mentioned = models.DateField(_("首次提及"), null=True, blank=True)
    last_mentioned = models.DateField(_("最近提及"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")

    def get_absolute_url(self):
        return reverse("campaign_detail", args=[self.slug])


class Alias(models.Model):
    """Another name of exactly one agency, campaign or source; feeds the extractor and the segmenter."""

    class Kind(models.TextChoices):
        SHORT = "short", _("简称")
        FORMER = "former", _("旧称")
        VARIANT = "variant", _("异写")
        PHASE = "phase", _("年度阶段")

    name = models.CharField(_("别名"), max_length=120, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind, default=Kind.SHORT)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    agency = models.ForeignKey(
        Agency, models.CASCADE, null=True, blank=True, related_name="aliases", verbose_name=_("机构")
    )
    campaign = models.ForeignKey(
        Campaign, models.CASCADE, null=True, blank=True, related_name="aliases", verbose_name=_("专项行动")
    )
    source = models.ForeignKey(
        Source, models.CASCADE, null=True, blank=True, related_name="aliases", verbose_name=_("来源")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("别名")
        verbose_name_plural = _("别名")
        constraints = [
            models.CheckConstraint(
                name="alias_has_one_owner",
                condition=(
                    Q(agency__isnull=False, campaign__isnull=True, source__isnull=True)
                    | Q(agency__isnull=True, campaign__isnull=False, source__isnull=True)
                    | Q(agency__isnull=True, campaign__isnull=True, source__isnull=False)
                ),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def owner(self):
        return self.agency or self.campaign or self.source


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
        what the API, the exports and the citations give (the list page shows none of it)."""
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
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True, editable=False, db_index=True)
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
    captured_at = models.DateTimeField(_("采集时间"), auto_now_add=True)
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
