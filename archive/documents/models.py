"""A policy document's record beside the article it is, its issuers in order, and its citations."""

from datetime import date

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..models import Agency, Article


class Validity(models.TextChoices):
    IN_FORCE = "in_force", _("现行有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")
    UNKNOWN = "unknown", _("未知")


EXPIRABLE = {Validity.IN_FORCE, Validity.UNKNOWN}


class DocumentQuerySet(models.QuerySet):
    def numbered(self, key: str):
        return self.filter(number_key=key) if key else self.none()

    def needing_review(self):
        return self.filter(needs_review=True)

    def for_page(self):
        """With what the article page shows of a record (its issuers, the documents it cites and
        those citing it, the one that changed it), in a fixed number of queries."""
        published = Article.Status.PUBLISHED
        return self.select_related("article", "changed_by__article").prefetch_related(
            models.Prefetch("issuer_rows", Issuer.objects.select_related("agency")),
            models.Prefetch("citations", Citation.objects.select_related("cited__article")),
            models.Prefetch(
                "cited_by",
                Citation.objects.filter(citing__article__status=published)
                .select_related("citing__article")
                .order_by("citing__written_date", "citing__article__published_at", "citing_id"),
            ),
        )

    def expire_due(self) -> int:
        """Mark expired the documents whose stated 有效期 has passed; how many. Saved one by one (a
        few a day), so that the listing's columns hear of it (signals.py)."""
        due = list(self.filter(expires_on__lt=date.today(), validity__in=EXPIRABLE))
        for document in due:
            document.validity = Validity.EXPIRED
            document.save(update_fields=["validity"])
        return len(due)


class Document(models.Model):
    """The record of a policy document. A field a curator corrected is named in `curated` and keeps
    the curator's value when the article is read again. Written through store.py (save_record,
    derive_keys), which keeps the keys citations are matched by."""

    article = models.OneToOneField(
        Article, models.CASCADE, primary_key=True, related_name="document", verbose_name=_("文章")
    )
    number = models.CharField(_("发文字号"), max_length=80, blank=True, help_text=_("括号写作〔〕:国办发〔2021〕84号"))
    number_key = models.CharField(_("发文字号键"), max_length=80, blank=True, db_index=True, editable=False)
    issuers = models.ManyToManyField(
        Agency, through="Issuer", related_name="issued_documents", blank=True, verbose_name=_("发文机关")
    )
    written_date = models.DateField(_("成文日期"), null=True, blank=True, db_index=True)
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    doc_type = models.CharField(_("文种"), max_length=20, blank=True, db_index=True)
    enclosed_title = models.CharField(_("所印发文件"), max_length=300, blank=True)
    enclosed_type = models.CharField(_("所印发文件文种"), max_length=20, blank=True)
    index_number = models.CharField(_("索引号"), max_length=80, blank=True)
    subject = models.CharField(_("主题分类"), max_length=100, blank=True)
    validity = models.CharField(_("时效性"), max_length=10, choices=Validity, default=Validity.UNKNOWN, db_index=True)
    changed_by = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="changed",
        verbose_name=_("修改或废止它的文件"),
    )
    needs_review = models.BooleanField(
        _("时效待复核"), default=False, db_index=True, help_text=_("另一文件声明废止或修改了它;编辑确认后取消勾选。")
    )
    title_key = models.CharField(_("标题键"), max_length=300, blank=True, db_index=True, editable=False)
    enclosed_title_key = models.CharField(
        _("所印发文件标题键"), max_length=300, blank=True, db_index=True, editable=False
    )
    page_fields = models.JSONField(_("页面元数据"), default=dict, blank=True, editable=False)
    curated = models.JSONField(_("编辑修改过的字段"), default=list, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["number_key", "title_key", "enclosed_title_key", "page_fields"])

    class Meta:
        ordering = ["-written_date", "-article"]
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    def __str__(self):
        return f"{self.article.title} {self.number}".strip()

    def get_absolute_url(self):
        return reverse("article_detail", args=[self.article_id])

    @property
    def issuer_names(self) -> list[str]:
        return [issuer.agency.name for issuer in self.issuer_rows.all()]

    @property
    def date(self) -> date | None:
        """The day the document is dated by: its 成文日期, else the day it was published."""
        return self.written_date or self.article.local_date

    def citing_documents(self) -> list["Document"]:
        """The published documents that cite this one, each once, in the order of their dates
        (with for_page(), no further query)."""
        found = {}
        for citation in self.cited_by.all():
            found.setdefault(citation.citing_id, citation.citing)
        return list(found.values())


class Issuer(models.Model):
    document = models.ForeignKey(Document, models.CASCADE, related_name="issuer_rows", verbose_name=_("政策文件"))
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="issuer_rows", verbose_name=_("机构"))
    position = models.PositiveSmallIntegerField(_("次序"), default=0)

    class Meta:
        ordering = ["document", "position", "id"]
        verbose_name = _("发文机关")
        verbose_name_plural = _("发文机关")
        constraints = [models.UniqueConstraint(fields=["document", "agency"], name="one_issuer_row_per_agency")]
        indexes = [models.Index(fields=["agency", "document"], name="issuer_by_agency")]

    def __str__(self):
        return str(self.agency)


class Citation(models.Model):
    """A reference in one document to another, by 《title》, by number or both; `cited` is the
    archived document it resolves to, empty until that document arrives."""

    class Relation(models.TextChoices):
        CITES = "cites", _("引用")
        REPEALS = "repeals", _("废止")
        AMENDS = "amends", _("修改")

    class Origin(models.TextChoices):
        EXTRACTED = "extracted", _("自动抽取")
        CURATOR = "curator", _("编辑添加")

    citing = models.ForeignKey(Document, models.CASCADE, related_name="citations", verbose_name=_("引用文件"))
    cited = models.ForeignKey(
        Document,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cited_by",
        verbose_name=_("被引文件"),
    )
    title = models.CharField(_("标题"), max_length=300, blank=True)
    number = models.CharField(_("发文字号"), max_length=80, blank=True)
    title_key = models.CharField(_("标题键"), max_length=300, blank=True, db_index=True, editable=False)
    number_key = models.CharField(_("发文字号键"), max_length=80, blank=True, db_index=True, editable=False)
    relation = models.CharField(_("关系"), max_length=10, choices=Relation, default=Relation.CITES)
    position = models.PositiveSmallIntegerField(_("次序"), default=0)
    origin = models.CharField(_("来源"), max_length=10, choices=Origin, default=Origin.EXTRACTED)

    class Meta:
        ordering = ["citing", "position", "id"]
        verbose_name = _("文件引用")
        verbose_name_plural = _("文件引用")
        indexes = [models.Index(fields=["cited", "citing"], name="citation_by_cited")]

    def __str__(self):
        return f"《{self.title}》{self.number}" if self.title else self.number
