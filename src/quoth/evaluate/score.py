"""Scoring quoth against a brat attribution corpus (PolNeAR layout): ``quoth eval``.

Every metric works on word tokens (``\\w+`` runs; punctuation ignored), identified
by position in the article, so a content is the set of word tokens its spans touch.

- content exact P/R/F1: a predicted content whose token set equals a gold one
  (one-to-one);
- content overlap P/R/F1: one-to-one greedy matching of gold and predicted
  contents by shared tokens (most shared first); a match shares >= 1 token;
- content soft P/R/F1: over the overlap matching, shared/|predicted| summed over
  matches / #predicted (P) and shared/|gold| summed / #gold (R);
- source accuracy: over the overlap-matched pairs, the share whose sources share
  a token, or are both absent (the prediction's source is its speaker mention);
- attribution P/R/F1 (the headline): one-to-one greedy matching (highest Dice
  first) of pairs whose content Dice >= 0.5 AND whose sources match as above;
- cue P/R/F1: overlap matching of the cues alone;
- default view: attribution P/R/F1 and speaker name of the statements a default view
  shows (act say, think or want, by a named speaker) against every gold attribution
  (PolNeAR annotates endorsements, actions and topics too, so its recall is lower by design);
- per kind: gold kind from the gold content (direct if it starts with a quote
  mark, mixed if it contains one, else indirect), predicted kind as predicted;
  attribution P by predicted kind, attribution and overlap R by gold kind;
- speaker name: over the attribution matches whose gold source names someone (a
  capitalised word before its first comma, bracket, dash, relative pronoun or "and"), the share
  whose predicted canonical speaker name ends in the last of those words
  (``name_check``: "Kenneth Baer, a former Obama official" is Baer; a proxy for naming
  the right entity; pronoun and unnamed sources are not counted);
- confidence: attribution precision among the top-scored half of the predictions
  against the rest (higher confidence should mean more often right);
- throughput: articles and word tokens per second of extraction;
- extraction errors: articles the extractor failed on (``ArticleResult.error``), scored
  as finding nothing and counted in the report.

The metric functions are pure (token sets in, counts out); ``evaluate`` wires them
to the corpus reader (``quoth.evaluate.brat``) and the extractor.
"""

from __future__ import annotations

import bisect
import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from quoth.engines import DEFAULT_ENGINE
from quoth.errors import InputError, UsageError

__all__ = [
    "Item", "word_tokens", "token_set", "dice", "greedy_match", "gold_kind", "name_check",
    "score_document", "summarize", "evaluate", "format_report", "DICE_THRESHOLD",
]

WORD = re.compile(r"\w+")
DICE_THRESHOLD = 0.5
KIND_NAMES = ("direct", "indirect", "mixed")
QUOTE_START = "\"'“”«»„‘’‚‹›"
QUOTE_ANY = "\"“”«»„‘‹›"  # ’ and ' are apostrophes far more often than quote marks


@dataclass(frozen=True)
class Item:
    """One attribution as token-index sets (gold or predicted)."""

    content: frozenset[int]
    source: frozenset[int] = frozenset()
    cue: frozenset[int] = frozenset()
    kind: str = "indirect"


def word_tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of every ``\\w+`` run in ``text``."""
    return [m.span() for m in WORD.finditer(text)]


def token_set(starts: Sequence[int], ends: Sequence[int],
              spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Indices of the tokens (given by sorted ``starts``/``ends``) that ``spans`` touch."""
    found: set[int] = set()
    for start, end in spans:
        first = bisect.bisect_right(ends, start)  # first token ending after ``start``
        last = bisect.bisect_left(starts, end)  # first token starting at/after ``end``
        found.update(range(first, last))
    return frozenset(found)


def dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def gold_kind(content: str) -> str:
    """direct / mixed / indirect from quote marks in a gold content text."""
    stripped = content.strip()
    if stripped[:1] and stripped[0] in QUOTE_START:
        return "direct"
    return "mixed" if any(ch in QUOTE_ANY for ch in stripped) else "indirect"


