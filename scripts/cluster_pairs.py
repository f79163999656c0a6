"""Build and score the statement-cluster evaluation set (tests/data/cluster_pairs.jsonl).

    python scripts/cluster_pairs.py propose ../shared/data/polnear > /tmp/candidates.jsonl
    python scripts/cluster_pairs.py propose2 ../shared/data/polnear > /tmp/candidates2.jsonl
    python scripts/cluster_pairs.py propose3 ../shared/data/polnear tests/data/cluster_pairs.jsonl
    python scripts/cluster_pairs.py propose4 ../shared/data/polnear tests/data/cluster_pairs.jsonl
    python scripts/cluster_pairs.py propose5 ../shared/data/polnear tests/data/cluster_pairs.jsonl
    python scripts/cluster_pairs.py propose6 ../shared/data/polnear tests/data/cluster_pairs.jsonl
    python scripts/cluster_pairs.py cv ../shared/data/polnear tests/data/cluster_pairs.jsonl [--embed]
    python scripts/cluster_pairs.py evaluate ../shared/data/polnear tests/data/cluster_pairs.jsonl --tune-only
    python scripts/cluster_pairs.py evaluate ../shared/data/polnear tests/data/cluster_pairs.jsonl
    python scripts/cluster_pairs.py evaluate ../shared/data/polnear tests/data/cluster_pairs.jsonl --embed
    python scripts/cluster_pairs.py evaluate ../shared/data/polnear tests/data/cluster_pairs.jsonl --surname-keys

How pairs are chosen (``propose``):

1. Every gold Content span of PolNeAR (train + dev, first annotator in metadata.tsv),
   with its Source. The speaker key is the last capitalised word of the Source
   ("Donald Trump", "Mr. Trump" -> "trump"); a pronoun Source takes the nearest named
   Source before it in the article. Contents under 5 words are dropped.
2. Pairs of the same speaker key from *different publishers*, scored by
   ``quoth.cluster.minhash.similarity``. Candidates are drawn in strata of content-word
   containment (>= 0.8, 0.6-0.8, 0.4-0.6, 0.25-0.4) plus random same-speaker pairs,
   among pairs whose shorter side has at least 4 content words (shorter contents,
   "This one is for you", cannot be told apart by anyone without context),
   so both labels and the hard middle are represented.
3. Each proposed pair is then read by a person and labelled ``same`` (the two
   report one utterance: copy, truncation, paraphrase) or ``different``; the
   label and a note are stored with the pair. Half the pairs (by a hash of the pair
   id) form the ``tune`` split used to set thresholds; the other half, ``report``,
   is only scored.
4. ``propose3`` draws a fresh held-out split, ``report2`` (seed 9, ``STRATA3``), leaving
   every pair already in the file out of the pools before sampling; it was labelled
   by hand before any changed clusterer saw it (tests/data/cluster_pairs.md).
   ``propose4`` draws a further held-out split, ``report3`` (seed 10, ``STRATA4``), the
   same way; it was labelled before the round-4 changes (``said_on`` in the time window)
   ran on it, and those were developed on ``tune`` only.
5. Round 5: ``propose5`` draws the held-out ``report4`` (seed 12, ``STRATA5``: the top
   stratum is used up), then ``propose6`` the tuning split ``tune2`` (seed 13,
   ``STRATA6``: weighted toward containment 0.4-0.8, 40 of them published more than 30
   days apart), each leaving out every pair labelled before it (``tune2`` leaves out
   ``report4`` too). Both were labelled by reading, ``report4`` first and before any
   clusterer ran on it. Re-running a ``propose*`` reproduces its split (a test checks).

Development protocol: changes are chosen on ``tune`` + ``tune2`` only (``evaluate
--tune-only`` prints nothing else; ``cv`` reads nothing else); the held-out splits are
scored once per chosen configuration.

``cv`` cross-validates (repeated stratified 5-fold, fixed seed) a logistic-regression pair
scorer over ``FEATURES`` (+ MiniLM cosine with ``--embed``), the rules plus that scorer on
the pairs they reject, and a re-tuned ``THRESHOLD_GRID`` of ``Thresholds``, each with its
threshold chosen for precision >= 0.9 (``--min-precision=``) inside the training folds,
against the hand-set rules. In round 5 none beat the rules, so ``quoth.cluster.minhash`` was left
as it was (tests/data/cluster_pairs.md has the figures).

``evaluate`` clusters *all* PolNeAR contents with ``quoth.cluster.minhash`` and scores each
labelled pair: predicted same = both statements ended in one cluster. Each content gets
its ``said_on`` from the article text (``quoth.resolve.dates.statement_when``, as the extractor
dates statements), and speakers sharing a surname are told apart by given name ("Bill
Clinton" vs "Hillary Clinton"; ``--surname-keys`` keeps the bare surname key of the
proposer). Splits: ``tune``, ``tune2``, ``report``, ``report2``, ``report3``,
``report4``; aggregates ``tune+tune2``, ``report+report2``, ``held-out`` (report ..
report3, as in round 4), ``held-out+report4`` (all four report splits) and ``all``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import pathlib
import random
import re
import sys
from typing import Iterator

from quoth.cluster.minhash import STOP, Item, cluster, features, similarity

PRONOUNS = frozenset("he she his her him i we they it you who which that me us them".split())
_CAP = re.compile(r"\b([A-Z][a-zA-Z'’-]+)")
MIN_WORDS = 5


def _metadata(root: pathlib.Path) -> dict[str, dict[str, str]]:
    with open(root / "metadata.tsv", encoding="utf-8") as fh:
        return {r["filename"]: r for r in csv.DictReader(fh, delimiter="\t")}


def _parse_ann(path: pathlib.Path) -> tuple[dict[str, tuple], list[tuple[str, str, str | None]]]:
    spans, rels = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label, _, offs = parts[1].partition(" ")
            pieces = [tuple(map(int, p.split())) for p in offs.split(";")]
            spans[parts[0]] = (label, pieces, parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":") for r in parts[1].split())
            if "Content" in roles and "Source" in roles:
                rels.append((roles["Content"], roles["Source"], roles.get("Cue")))
    return spans, rels


def _name_key(source: str) -> str | None:
    if source.lower().strip() in PRONOUNS:
        return None
    caps = [c for c in _CAP.findall(source) if c.lower() not in PRONOUNS]
    if not caps:
        return None
    key = re.sub(r"['’]s$", "", caps[-1]).lower()
    return None if key in STOP else key


_TITLES = frozenset("""mr mrs ms miss dr sen senator gov governor president rep representative
secretary former vice speaker gen general judge justice chairman chairwoman leader majority
minority house senate republican democratic democrat presidential candidate nominee sir lord
mayor first lady prime minister state u.s the gop""".split())
_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")


def _first_name(source: str) -> str | None:
    """The given name in the last run of capitalised words ("former President Bill
    Clinton" -> "bill"; "Mr. Trump" -> None)."""
    runs = _RUN.findall(source)
    words = [re.sub(r"['’]s$", "", w.rstrip(".")) for w in runs[-1].split()] if runs else []
    cut = max((i for i, w in enumerate(words) if w.lower() in _TITLES or w.lower() in STOP),
              default=-1)  # "Texas Sen. Ted Cruz", "Bernie Sanders And Hillary Clinton"
    words = words[cut + 1:]
    return words[0].lower() if len(words) > 1 else None


def _annotated(root: pathlib.Path) -> Iterator[tuple[str, dict, dict, list]]:
    """(name, metadata, spans, relations) of each text's first annotation, by name."""
    for name, meta in sorted(_metadata(root).items()):
        ann = root / meta["compartment"] / "attributions" / f"{name}_{meta['annotators'].split(',')[0]}.ann"
        if ann.exists():
            yield name, meta, *_parse_ann(ann)


def _full_name_keys(root: pathlib.Path) -> dict[str, str]:
    """Per surname key, the given name seen with it most often (``trump`` -> ``donald``)."""
    from collections import Counter

    counts: dict[str, Counter] = {}
    for _, _, spans, rels in _annotated(root):
        for _, s, _ in rels:
            key, first = _name_key(spans[s][2]), _first_name(spans[s][2])
            if key and first:
                counts.setdefault(key, Counter())[first] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def _said_on(article: str, spans: dict, content: str, source: str, cue: str | None,
             published: str) -> str | None:
    """When the gold statement was said (``quoth.resolve.dates.statement_when``, as the extractor's
    ``date_statement`` does it): the sentence(s) around source, cue and content, content
    left out, else a scene-setting date in the sentence before."""
    from quoth.resolve.dates import statement_when

    pieces = [p for sid in (content, source, cue) if sid for p in spans[sid][1]]
    return statement_when(article, pieces, spans[content][1], published,
                          cue=spans[cue][1][0][0] if cue else None).said_on


def _given(named: list[tuple], dominant: dict[str, str]) -> list[tuple]:
    """(offset, key, first) with key "first surname" where the given name is not the
    surname's usual one; a bare surname takes the given name seen last before it."""
    seen: dict[str, str] = {}
    out = []
    for off, key, first in named:
        if first:
            seen[key] = first
        first = seen.get(key)
        out.append((off, key if first in (None, dominant.get(key)) else f"{first} {key}", first))
    return out


def iter_items(root: pathlib.Path, *, said_on: bool = True,
               given_names: bool = False) -> Iterator[Item]:
    """One Item per gold content of the first annotator, with a resolved speaker key and
    (``said_on``) when it was said.

    ``given_names``: tell apart people sharing a surname ("Bill Clinton" -> ``bill
    clinton``; "Hillary Clinton", "Clinton" -> ``clinton``, the surname's most frequent
    given name keeping the bare key); a bare surname takes the given name last seen with it
    earlier in the article ("Bill Clinton ... Mr. Clinton said"). Off for ``propose*``, so
    the pools that the labelled rounds were drawn from stay as they were."""
    dominant = _full_name_keys(root) if given_names else {}
    for name, meta, spans, rels in _annotated(root):
        article = (root / meta["compartment"] / "text" / f"{name}.txt").read_text(
            encoding="utf-8") if said_on else ""
        named = sorted([(spans[s][1][0][0], _name_key(spans[s][2]), _first_name(spans[s][2]))
                        for _, s, _ in rels if _name_key(spans[s][2])], key=lambda t: t[0])
        if given_names:
            named = _given(named, dominant)
        for c, s, cue in rels:
            start = spans[s][1][0][0]
            key = next((k for off, k, _ in named if off == start), None) or next(
                (k for off, k, _ in reversed(named) if off < start), None)
            text = spans[c][2]
            if key and len(text.split()) >= MIN_WORDS:
                pieces = spans[c][1]
                extra = {"said_on": _said_on(article, spans, c, s, cue, meta["publication_date"])
                         } if said_on else {}
                yield Item(f"{name}:{pieces[0][0]}-{pieces[-1][1]}", key, text,
                           meta["publication_date"], name, meta["publisher"], **extra)


STRATA = [(0.8, 1.01, 40), (0.6, 0.8, 40), (0.4, 0.6, 35), (0.25, 0.4, 25), (0.0, 0.25, 10)]
# round 2: the first round held only ~30 same-utterance pairs, too few to measure recall,
# so more pairs were drawn from the upper strata (pairs already proposed are skipped)
STRATA2 = [(0.8, 1.01, 40), (0.5, 0.8, 40)]
# round 3 (split ``report2``): a fresh held-out set drawn after the thresholds of rounds 1-2
# had been looked at; the round-1 strata with a little more weight on the upper ones (where
# same-utterance pairs live), another seed, pairs already in the file skipped
STRATA3 = [(0.8, 1.01, 40), (0.6, 0.8, 35), (0.4, 0.6, 30), (0.25, 0.4, 20), (0.0, 0.25, 5)]
# round 4 (split ``report3``): after three rounds only ~23 unlabelled pairs are left in the
# top stratum, so the next two strata carry a little more (>= 120 pairs in all)
STRATA4 = [(0.8, 1.01, 40), (0.6, 0.8, 45), (0.4, 0.6, 35), (0.25, 0.4, 20), (0.0, 0.25, 5)]
# round 5, held-out split ``report4``: the top stratum is used up after four rounds (no
# unlabelled pair left at >= 0.8), so its weight moves to the next two (>= 120 pairs in all)
STRATA5 = [(0.8, 1.01, 40), (0.6, 0.8, 55), (0.4, 0.6, 45), (0.25, 0.4, 20), (0.0, 0.25, 5)]
# round 5, tuning split ``tune2`` (drawn after ``report4``): weighted toward the hard middle,
# content-word containment 0.4-0.8, with a stratum of its upper half published more than 30
# days apart (a 4th element: the least gap in days between the two publication dates)
STRATA6 = [(0.6, 0.8, 40, 31), (0.6, 0.8, 40), (0.5, 0.6, 35), (0.4, 0.5, 25), (0.25, 0.4, 15),
           (0.0, 0.25, 5)]


def propose(root: pathlib.Path, seed: int = 7, strata=STRATA,
            exclude: frozenset = frozenset()) -> Iterator[dict]:
    """Candidate pairs in similarity strata (see the module docstring); pairs of statement
    ids in ``exclude`` (either order) are left out of the pools before sampling. A stratum
    is (low, high, n) or (low, high, n, min_gap): with a least gap in days between the two
    publication dates; a pair drawn by one stratum is not drawn again by a later one."""
    from quoth.cluster.minhash import day_number

    by_speaker: dict[str, list[tuple[Item, object]]] = {}
    for it in iter_items(root, said_on=False):
        by_speaker.setdefault(it.speaker, []).append((it, features(it.text)))
    scored = []
    for spk, group in by_speaker.items():
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                (a, fa), (b, fb) = group[i], group[j]
                if a.outlet != b.outlet:
                    s = similarity(fa, fb)
                    if s["min_words"] >= 4:
                        scored.append((max(s["word_contain"], s["tri_contain"]), a, b, s))
    rng = random.Random(seed)
    drawn: set[tuple[str, str]] = set()
    for lo, hi, n, *gap in strata:
        pool = [x for x in scored if lo <= x[0] < hi and (lo > 0 or x[0] > 0.1)
                and (x[1].id, x[2].id) not in exclude and (x[2].id, x[1].id) not in exclude
                and (x[1].id, x[2].id) not in drawn
                and (not gap or _days_apart(x[1], x[2], day_number) >= gap[0])]
        for score, a, b, s in rng.sample(pool, min(n, len(pool))):
            drawn.add((a.id, b.id))
            yield _pair_record(a, b, s)


def _days_apart(a: Item, b: Item, day_number) -> int:
    da, db = day_number(a.published), day_number(b.published)
    return -1 if da is None or db is None else abs(da - db)


def _pair_record(a: Item, b: Item, s: dict) -> dict:
    pid = hashlib.sha1(f"{a.id}|{b.id}".encode()).hexdigest()[:12]
    return {"pair": pid, "speaker": a.speaker, "a": a.id, "b": b.id,
            "a_outlet": a.outlet, "b_outlet": b.outlet,
            "a_published": a.published, "b_published": b.published,
            "a_text": a.text, "b_text": b.text,
            "word_contain": round(s["word_contain"], 3), "tri_contain": round(s["tri_contain"], 3),
            "split": "tune" if int(pid, 16) % 2 == 0 else "report"}


def score(pairs: list[dict], same_cluster: set[tuple[str, str]]) -> dict[str, float]:
    """Pairing precision/recall: predicted same = both ids in one cluster."""
    tp = fp = fn = tn = 0
    for p in pairs:
        pred = (p["a"], p["b"]) in same_cluster
        gold = p["label"] == "same"
        tp, fp = tp + (pred and gold), fp + (pred and not gold)
        fn, tn = fn + (gold and not pred), tn + (not gold and not pred)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"pairs": len(pairs), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": round(prec, 3), "recall": round(rec, 3)}


TUNE_SPLITS = ("tune", "tune2")
HELD_OUT = ("report", "report2", "report3", "report4")
# aggregates (name -> splits); "held-out" keeps its round-4 meaning (report..report3)
AGGREGATES = {"tune+tune2": TUNE_SPLITS, "report+report2": ("report", "report2"),
              "held-out": HELD_OUT[:3], "held-out+report4": HELD_OUT}


def evaluate(root: pathlib.Path, pairs_path: pathlib.Path, thresholds=None,
             embed=None, *, given_names: bool = True, tune_only: bool = False) -> dict[str, dict]:
    """Cluster every PolNeAR content; score the labelled pairs per split.

    ``embed``: optional sentence encoder for ``quoth.cluster.minhash.cluster`` (with thresholds
    that use it, e.g. ``quoth.cluster.minhash.WITH_EMBEDDINGS``). ``tune_only``: score only the
    tuning splits (``tune``, ``tune2``), for development, so that no held-out prediction
    is seen while a change is being chosen."""
    from quoth.cluster.minhash import DEFAULT

    items = list(iter_items(root, given_names=given_names))
    label = {}
    for c in cluster(items, thresholds or DEFAULT, embed=embed):
        for i in c.ids:
            label[i] = c.first
    pairs = [json.loads(x) for x in pairs_path.read_text(encoding="utf-8").splitlines() if x]
    same = {(p["a"], p["b"]) for p in pairs if label.get(p["a"]) == label.get(p["b"]) is not None}
    out = {"items": {"statements": len(items), "clusters": len(set(label.values()))}}
    for split in TUNE_SPLITS + (() if tune_only else HELD_OUT):
        out[split] = score([p for p in pairs if p["split"] == split], same)
    for name, splits in AGGREGATES.items():
        if not tune_only or set(splits) <= set(TUNE_SPLITS):
            out[name] = score([p for p in pairs if p["split"] in splits], same)
    if not tune_only:
        out["all"] = score(pairs, same)
    return out


# --- cross-validation on the tuning splits (``cv``) -------------------------------------
# A learned pair scorer (logistic regression, numpy) and a re-tuned threshold grid against
# the hand-set rules of ``quoth.cluster.minhash.same_utterance``, all on ``tune`` + ``tune2`` only.

FEATURES = ("word_contain", "word_jaccard", "tri_contain", "tri_jaccard", "log_min_words",
            "idf_contain", "idf_jaccard", "rare_shared", "max_shared_idf", "log_gap", "far",
            "both_quotes", "one_quote", "length_ratio", "polarity_conflict")
_QUOTES = ("\"", "“", "”", "''")


def _is_quote(text: str) -> bool:
    return any(q in text for q in _QUOTES)


def pair_features(a: Item, b: Item, fa, fb, idf, rare: float,
                  cosine: float | None = None) -> list[float]:
    """The ``FEATURES`` of one pair (plus MiniLM ``cosine`` last where given): overlap of
    content words and trigrams, IDF-weighted overlap (``idf``: word hash -> IDF over all
    PolNeAR contents), shared rare words (IDF over ``rare``), log days between when the two
    were said (``utterance_days``), direct quotes on either side, length ratio, polarity
    conflict."""
    import math

    from quoth.cluster.minhash import days_between, polarity_conflict, tokens, utterance_days

    s = similarity(fa, fb)
    gap = days_between(utterance_days(a.said_on, a.published), utterance_days(b.said_on, b.published))
    shared = fa.words & fb.words
    ia, ib, ish = (sum(map(idf, w)) for w in (fa.words, fb.words, shared))
    la, lb = len(tokens(a.text)), len(tokens(b.text))
    out = [s["word_contain"], s["word_jaccard"], s["tri_contain"], s["tri_jaccard"],
           math.log(max(1, s["min_words"])), ish / max(1e-9, min(ia, ib)),
           ish / max(1e-9, ia + ib - ish), sum(idf(h) > rare for h in shared),
           max((idf(h) for h in shared), default=0.0), math.log1p(gap or 0), float((gap or 0) > 30),
           float(_is_quote(a.text) and _is_quote(b.text)), float(_is_quote(a.text) != _is_quote(b.text)),
           min(la, lb) / max(la, lb, 1), float(polarity_conflict(fa, fb))]
    return out + ([cosine] if cosine is not None else [])


def _idf(feats) -> tuple:
    """(word hash -> log((N + 1) / (df + 1)) over all contents, the IDF of a word in 20 of
    them: rarer words count as ``rare_shared``)."""
    import math
    from collections import Counter

    df = Counter(h for f in feats for h in f.words)
    n = len(feats)
    return (lambda h: math.log((n + 1) / (df[h] + 1))), math.log((n + 1) / 21)


def fit_logistic(X, y, l2: float = 3.0):
    """L2-regularised logistic regression by Newton's method (deterministic): (mean, scale,
    weights) with the intercept first; ``predict_logistic`` scores new rows."""
    import numpy as np

    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = np.c_[np.ones(len(X)), (X - mu) / sd]
    w = np.zeros(Z.shape[1])
    reg = l2 * np.r_[0.0, np.ones(Z.shape[1] - 1)]
    for _ in range(100):
        p = 1 / (1 + np.exp(-Z @ w))
        step = np.linalg.solve((Z * (p * (1 - p))[:, None]).T @ Z + np.diag(reg),
                               Z.T @ (p - y) + reg * w)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return mu, sd, w


def predict_logistic(model, X):
    import numpy as np

    mu, sd, w = model
    return 1 / (1 + np.exp(-(np.c_[np.ones(len(X)), (X - mu) / sd] @ w)))


def stratified_folds(y, k: int, rng):
    """A fold number per row, each label spread evenly over the ``k`` folds."""
    import numpy as np

    f = np.zeros(len(y), dtype=int)
    for label in (0, 1):
        idx = rng.permutation(np.flatnonzero(y == label))
        f[idx] = np.arange(len(idx)) % k
    return f


def precision_threshold(scores, y, min_precision: float) -> float:
    """The lowest score threshold whose predictions keep ``min_precision`` (1.01: none)."""
    import numpy as np

    best = 1.01
    for t in np.unique(scores)[::-1]:
        pred = scores >= t
        if y[pred].mean() >= min_precision:
            best = float(t)
    return best


def _oof(X, y, l2, rng, k=5):
    import numpy as np

    f, s = stratified_folds(y, k, rng), np.zeros(len(y))
    for i in range(k):
        s[f == i] = predict_logistic(fit_logistic(X[f != i], y[f != i], l2), X[f == i])
    return s


def _cv_counts(y, predict, reps: int, seed: int) -> dict:
    """Repeated stratified 5-fold CV: ``predict(train, test, rng)`` -> bool predictions."""
    import numpy as np

    rng, tp, fp, fn = np.random.RandomState(seed), 0, 0, 0
    for _ in range(reps):
        f = stratified_folds(y, 5, rng)
        for i in range(5):
            pred = predict(f != i, f == i, rng)
            gold = y[f == i] == 1
            tp, fp, fn = tp + (pred & gold).sum(), fp + (pred & ~gold).sum(), fn + (~pred & gold).sum()
    return {"precision": round(tp / max(1, tp + fp), 3), "recall": round(tp / max(1, tp + fn), 3),
            "tp_per_rep": tp / reps, "fp_per_rep": fp / reps}


THRESHOLD_GRID = {"max_days": (30, 60, 120, 400), "word_containment": (0.6, 0.7, 0.8),
                  "word_jaccard": (0.3, 0.4, 0.5), "trigram_containment": (0.4, 0.5, 0.6),
                  "min_shared": (6, 8, 99)}


def cross_validate(root: pathlib.Path, pairs_path: pathlib.Path, embed=None, *,
                   reps: int = 20, seed: int = 13, min_precision: float = 0.9,
                   l2: float = 3.0) -> dict[str, dict]:
    """Compare, on the tuning splits only (``tune`` + ``tune2``), pair by pair:

    - ``rules``: ``same_utterance`` with ``DEFAULT`` (and ``WITH_EMBEDDINGS`` with
      ``embed``), fixed (its thresholds were set on ``tune``: optimistic there);
    - ``logistic``: a logistic regression over ``pair_features`` (+ MiniLM cosine with
      ``embed``), its threshold the lowest keeping ``min_precision`` on out-of-fold scores
      of the training folds (nested), scored on the held-back fold;
    - ``rules+logistic``: the rules, plus the regression on the pairs they reject;
    - ``grid``: the ``THRESHOLD_GRID`` setting of ``Thresholds`` with the most right joins
      at ``min_precision`` on the training folds (fewest wrong ones if none reaches it).

    Repeated (``reps``) stratified 5-fold CV with a fixed ``seed``; each held-out pair is
    scored once per repetition. No held-out (``report*``) pair is read."""
    import dataclasses
    import itertools

    import numpy as np

    from quoth.cluster.minhash import DEFAULT, WITH_EMBEDDINGS, days_between, same_utterance, utterance_days

    items = list(iter_items(root, given_names=True))
    feats = {it.id: features(it.text) for it in items}
    idf, rare = _idf(list(feats.values()))
    by_id = {it.id: it for it in items}
    pairs = [p for p in map(json.loads, pairs_path.read_text(encoding="utf-8").splitlines())
             if p["split"] in TUNE_SPLITS]
    vec = {}
    if embed is not None:
        ids = sorted({p[s] for p in pairs for s in "ab"})
        vec = dict(zip(ids, embed([by_id[i].text for i in ids])))
    y = np.array([p["label"] == "same" for p in pairs], dtype=int)
    X, gaps, cos = [], [], []
    for p in pairs:
        a, b = by_id[p["a"]], by_id[p["b"]]
        c = float(vec[a.id] @ vec[b.id]) if vec else None
        X.append(pair_features(a, b, feats[a.id], feats[b.id], idf, rare, c))
        gaps.append(days_between(utterance_days(a.said_on, a.published),
                                 utterance_days(b.said_on, b.published)))
        cos.append(c)
    X = np.array(X)

    def rule(t, use_cos):
        return np.array([same_utterance(feats[p["a"]], feats[p["b"]], t, days_apart=g,
                                        cosine=(lambda c=c: c) if use_cos else None)
                         for p, g, c in zip(pairs, gaps, cos)])

    def counts(pred):
        gold = y == 1
        tp, fp = int((pred & gold).sum()), int((pred & ~gold).sum())
        return {"precision": round(tp / max(1, tp + fp), 3), "recall": round(tp / gold.sum(), 3),
                "tp": tp, "fp": fp}

    base = rule(DEFAULT, False)
    out = {"pairs": {"n": len(y), "same": int(y.sum())}, "rules": counts(base)}
    if vec:
        out["rules (embeddings)"] = counts(rule(WITH_EMBEDDINGS, True))

    def logistic(restrict):
        def predict(tr, te, rng):
            m_tr, m_te = tr & restrict, te & restrict
            pred = base[te] & ~restrict[te]  # the rules' joins where the scorer is not asked
            if y[m_tr].sum() < 2:
                return pred
            model = fit_logistic(X[m_tr], y[m_tr], l2)
            t = precision_threshold(_oof(X[m_tr], y[m_tr], l2, rng), y[m_tr], min_precision)
            pred[restrict[te]] |= predict_logistic(model, X[m_te]) >= t
            return pred
        return predict

    everything = np.ones(len(y), dtype=bool)
    out["logistic"] = _cv_counts(y, logistic(everything), reps, seed)
    out["rules+logistic"] = _cv_counts(y, logistic(~base), reps, seed)
    names = list(THRESHOLD_GRID)
    grid = [dataclasses.replace(DEFAULT, **dict(zip(names, v)))
            for v in itertools.product(*THRESHOLD_GRID.values())]
    preds = np.array([rule(t, False) for t in grid])

    def grid_pick(tr, te, rng):
        tp = (preds[:, tr] & (y[tr] == 1)).sum(1)
        fp = (preds[:, tr] & (y[tr] == 0)).sum(1)
        ok = tp >= min_precision * np.maximum(1, tp + fp)
        return preds[int(np.argmax(np.where(ok, tp, -1) - 1e-3 * fp)), te]

    out["grid"] = _cv_counts(y, grid_pick, reps, seed)
    return out


def _known(path: str, drawn_before) -> frozenset:
    """The (a, b) ids of the labelled pairs that were in the file when a round was drawn
    (``drawn_before(record)``), so that re-running a ``propose*`` reproduces its split."""
    return frozenset((r["a"], r["b"]) for r in map(json.loads, pathlib.Path(path).read_text(
        encoding="utf-8").splitlines()) if drawn_before(r))


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, root = argv[0], pathlib.Path(argv[1])
    if cmd == "propose":
        for rec in propose(root):
            print(json.dumps(rec, ensure_ascii=False))
    elif cmd == "propose2":
        first = {r["pair"] for r in propose(root)}
        for rec in propose(root, seed=8, strata=STRATA2):
            if rec["pair"] not in first:
                print(json.dumps(rec, ensure_ascii=False))
    elif cmd == "propose3":
        known = _known(argv[2], lambda r: r["round"] < 3)
        for rec in propose(root, seed=9, strata=STRATA3, exclude=known):
            print(json.dumps({**rec, "split": "report2", "round": 3}, ensure_ascii=False))
    elif cmd == "propose4":
        known = _known(argv[2], lambda r: r["round"] < 4)
        for rec in propose(root, seed=10, strata=STRATA4, exclude=known):
            print(json.dumps({**rec, "split": "report3", "round": 4}, ensure_ascii=False))
    elif cmd in ("propose5", "propose6"):
        # round 5: ``report4`` (held out, seed 12) first; ``tune2`` (seed 13) excludes it too
        split, seed, strata = (("report4", 12, STRATA5) if cmd == "propose5"
                               else ("tune2", 13, STRATA6))
        known = _known(argv[2], lambda r: r["round"] < 5 or (split, r["split"]) == (
            "tune2", "report4"))
        for rec in propose(root, seed=seed, strata=strata, exclude=known):
            print(json.dumps({**rec, "split": split, "round": 5}, ensure_ascii=False))
    elif cmd == "cv":
        embed = None
        if "--embed" in argv[3:]:
            from quoth.cluster import embed as cluster_embed

            embed = cluster_embed.embed
        floor = next((float(x.split("=", 1)[1]) for x in argv[3:]
                      if x.startswith("--min-precision=")), 0.9)
        print(json.dumps(cross_validate(root, pathlib.Path(argv[2]), embed,
                                        min_precision=floor), indent=1))
    elif cmd == "evaluate":
        thresholds = embed = None
        if "--embed" in argv[3:]:
            from quoth.cluster import embed as cluster_embed
            from quoth.cluster.minhash import WITH_EMBEDDINGS

            thresholds, embed = WITH_EMBEDDINGS, cluster_embed.embed
        print(json.dumps(evaluate(root, pathlib.Path(argv[2]), thresholds, embed,
                                  given_names="--surname-keys" not in argv[3:],
                                  tune_only="--tune-only" in argv[3:]), indent=1))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
