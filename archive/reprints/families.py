"""Reprint chains (转载): the same text published by several sites, or lightly edited on the way down.

A text identical to one archived is another Copy of the same Article (save_page). A text that
differs (a paragraph cut, a heading or a closing line added, a sentence reworded) is another
Article in the same family. Near-duplicates are found with MinHash over the characters of the
normalised text (shingles of SHINGLE characters, letters and digits only), and LSH bands to find
the candidates without comparing every pair:

- signature(): PERMUTATIONS minimum hashes of the shingle set; two signatures agree in a position
  with probability equal to the Jaccard similarity J of the two sets.
- band_keys(): BANDS keys of ROWS positions each; two articles share a key when all ROWS positions
  of a band agree: probability 1 - (1 - J^ROWS)^BANDS of being compared at all (0.87 at J = 0.5,
  0.99 at 0.6, 0.0002 at 0.05).
- resemblance(): the share of the shorter text's shingles found in the other (containment),
  estimated from J and the two set sizes. A copy that cut the second half of a text keeps all of
  the first half: containment stays near 1 where J falls to 0.5. Template announcements (daily
  epidemic figures, book releases) share most of their words but not their figures, and long
  shingles break at every figure.
- A candidate whose resemblance reaches THRESHOLD joins the family. SHINGLE and THRESHOLD were
  measured on a labelled set of pairs (`manage.py eval_reprints`, docs/reprints.md).

A family's first publisher is its earliest dated member (undated last, then the lowest id); every
member's family_id is that article's id; an article with no near-duplicate has none.
"""

import difflib
import re
import zlib

import numpy as np
from django.db.models import F

from ..listing.models import Generation
from ..models import Article
from ..rows import insert_rows
from ..search.tokenize import normalise
from .models import Fingerprint, FingerprintBand

SHINGLE = 9
PERMUTATIONS = 128
BANDS, ROWS = 32, 4
THRESHOLD = 0.9
_PRIME = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(20201010)  # fixed: signatures are stored and compared across runs
_A = _rng.integers(1, (1 << 61) - 1, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, PERMUTATIONS, dtype=np.uint64)
_KEEP = re.compile(r"[^\W_]+")
_EMPTY = np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)


def shingles(title: str, body: str) -> np.ndarray:
    """The distinct SHINGLE-character windows of the text's letters and digits, as 32-bit hashes."""
    # Title and body apart: normalise() remembers the last texts it saw, and the index has just
    # normalised these two.
    text = "".join(_KEEP.findall(f"{normalise(title)}\n{normalise(body)}"))
    if len(text) < SHINGLE:
        return np.array([zlib.crc32(text.encode())], dtype=np.uint64) if text else np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    windows = np.lib.stride_tricks.sliding_window_view(codes, SHINGLE)
    # A polynomial hash of each window, then a 32-bit mix: collisions cost a little precision only.
    h = np.zeros(len(windows), dtype=np.uint64)
    for k in range(SHINGLE):
        h = h * np.uint64(1_000_003) + windows[:, k]
    h ^= h >> np.uint64(29)
    return np.unique(h & np.uint64(0xFFFFFFFF))


def signature(title: str, body: str) -> tuple[bytes, int]:
    """PERMUTATIONS minimum hashes (uint32, little-endian) of the text's shingles, and how many
    distinct shingles it has."""
    values = shingles(title, body)
    if not len(values):
        return _EMPTY.tobytes(), 0
    return (_minima(values) & np.uint64(0xFFFFFFFF)).astype("<u4").tobytes(), len(values)


def _minima(values: np.ndarray) -> np.ndarray:
    """For each permutation, min over the values of ((a x + b) mod 2^64) mod _PRIME. _PRIME is
    2^61 - 1, so v mod _PRIME is (v's low 61 bits + its high 3) less _PRIME when that reaches it:
    the same numbers as numpy's % in a quarter to a half of the time (the fingerprint was a sixth
    of a bulk import's segmenting)."""
    with np.errstate(over="ignore"):
        hashed = _A[:, None] * values[None, :]
        hashed += _B[:, None]
    high = hashed >> np.uint64(61)
    hashed &= _PRIME
    hashed += high
    np.subtract(hashed, _PRIME, out=hashed, where=hashed >= _PRIME)
    return hashed.min(axis=1)