def greedy_match(gold: Sequence[Item], pred: Sequence[Item],
                 score: Callable[[Item, Item], float]) -> list[tuple[int, int, float]]:
    """One-to-one matching, highest ``score`` first; pairs scoring <= 0 never match."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            value = score(g, p)
            if value > 0:
                pairs.append((-value, gi, pi))
    pairs.sort()
    used_g, used_p, out = set(), set(), []
    for value, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi, -value))
    return out


def source_match(g: Item, p: Item) -> bool:
    return bool(g.source & p.source) or (not g.source and not p.source)


def _attribution_score(g: Item, p: Item) -> float:
    value = dice(g.content, p.content)
    return value if value >= DICE_THRESHOLD and source_match(g, p) else 0.0


def _exact_count(gold: Sequence[Item], pred: Sequence[Item]) -> int:
    left = Counter(g.content for g in gold if g.content)
    right = Counter(p.content for p in pred if p.content)
    return sum(min(n, right[key]) for key, n in left.items())


def score_document(gold: Sequence[Item], pred: Sequence[Item],
                   matches: list[tuple[int, int]] | None = None) -> Counter:
    """The counts one document adds to the corpus totals (see ``summarize``); ``matches``:
    its ``attribution_matches``, when the caller has them already."""
    c: Counter = Counter(gold=len(gold), pred=len(pred), exact_tp=_exact_count(gold, pred))
    for g in gold:
        c[f"gold_{g.kind}"] += 1
    for p in pred:
        c[f"pred_{p.kind}"] += 1
    for gi, pi, shared in greedy_match(gold, pred, lambda g, p: len(g.content & p.content)):
        g, p = gold[gi], pred[pi]
        c["overlap_tp"] += 1
        c[f"overlap_tp_gold_{g.kind}"] += 1
        c["soft_p"] += shared / len(p.content)
        c["soft_r"] += shared / len(g.content)
        c["source_correct"] += source_match(g, p)
    for gi, pi in attribution_matches(gold, pred) if matches is None else matches:
        c["attr_tp"] += 1
        c[f"attr_tp_gold_{gold[gi].kind}"] += 1
        c[f"attr_tp_pred_{pred[pi].kind}"] += 1
    gold_cues = [Item(g.cue) for g in gold if g.cue]
    pred_cues = [Item(p.cue) for p in pred if p.cue]
    c["cue_gold"], c["cue_pred"] = len(gold_cues), len(pred_cues)
    c["cue_tp"] = len(greedy_match(gold_cues, pred_cues, lambda g, p: len(g.content & p.content)))
    return c


def attribution_matches(gold: Sequence[Item], pred: Sequence[Item]) -> list[tuple[int, int]]:
    """``(gold index, predicted index)`` of the attribution matches (one to one)."""
    return [(gi, pi) for gi, pi, _ in greedy_match(gold, pred, _attribution_score)]


_NAME_CUT = re.compile(r"[,;(\[—–]| -- | - |\b(?:who|which|whose|and)\b")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
_NOT_NAMES = frozenset({"He", "She", "They", "It", "I", "We", "You", "The", "A", "An", "Mr",
                        "Mrs", "Ms", "Dr"})  # words are compared without their final "."


def name_check(source: str, name: str | None) -> bool | None:
    """Does the canonical ``name`` fit the gold ``source`` mention? None where the mention
    names nobody (a pronoun, "officials"); else whether the last capitalised word of the
    name is the last one of the mention before its first comma, bracket, dash, relative
    pronoun or "and": "Kenneth Baer, a former Obama official" is Baer, not Obama; "Clinton
    campaign spokesman Brian Fallon" is Fallon. A proxy: same-surname people pass."""
    def last_name(text: str) -> str | None:
        words = [w.rstrip(".'’").removesuffix("'s").removesuffix("’s")
                 for w in _NAME_WORD.findall(text)]
        words = [w for w in words if w and w not in _NOT_NAMES and w not in _SUFFIXES]
        return words[-1] if words else None

    wanted = last_name(_NAME_CUT.split(source, maxsplit=1)[0])
    if wanted is None:
        return None
    return last_name(name or "") == wanted


