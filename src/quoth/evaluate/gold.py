"""Scoring against a JSONL statement gold (the French gold, ``tests/data/fr_gold``).

A gold statement is found when a predicted statement's content covers at least
``MIN_OVERLAP`` of the shorter of the two contents (characters, over all pieces; each
prediction matches at most one gold statement, largest overlap first) and its
speaker is right: the same name as the gold's canonical name or its mention (folded:
case, accents, apostrophes; through ``quoth.resolve.aliases``), the same surname, or a
name of two words or more that the gold mention contains ("Agence nationale de sécurité
du médicament" in "l'Agence nationale de sécurité du médicament et des produits de santé
(ANSM)").

Figures: ``attribution`` (content + right speaker) P/R/F1; ``content`` (content only);
``direct`` (the same over direct quotes: gold and predicted statements of kind
``direct``); ``negatives``: how many predictions are a gold negative (a scare quote
or title) on its own.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any, Iterable

from quoth.resolve.aliases import alias_key, canonical

__all__ = ["is_gold_file", "load_gold", "evaluate_gold", "format_gold_report", "MIN_OVERLAP"]

MIN_OVERLAP = 0.5
GOLD_NAME = "gold.jsonl"


def is_gold_file(path: str) -> bool:
    """A JSONL gold file, or a directory holding ``gold.jsonl``."""
    return path.endswith(".jsonl") or os.path.isfile(os.path.join(path, GOLD_NAME))


def load_gold(path: str) -> list[dict]:
    if os.path.isdir(path):
        path = os.path.join(path, GOLD_NAME)
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate_gold(gold_path: str, texts_dir: str, *, engine: str = "hybrid") -> dict[str, Any]:
    """Extract the articles of ``texts_dir`` and score them against the gold."""
    from quoth.extraction import extract
    from quoth.readers import read

    records = load_gold(gold_path)
    files = sorted({r["file"] for r in records})
    started = time.perf_counter()
    results = list(extract(read([os.path.join(texts_dir, f) for f in files]), engine=engine))
    seconds = time.perf_counter() - started
    predicted = {os.path.basename(r.article.path): r.statements for r in results}
    missing = [f for f in files if f not in predicted]
    scores = score(records, predicted)
    scores.update(articles=len(results), missing=missing, seconds=round(seconds, 2),
                  engine=engine)
    return scores


def score(records: list[dict], predicted: dict[str, Iterable]) -> dict[str, Any]:
    """The figures for ``predicted`` (file -> statements) against the gold records."""
    counts = {k: [0, 0, 0] for k in ("attribution", "content", "direct")}  # tp, gold, pred
    negatives = 0
    for name in sorted({r["file"] for r in records}):
        gold = [r for r in records if r["file"] == name and r["type"] == "statement"]
        negs = [r["span"] for r in records if r["file"] == name and r["type"] == "negative"]
        pred = list(predicted.get(name, ()))
        negatives += sum(_is_negative(p, negs) for p in pred)
        for key, with_speaker, kind in (("attribution", True, None), ("content", False, None),
                                        ("direct", True, "direct")):
            g = [r for r in gold if kind is None or r["kind"] == kind]
            p = [s for s in pred if kind is None or s.kind == kind]
            counts[key][0] += len(_match(g, p, with_speaker))
            counts[key][1] += len(g)
            counts[key][2] += len(p)
    out: dict[str, Any] = {k: _prf(*v) for k, v in counts.items()}
    out["negatives_emitted"] = negatives
    out["negatives"] = sum(r["type"] == "negative" for r in records)
    return out


def _match(gold: list[dict], pred: list, with_speaker: bool) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            share = _overlap(g["content"]["spans"], p.content.spans)
            if share >= MIN_OVERLAP and (not with_speaker or speaker_right(g, p.speaker)):
                pairs.append((share, gi, pi))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _overlap(gold_spans, pred_spans) -> float:
    shared = sum(max(0, min(e, e2) - max(s, s2)) for s, e in gold_spans for s2, e2 in pred_spans)
    shorter = min(sum(e - s for s, e in gold_spans), sum(e - s for s, e in pred_spans))
    return shared / shorter if shorter else 0.0


def speaker_right(gold: dict, speaker) -> bool:
    """The predicted speaker is the gold one (see the module docstring)."""
    if not speaker.name:
        return False
    said = {alias_key(speaker.name), alias_key(canonical(speaker.name) or "")}
    wanted = {alias_key(gold["speaker"]["name"]), alias_key(canonical(gold["speaker"]["name"])),
              alias_key(gold["speaker"]["mention"]["text"])}
    if said & wanted:
        return True
    key = alias_key(speaker.name)
    if len(key.split()) >= 2 and key in alias_key(gold["speaker"]["mention"]["text"]):
        return True
    surname = alias_key(speaker.name).split()[-1:]
    return bool(surname) and len(gold["speaker"]["name"].split()) > 1 and \
        surname == alias_key(gold["speaker"]["name"]).split()[-1:]


def _is_negative(statement, negatives: list[dict]) -> bool:
    return any(n["start"] <= statement.content.start and statement.content.end <= n["end"]
               for n in negatives)


def _prf(tp: int, n_gold: int, n_pred: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "found": tp, "gold": n_gold, "predicted": n_pred}


def format_gold_report(r: dict[str, Any]) -> str:
    lines = [f"quoth eval (JSONL gold): {r['articles']} articles, engine {r['engine']}, "
             f"{r['seconds']} s"]
    for key, label in (("attribution", "attribution (content + speaker)"),
                       ("content", "content only"), ("direct", "direct quotes")):
        m = r[key]
        lines.append(f"  {label:<32} P {m['precision']:.3f}  R {m['recall']:.3f}  "
                     f"F1 {m['f1']:.3f}  ({m['found']} of {m['gold']} gold, "
                     f"{m['predicted']} predicted)")
    lines.append(f"  negatives (scare quotes, titles) reported as statements: "
                 f"{r['negatives_emitted']} of {r['negatives']}")
    if r["missing"]:
        lines.append("  missing articles: " + ", ".join(r["missing"]))
    return "\n".join(lines)
