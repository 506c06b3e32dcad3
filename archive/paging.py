"""Pages of ordered ids, as Django's ListView pages them: the one rule for every paged view."""

from collections.abc import Sequence

import numpy as np
from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404


def page_of(ids, number, per_page: int | None = None) -> Page:
    """The page of ids that number names, counted from 1 (none or empty: the first): InvalidPage
    when it names none (EmptyPage for a whole number past either end, PageNotAnInteger for
    anything else). A page past the last never stands in for it, so that a script paging until it
    runs out stops."""
    paginator = Paginator(ids, per_page or settings.ARCHIVE_PAGE_SIZE)
    return paginator.page(1 if number in (None, "") else number)


def page_or_404(ids, number, per_page: int | None = None) -> Page:
    """page_of for a page of the site: a page that does not exist is not found."""
    try:
        return page_of(ids, number, per_page)
    except InvalidPage as error:
        raise Http404(str(error)) from error


class Ids(Sequence):
    """A search's ordered ids (an array from the in-memory columns) as a sequence of Python ints,
    made only for what is read: a page takes its twenty, not all 600,000 of the figures (their
    list took 17 MB and a share of every full garbage collection while it lived)."""

    def __init__(self, array: np.ndarray | None = None):
        self.array = np.empty(0, dtype=np.int64) if array is None else array

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.array[index].tolist()
        return int(self.array[index])

    def __iter__(self):
        for start in range(0, len(self.array), 10_000):
            yield from self.array[start : start + 10_000].tolist()