def band_keys(sig: bytes) -> list[int]:
    """One signed 64-bit key per band: the band's number and its ROWS values, hashed."""
    values = np.frombuffer(sig, dtype="<u4").reshape(BANDS, ROWS)
    keys = []
    for band, row in enumerate(values):
        digest = zlib.crc32(row.tobytes(), band) << 32 | zlib.adler32(row.tobytes(), band)
        keys.append(digest - (1 << 63))
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets from their signatures."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    if not len(x) or len(x) != len(y):
        return 0.0
    return float(np.count_nonzero(x == y)) / len(x)


def resemblance(a: tuple[bytes, int], b: tuple[bytes, int]) -> float:
    """Estimated share of the smaller shingle set found in the other: |A ∩ B| / min(|A|, |B|),
    with |A ∩ B| = J (|A| + |B|) / (1 + J)."""
    (sig_a, n_a), (sig_b, n_b) = a, b
    if not n_a or not n_b:
        return 0.0
    j = similarity(sig_a, sig_b)
    return min(1.0, j * (n_a + n_b) / ((1 + j) * min(n_a, n_b)))


def store(pairs, new: bool = False) -> None:
    """Write (article_id, (signature, shingles)) fingerprints, replacing any the articles had
    (new: they have none). Rows, not model instances: building a model instance per band row
    cost the bulk import 40 % of its time."""
    pairs = list(pairs)
    if not pairs:
        return
    if not new:
        ids = [pk for pk, _ in pairs]
        FingerprintBand.objects.filter(article_id__in=ids).delete()
        Fingerprint.objects.filter(article_id__in=ids).delete()
    prints = [(pk, sig, size) for pk, (sig, size) in pairs]
    bands = [(pk, key) for pk, (sig, size) in pairs if size for key in set(band_keys(sig))]
    insert_rows(Fingerprint._meta.db_table, ["article_id", "signature", "shingles"], prints)
    insert_rows(FingerprintBand._meta.db_table, ["article_id", "key"], bands)


