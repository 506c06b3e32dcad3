"""The names the archive knows: sources, agencies, campaigns and their curated aliases."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..collation import stored_syllables


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

    def save(self, *args, **kwargs):
        self.collation = stored_syllables(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "collation"}
        super().save(*args, **kwargs)


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
    # The name's pinyin syllables, for listing in reading order (archive/collation.py).
    collation = models.CharField(_("排序读音"), max_length=600, blank=True, editable=False)
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
    history = HistoricalRecords(excluded_fields=["collation"])

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
    # The name's pinyin syllables, for listing in reading order (archive/collation.py).
    collation = models.CharField(_("排序读音"), max_length=600, blank=True, editable=False)
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

    history = HistoricalRecords(excluded_fields=["collation"])

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