def confidence_split(ranked: Sequence[tuple[float, bool]]) -> dict:
    """Is ``confidence`` meaningful? Attribution precision among the top-scored half of the
    predictions (``(confidence, matched)`` pairs; ties keep reading order) against the rest."""
    order = sorted(ranked, key=lambda pair: -pair[0])
    half = len(order) // 2
    top, rest = order[:half], order[half:]
    return {"top_half_p": round(_ratio(sum(ok for _, ok in top), len(top)), 4),
            "rest_p": round(_ratio(sum(ok for _, ok in rest), len(rest)), 4),
            "n": len(order)}


def prf(tp_p: float, n_pred: float, tp_r: float, n_gold: float) -> dict[str, float]:
    """Precision, recall, F1 (0 where undefined), rounded to 4 places."""
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def summarize(c: Counter) -> dict:
    """Corpus figures from summed ``score_document`` counts."""
    g, p = c["gold"], c["pred"]
    by_kind = {}
    for kind in KIND_NAMES:
        by_kind[kind] = {
            "gold": c[f"gold_{kind}"], "pred": c[f"pred_{kind}"],
            "attribution_p": round(_ratio(c[f"attr_tp_pred_{kind}"], c[f"pred_{kind}"]), 4),
            "attribution_r": round(_ratio(c[f"attr_tp_gold_{kind}"], c[f"gold_{kind}"]), 4),
            "overlap_r": round(_ratio(c[f"overlap_tp_gold_{kind}"], c[f"gold_{kind}"]), 4),
        }
    return {
        "gold": g, "predicted": p,
        "content_exact": prf(c["exact_tp"], p, c["exact_tp"], g),
        "content_overlap": prf(c["overlap_tp"], p, c["overlap_tp"], g),
        "content_soft": prf(c["soft_p"], p, c["soft_r"], g),
        "source_accuracy": round(_ratio(c["source_correct"], c["overlap_tp"]), 4),
        "source_pairs": c["overlap_tp"],
        "speaker_name_accuracy": round(_ratio(c["name_correct"], c["name_checked"]), 4),
        "speaker_name_pairs": c["name_checked"],
        "attribution": prf(c["attr_tp"], p, c["attr_tp"], g),
        "cue": prf(c["cue_tp"], c["cue_pred"], c["cue_tp"], c["cue_gold"]),
        "by_kind": by_kind,
    }


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


# -- wiring: corpus + extractor ----------------------------------------------------------


def gold_items(text: str, attributions, tokens) -> list[Item]:
    starts, ends = tokens
    return [Item(token_set(starts, ends, a.content), token_set(starts, ends, a.source),
                 token_set(starts, ends, a.cue),
                 gold_kind(" ".join(text[s:e] for s, e in a.content)))
            for a in attributions]


def predicted_items(statements, tokens) -> list[Item]:
    starts, ends = tokens
    out = []
    for st in statements:
        mention = st.speaker.mention
        out.append(Item(
            token_set(starts, ends, st.content.spans),
            token_set(starts, ends, [(mention.start, mention.end)]) if mention else frozenset(),
            token_set(starts, ends, [(st.cue.start, st.cue.end)]) if st.cue else frozenset(),
            st.kind if st.kind in KIND_NAMES else "indirect"))
    return out


