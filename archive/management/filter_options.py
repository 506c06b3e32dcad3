"""The list page's filters as command-line options, for the commands that act on a search
(export_articles, export_warc, reextract): the same FilterSet decides, so a command's selection is
exactly the search the list page would show."""

from django.core.management.base import CommandError
from django.http import QueryDict

from archive.filters import ArticleFilter
from archive.models import Article

LISTS = ("agency", "campaign", "source", "year", "issuer", "doc_type", "validity")


def add_filter_arguments(parser, sort="oldest"):
    parser.add_argument("--q", default="")
    for name in ("agency", "campaign", "source", "year", "issuer"):
        parser.add_argument(f"--{name}", action="append", default=[], help="slug; repeat for either")
    parser.add_argument("--doc-type", dest="doc_type", action="append", default=[], help="文种; repeat for either")
    parser.add_argument(
        "--validity",
        action="append",
        default=[],
        help="in_force, amended, repealed, expired or unknown; repeat for either",
    )
    parser.add_argument("--date-from", dest="date_from", default="")
    parser.add_argument("--date-to", dest="date_to", default="")
    parser.add_argument("--sort", default=sort, choices=["relevance", "newest", "oldest"])
    parser.add_argument("--predecessors", action="store_true", help="--agency includes the agencies it succeeded")


def filtered_ids(options) -> list[int]:
    """The ids of the articles the options choose, in the list page's order; CommandError for a
    malformed option, naming it."""
    data = QueryDict(mutable=True)
    for key in ("q", "date_from", "date_to", "sort"):
        if options.get(key):
            data[key] = options[key]
    if options.get("predecessors"):
        data["predecessors"] = "1"
    for key in LISTS:
        data.setlist(key, options.get(key) or [])
    filterset = ArticleFilter(data, queryset=Article.objects.published())
    if not filterset.is_valid():
        problems = "; ".join(f"--{k.replace('_', '-')}: {' '.join(v)}" for k, v in filterset.errors.items())
        raise CommandError(problems)
    return filterset.ids()
