"""The originals in a backup: a tar beside the database's backup file, holding each stored file as
it is stored (gzip, named by its hash), read and written through the originals storage, so that an
S3 bucket backs up as a folder does. Restoring writes back only the files that are missing: equal
names hold equal bytes."""

import os
import tarfile
from io import BytesIO
from pathlib import Path

from .models import Original, originals_storage


def tar_path(database_backup: Path) -> Path:
    return database_backup.with_name(database_backup.name + ".originals.tar")


def backup_originals(path: Path, using: str = "default") -> int:
    """Write every kept original into the tar at `path` (via `<path>.partial`); how many."""
    storage, partial = originals_storage(), path.with_name(path.name + ".partial")
    count = 0
    try:
        with tarfile.open(partial, "w") as tar:
            names = Original.objects.using(using).order_by("sha256").values_list("name", flat=True)
            for name in names.iterator(2000):
                with storage.open(name, "rb") as stored:
                    data = stored.read()
                info = tarfile.TarInfo(name)
                info.size, info.mode = len(data), 0o644
                tar.addfile(info, BytesIO(data))
                count += 1
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def restore_originals(path: Path) -> int:
    """Put back the files of the tar at `path` that the storage lacks; how many were written."""
    storage, written = originals_storage(), 0
    with tarfile.open(path, "r") as tar:
        for member in tar:
            name = member.name
            if not member.isfile() or name.startswith("/") or ".." in Path(name).parts:
                continue
            if not storage.exists(name):
                storage.save(name, tar.extractfile(member))
                written += 1
    return written