def evaluate(corpus_dir: str, *, engine: str = DEFAULT_ENGINE, limit: int | None = None,
             on_error: Callable[[InputError], None] | None = None,
             progress: Callable[[int], None] | None = None,
             extractor: Callable[..., Iterable] | None = None, model_dir=None) -> dict:
    """Run the extractor over ``corpus_dir`` (brat, PolNeAR layout) and score it.

    ``extractor(articles, engine=...)`` defaults to ``quoth.extraction.extract``;
    ``model_dir``: the model directory the ``model``, ``hybrid`` or ``fast`` engine loads instead of
    its default (passed on as ``extractor(..., model_dir=...)``; checked first, so a
    directory without a model is a ``ModelError``, not a quiet fall-back to the rules).
    """
    from quoth.evaluate.brat import check_corpus, iter_corpus
    from quoth.readers.text import article_from_text

    check_corpus(corpus_dir)
    options: dict = {"engine": engine}
    if model_dir is not None:
        _check_model(engine, model_dir)
        options["model_dir"] = model_dir
    if extractor is None:
        from quoth.extraction import extract as extractor
        from quoth.nlp import load_nlp

        load_nlp()  # loaded once per process: kept out of the throughput figure
    skipped: list[InputError] = []

    def report(error: InputError) -> None:
        skipped.append(error)
        if on_error:
            on_error(error)

    pending: dict[str, tuple] = {}

    def articles():
        for text, doc in iter_corpus(corpus_dir, limit=limit, on_error=report):
            pending[doc.text_path] = (text, doc)
            yield article_from_text(text, path=doc.text_path)

    run = _score_stream(extractor(articles(), **options), pending, progress, report)
    out = {"corpus": corpus_dir, "engine": engine, "articles": run["articles"]}
    if model_dir is not None:
        out["model"] = str(model_dir)
    out.update(summarize(run["totals"]))
    view = summarize(run["shown"])
    out["default_view"] = {k: view[k] for k in ("predicted", "attribution", "speaker_name_accuracy",
                                                "speaker_name_pairs") if k in view}
    out["confidence"] = confidence_split(run["ranked"])
    out["extraction_errors"] = run["totals"]["extraction_errors"]
    out["skipped_records"] = len(skipped) - out["extraction_errors"]
    from quoth.failures import reason_of

    out["skipped_reasons"] = dict(Counter(reason_of(e) for e in skipped))
    seconds = max(run["seconds"], 1e-9)
    out["throughput"] = {"seconds": round(seconds, 2),
                         "articles_per_s": round(run["articles"] / seconds, 2),
                         "tokens_per_s": round(run["tokens"] / seconds, 1)}
    return out


def _check_model(engine: str, model_dir) -> None:
    """``model_dir`` must hold a model that ``engine`` runs (loaded here, and cached)."""
    if engine == "rules":
        raise UsageError("A model directory (--model) needs the engine tagger, hybrid or fast: "
                         "the rules engine has no model.")
    from quoth.tagger.engine import load_tagger

    load_tagger(model_dir)


def _score_stream(results, pending: dict, progress, report) -> dict:
    """Score each result against its gold as it streams by; time extraction only."""
    totals: Counter = Counter()
    shown: Counter = Counter()  # the default view: the statements shown (Statement.shown)
    ranked: list[tuple[float, bool]] = []  # (confidence, attribution match) per prediction
    articles = tokens_seen = 0
    started, scoring = time.perf_counter(), 0.0
    for result in results:
        tick = time.perf_counter()
        text, doc = pending.pop(result.article.path)
        tokens = word_tokens(text)
        columns = ([s for s, _ in tokens], [e for _, e in tokens])
        gold = gold_items(text, doc.attributions, columns)
        pred = predicted_items(result.statements, columns)
        matches = attribution_matches(gold, pred)
        totals += score_document(gold, pred, matches)
        totals += _name_counts(text, doc.attributions, result.statements, matches)
        if result.error is not None:  # scored as finding nothing, reported, counted
            from quoth.failures import extraction_error

            totals["extraction_errors"] += 1
            report(extraction_error(result))
        shown += _default_view_counts(text, doc.attributions, gold, result.statements, columns)
        hits = {pi for _, pi in matches}
        ranked += [(st.confidence, k in hits) for k, st in enumerate(result.statements)]
        articles += 1
        tokens_seen += len(tokens)
        scoring += time.perf_counter() - tick
        if progress:
            progress(articles)
    seconds = time.perf_counter() - started - scoring
    return {"totals": totals, "shown": shown, "ranked": ranked, "articles": articles,
            "tokens": tokens_seen, "seconds": seconds}


