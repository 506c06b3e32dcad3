"""How close an extracted body is to a human-checked one, for tests and benchmarks.

Character-level F1 over bags of characters with all whitespace removed: precision is the share of
extracted characters found in the expected text (counted with multiplicity), recall the share of
expected characters found in the extraction. Order is ignored, which makes it fast on long texts
and blind to shuffled paragraphs, but for boilerplate removal what matters is which lines were kept.
"""

import re
from collections import Counter

_WS = re.compile(r"\s+")


def score_body(expected: str, got: str) -> float:
    want = Counter(_WS.sub("", expected))
    have = Counter(_WS.sub("", got))
    if not want and not have:
        return 1.0
    overlap = sum((want & have).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(have.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)
