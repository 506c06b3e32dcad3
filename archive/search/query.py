"""The query language: words (all must match), "exact phrase", -exclude, A | B (or A 或 B, A OR B)
for either. Exclusions alone match every article but those.

Everything else is taken literally: OR and 或 are words where a term does not stand on both sides
of them (`OR`, `或者`, `A OR`), and "OR" in quotes is always the word. parse_query never raises:
the worst input is an empty query.
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
    # Every clause must match; a clause matches when any of its terms does. No clause and some
    # exclusions: every article but those.
    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing asked for: the query does not narrow the archive."""
        return not self.clauses and not self.excluded

    @property
    def terms(self) -> list[Term]:
        """The terms that must (or may) occur: what ranks and is highlighted."""
        return [term for clause in self.clauses for term in clause]

    @property
    def highlight_words(self) -> list[str]:
        return sorted({w for t in self.terms for w in ([t.text] + list(t.words))}, key=len, reverse=True)


@dataclass(frozen=True)
class _Token:
    text: str
    minus: bool
    phrase: bool

    @property
    def is_operator(self) -> bool:
        return not self.minus and not self.phrase and self.text in _OR


def _term(text: str, phrase: bool) -> Term | None:
    runs = tuple(tuple(run) for run in query_runs(text))
    if not runs:
        return None
    return Term(text=text.strip(), runs=runs, words=tuple(query_words(text)), phrase=phrase)


def _tokens(q: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(q[:500]):
        minus, straight, curly, bare = match.groups()
        text = straight if straight is not None else curly if curly is not None else bare
        tokens.append(_Token(text, bool(minus), bare is None))
    return tokens


def _joins(tokens: list[_Token], at: int) -> bool:
    """Whether the OR at tokens[at] is an operator: a term to include stands on each side."""

    def term_at(i):
        return 0 <= i < len(tokens) and not tokens[i].minus and not tokens[i].is_operator

    return term_at(at - 1) and term_at(at + 1)


def parse_query(q: str) -> Query:
    query = Query()
    tokens = _tokens(q)
    join_next = False
    for at, token in enumerate(tokens):
        if token.is_operator and _joins(tokens, at):
            join_next = bool(query.clauses)
            continue
        if not token.minus and not token.phrase and "|" in token.text:
            terms = [t for t in (_term(part, False) for part in token.text.split("|")) if t]
        else:
            terms = [t for t in [_term(token.text, token.phrase)] if t]
        if token.minus:
            query.excluded.extend(terms)
        elif terms:
            _add(query, terms, join_next)
        join_next = False
    return query


def _add(query: Query, terms: list[Term], join: bool) -> None:
    if join and query.clauses:
        query.clauses[-1].extend(terms)
    else:
        query.clauses.append(terms)
