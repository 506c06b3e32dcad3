"""A judged query set built from a corpus, and the truth for each query by brute force.

The truth of a query is the set of articles whose normalised title and body satisfy it: each
term is contained as a string, a quoted phrase likewise, an excluded term is absent, and terms
joined by | need one of them. Pure: no database.
"""

import random
import re
from dataclasses import dataclass

import opencc

from archive.search.query import parse_query
from archive.search.tokenize import normalise

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{6,}")


@dataclass(frozen=True)
class Judged:
    kind: str  # name, substring, multi_word, traditional, phrase, exclusion, either
    q: str


def satisfies(q: str, text: str) -> bool:
    """Whether normalised text satisfies query q, by the query language's own reading of q."""
    query = parse_query(q)
    if query.is_empty:
        return False
    contains = lambda term: normalise(term.text) in text  # noqa: E731
    return all(any(contains(t) for t in clause) for clause in query.clauses) and not any(
        contains(t) for t in query.excluded
    )


def build_queries(texts: list[str], names: list[str], seed: int = 2020) -> list[Judged]:
    """About 150 queries of seven kinds, drawn reproducibly from the texts and the curated names."""
    rng = random.Random(seed)
    runs = [run for text in rng.sample(texts, min(len(texts), 3000)) for run in _CJK_RUN.findall(text)]

    def substring(size):
        run = rng.choice(runs)
        while len(run) < size:
            run = rng.choice(runs)
        start = rng.randrange(0, len(run) - size + 1)
        return run[start : start + size]

    to_traditional = opencc.OpenCC("s2t")
    queries = [Judged("name", n) for n in rng.sample(names, min(25, len(names)))]
    queries += [Judged("substring", substring(rng.choice([2, 3, 4]))) for _ in range(40)]
    queries += [Judged("multi_word", f"{substring(2)} {substring(3)}") for _ in range(15)]
    queries += [Judged("multi_word", f"{rng.choice(names)} {substring(2)}") for _ in range(10)]
    traditional = [to_traditional.convert(substring(rng.choice([3, 4]))) for _ in range(60)]
    queries += [Judged("traditional", q) for q in traditional if q != normalise(q)][:20]
    queries += [Judged("phrase", f'"{substring(rng.choice([5, 6, 8]))}"') for _ in range(20)]
    queries += [Judged("exclusion", f"{substring(2)} -{substring(2)}") for _ in range(15)]
    queries += [Judged("either", f"{substring(3)} | {substring(3)}") for _ in range(10)]
    return queries


def score(found: set, truth: set) -> tuple[float, float]:
    """Recall and precision; an empty truth and an empty answer score 1 and 1."""
    hits = len(found & truth)
    recall = hits / len(truth) if truth else 1.0
    precision = hits / len(found) if found else (1.0 if not truth else 0.0)
    return recall, precision


def evaluate(queries: list[Judged], texts: dict[int, str], search) -> dict[str, list[tuple[float, float]]]:
    """Recall and precision of each query, by class; search(q) returns the ids the archive finds."""
    by_kind: dict[str, list[tuple[float, float]]] = {}
    for judged in queries:
        truth = {pk for pk, text in texts.items() if satisfies(judged.q, text)}
        by_kind.setdefault(judged.kind, []).append(score(set(search(judged.q)), truth))
    return by_kind
