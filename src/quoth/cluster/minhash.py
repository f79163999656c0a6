"""Statement clusters: one utterance, reported by many articles and outlets.

Two statements are *the same utterance* when the same canonical speaker is
reported saying the same thing: exact copies, truncated or partial quotes
(containment), and close paraphrases or translations (content-word overlap).

How (near-linear in the number of statements):

1. **Features.** ``features(text)``: content-word unigrams (lower-cased, light
   stemming, stop words dropped) and word trigrams of the raw tokens, each as a
   stable 32-bit CRC (no process-salted ``hash``).
2. **Candidates.** A MinHash signature (``NUM_PERM`` multiply-shift hashes,
   numpy) over the content words; LSH banding (``BANDS`` x ``ROWS``) keyed by
   speaker, so only one speaker's statements ever meet. A bucket over
   ``MAX_BUCKET`` members (a very common band, or many exact copies) yields only a
   chain of neighbours, so candidates per statement stay bounded.
3. **Verification.** ``same_utterance(a, b)`` on the exact feature sets:
   near-identical content words join at any distance in time; otherwise the two
   must have been *said* within ``max_days`` of each other (a line repeated months
   later is most often a new utterance): ``Item.said_on`` (quoth.resolve.dates: a date, or a
   range of up to ``MAX_SAID_RANGE`` days such as "his December appearance") where
   the article gives one, else the published day (``utterance_days``); then
   trigram containment catches copies and partial
   quotes, content-word containment plus Jaccard catches paraphrases and
   translations, and many shared content words (``min_shared``) catch long
   re-worded paraphrases. Opposite polarity on a shared word ("is (not)
   qualified") never joins (two negative texts are not opposite). Optionally
   (``cosine``, e.g. ``cluster(..., embed=quoth.cluster.embed.embed)`` with
   ``WITH_EMBEDDINGS``), sentence embeddings let a close paraphrase join across the
   time window (a report of the remark months later); gating paraphrases by cosine,
   or joining looser ones by cosine inside the window, gained nothing on the tuning
   pairs, so those tests stay off.
4. **Clusters.** Union-find over the verified pairs (single link; an
   average-link check lost a right join on the tuning pairs and stopped no wrong
   one); each cluster's first-seen member is the earliest published one.

Thresholds (``Thresholds``) were set on the ``tune`` half of the hand-labelled
PolNeAR pairs in tests/data/cluster_pairs.jsonl (see scripts/cluster_pairs.py). With a
second tuning split (``tune2``, weighted toward the hard middle), a learned pair scorer
(logistic regression over overlap, IDF, cosine, day-gap and quote features) and a
re-tuned threshold grid were cross-validated against these rules
(``scripts/cluster_pairs.py cv``) and did not beat them, so they stand: the same
utterances they miss are mostly later references to a famous remark, which overlap with
it no more than a standing position restated on another occasion does.
Everything crossing the border is plain data: ``Item`` in, ``Cluster`` out.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

__all__ = [
    "Item", "Features", "Cluster", "Thresholds", "DEFAULT", "WITH_EMBEDDINGS",
    "tokens", "features", "similarity", "same_utterance", "polarity_conflict",
    "signatures", "band_keys", "candidate_pairs", "cluster", "cluster_labels", "day_number",
    "utterance_days", "days_between", "MAX_SAID_RANGE",
]

NUM_PERM = 64
BANDS, ROWS = 32, 2
MAX_BUCKET = 16
_RNG = np.random.RandomState(7)
# multiply-shift hashing (a odd, arithmetic mod 2**64, keep the high 32 bits)
_A = _RNG.randint(0, 1 << 62, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _RNG.randint(0, 1 << 62, size=NUM_PERM, dtype=np.uint64)

_TOKEN_RE = re.compile(r"[\w]+(?:['’][\w]+)*")
STOP = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves
out over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves s t don't it's i'm
we're they're that's there's won't can't isn't aren't wasn't weren't i've we've you're he's
she's also said says say going get got go gonna let let's
""".split())


_NEG = frozenset(("not", "no", "never", "neither", "nor", "nothing", "none"))


@dataclass(frozen=True)
class Item:
    """A statement as clustering sees it (plain data; the store builds these)."""

    id: str
    speaker: str  # canonical speaker key: only the same speaker's statements can cluster
    text: str
    published: str | None = None
    article_id: str | None = None
    outlet: str | None = None
    said_on: str | None = None  # when it was said (quoth.resolve.dates: "YYYY-MM-DD" or "start/end")


