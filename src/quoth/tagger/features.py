"""Token features for the attribution CRF, from the en_core_web_sm parse.

The unit of tagging is a *block*: a paragraph (text between newlines), cut at
sentence ends when it grows past ``MAX_BLOCK`` tokens. Each token becomes a dict
of string/float features; crfsuite takes them as they are. Features read the
Doc's ``TokenTable`` (``quoth.nlp.tables``), never spaCy ``Token`` objects.
"""

from __future__ import annotations

from quoth.nlp.tables import TokenTable, token_table

__all__ = ["blocks", "block_features", "quote_states", "rule_hints", "MAX_BLOCK"]

MAX_BLOCK = 400
OPEN_Q = {"“", "«", "„"}
CLOSE_Q = {"”", "»"}
STRAIGHT_Q = {'"', "''", "``"}
ANCHOR_POS = ("VERB", "NOUN", "ADP", "AUX")
_FLAGS = ("0cue", "title", "sstart", "bstart", "sq", "-2cue", "-1cue", "1cue", "2cue")  # yes/no
CUE_POS = ("VERB", "ADP", "NOUN")


def blocks(doc) -> list[tuple[int, int]]:
    """Token ranges ``(start, end)`` of the paragraphs of ``doc`` (whitespace tokens
    dropped), found once per Doc."""
    found = doc.user_data.get("quoth:blocks")
    if not isinstance(found, tuple):
        found = doc.user_data["quoth:blocks"] = tuple(_blocks(doc))
    return list(found)


def _blocks(doc):
    tt = token_table(doc)
    start = None
    for i, space in enumerate(tt.is_space):
        if space:
            if "\n" in tt.text[i] and start is not None:
                yield from _cut(doc, start, i)
                start = None
            continue
        if start is None:
            start = i
    if start is not None:
        yield from _cut(doc, start, len(tt))


def _cut(doc, start: int, end: int):
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
    return _quote_states([t.text for t in tokens])


def _quote_states(texts: list[str]) -> list[str]:
    states, inside = [], False
    for t in texts:
        if t in OPEN_Q or (t in STRAIGHT_Q and not inside):
            states.append("open")
            inside = True
        elif t in CLOSE_Q or (t in STRAIGHT_Q and inside):
            states.append("close")
            inside = False
        else:
            states.append("in" if inside else "out")
    return states


def _cue_anchor(tt: TokenTable, i: int, cues: frozenset[str], limit: int = 8) -> tuple[str, str, int]:
    """The nearest ancestor-or-self cue lemma: (lemma, dep of the child on the path, depth)."""
    child, node = -1, i
    for depth in range(limit):
        lemma = tt.lemma[node]
        if lemma in cues and tt.pos[node] in ANCHOR_POS:
            return lemma, (tt.dep[child] if child >= 0 else "SELF"), depth
        head = tt.head[node]
        if head == node:
            break
        child, node = node, head
    return "", "", -1


def _token_base(tt: TokenTable, i: int, cues: frozenset[str]) -> dict[str, object]:
    """The token's own features, keyed as the CRF sees them (``0`` = offset 0)."""
    lemma = tt.lemma[i]
    return {
        "0w": tt.lower[i],
        "0l": lemma,
        "0sh": tt.shape[i],
        "0p": tt.pos[i],
        "0t": tt.tag[i],
        "0d": tt.dep[i],
        "0e": tt.ent[i] or "-",
        "0cue": lemma in cues,
    }