def _default_view_counts(text, attributions, gold, statements, columns) -> Counter:
    """The counts of ``score_document`` and ``_name_counts`` for the statements a
    default view shows (act say, think or want, by a named speaker) against every gold
    attribution."""
    kept = [st for st in statements if st.shown]
    pred = predicted_items(kept, columns)
    matches = attribution_matches(gold, pred)
    return score_document(gold, pred, matches) + _name_counts(text, attributions, kept, matches)


def _name_counts(text: str, attributions, statements, matches) -> Counter:
    """``name_checked`` / ``name_correct`` over the attribution matches (``name_check``)."""
    c: Counter = Counter()
    for gi, pi in matches:
        source = " ".join(text[s:e] for s, e in attributions[gi].source)
        ok = name_check(source, statements[pi].speaker.name)
        if ok is not None:
            c["name_checked"] += 1
            c["name_correct"] += ok
    return c


def format_report(r: dict) -> str:
    """The readable table ``quoth eval`` prints."""
    model = f"  model {r['model']}" if r.get("model") else ""
    lines = [f"corpus {r['corpus']}  engine {r['engine']}{model}  articles {r['articles']}  "
             f"gold {r['gold']}  predicted {r['predicted']}",
             "", f"{'metric':<34}{'P':>8}{'R':>8}{'F1':>8}"]
    for key, label in (("attribution", "attribution (Dice>=0.5 + source)"),
                       ("content_exact", "content exact"), ("content_overlap", "content overlap"),
                       ("content_soft", "content soft"), ("cue", "cue (overlap)")):
        m = r[key]
        lines.append(f"{label:<34}{m['p']:>8.3f}{m['r']:>8.3f}{m['f1']:>8.3f}")
    view = r.get("default_view")
    if view:
        m = view["attribution"]
        lines.append(f"{'attribution, default view':<34}{m['p']:>8.3f}{m['r']:>8.3f}{m['f1']:>8.3f}"
                     f"   ({view['predicted']} statements: act say/think/want, speaker named)")
    lines.append(f"{'source accuracy':<34}{r['source_accuracy']:>8.3f}"
                 f"   (over {r['source_pairs']} overlap-matched pairs)")
    if "speaker_name_accuracy" in r:
        lines.append(f"{'speaker name (named sources)':<34}{r['speaker_name_accuracy']:>8.3f}"
                     f"   (over {r['speaker_name_pairs']} attribution matches)")
    lines += ["", f"{'kind':<10}{'gold':>6}{'pred':>6}{'attr P':>8}{'attr R':>8}{'ovl R':>8}"]
    for kind, k in r["by_kind"].items():
        lines.append(f"{kind:<10}{k['gold']:>6}{k['pred']:>6}{k['attribution_p']:>8.3f}"
                     f"{k['attribution_r']:>8.3f}{k['overlap_r']:>8.3f}")
    conf = r.get("confidence")
    if conf:
        lines += ["", f"confidence: attribution P {conf['top_half_p']:.3f} among the top-scored "
                      f"half of the {conf['n']} predictions, {conf['rest_p']:.3f} among the rest"]
    t = r["throughput"]
    reasons = r.get("skipped_reasons") or {}
    why = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items()))
    lines += ["", f"{sum(reasons.values())} skipped" + (f" ({why})" if why else "")
                  + ("; articles not extracted are scored as finding nothing"
                     if r.get("extraction_errors") else ""),
              f"throughput: {t['articles_per_s']} articles/s, {t['tokens_per_s']} tokens/s "
                  f"({t['seconds']} s extracting)"]
    return "\n".join(lines)
