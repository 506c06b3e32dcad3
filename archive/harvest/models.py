"""What to harvest and what each harvest did: a source's harvest address (a feed, or a listing page
with a pattern for its article links), its interval, and a record of every run."""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Source


class HarvestQuerySet(models.QuerySet):
    def due(self, now=None):
        """Enabled harvests never run, or whose interval has passed since their last run started."""
        now = now or timezone.now()
        return self.filter(enabled=True).filter(
            Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - F("interval"))
        )


class Harvest(models.Model):
    class Kind(models.TextChoices):
        FEED = "feed", _("RSS/Atom 订阅")
        LISTING = "listing", _("列表页")

    source = models.ForeignKey(Source, models.CASCADE, related_name="harvests", verbose_name=_("来源"))
    address = models.URLField(_("采集地址"), max_length=1000)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind, default=Kind.FEED)
    article_pattern = models.CharField(
        _("文章链接模式"), max_length=500, blank=True, help_text=_("正则表达式,匹配列表页上文章的完整网址")
    )
    next_pattern = models.CharField(
        _("翻页链接模式"), max_length=500, blank=True, help_text=_("正则表达式;留空则找 rel=next 或“下一页”")
    )
    depth = models.PositiveSmallIntegerField(_("列表页数"), default=1, help_text=_("最多读几页列表(含第一页)"))
    interval = models.DurationField(_("采集间隔"), default=timedelta(days=1))
    enabled = models.BooleanField(_("启用"), default=True)
    last_started_at = models.DateTimeField(_("上次开始"), null=True, blank=True, editable=False)
    # The address's validators from its last answer, for a conditional request next time.
    etag = models.CharField(_("ETag 校验值"), max_length=300, blank=True, editable=False)
    last_modified = models.CharField(_("最后修改时间"), max_length=100, blank=True, editable=False)

    objects = HarvestQuerySet.as_manager()

    class Meta:
        verbose_name = _("采集任务")
        verbose_name_plural = _("采集任务")
        constraints = [models.UniqueConstraint(fields=["address"], name="one_harvest_per_address")]

    def __str__(self):
        return f"{self.source} · {self.address}"

    def clean(self):
        if self.kind == self.Kind.LISTING and not self.article_pattern:
            raise ValidationError({"article_pattern": _("列表页须给出文章链接模式")})
        for name in ("article_pattern", "next_pattern"):
            try:
                re.compile(getattr(self, name))
            except re.error as error:
                raise ValidationError({name: _("不是有效的正则表达式:%(error)s") % {"error": error}}) from error
        if self.interval < timedelta(minutes=10):
            raise ValidationError({"interval": _("间隔至少十分钟")})


class HarvestRun(models.Model):
    harvest = models.ForeignKey(
        Harvest, models.CASCADE, null=True, blank=True, related_name="runs", verbose_name=_("采集任务")
    )
    address = models.URLField(_("采集地址"), max_length=1000)
    started_at = models.DateTimeField(_("开始"), default=timezone.now)
    finished_at = models.DateTimeField(_("结束"), null=True, blank=True)
    fetched = models.PositiveIntegerField(_("已下载"), default=0)
    created = models.PositiveIntegerField(_("新建"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)
    reprints = models.PositiveIntegerField(_("转载"), default=0)
    skipped = models.PositiveIntegerField(_("跳过"), default=0)
    failed = models.PositiveIntegerField(_("失败"), default=0)
    errors = models.TextField(_("错误"), blank=True)  # a line per URL that failed or was rejected
    warc = models.CharField(_("WARC 文件"), max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("采集记录")
        verbose_name_plural = _("采集记录")

    def __str__(self):
        return f"{self.address} @ {self.started_at:%Y-%m-%d %H:%M}"
