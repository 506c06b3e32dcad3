"""The query language: words (all must match), "exact phrase", -exclude, A | B (or 或) for either.

Everything else is taken literally. parse_query never raises: the worst input is an empty query.
"""

import re
from dataclasses import dataclass, field

from .tokenize import query_runs, query_words

# A quoted phrase (straight or curly quotes), or a run of non-space characters.
_TOKEN = re.compile(r'(-?)(?:"([^"]*)"|“([^”]*)”|(\S+))')
_OR = {"|", "或", "OR"}


@dataclass(frozen=True)
class Term:
    text: str
    runs: tuple[tuple[str, ...], ...]  # gram phrases, all of which must occur: this is the match
    words: tuple[str, ...] = ()  # jieba's words: a match on them ranks first
    phrase: bool = False


@dataclass
class Query:
    # Every clause must match; a clause matches when any of its terms does.
    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause]

    @property
    def highlight_words(self) -> list[str]:
        return sorted({w for t in self.terms for w in ([t.text] + list(t.words))}, key=len, reverse=True)


def _term(text: str, phrase: bool) -> Term | None:
    runs = tuple(tuple(run) for run in query_runs(text))
    if not runs:
        return None
    return Term(text=text.strip(), runs=runs, words=tuple(query_words(text)), phrase=phrase)


def parse_query(q: str) -> Query:
    query = Query()
    join_next = False
    for match in _TOKEN.finditer(q[:500]):
        minus, straight, curly, bare = match.groups()
        if bare in _OR and not minus:
            join_next = bool(query.clauses)
            continue
        phrase = bare is None
        text = straight if straight is not None else curly if curly is not None else bare
        if bare and "|" in bare and not minus:
            terms = [t for t in (_term(part, False) for part in bare.split("|")) if t]
            if terms:
                _add(query, terms, join_next)
                join_next = False
            continue
        term = _term(text, phrase)
        if term is None:
            continue
        if minus:
            query.excluded.append(term)
        else:
            _add(query, [term], join_next)
        join_next = False
    return query


def _add(query: Query, terms: list[Term], join: bool) -> None:
    if join and query.clauses:
        query.clauses[-1].extend(terms)
    else:
        query.clauses.append(terms)
