"""Related articles: those sharing the most of an article's campaigns (weighed above agencies) and
agencies, then the rare words of its title; the nearest in time first among equals. The article's
own reprints are not among them: its reprint family has its own section.

Campaigns and agencies are counted from the in-memory columns with numpy (one pass over the
mention arrays). The title's rare words are its longest jieba words (RARE_CANDIDATES of them)
that the archive holds in at least 2 and at most RARE_SHARE of its articles, looked up as exact
strings in the search index: a few index lookups, kept per article and archive generation in the
cache, so a page seen once costs nothing the next time.
"""

import numpy as np
from django.core.cache import cache

from .listing import columns
from .listing.models import Generation
from .models import Article
from .search import backend
from .search.query import parse_query
from .search.tokenize import query_words

CAMPAIGN_WEIGHT = 3  # a shared campaign says more than a shared agency: 公安部 is everywhere
TERM_WEIGHT = 2  # a shared rare title word says more than one shared agency
RARE_CANDIDATES = 4  # the longest title words looked up
RARE_TERMS = 3  # of which the rarest are used
RARE_SHARE = 0.01  # a word in more than 1 % of the articles is not rare


def related_ids(article_id: int, limit: int = 5, title: str | None = None) -> list[int]:
    key = f"related:{Generation.current()}:{article_id}:{limit}"
    found = cache.get(key)
    if found is None:
        found = _related(article_id, limit, title)
        cache.set(key, found, timeout=3600)
    return found


def family_ids(article_id: int) -> list[int]:
    """The members of the article's reprint family (archive/reprints/), itself among them; none
    when it has no near-duplicate."""
    family = Article.objects.filter(pk=article_id, family__isnull=False).values("family_id")
    return list(Article.objects.filter(family_id__in=family).values_list("pk", flat=True))


def rare_terms(title: str, cols) -> list[tuple[str, np.ndarray]]:
    """The title's rarest words with the positions of the articles containing them."""
    words = sorted({w for w in query_words(title) if len(w) >= 2 and not w.isdigit()}, key=lambda w: (-len(w), w))
    search, most = backend(), max(2, int(len(cols.ids) * RARE_SHARE))
    found = []
    for word in words[:RARE_CANDIDATES]:
        query = parse_query(f'"{word}"')
        if query.is_empty:
            continue
        positions = cols.positions(search.ids(*search.match(query)))
        if 2 <= len(positions) <= most:
            found.append((len(positions), word, positions))
    return [(word, positions) for _, word, positions in sorted(found, key=lambda f: (f[0], f[1]))[:RARE_TERMS]]


def _related(article_id: int, limit: int, title: str | None) -> list[int]:
    cols = columns.current()
    at = cols.positions([article_id])
    if not len(at):
        return []
    me = int(at[0])
    score = np.zeros(len(cols.ids), dtype=np.int32)
    for of, doc, weight in (
        (cols.campaign_of, cols.campaign_doc, CAMPAIGN_WEIGHT),
        (cols.agency_of, cols.agency_doc, 1),
    ):
        mine = of[doc == me]
        if len(mine):
            np.add.at(score, doc[np.isin(of, mine)], weight)
    if title:
        for _, positions in rare_terms(title, cols):
            score[positions] += TERM_WEIGHT
    score[me] = 0
    score[cols.positions(family_ids(article_id))] = 0  # its reprints: the family has its own section
    candidates = np.flatnonzero(score)
    if not len(candidates):
        return []
    distance = np.abs(cols.published[candidates] - cols.published[me])  # same-time articles first
    order = np.lexsort((distance, -score[candidates]))[:limit]
    return [int(pk) for pk in cols.ids[candidates[order]]]
