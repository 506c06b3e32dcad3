"""One normaliser and one segmenter for the index and for queries.

normalise: OpenCC traditional->simplified, NFKC (full-width to half-width), case fold.
index_tokens: every word the segmenter finds, plus every dictionary word inside it, so 人民银行 is found
inside 中国人民银行 and 公安部 inside 公安部门 (the user typed a string; the article contains it).
query_words: the words of a query string, segmented by the same dictionary.

The segmenter is jieba's algorithm and dictionary in Rust (rjieba, a binding of jieba-rs): the same
words as the jieba package (identical cuts of 2,000 xwlb items, with and without user words) at
16 times the speed (35 MB/s against 2.2 MB/s on one core here). A dictionary change builds a new
segmenter and swaps the reference; a cut in progress keeps the one it started with.
"""

import re
import threading
import unicodedata
from functools import lru_cache

import opencc
import rjieba

# The package builds a segmenter of its own when imported; the archive uses its own instances
# (Segmenter, and figures.metrics.tagger): emptied, it gives 16 MB of every process back.
rjieba.clear()

# Bump when normalisation, segmentation or what a backend's index rows hold changes: `reindex`
# brings older rows up to date. 3: PostgreSQL's gram sets hold each position's longest gram only.
TOKENIZER_VERSION = 3
# Frequency given to curated names so that jieba keeps them whole (断卡, 国家反诈中心).
USER_WORD_FREQ = 100_000

_WORD = re.compile(r"\w+")
_RUN = re.compile(r"[^\W_]+")  # letters and digits: the characters a gram is made of
# Between two runs of the gram stream, so that no phrase matches across punctuation. Grams have one
# or two characters, so a three-letter token can never be asked for.
GRAM_BREAK = "qqq"
_lock = threading.Lock()
_segmenter: "Segmenter | None" = None
_loader = None  # set by the app: returns the curated names from the database
_wanted = 0  # moves on each time the curated names change
_built = -1  # the value of _wanted the current segmenter was built for


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=16)
def normalise(text: str) -> str:
    """OpenCC t2s, NFKC, case fold. The last few texts are remembered: an article's title and body
    are normalised for its words, its grams, its names and its fingerprint."""
    return _converter().convert(unicodedata.normalize("NFKC", text)).casefold()


def set_dictionary_loader(loader):
    """Register the callable that returns the curated words (aliases and names) to load."""
    global _loader
    _loader = loader


class Segmenter:
    """jieba's dictionary with the curated words added; FREQ answers "is this a word?" (.get)."""

    def __init__(self, words=()):
        self._jieba = rjieba.Jieba()
        for word in sorted(words):
            self._jieba.add_word(word, USER_WORD_FREQ, None)
        self.FREQ = _Words(self._jieba)

    def cut(self, text: str) -> list[str]:
        return self._jieba.cut(text, False)


class _Words:
    def __init__(self, jieba):
        self.get = jieba.has_word


def load_dictionary(words, version=None) -> None:
    """Build a segmenter with these user words and swap it in."""
    global _segmenter, _built
    tokenizer = Segmenter(frozenset(normalise(w) for w in words if w and len(w) > 1))
    with _lock:
        _segmenter = tokenizer
        _built = _wanted if version is None else version


def invalidate() -> None:
    """The curated names changed: the next cut rebuilds the dictionary (never during a cut)."""
    global _wanted
    _wanted += 1


def segmenter() -> Segmenter:
    if _segmenter is None or _built != _wanted:
        version = _wanted  # a change during the build leaves it stale, and the next cut builds again
        load_dictionary(_loader() if _loader else (), version)
    return _segmenter


def warm_up() -> None:
    """Load the dictionary now (before a server forks) rather than on the first request."""
    segmenter()


def _words(normalised: str, tokenizer) -> list[str]:
    # jieba keeps runs like 云剑-2020 together; the index holds only word characters.
    return [part for w in tokenizer.cut(normalised) for part in _WORD.findall(w)]


def _inner_words(word: str, freq) -> list[str]:
    """Dictionary words strictly inside a word, longest first."""
    found = []
    n = len(word)
    for size in range(n - 1, 1, -1):
        for start in range(n - size + 1):
            part = word[start : start + size]
            if freq.get(part):
                found.append(part)
    return found


def index_tokens(text: str) -> list[str]:
    """The tokens an article's text is indexed under (with repeats, in text order)."""
    tokenizer = segmenter()
    freq = tokenizer.FREQ
    tokens = []
    for word in _words(normalise(text), tokenizer):
        tokens.append(word)
        if len(word) > 2:
            tokens.extend(_inner_words(word, freq))
    return tokens


def query_words(text: str) -> list[str]:
    """The words of a query term, segmented exactly as the index was (for ranking word matches)."""
    return _words(normalise(text), segmenter())


def _grams(run: str) -> list[str]:
    # Every character starts one token: the bigram it begins, or itself at the end of a run.
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def runs(normalised: str) -> list[str]:
    """The runs of letters and digits of a normalised text: what a string can be found inside."""
    return _RUN.findall(normalised)


def gram_tokens(text: str) -> list[str]:
    """The gram stream of a text: each run of letters and digits as overlapping bigrams, then its
    last character; runs separated by GRAM_BREAK. A string is in the text exactly when its grams
    are consecutive in the stream, however jieba would have cut it."""
    tokens = []
    for run in runs(normalise(text)):
        if tokens:
            tokens.append(GRAM_BREAK)
        tokens.extend(_grams(run))
    return tokens


def query_runs(text: str) -> list[list[str]]:
    """The runs of a query term as gram phrases: a run of one character is a prefix of a gram."""
    return [[run[i : i + 2] for i in range(len(run) - 1)] or [run] for run in runs(normalise(text))]


def document_tokens(title: str, body: str) -> tuple[str, str, str, str]:
    """What the index holds for one article: title words, body words, title grams, body grams."""
    return tuple(
        " ".join(tokens) for tokens in (index_tokens(title), index_tokens(body), gram_tokens(title), gram_tokens(body))
    )
