"""Files a curator uploads in the admin, through the same importer as `import_articles`.

Each file (or zip member) is imported in its own transaction: one that fails writes nothing and
the others go on, as on the command line. A zip is read member by member with caps on the number
of members and on what they unpack to, so a zip bomb is refused before it is inflated.
"""

import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.utils.translation import gettext as _

from ..captures.capture import Originals
from ..search import backend
from .bulk import import_file
from .names import current_name_table
from .page import Rejected
from .read import format_of, read_bytes
from .save import Outcome, describe


@dataclass
class FileOutcome:
    name: str
    counts: Counter = field(default_factory=Counter)
    error: str = ""

    @property
    def rejected(self) -> bool:
        return bool(self.error)

    @property
    def summary(self) -> str:
        return self.error or describe(self.counts)


class CappedUploadHandler(TemporaryFileUploadHandler):
    """Stops reading a request's files once they pass ARCHIVE_UPLOAD_MAX_BYTES (the form then says
    so): a 2 GB upload is not written to disk before it is refused."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.ARCHIVE_UPLOAD_MAX_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def members(upload) -> list[tuple[str, bytes | None, str]]:
    """(name, bytes, error) for an uploaded file: itself, or each importable member of a zip."""
    name = upload.name
    if not name.lower().endswith(".zip"):
        return [(name, upload.read(), "")]
    try:
        archive = zipfile.ZipFile(upload)
        infos = [i for i in archive.infolist() if not i.is_dir() and not _hidden(i.filename)]
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return [(name, None, _("不是可读的 zip:%(error)s") % {"error": error})]
    if len(infos) > settings.ARCHIVE_UPLOAD_MAX_FILES:
        limit = settings.ARCHIVE_UPLOAD_MAX_FILES
        return [(name, None, _("zip 中有 %(n)d 个文件,上限为 %(limit)d 个") % {"n": len(infos), "limit": limit})]
    unpacked = sum(i.file_size for i in infos)
    if unpacked > settings.ARCHIVE_UPLOAD_MAX_BYTES:
        mb = unpacked / 1_048_576
        return [(name, None, _("解压后 %(mb).0f MB,上限为 %(limit)d MB") % {"mb": mb, "limit": _mb()})]
    out = []
    for info in infos:
        member = f"{name}/{info.filename}"
        if _unsafe(info.filename):
            # Members are read in memory, never written out; a name that would climb out of a
            # folder is still no name a curator's zip has.
            out.append((member, None, _("zip 中的路径不安全(绝对路径,或含 ..)")))
            continue
        if format_of(PurePosixPath(info.filename).name) is None:
            out.append((member, None, _("不支持的格式(请用 .html、.htm、.txt、.jsonl、.warc、.warc.gz 或 .wacz)")))
            continue
        try:
            with archive.open(info) as stream:
                data = stream.read(info.file_size + 1)  # never more than the header promised
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as error:
            out.append((member, None, _("无法解压:%(error)s") % {"error": error}))
            continue
        if len(data) > info.file_size:
            out.append((member, None, _("解压后比文件头声明的大")))
            continue
        out.append((member, data, ""))
    return out or [(name, None, _("zip 中没有文件"))]


def _unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or ":" in "".join(path.parts[:1])


def _hidden(name: str) -> bool:
    return any(part.startswith((".", "__MACOSX")) and part != ".." for part in PurePosixPath(name).parts)


def _mb() -> int:
    return settings.ARCHIVE_UPLOAD_MAX_BYTES // 1_048_576


def import_uploads(uploads) -> list[FileOutcome]:
    table, outcomes = current_name_table(), []
    for upload in uploads:
        for name, data, error in members(upload):
            outcome = FileOutcome(name, error=error)
            outcomes.append(outcome)
            if error:
                continue
            kind = format_of(PurePosixPath(name).name)
            if kind is None:
                outcome.error = _(
                    "不支持的格式(请用 .html、.htm、.txt、.jsonl、.warc、.warc.gz、.wacz,或这些文件的 .zip)"
                )
                continue
            if len(data) > settings.ARCHIVE_MAX_FILE_BYTES:
                limit = settings.ARCHIVE_MAX_FILE_BYTES // 1_048_576
                outcome.error = _("过大:单个文件的上限为 %(limit)d MB") % {"limit": limit}
                continue
            try:
                originals = Originals()
                pages = read_bytes(data, kind, name=name, originals=originals)
                # One process: a web worker does not fork segmenting processes.
                # The name the curator's file had (a zip's member as zip/member), not the upload's temporary file.
                outcome.counts = import_file(pages, table, name, originals, workers=1)
            except Rejected as reason:
                outcome.error = str(reason)
            except Exception as error:  # nothing of this file was written; say why and go on
                outcome.error = f"{type(error).__name__}: {error}"
    if any(o.counts[Outcome.CREATED] or o.counts[Outcome.UPDATED] for o in outcomes):
        backend().after_bulk_write()
    return outcomes
