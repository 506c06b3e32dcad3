"""The originals: the exact bytes each copy was made from, stored once per SHA-256 (a Copy's
raw_hash) and compressed, in the `originals` storage (files under var/originals by default, any
django-storages backend by setting: README, Configuration)."""

import gzip

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .capture import Capture


def originals_storage():
    return storages["originals"]


def original_path(sha256: str) -> str:
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}.gz"


class OriginalQuerySet(models.QuerySet):
    def for_copy(self, copy):
        return self.filter(sha256=copy.raw_hash).first()

    def kept(self, hashes) -> set[str]:
        """Which of these raw hashes have their original stored."""
        return set(self.filter(sha256__in=list(hashes)).values_list("sha256", flat=True))


class Original(models.Model):
    """What a capture's response carried: its body exactly as received (compressed at rest) and,
    for the address that first brought it, the HTTP headers it came with."""

    sha256 = models.CharField(_("哈希"), max_length=64, primary_key=True)
    # The file's name in the originals storage (original_path(); read through storages["originals"]
    # each time, so that a changed setting takes effect without a migration).
    name = models.CharField(_("文件"), max_length=200)
    size = models.PositiveBigIntegerField(_("字节"))
    stored_size = models.PositiveBigIntegerField(_("存储字节"))
    media_type = models.CharField(_("媒体类型"), max_length=100)
    # [[name, value], ...] in the order received; empty for a page read from a file.
    headers = models.JSONField(_("HTTP 头"), default=list, blank=True)
    created_at = models.DateTimeField(_("保存时间"), default=timezone.now)

    objects = OriginalQuerySet.as_manager()

    class Meta:
        verbose_name = _("原始文件")
        verbose_name_plural = _("原始文件")

    def __str__(self):
        return f"{self.sha256[:12]} ({self.media_type}, {self.size} B)"

    def capture(self, url: str, captured_at) -> Capture:
        """The response as it was kept, at a copy's address and time."""
        return Capture(url=url, captured_at=captured_at, body=self.read(), headers=tuple(map(tuple, self.headers)))

    def read(self) -> bytes:
        with originals_storage().open(self.name, "rb") as stored:
            return gzip.decompress(stored.read())

    @staticmethod
    def compressed(body: bytes) -> ContentFile:
        # mtime=0: the same bytes always compress to the same file.
        return ContentFile(gzip.compress(body, compresslevel=6, mtime=0))
