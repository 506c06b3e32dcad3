"""Keeping originals: each capture's body stored once per hash, in the caller's transaction.

The files are written before the rows, so a committed row always has its file. When the
transaction rolls back instead (a failed import writes nothing), `discard` removes the files it
left without a row; identical bytes compress to the identical file, so a file found already in
place (an earlier rollback's, or a concurrent import's) is simply used.
"""

from .capture import Capture
from .models import Original, original_path, originals_storage

CHUNK = 500


def keep(captures: dict[str, Capture], written: list[str]) -> None:
    """Store what is not stored yet of {sha256 of the body: capture}, adding to `written` the hash
    of each file as soon as it is written (for `discard`, should the transaction fail)."""
    storage = originals_storage()
    hashes = list(captures)
    stored = set()
    for start in range(0, len(hashes), CHUNK):
        chunk = hashes[start : start + CHUNK]
        stored.update(Original.objects.filter(sha256__in=chunk).values_list("sha256", flat=True))
    rows = []
    for sha256, capture in captures.items():
        if sha256 in stored:
            continue
        content = Original.compressed(capture.body)
        name = original_path(sha256)
        if not storage.exists(name):
            name = storage.save(name, content)
            written.append(sha256)
        rows.append(
            Original(
                sha256=sha256,
                name=name,
                size=len(capture.body),
                stored_size=content.size,
                media_type=capture.content_type or "application/octet-stream",
                headers=[list(pair) for pair in capture.headers],
            )
        )
        stored.add(sha256)
    Original.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)


def discard(hashes) -> int:
    """After a rollback: delete the files of these hashes that no committed row holds."""
    storage = originals_storage()
    held = set(Original.objects.filter(sha256__in=list(hashes)).values_list("sha256", flat=True))
    gone = 0
    for sha256 in set(hashes) - held:
        name = original_path(sha256)
        if storage.exists(name):
            storage.delete(name)
            gone += 1
    return gone