def block_features(doc, start: int, end: int, cues: frozenset[str], version: int = 1,
                   hints: list[str] | None = None, sparse: bool = False) -> list[dict[str, object]]:
    """One feature dict per token of ``doc[start:end]`` (``version`` = the model's feature
    set; set 3 adds the rule engine's reading of each token, ``hints`` from ``rule_hints``).
    ``sparse``: leave out the yes/no features that are no (for tagging: a feature of value 0
    adds exactly nothing to a CRF score, and crfsuite need not look it up; training keeps
    them, so the model file stays what it was)."""
    tt = token_table(doc)
    states = _quote_states(tt.text[start:end])
    base = [_token_base(tt, i, cues) for i in range(start, end)]
    sents = _sentence_starts(tt, start, end)
    sent_cues = _sentence_cue_positions(tt, start, base, sents)
    quoted = _quoted_sentences(states, sents) if version >= 2 else set()
    feats = []
    n = end - start
    for k in range(n):
        i = start + k
        head = tt.head[i]
        f = dict(base[k])
        f["bias"] = 1.0
        f["suf"] = tt.lower[i][-3:]
        f["title"] = tt.is_title[i]
        f["q"] = states[k]
        f["hl"] = tt.lemma[head]
        f["hp"] = tt.pos[head]
        f["dhp"] = tt.dep[i] + "|" + tt.pos[head]
        lemma, via, depth = _cue_anchor(tt, i, cues)
        if depth >= 0:
            f["anc"] = lemma
            f["via"] = via
            f["via|q"] = via + "|" + states[k]
            f["depth"] = str(min(depth, 4))
        f["sstart"] = tt.sent_start[i]
        f["side"] = _side(i, sent_cues.get(sents[k], ()))
        f["side|q"] = f["side"] + "|" + states[k]
        f["bstart"] = k == 0
        _neighbours(f, base, states, k, n)
        if version >= 2:
            _extra(f, tt, i, sent_cues.get(sents[k], ()), sents[k] in quoted, bq=states[0])
        if version >= 3 and hints is not None:
            _hinted(f, hints, i, states[k])
        if sparse:
            for key in _FLAGS:
                if f.get(key) is False:
                    del f[key]
        feats.append(f)
    return feats


def _sentence_starts(tt: TokenTable, start: int, end: int) -> list[int]:
    """Per token of ``[start, end)``: where its sentence starts."""
    cur = start
    while cur > 0 and not tt.sent_start[cur]:
        cur -= 1
    out = []
    for i in range(start, end):
        if tt.sent_start[i]:
            cur = i
        out.append(cur)
    return out


def _quoted_sentences(states, sents) -> set[int]:
    return {s for st, s in zip(states, sents) if st in ("open", "close")}


def _bucket(d: int) -> str:
    a = abs(d)
    b = "0" if a == 0 else "1" if a == 1 else "2" if a == 2 else "3-5" if a <= 5 else "6-10" if a <= 10 else "far"
    return ("-" if d < 0 else "+") + b


def _extra(f, tt: TokenTable, i: int, cue_positions, quoted: bool, bq: str) -> None:
    """Feature set 2: quote context of the sentence and block, distance to the cue."""
    f["sq"] = quoted
    f["bq"] = bq
    f["e|d"] = (tt.ent[i] or "-") + "|" + tt.dep[i]
    f["hd"] = tt.dep[tt.head[i]]
    if "via" in f:
        f["via|anc"] = f"{f['via']}|{f['anc']}"
    if cue_positions:
        nearest = min(cue_positions, key=lambda c: abs(c - i))
        f["cdist"] = _bucket(i - nearest)
        f["cdist|q"] = f["cdist"] + "|" + str(f["q"])


def _sentence_cue_positions(tt: TokenTable, start: int, base, sents) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    for k, (b, s) in enumerate(zip(base, sents)):
        if b["0cue"] and tt.pos[start + k] in CUE_POS:
            found.setdefault(s, []).append(start + k)
    return {k: tuple(v) for k, v in found.items()}


def _side(i: int, cue_positions: tuple[int, ...]) -> str:
    if not cue_positions:
        return "nocue"
    if i in cue_positions:
        return "at"
    before = cue_positions[-1] > i  # positions ascend
    after = cue_positions[0] < i
    return "both" if before and after else ("before" if before else "after")


_NEAR = tuple((off, f"{off}w", f"{off}p", f"{off}d", f"{off}cue") for off in (-2, -1, 1, 2))
_NEXT = {off: (f"{off}l", f"{off}q", f"{off}e") for off in (-1, 1)}


def _neighbours(f: dict[str, object], base, states, k: int, n: int) -> None:
    for off, kw, kp, kd, kcue in _NEAR:
        j = k + off
        if 0 <= j < n:
            b = base[j]
            f[kw] = b["0w"]
            f[kp] = b["0p"]
            f[kd] = b["0d"]
            f[kcue] = b["0cue"]
            if off in _NEXT:
                kl, kq, ke = _NEXT[off]
                f[kl] = b["0l"]
                f[kq] = states[j]
                f[ke] = b["0e"]
        else:
            f[kw] = "<edge>"


def rule_hints(doc, found=None) -> list[str]:
    """Per token: ``B-``/``I-`` + S, Q or C where the rule engine reads a source, cue or
    content (``O`` elsewhere, and everywhere if the rules fail on this Doc). ``found``:
    the rules' candidates for ``doc`` when the caller already has them."""
    from quoth.rules import finder as rules

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
