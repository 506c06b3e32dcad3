"""Pages of ordered ids, as Django's ListView pages them: the one rule for every paged view."""

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