@dataclass(frozen=True)
class Features:
    words: frozenset[int]  # content-word unigram hashes
    trigrams: frozenset[int]  # raw-token trigram hashes
    negated: frozenset[int] = frozenset()  # first content word (<= 3 tokens) after a negation


@dataclass(frozen=True)
class Thresholds:
    """Verification thresholds (tuned on the *tune* half of tests/data/cluster_pairs.jsonl).

    ``max_days``: reports of one utterance are said (or, undated, published) close
    together; beyond this many days apart only near-identical texts
    (``identical_jaccard``) are joined, since a line repeated months later is most
    often a new utterance of a standing position.
    """

    trigram_containment: float = 0.6
    min_trigrams: int = 4
    word_containment: float = 0.8
    word_jaccard: float = 0.5
    min_words: int = 5
    identical_jaccard: float = 0.8
    max_days: int = 30
    # a long paraphrase: many content words in common is evidence by itself, even where the
    # wording differs too much for ``word_containment`` ("fight BLM violence against Law
    # Enforcement officers" / "fight Black Lives Matter violence against law enforcement")
    min_shared: int = 8
    shared_containment: float = 0.5
    # with sentence embeddings (quoth.cluster.embed): a word-overlap paraphrase must also
    # reach ``paraphrase_cosine``; ``embed_cosine`` alone joins looser paraphrases that
    # still share ``embed_min_contain`` of their content words; beyond ``max_days``, a
    # pair sharing ``long_containment`` of its content words joins at ``long_cosine``
    # (a later report of the utterance, "the call to ban Muslims" months on). Values
    # over 1.0 turn a test off; ``WITH_EMBEDDINGS`` is the set measured to pay.
    paraphrase_cosine: float = 0.0
    embed_cosine: float = 1.01
    embed_min_contain: float = 0.5
    long_cosine: float = 1.01
    long_containment: float = 0.8


DEFAULT = Thresholds()
# with sentence vectors: only the long-gap test is on (on the tune pairs, cosine gates and
# a cosine route inside the time window gained nothing; see the README's clusters section)
WITH_EMBEDDINGS = Thresholds(long_cosine=0.88)


@dataclass(frozen=True)
class Cluster:
    """A group of statement ids reporting one utterance; ``first`` was published earliest."""

    ids: tuple[str, ...]
    first: str


def _stem(w: str) -> str:
    for suf, keep in (("ies", 4), ("ing", 5), ("ed", 4), ("es", 4), ("s", 3), ("ly", 5)):
        if w.endswith(suf) and len(w) >= keep + len(suf) - 1:
            return w[: -len(suf)]
    return w


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (NFKC, curly apostrophes folded)."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").lower()
    return _TOKEN_RE.findall(text)


