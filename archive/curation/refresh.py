"""When curated names change, bring exactly the affected articles up to date: their mentions and
their index rows (the segmenter's dictionary is rebuilt first, so 新别名 becomes one word).

A change records a RefreshTask in its own transaction; once that commits, the task runs in a
background thread of the same process (or at once, with ARCHIVE_REFRESH_IN_BACKGROUND off), and
`manage.py refresh_names` runs whatever a stopped process left pending. The admin lists the tasks.
"""

import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from ..models import Article
from ..search import backend
from ..search.query import Query, parse_query
from .models import RefreshTask

BATCH = 500
_lock = threading.Lock()  # one refresh at a time in a process: they share the segmenter
threads: list[threading.Thread] = []  # started here, for tests and a clean shutdown to join


def articles_containing(names) -> list[int]:
    """Ids of the articles whose text contains any of the names (exactly, as strings)."""
    terms = [term for name in names for term in parse_query(f'"{name}"').terms]
    if not terms:
        return []
    query = Query(clauses=[terms])  # one clause: any of the names, a query the language cannot write
    return list(Article.objects.filter(pk__in=backend().matching_ids(query)).values_list("pk", flat=True))


def refresh_articles_mentioning(names) -> int:
    """Re-extract and re-index the articles that contain any of these names; returns how many."""
    ids = articles_containing(names)
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            Article.objects.filter(pk__in=ids[start : start + BATCH]).reextract()
    return len(ids)


def refresh_later(names, reason: str = "") -> RefreshTask:
    """Record a refresh of the articles containing these names, to run once this transaction commits."""
    names = list(dict.fromkeys(n for n in names if n))
    task = RefreshTask.objects.create(names="\n".join(names), reason=reason[:200])
    transaction.on_commit(lambda: start(task.pk))
    return task


def start(task_id: int) -> None:
    if not settings.ARCHIVE_REFRESH_IN_BACKGROUND:
        run(task_id)
        return
    thread = threading.Thread(target=_run_in_thread, args=(task_id,), name=f"refresh-{task_id}", daemon=True)
    threads[:] = [t for t in threads if t.is_alive()]
    threads.append(thread)
    thread.start()


def _run_in_thread(task_id: int) -> None:
    try:
        close_old_connections()
        run(task_id)
    finally:
        connection.close()  # this thread's own connection


def run(task_id: int) -> RefreshTask | None:
    """Run one pending task; a task another process has taken, or that is done, is left alone."""
    with _lock:
        claimed = RefreshTask.objects.filter(pk=task_id, status=RefreshTask.Status.PENDING).update(
            status=RefreshTask.Status.RUNNING
        )
        if not claimed:
            return None
        task = RefreshTask.objects.get(pk=task_id)
        try:
            task.articles = refresh_articles_mentioning(task.name_list)
            task.status = RefreshTask.Status.DONE
        except Exception as error:  # recorded for the curator; `refresh_names` retries it
            task.status, task.error = RefreshTask.Status.FAILED, f"{type(error).__name__}: {error}"
        task.finished_at = timezone.now()
        task.save()
        return task


def run_pending(retry_failed: bool = False) -> list[RefreshTask]:
    statuses = [RefreshTask.Status.PENDING, RefreshTask.Status.RUNNING]
    if retry_failed:
        statuses.append(RefreshTask.Status.FAILED)
    ids = list(RefreshTask.objects.filter(status__in=statuses).order_by("pk").values_list("pk", flat=True))
    RefreshTask.objects.filter(pk__in=ids).update(status=RefreshTask.Status.PENDING, error="")
    return [task for task in map(run, ids) if task]
