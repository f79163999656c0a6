"""Token features for the attribution CRF, from the en_core_web_sm parse.

The unit of tagging is a *block*: a paragraph (text between newlines), cut at
sentence ends when it grows past ``MAX_BLOCK`` tokens. Each token becomes a dict
of string/float features; crfsuite takes them as they are.
"""

from __future__ import annotations

from typing import Iterator

__all__ = ["blocks", "block_features", "quote_states", "rule_hints", "MAX_BLOCK"]

MAX_BLOCK = 400
OPEN_Q = {"“", "«", "„"}
CLOSE_Q = {"”", "»"}
STRAIGHT_Q = {'"', "''", "``"}


def blocks(doc) -> Iterator[tuple[int, int]]:
    """Token ranges ``(start, end)`` of the paragraphs of ``doc`` (whitespace tokens dropped)."""
    start = None
    for tok in doc:
        if tok.is_space:
            if "\n" in tok.text and start is not None:
                yield from _cut(doc, start, tok.i)
                start = None
            continue
        if start is None:
            start = tok.i
    if start is not None:
        yield from _cut(doc, start, len(doc))


def _cut(doc, start: int, end: int) -> Iterator[tuple[int, int]]:
    if end - start <= MAX_BLOCK:
        yield start, end
        return
    piece = start
    for sent in doc[start:end].sents:
        if sent.end - piece > MAX_BLOCK and sent.start > piece:
            yield piece, sent.start
            piece = sent.start
    yield piece, end


def quote_states(tokens) -> list[str]:
    """Per token: ``"open"``/``"close"`` for quote marks, ``"in"``/``"out"`` otherwise."""
    states, inside = [], False
    for tok in tokens:
        t = tok.text
        if t in OPEN_Q or (t in STRAIGHT_Q and not inside):
            states.append("open")
            inside = True
        elif t in CLOSE_Q or (t in STRAIGHT_Q and inside):
            states.append("close")
            inside = False
        else:
            states.append("in" if inside else "out")
    return states


def _cue_anchor(tok, cues: frozenset[str], limit: int = 8) -> tuple[str, str, int]:
    """The nearest ancestor-or-self cue lemma: (lemma, dep of the child on the path, depth)."""
    child, node = None, tok
    for depth in range(limit):
        if node.lemma_.lower() in cues and node.pos_ in ("VERB", "NOUN", "ADP", "AUX"):
            return node.lemma_.lower(), (child.dep_ if child is not None else "SELF"), depth
        if node.head is node:
            break
        child, node = node, node.head
    return "", "", -1


def _token_base(tok, cues: frozenset[str]) -> dict[str, object]:
    lemma = tok.lemma_.lower()
    return {
        "w": tok.lower_,
        "l": lemma,
        "sh": tok.shape_,
        "p": tok.pos_,
        "t": tok.tag_,
        "d": tok.dep_,
        "e": tok.ent_type_ or "-",
        "cue": lemma in cues,
    }


def block_features(doc, start: int, end: int, cues: frozenset[str], version: int = 1,
                   hints: list[str] | None = None) -> list[dict[str, object]]:
    """One feature dict per token of ``doc[start:end]`` (``version`` = the model's feature
    set; set 3 adds the rule engine's reading of each token, ``hints`` from ``rule_hints``)."""
    toks = doc[start:end]
    states = quote_states(toks)
    base = [_token_base(t, cues) for t in toks]
    sents = _sentence_starts(doc, start, end)
    sent_cues = _sentence_cue_positions(toks, base, sents)
    quoted = _quoted_sentences(states, sents) if version >= 2 else set()
    feats = []
    n = len(toks)
    for k, tok in enumerate(toks):
        f = {f"0{key}": val for key, val in base[k].items()}
        f["bias"] = 1.0
        f["suf"] = tok.lower_[-3:]
        f["title"] = tok.is_title
        f["q"] = states[k]
        f["hl"] = tok.head.lemma_.lower()
        f["hp"] = tok.head.pos_
        f["dhp"] = tok.dep_ + "|" + tok.head.pos_
        lemma, via, depth = _cue_anchor(tok, cues)
        if depth >= 0:
            f["anc"] = lemma
            f["via"] = via
            f["via|q"] = via + "|" + states[k]
            f["depth"] = str(min(depth, 4))
        f["sstart"] = tok.is_sent_start
        f["side"] = _side(tok.i, sent_cues.get(sents[k], ()))
        f["side|q"] = f["side"] + "|" + states[k]
        f["bstart"] = k == 0
        _neighbours(f, base, states, k, n)
        if version >= 2:
            _extra(f, tok, states, sent_cues.get(sents[k], ()), sents[k] in quoted, bq=states[0])
        if version >= 3 and hints is not None:
            _hinted(f, hints, tok.i, states[k])
        feats.append(f)
    return feats