def similar_pairs(article_ids, threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """Pairs (a, b, estimated similarity) at or above threshold with a in article_ids."""
    article_ids = list(article_ids)
    if not article_ids:
        return []
    pairs = set()
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        keys = FingerprintBand.objects.filter(article_id__in=chunk).values("key")
        rows = FingerprintBand.objects.filter(key__in=keys).values_list("key", "article_id")
        by_key = {}
        for key, pk in rows:
            by_key.setdefault(key, set()).add(pk)
        wanted = set(chunk)
        for members in by_key.values():
            for a in members & wanted:
                pairs.update((a, b) for b in members if b != a)
    if not pairs:
        return []
    sigs = _signatures({pk for pair in pairs for pk in pair})
    found = []
    for a, b in pairs:
        if a in sigs and b in sigs:
            score = resemblance(sigs[a], sigs[b])
            if score >= threshold:
                found.append((a, b, score))
    return found


def link(article_ids, threshold: float = THRESHOLD) -> int:
    """Join these articles to the families of their near-duplicates; returns how many articles
    changed family. Runs in the caller's transaction."""
    pairs = similar_pairs(article_ids, threshold)
    if not pairs:
        return 0
    families = _Families()

    involved = {pk for a, b, _ in pairs for pk in (a, b)}
    had = dict(Article.objects.filter(pk__in=involved).values_list("pk", "family_id"))
    # Whole families move together: their other members come in too.
    members = dict(Article.objects.filter(family_id__in={f for f in had.values() if f}).values_list("pk", "family_id"))
    for pk, family in {**members, **had}.items():
        if family:
            families.join(pk, family)
    for a, b, _ in pairs:
        families.join(a, b)
    return _assign(families.groups({*involved, *members}))


class _Families:
    """Union-find over article ids."""

    def __init__(self):
        self.parent = {}

    def root(self, x):
        while self.parent.get(x, x) != x:
            self.parent[x] = self.parent.get(self.parent[x], self.parent[x])
            x = self.parent[x]
        return x

    def join(self, a, b):
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[ra] = rb

    def groups(self, ids) -> list[set]:
        found = {}
        for pk in ids:
            found.setdefault(self.root(pk), set()).add(pk)
        return list(found.values())


def _assign(groups) -> int:
    """Give each group of article ids its first publisher's id as family_id."""
    changed = 0
    for group in groups:
        rows = list(Article.objects.filter(pk__in=group).values_list("pk", "published_at", "family_id"))
        rows.sort(key=lambda r: (r[1] is None, r[1] or 0, r[0]))
        first = rows[0][0]
        moving = [pk for pk, _, family in rows if family != first]
        if moving:
            changed += Article.objects.filter(pk__in=moving).update(family_id=first)
    if changed:
        Generation.bump()  # the original/reprint facet counts change
    return changed


def _signatures(ids) -> dict[int, tuple[bytes, int]]:
    rows = Fingerprint.objects.filter(article_id__in=list(ids)).values_list("article_id", "signature", "shingles")
    return {pk: (bytes(sig), size) for pk, sig, size in rows}


def rebuild(threshold: float = THRESHOLD) -> dict:
    """Every family again from the stored fingerprints (find_reprints)."""
    missing = Article.objects.filter(fingerprint__isnull=True).values_list("pk", "title", "body")
    batch = []
    computed = 0
    for pk, title, body in missing.iterator(chunk_size=2000):
        batch.append((pk, signature(title, body)))
        if len(batch) == 2000:
            store(batch)
            computed += len(batch)
            batch = []
    store(batch)
    computed += len(batch)
    Article.objects.exclude(family_id=None).update(family_id=None)
    families = _Families()

    sigs = {}
    candidates = set()
    current_key, members = None, []
    for key, pk in (
        FingerprintBand.objects.order_by("key", "article_id")
        .values_list("key", "article_id")
        .iterator(chunk_size=20_000)
    ):
        if key != current_key:
            candidates.update((members[i], b) for i in range(len(members)) for b in members[i + 1 :])
            current_key, members = key, []
        members.append(pk)
    candidates.update((members[i], b) for i in range(len(members)) for b in members[i + 1 :])
    wanted = {pk for pair in candidates for pk in pair}
    wanted_list = sorted(wanted)
    for start in range(0, len(wanted_list), 5000):
        sigs.update(_signatures(wanted_list[start : start + 5000]))
    linked, nodes = 0, set()
    for a, b in candidates:
        if resemblance(sigs[a], sigs[b]) >= threshold:
            linked += 1
            nodes.update((a, b))
            families.join(a, b)
    groups = families.groups(nodes)
    _assign(groups)
    return {
        "fingerprinted": computed,
        "candidate_pairs": len(candidates),
        "similar_pairs": linked,
        "families": len(groups),
        "articles_in_families": sum(map(len, groups)),
    }


_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")


def sentences(body: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(body) if s.strip()]


def changes(base: str, other: str) -> dict:
    """What other cut from base and what it added, sentence by sentence."""
    a, b = sentences(base), sentences(other)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    cut, added = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            cut.extend(a[i1:i2])
        if op in ("insert", "replace"):
            added.extend(b[j1:j2])
    return {"cut": cut, "added": added}


def family_of(article):
    """The other members of an article's family, first publisher first, each with what it changed
    against this article."""
    if not article.family_id:
        return []
    others = (
        Article.objects.published()
        .filter(family_id=article.family_id)
        .exclude(pk=article.pk)
        .select_related("source")
        .prefetch_related("copies")
        .order_by(F("published_at").asc(nulls_last=True), "id")
    )
    return [(other, changes(article.body, other.body)) for other in others[:50]]