def _crc(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


@lru_cache(maxsize=200_000)
def _word_hash(token: str) -> int | None:
    """The content-word feature of a token (None for stop words and 1-letter tokens)."""
    return None if token in STOP or len(token) < 2 else _crc(_stem(token))


def features(text: str) -> Features:
    """Content-word and trigram feature hashes of ``text``."""
    toks = tokens(text)
    words = frozenset(h for h in map(_word_hash, toks) if h is not None)
    tri = frozenset(_crc(" ".join(toks[i:i + 3])) for i in range(max(0, len(toks) - 2)))
    return Features(words, tri, _negated(toks))


def _negated(toks: list[str]) -> frozenset[int]:
    out = set()
    for i, t in enumerate(toks):
        if t in _NEG or t.endswith("n't"):
            first = next((h for h in map(_word_hash, toks[i + 1:i + 4]) if h is not None), None)
            if first is not None:
                out.add(first)
    return frozenset(out)


def polarity_conflict(a: Features, b: Features) -> bool:
    """Is a word both texts share negated in one and not in the other ("is (not) qualified")?
    Two negative texts are not opposite ("would not support him" / "might not win the
    support"): only a negation on one side can flip the meaning."""
    if a.negated and b.negated:
        return False
    return bool((a.negated ^ b.negated) & a.words & b.words)


def _contain_jacc(a: frozenset, b: frozenset) -> tuple[float, float]:
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / min(len(a), len(b)), inter / (len(a) + len(b) - inter)


def similarity(a: Features, b: Features) -> dict[str, float]:
    """Containment/Jaccard of trigrams and content words, plus the smaller side's sizes."""
    tc, tj = _contain_jacc(a.trigrams, b.trigrams)
    wc, wj = _contain_jacc(a.words, b.words)
    return {"tri_contain": tc, "tri_jaccard": tj, "word_contain": wc, "word_jaccard": wj,
            "shared_words": len(a.words & b.words),
            "min_trigrams": min(len(a.trigrams), len(b.trigrams)),
            "min_words": min(len(a.words), len(b.words))}


def same_utterance(
    a: Features,
    b: Features,
    t: Thresholds = DEFAULT,
    *,
    days_apart: int | None = None,
    cosine: Callable[[], float] | None = None,
) -> bool:
    """Do ``a`` and ``b`` (same speaker, published ``days_apart``) report one utterance?

    ``cosine``: optional, lazily called sentence-embedding similarity of the two texts."""
    s = similarity(a, b)
    conflict = polarity_conflict(a, b)
    if s["word_jaccard"] >= t.identical_jaccard and s["min_words"] >= t.min_words - 1:
        return not conflict
    if conflict:
        return False
    if days_apart is not None and days_apart > t.max_days:
        return (cosine is not None and t.long_cosine <= 1.0 and s["min_words"] >= t.min_words
                and s["word_contain"] >= t.long_containment and cosine() >= t.long_cosine)
    if s["min_trigrams"] >= t.min_trigrams and s["tri_contain"] >= t.trigram_containment:
        return True
    if s["shared_words"] >= t.min_shared and s["word_contain"] >= t.shared_containment:
        return True
    if cosine is None:
        return (s["min_words"] >= t.min_words and s["word_contain"] >= t.word_containment
                and s["word_jaccard"] >= t.word_jaccard)
    if s["min_words"] < t.min_words or s["word_contain"] < t.embed_min_contain:
        return False
    lexical = s["word_contain"] >= t.word_containment and s["word_jaccard"] >= t.word_jaccard
    if (t.paraphrase_cosine <= 0.0) if lexical else (t.embed_cosine > 1.0):
        return lexical  # the vectors could not change the answer: don't compute them
    cos = cosine()
    return (lexical and cos >= t.paraphrase_cosine) or cos >= t.embed_cosine


def signatures(feats: Sequence[Features], *, chunk: int = 5000) -> np.ndarray:
    """MinHash signatures (n x NUM_PERM, uint64) over content words (trigrams if none)."""
    out = np.full((len(feats), NUM_PERM), np.iinfo(np.uint64).max, dtype=np.uint64)
    for lo in range(0, len(feats), chunk):
        part = feats[lo:lo + chunk]
        sets = [f.words or f.trigrams for f in part]
        lens = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
        if not lens.sum():
            continue
        flat = np.fromiter((h for s in sets for h in s), dtype=np.uint64, count=int(lens.sum()))
        with np.errstate(over="ignore"):
            perm = (flat[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
        rows = np.nonzero(lens)[0]
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))[rows]
        out[lo + rows] = np.minimum.reduceat(perm, starts, axis=0)
    return out


def band_keys(sigs: np.ndarray, speakers: Sequence[str]) -> np.ndarray:
    """One 63-bit bucket key per (statement, band), mixing in the speaker (n x BANDS, int64)."""
    spk = np.fromiter((_crc(s or "") for s in speakers), dtype=np.uint64, count=len(speakers))
    bands = sigs[:, : BANDS * ROWS].reshape(len(sigs), BANDS, ROWS)
    key = np.zeros((len(sigs), BANDS), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(ROWS):
            key = key * np.uint64(0x100000001B3) ^ bands[:, :, r]
        key = key * np.uint64(0x9E3779B97F4A7C15) ^ spk[:, None]
        key = key * np.uint64(31) + np.arange(BANDS, dtype=np.uint64)[None, :]
    return (key >> np.uint64(1)).astype(np.int64)


@lru_cache(maxsize=None)
def _triu(size: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(size, 1)


def _bucket_pairs(members: np.ndarray, max_bucket: int) -> np.ndarray:
    """All pairs of a small bucket; a bounded chain (next + first) through a big one."""
    if len(members) <= max_bucket:
        i, j = _triu(len(members))
        return np.stack([members[i], members[j]], axis=1)
    chain = np.stack([members[:-1], members[1:]], axis=1)
    star = np.stack([np.full(len(members) - 2, members[0]), members[2:]], axis=1)
    return np.concatenate([chain, star])


def candidate_pairs(keys: np.ndarray, *, max_bucket: int = MAX_BUCKET) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) sharing a bucket, each once. Buckets over ``max_bucket`` (a very
    common band, or many exact copies) yield only a chain, so candidates stay linear.
    Keys mix in the band number, so a statement sits at most once in a bucket."""
    n, nb = keys.shape
    flat = keys.ravel()
    order = np.argsort(flat, kind="stable")
    rows = (order // nb).astype(np.int64)
    bounds = np.flatnonzero(np.diff(flat[order])) + 1
    starts = np.concatenate(([0], bounds)).astype(np.int64)
    sizes = np.diff(np.concatenate((starts, [len(flat)])))
    two = starts[sizes == 2]
    found = [np.stack([rows[two], rows[two + 1]], axis=1)]  # most buckets: one pair
    for s, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist()):
        found.append(_bucket_pairs(np.sort(rows[s:s + size]), max_bucket))
    pairs = np.sort(np.concatenate(found), axis=1)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    for code in codes.tolist():
        yield divmod(code, n)


def _find(parent: np.ndarray, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def day_number(published: str | None) -> int | None:
    """Days since 0001-01-01 of a "YYYY-MM-DD..." date (None when absent or malformed)."""
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


# a said_on range wider than this (a year, "30 years ago") says too little about the day:
# the published date stands in for it
MAX_SAID_RANGE = 92


def utterance_days(said_on: str | None, published: str | None) -> tuple[int, int] | None:
    """The days (first, last; ``day_number``) a statement was said: its ``said_on`` date or
    range (quoth.resolve.dates) when it has one no wider than ``MAX_SAID_RANGE`` days and not after
    the publication, else the published day; None when neither is known."""
    pub = day_number(published)
    if said_on:
        lo, _, hi = said_on.partition("/")
        lo, hi = day_number(lo), day_number(hi or lo)
        if (lo is not None and hi is not None and lo <= hi and hi - lo <= MAX_SAID_RANGE
                and (pub is None or lo <= pub)):
            return lo, hi
    return None if pub is None else (pub, pub)


def days_between(a: int | tuple[int, int] | None, b: int | tuple[int, int] | None) -> int | None:
    """Days between two day numbers or (first, last) ranges; 0 when ranges overlap."""
    if a is None or b is None:
        return None
    alo, ahi = (a, a) if isinstance(a, int) else a
    blo, bhi = (b, b) if isinstance(b, int) else b
    return max(0, blo - ahi, alo - bhi)


def _gap(days, i: int, j: int) -> int | None:
    return None if days is None else days_between(days[i], days[j])


def cluster_labels(
    feats: Sequence[Features],
    speakers: Sequence[str],
    t: Thresholds = DEFAULT,
    *,
    days: Sequence[int | tuple[int, int] | None] | None = None,
    vector: Callable[[int], np.ndarray] | None = None,
) -> np.ndarray:
    """A cluster label per statement (the smallest index in its cluster).

    ``days``: for the time window, each statement's day number or (first, last) range of
    days when it was said (``utterance_days``; ``day_number(published)`` will do);
    ``vector``: optional, index -> unit sentence vector (called only for undecided pairs)."""
    parent = np.arange(len(feats))
    keys = band_keys(signatures(feats), speakers)
    for i, j in candidate_pairs(keys):
        ri, rj = _find(parent, i), _find(parent, j)
        cos = None if vector is None else (lambda i=i, j=j: float(vector(i) @ vector(j)))
        if ri != rj and same_utterance(feats[i], feats[j], t, days_apart=_gap(days, i, j),
                                       cosine=cos):
            parent[max(ri, rj)] = min(ri, rj)
    return np.array([_find(parent, i) for i in range(len(feats))])


def cluster(
    items: Iterable[Item],
    t: Thresholds = DEFAULT,
    *,
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> list[Cluster]:
    """Group ``items`` into clusters of the same utterance (singletons included).

    ``embed``: optional texts -> unit sentence vectors (``quoth.cluster.embed.embed``),
    called once per statement that reaches an embedding test; ``t`` says how vectors
    count (``paraphrase_cosine``, ``embed_cosine``); with ``DEFAULT`` they never decide."""
    items = list(items)
    vector = None
    if embed is not None:
        cache: dict[int, np.ndarray] = {}

        def vector(i: int) -> np.ndarray:
            if i not in cache:
                cache[i] = embed([items[i].text])[0]
            return cache[i]
    labels = cluster_labels([features(it.text) for it in items], [it.speaker for it in items], t,
                            days=[utterance_days(it.said_on, it.published) for it in items],
                            vector=vector)
    groups: dict[int, list[int]] = {}
    for idx, lab in enumerate(labels.tolist()):
        groups.setdefault(lab, []).append(idx)
    return [_make_cluster([items[i] for i in idxs]) for idxs in groups.values()]


def _make_cluster(members: list[Item]) -> Cluster:
    first = min(members, key=lambda it: (it.published or "9999", it.id))
    return Cluster(tuple(it.id for it in members), first.id)