def _sentence_starts(doc, start: int, end: int) -> list[int]:
    """Per token of ``doc[start:end]``: where its sentence starts (``tok.sent`` is slow)."""
    cur = start
    while cur > 0 and not doc[cur].is_sent_start:
        cur -= 1
    out = []
    for tok in doc[start:end]:
        if tok.is_sent_start:
            cur = tok.i
        out.append(cur)
    return out


def _quoted_sentences(states, sents) -> set[int]:
    return {s for st, s in zip(states, sents) if st in ("open", "close")}


def _bucket(d: int) -> str:
    a = abs(d)
    b = "0" if a == 0 else "1" if a == 1 else "2" if a == 2 else "3-5" if a <= 5 else "6-10" if a <= 10 else "far"
    return ("-" if d < 0 else "+") + b


def _extra(f, tok, states, cue_positions, quoted: bool, bq: str) -> None:
    """Feature set 2: quote context of the sentence and block, distance to the cue."""
    f["sq"] = quoted
    f["bq"] = bq
    f["e|d"] = (tok.ent_type_ or "-") + "|" + tok.dep_
    f["hd"] = tok.head.dep_
    if "via" in f:
        f["via|anc"] = f"{f['via']}|{f['anc']}"
    if cue_positions:
        nearest = min(cue_positions, key=lambda c: abs(c - tok.i))
        f["cdist"] = _bucket(tok.i - nearest)
        f["cdist|q"] = f["cdist"] + "|" + str(f["q"])


def _sentence_cue_positions(toks, base, sents) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    for tok, b, s in zip(toks, base, sents):
        if b["cue"] and tok.pos_ in ("VERB", "ADP", "NOUN"):
            found.setdefault(s, []).append(tok.i)
    return {k: tuple(v) for k, v in found.items()}


def _side(i: int, cue_positions: tuple[int, ...]) -> str:
    if not cue_positions:
        return "nocue"
    if i in cue_positions:
        return "at"
    before = any(c > i for c in cue_positions)
    after = any(c < i for c in cue_positions)
    return "both" if before and after else ("before" if before else "after")


def _neighbours(f: dict[str, object], base, states, k: int, n: int) -> None:
    for off in (-2, -1, 1, 2):
        j = k + off
        if 0 <= j < n:
            b = base[j]
            f[f"{off}w"] = b["w"]
            f[f"{off}p"] = b["p"]
            f[f"{off}d"] = b["d"]
            f[f"{off}cue"] = b["cue"]
            if abs(off) == 1:
                f[f"{off}l"] = b["l"]
                f[f"{off}q"] = states[j]
                f[f"{off}e"] = b["e"]
        else:
            f[f"{off}w"] = "<edge>"


def rule_hints(doc, found=None) -> list[str]:
    """Per token: ``B-``/``I-`` + S, Q or C where the rule engine reads a source, cue or
    content (``O`` elsewhere, and everywhere if the rules fail on this Doc). ``found``:
    the rules' candidates for ``doc`` when the caller already has them."""
    from quoth.pipeline import rules

    hints = ["O"] * len(doc)
    try:
        found = rules.candidates(doc) if found is None else found
    except Exception:  # the hints are optional: a rules failure must not stop tagging
        return hints
    for c in found:
        for role, pieces in (("C", c.spans), ("Q", [c.cue] if c.cue else []), ("S", [c.source] if c.source else [])):
            for s, e in pieces:
                span = doc.char_span(s, e, alignment_mode="expand")
                for k, tok in enumerate(span or ()):
                    if hints[tok.i] == "O":
                        hints[tok.i] = ("B-" if k == 0 else "I-") + role
    return hints


def _hinted(f, hints: list[str], i: int, state: str) -> None:
    f["rh"] = hints[i]
    f["rh|q"] = hints[i] + "|" + state
    f["rh-1"] = hints[i - 1] if i > 0 else "<edge>"
    f["rh+1"] = hints[i + 1] if i + 1 < len(hints) else "<edge>"
