"""The curators' queues: suggested campaigns to confirm, and name changes being applied."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import Campaign


class SuggestedCampaign(Campaign):
    """The review queue: campaigns the extractor found in quotes, waiting for a curator."""

    class Meta:
        proxy = True
        verbose_name = _("待审核行动")
        verbose_name_plural = _("待审核行动")


class RefreshTask(models.Model):
    """Curated names changed: the articles that contain them are re-extracted and re-indexed, in
    the background; the admin lists these so a curator sees when it is done."""

    class Status(models.TextChoices):
        PENDING = "pending", _("等待")
        RUNNING = "running", _("进行中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失败")

    names = models.TextField(_("名称"), help_text=_("每行一个"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    articles = models.PositiveIntegerField(_("更新文章数"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("名称更新任务")
        verbose_name_plural = _("名称更新任务")

    def __str__(self):
        return f"{self.reason or ' / '.join(self.name_list)} ({self.get_status_display()})"

    @property
    def name_list(self) -> list[str]:
        return [n for n in self.names.splitlines() if n]
