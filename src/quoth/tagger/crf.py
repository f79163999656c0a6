"""The attribution CRF run in numpy: the model's weights read once, features as ids.

crfsuite's ``Tagger.set`` turns every token's feature dict into ``key:value`` strings
and looks each one up again for every paragraph; on PolNeAR that was most of the
hybrid finder's time. Here the model file's weights go into a matrix once
(``CRFWeights``: one row per attribute, one column per label, plus a zero row for
attributes the model never saw), ``attribute_ids`` computes each feature of
``tagger_features.block_features`` for a whole Doc as one column of attribute ids, and
``crf_tag`` scores every paragraph with one sum of rows and decodes them together
(Viterbi and forward-backward as crfsuite does them, batched over the paragraphs of
one Doc or of a batch of Docs, ``Tagger.tag_many``).

The ids are exactly the attributes crfsuite would see for ``block_features(...,
sparse=True)`` (``tests/test_tagger_crf.py`` checks this on parsed text), so labels and
marginals are crfsuite's up to float rounding in the order of a sum.
"""

from __future__ import annotations

import pathlib
import struct

import numpy as np

from quoth.errors import ModelError
from quoth.nlp.tables import TokenTable, token_table
from quoth.tagger.features import ANCHOR_POS, CLOSE_Q, CUE_POS, OPEN_Q, STRAIGHT_Q, blocks

__all__ = ["CRFWeights", "attribute_ids", "block_scores", "crf_tag", "crf_marginals",
           "doc_marginals", "anchors"]

_QUOTE_MARKS = OPEN_Q | CLOSE_Q | STRAIGHT_Q
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_HEADER = np.dtype("<u4")


class CRFWeights:
    """A crfsuite CRF1d model as arrays: ``state`` (attributes + 1 zero row, labels),
    ``trans`` (labels, labels), ``labels``, and per feature key a dict value -> row."""

    def __init__(self, path: str | pathlib.Path, tagger=None) -> None:
        """``tagger``: crfsuite's ``Tagger`` already open on ``path``, if the caller has one."""
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
        self.labels: tuple[str, ...] = tuple(tagger.labels())
        raw = pathlib.Path(path).read_bytes()
        try:  # the names from the model's own string table: ~0.03 s, where the dump took ~0.7 s
            names = _attribute_names(raw)
            self.state, self.trans = _read_weights(raw, len(names), len(self.labels))
        except ModelError:  # an unexpected layout: names from crfsuite's dump, checked
            dumped = tagger.info()
            names = list(dict.fromkeys(attr for attr, _ in dumped.state_features))
            self.state, self.trans = _read_weights(raw, len(names), len(self.labels))
            _check_against_dump(self, names, dumped)
        self.zero = len(names)
        self.keys: dict[str, dict[str, int]] = {}
        self.flags: dict[str, int] = {}
        for row, name in enumerate(names):
            key, sep, value = name.partition(":")
            if sep:
                self.keys.setdefault(key, {})[value] = row
            else:
                self.flags[name] = row
        self.families = _family_tables(self)
        self.vias = tuple(sorted({v.rpartition("|")[0] for v in self.keys.get("via|q", {})})) + ("",)
        self._via_code = {v: k for k, v in enumerate(self.vias)}
        self._grids: dict[tuple, np.ndarray] = {}

    def column(self, key: str, values) -> list[int]:
        """Rows of ``key:value`` for each value (the zero row for unseen ones)."""
        known, zero = self.keys.get(key, {}), self.zero
        return [known.get(v, zero) for v in values]

    def grid(self, key: str, *axes: tuple[str, ...]) -> np.ndarray:
        """Rows of ``key`` for every combination of the values on ``axes`` (``a|b``), as an
        array indexed by the values' positions (cached)."""
        found = self._grids.get((key, axes))
        if found is None:
            known = self.keys.get(key, {})
            found = np.full(tuple(len(a) for a in axes), self.zero, dtype=np.int64)
            for pos in np.ndindex(*found.shape):
                found[pos] = known.get("|".join(a[p] for a, p in zip(axes, pos)), self.zero)
            self._grids[(key, axes)] = found
        return found

    def via_codes(self, vias) -> np.ndarray:
        """Positions in ``self.vias`` (the last, an all-zero row, for None or unseen)."""
        get, none = self._via_code.get, len(self.vias) - 1
        return np.asarray([get(v, none) if v is not None else none for v in vias], dtype=np.int64)

    def flag(self, key: str, on) -> list[int]:
        """Row of the yes/no attribute ``key`` where ``on`` is true, else the zero row."""
        row, zero = self.flags.get(key, self.zero), self.zero
        return [row if v else zero for v in on]


def _read_weights(raw: bytes, n_attrs: int, n_labels: int) -> tuple[np.ndarray, np.ndarray]:
    header = np.frombuffer(raw, dtype=_HEADER, count=12)
    if raw[:4] != b"lCRF" or raw[8:12] != b"FOMC" or header[5] != n_labels or header[6] != n_attrs:
        raise ModelError("The file is not a crfsuite CRF1d model of the expected shape.")
    offset = int(header[7])
    if raw[offset:offset + 4] != b"FEAT":
        raise ModelError("The crfsuite model has no feature chunk where its header says.")
    count = int(np.frombuffer(raw, dtype=_HEADER, count=1, offset=offset + 8)[0])
    feats = np.frombuffer(raw, dtype=_FEATURE, count=count, offset=offset + 12)
    state = np.zeros((n_attrs + 1, n_labels))
    trans = np.zeros((n_labels, n_labels))
    is_state = feats["type"] == 0
    state[feats["src"][is_state], feats["dst"][is_state]] = feats["weight"][is_state]
    trans[feats["src"][~is_state], feats["dst"][~is_state]] = feats["weight"][~is_state]
    return state, trans


def _attribute_names(raw: bytes) -> list[str]:
    """The attribute names in id order, from the model's attribute string table (a CQDB
    chunk at header word 9: its backward array maps each id to a record ``id, size,
    name + NUL``); ``ModelError`` where the layout is not that."""
    names, record = [], struct.Struct("<iI").unpack_from
    try:
        header = np.frombuffer(raw, dtype=_HEADER, count=12)
        base = int(header[9])
        if raw[:4] != b"lCRF" or raw[base:base + 4] != b"CQDB":
            raise ModelError("The crfsuite model has no attribute table where its header says.")
        count, offset = (int(v) for v in np.frombuffer(raw, dtype=_HEADER, count=2, offset=base + 16))
        if count != int(header[6]):
            raise ModelError("The crfsuite model's attribute table size does not match its header.")
        refs = np.frombuffer(raw, dtype=_HEADER, count=count, offset=base + offset).tolist()
        for k, at in enumerate(refs):
            ident, size = record(raw, base + at)
            if ident != k or size < 1:
                raise ModelError("The crfsuite model's attribute table is out of order.")
            names.append(raw[base + at + 8:base + at + 7 + size].decode("utf-8"))
    except (ValueError, struct.error) as exc:  # truncated, or not UTF-8
        raise ModelError(f"The crfsuite model's attribute table cannot be read ({exc}).") from exc
    return names


def _check_against_dump(weights: CRFWeights, names: list[str], dumped) -> None:
    """``names`` (attribute-id order) and the weights crfsuite's dump prints, to 6 decimals,
    must match the binary ones read here (on load only where the names come from the dump;
    tests/test_tagger_crf.py checks the shipped model)."""
    index = {name: k for k, name in enumerate(names)}
    label = {name: k for k, name in enumerate(weights.labels)}
    for (attr, lab), w in dumped.state_features.items():
        if abs(weights.state[index[attr], label[lab]] - w) > 1e-5:
            raise ModelError(f"The crfsuite model's weight of {attr!r} -> {lab} does not match its dump.")
    for (a, b), w in dumped.transitions.items():
        if abs(weights.trans[label[a], label[b]] - w) > 1e-5:
            raise ModelError(f"The crfsuite model's transition {a} -> {b} does not match its dump.")


def anchors(tt: TokenTable, cues: frozenset[str], limit: int = 8) -> list[tuple[str, str, int]]:
    """``tagger_features._cue_anchor`` for every token at once: the nearest ancestor-or-self
    cue lemma, the dependency of the child on the path (``SELF`` for the token itself) and
    the depth, or ``("", "", -1)`` (none within ``limit`` steps)."""
    none = ("", "", -1)
    found: list[tuple[str, str, int] | None] = [None] * len(tt)
    for i in range(len(tt)):
        path, node = [], i
        while found[node] is None:
            if tt.lemma[node] in cues and tt.pos[node] in ANCHOR_POS:
                found[node] = (tt.lemma[node], "SELF", 0)
                break
            head = tt.head[node]
            if head == node or head in path:
                found[node] = none
                break
            path.append(node)
            node = head
        below = found[node]
        for child in reversed(path):  # walk back down, one step deeper each time
            if below[2] < 0 or below[2] + 1 >= limit:
                below = none
            else:
                below = (below[0], tt.dep[child] if below[2] == 0 else below[1], below[2] + 1)
            found[child] = below
    return found  # type: ignore[return-value]


# Token attributes whose value several features read, at the token itself (offset 0),
# at its neighbours or at its head: one table lookup per token gives all their rows.
_FAMILIES = {
    "w": ("0w", "-2w", "-1w", "1w", "2w"),
    "l": ("0l", "-1l", "1l", "hl"),
    "p": ("0p", "-2p", "-1p", "1p", "2p", "hp"),
    "d": ("0d", "-2d", "-1d", "1d", "2d", "hd"),
    "e": ("0e", "-1e", "1e"),
}


def _family_tables(weights: CRFWeights) -> dict[str, tuple[dict[str, int], np.ndarray]]:
    """Per family: value -> row of a table whose columns are the family's keys' attribute
    rows (the last table row, for values the model never saw, all zero rows)."""
    out = {}
    for family, keys in _FAMILIES.items():
        values = sorted({v for k in keys for v in weights.keys.get(k, {})})
        index = {v: r for r, v in enumerate(values)}
        table = np.full((len(values) + 1, len(keys)), weights.zero, dtype=np.int64)
        for c, k in enumerate(keys):
            for v, row in weights.keys.get(k, {}).items():
                table[index[v], c] = row
        out[family] = (index, table)
    return out


def attribute_ids(doc, cues: frozenset[str], weights: CRFWeights, version: int = 2) -> np.ndarray:
    """Attribute rows of ``block_features(doc, s, e, cues, version, sparse=True)`` for
    every block of ``doc``: an int array (features, tokens of the Doc); tokens outside
    the blocks and features a token lacks hold the zero row."""
    tt = token_table(doc)
    n, zero = len(tt), weights.zero
    spans = blocks(doc)
    col, flag = weights.column, weights.flag
    ent = [e or "-" for e in tt.ent]
    is_cue = [lemma in cues for lemma in tt.lemma]
    anc = anchors(tt, cues)
    heads = np.asarray(tt.head, dtype=np.int64)
    head_pos = [tt.pos[h] for h in tt.head]
    fam = _family_rows(weights, {"w": tt.lower, "l": tt.lemma, "p": tt.pos, "d": tt.dep, "e": ent})
    rows: list = [fam["w"][:, 0], fam["l"][:, 0], fam["p"][:, 0], fam["d"][:, 0], fam["e"][:, 0],
                  fam["l"][heads, 3], fam["p"][heads, 5],
                  col("0sh", tt.shape), col("0t", tt.tag), flag("0cue", is_cue), flag("bias", [True] * n),
                  col("suf", [w[-3:] for w in tt.lower]), flag("title", tt.is_title),
                  col("dhp", [d + "|" + p for d, p in zip(tt.dep, head_pos)]),
                  col("anc", [a[0] if a[2] >= 0 else None for a in anc]),
                  col("via", [a[1] if a[2] >= 0 else None for a in anc]),
                  col("depth", [str(min(a[2], 4)) if a[2] >= 0 else None for a in anc]),
                  flag("sstart", [s is True for s in tt.sent_start])]
    if version >= 2:
        rows += [col("e|d", [e + "|" + d for e, d in zip(ent, tt.dep)]), fam["d"][heads, 5],
                 col("via|anc", [a[1] + "|" + a[0] if a[2] >= 0 else None for a in anc])]
    rows += _block_columns(tt, spans, is_cue, anc, weights, version)
    rows += _neighbour_columns(spans, fam, np.asarray(is_cue, dtype=bool), weights)
    ids = np.empty((len(rows), n), dtype=np.int64)
    for k, r in enumerate(rows):
        ids[k] = r
    return ids


def _family_rows(weights: CRFWeights, values: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """Per family, per token: the rows of the family's keys for the token's value."""
    out = {}
    for family, (index, table) in weights.families.items():
        unseen = len(table) - 1
        out[family] = table[np.asarray([index.get(v, unseen) for v in values[family]], dtype=np.int64)]
    return out


_STATES = ("out", "open", "in", "close")  # quote states as codes 0-3
_SIDES = ("nocue", "at", "before", "after", "both")
_DIST = tuple(sign + b for sign in "-+" for b in ("0", "1", "2", "3-5", "6-10", "far"))


def _in_group(at: np.ndarray, k: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Whether cue number ``k`` (per token; may be out of range) is in the token's group."""
    ok = (k >= 0) & (k < len(at))
    return ok & (group[_cue_at(at, k).clip(0)] == group) if len(at) else ok


def _cue_at(at: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Position of cue number ``k`` per token (-1 where out of range)."""
    if not len(at):
        return np.full(len(k), -1)
    return np.where((k >= 0) & (k < len(at)), at[k.clip(0, len(at) - 1)], -1)


def _quote_codes(text: list[str], spans) -> np.ndarray:
    """``tagger_features._quote_states`` of every block as codes (``_STATES``)."""
    codes = np.zeros(len(text), dtype=np.int64)
    marks = [i for i, t in enumerate(text) if t in _QUOTE_MARKS]
    k = 0
    for start, end in spans:
        while k < len(marks) and marks[k] < start:
            k += 1
        inside, last = False, start
        while k < len(marks) and marks[k] < end:
            i, t = marks[k], text[marks[k]]
            if inside:
                codes[last:i] = 2
            if t in OPEN_Q or (t in STRAIGHT_Q and not inside):
                codes[i], inside = 1, True
            else:
                codes[i], inside = 3, False
            last, k = i + 1, k + 1
        if inside:
            codes[last:end] = 2
    return codes


def _block_columns(tt: TokenTable, spans, is_cue, anc, weights: CRFWeights, version: int) -> list:
    """The features that depend on the block, for all blocks at once: quote states (and
    those of the ±1 neighbours), the side of and distance to the sentence's cue words,
    whether the sentence holds a quote mark, the block's first quote state, ``bstart``."""
    n, zero = len(tt), weights.zero
    idx = np.arange(n)
    block_of = np.full(n, -1)
    first = np.zeros(n, dtype=np.int64)
    for b, (s, e) in enumerate(spans):
        block_of[s:e], first[s:e] = b, s
    inb = block_of >= 0
    q = _quote_codes(tt.text, spans)
    starts_sent = np.asarray([s is True for s in tt.sent_start], dtype=bool)
    sent = np.maximum.accumulate(np.where(starts_sent, idx, 0)) if n else idx  # its sentence's start
    group = np.cumsum(np.r_[True, (block_of[1:] != block_of[:-1]) | (sent[1:] != sent[:-1])]) if n else idx
    cue = inb & np.asarray(is_cue, dtype=bool) & np.isin(np.asarray(tt.pos, dtype=object), CUE_POS)
    at = np.flatnonzero(cue)
    right, left = np.searchsorted(at, idx, "right"), np.searchsorted(at, idx, "left")
    has_prev, has_next = _in_group(at, right - 1, group), _in_group(at, left, group)  # cue <= i, >= i
    prev_c, next_c = _cue_at(at, right - 1), _cue_at(at, left)
    before, after = _in_group(at, right, group), _in_group(at, left - 1, group)  # cue > i, < i
    side = np.where(before & after, 4, np.where(before, 2, 3))
    side = np.where(~(has_prev | has_next), 0, np.where(cue, 1, side))
    grid = weights.grid
    via = [a[1] if a[2] >= 0 else None for a in anc]
    out = [grid("q", _STATES)[q], grid("via|q", weights.vias, _STATES)[weights.via_codes(via), q]]
    out.append(grid("side", _SIDES)[side])
    out.append(grid("side|q", _SIDES, _STATES)[side, q])
    same_prev = np.r_[False, block_of[1:] == block_of[:-1]] & inb
    same_next = np.r_[block_of[:-1] == block_of[1:], False] & inb
    out.append(np.where(same_prev, grid("-1q", _STATES)[np.roll(q, 1)], zero))
    out.append(np.where(same_next, grid("1q", _STATES)[np.roll(q, -1)], zero))
    if version >= 2:
        out.append(grid("bq", _STATES)[q[first]])
        nearest = np.where(has_prev & (~has_next | (idx - prev_c <= next_c - idx)), prev_c, next_c)
        d = idx - nearest
        dist = np.where(d < 0, 0, 6) + np.searchsorted(np.array([0, 1, 2, 5, 10]), np.abs(d), "left")
        near = has_prev | has_next
        out.append(np.where(near, grid("cdist", _DIST)[dist], zero))
        out.append(np.where(near, grid("cdist|q", _DIST, _STATES)[dist, q], zero))
    starts = np.zeros(n, dtype=bool)
    starts[[s for s, e in spans if e > s]] = True
    out.append(np.where(starts, weights.flags.get("bstart", zero), zero))
    if version >= 2:
        quoted = np.zeros(int(group.max()) + 2 if n else 1, dtype=bool)
        quoted[group[(q == 1) | (q == 3)]] = True
        out.append(np.where(quoted[group], weights.flags.get("sq", zero), zero))
    return [np.where(inb, c, zero) for c in out]


# per neighbour offset: (family, column of the family table) of its word, POS, dep features,
# and for ±1 its lemma and entity too
_NEIGHBOURS = {off: [(f, _FAMILIES[f].index(f"{off}{f}"))
                     for f in ("w", "p", "d") + (("l", "e") if abs(off) == 1 else ())]
               for off in (-2, -1, 1, 2)}


def _neighbour_columns(spans, fam: dict[str, np.ndarray], is_cue: np.ndarray, weights: CRFWeights) -> list:
    """The ±1/±2 neighbours' word, POS, dep and cue flag, and the ±1 neighbours' lemma and
    entity (their quote state is a block column); a neighbour outside the block is
    ``<edge>`` (its word key only)."""
    n, zero = len(is_cue), weights.zero
    block_of = np.full(n + 4, -1)  # padded by 2 on both sides
    for b, (s, e) in enumerate(spans):
        block_of[s + 2:e + 2] = b
    idx = np.arange(n)
    mine = block_of[idx + 2]
    out = []
    for off, picked in _NEIGHBOURS.items():
        same = (mine >= 0) & (block_of[idx + 2 + off] == mine)
        j = np.clip(idx + off, 0, max(n - 1, 0))
        for family, c in picked:
            out.append(np.where(same, fam[family][j, c], zero))
        out.append(np.where(same & is_cue[j], weights.flags.get(f"{off}cue", zero), zero))
        edge = weights.keys.get(f"{off}w", {}).get("<edge>", zero)
        out.append(np.where(same | (mine < 0), zero, edge))
    return out


def block_scores(weights: CRFWeights, ids: np.ndarray, spans) -> list[np.ndarray]:
    """Per non-empty block: its tokens' label scores (tokens, labels), from ``attribute_ids``."""
    scores = np.take(weights.state, ids, axis=0).sum(axis=0)
    return [scores[s:e] for s, e in spans if e > s]


def crf_tag(weights: CRFWeights, blocks_scores: list[np.ndarray]) -> list[tuple[list[str], np.ndarray]]:
    """Per block (its label scores, as from ``block_scores``): the Viterbi labels and each
    token's marginal probability of its label. All blocks, of one Doc or of many, are
    decoded together (``_padded``)."""
    if not blocks_scores:
        return []
    order, lengths, padded, live = _padded(weights, blocks_scores)
    paths = _viterbi(padded, live, weights.trans)
    probs = _marginals(padded, live, weights.trans)
    out: list = [None] * len(order)
    for k, b in enumerate(order):
        path = paths[:lengths[k], k]
        out[b] = ([weights.labels[y] for y in path.tolist()], probs[np.arange(lengths[k]), k, path])
    return out


def crf_marginals(weights: CRFWeights, blocks_scores: list[np.ndarray]) -> list[np.ndarray]:
    """Per block (its label scores, as from ``block_scores``): every token's marginal
    probability of every label, (tokens, labels) in ``weights.labels`` order; one
    forward-backward pass over all blocks (``_padded``)."""
    if not blocks_scores:
        return []
    order, lengths, padded, live = _padded(weights, blocks_scores)
    probs = _marginals(padded, live, weights.trans)
    out: list = [None] * len(order)
    for k, b in enumerate(order):
        out[b] = probs[:lengths[k], k]
    return out


def _padded(weights: CRFWeights, blocks_scores: list[np.ndarray]):
    """The blocks sorted longest first and padded into one (time, block, label) array, so
    that at step ``t`` the blocks still running are a prefix of the batch (``live[t]`` of
    them): ``(order, lengths, padded, live)``."""
    order = sorted(range(len(blocks_scores)), key=lambda b: -len(blocks_scores[b]))
    lengths = np.array([len(blocks_scores[b]) for b in order])
    padded = np.zeros((int(lengths[0]), len(order), len(weights.labels)))
    for k, b in enumerate(order):
        padded[:lengths[k], k] = blocks_scores[b]
    live = [int(m) for m in (lengths[None, :] > np.arange(len(padded))[:, None]).sum(axis=1)]
    return order, lengths, padded, live


def doc_marginals(weights: CRFWeights, doc, cues: frozenset[str], version: int = 2) -> list[np.ndarray]:
    """``crf_marginals`` of every non-empty block of ``doc`` (``tagger_features.blocks``)."""
    spans = [(s, e) for s, e in blocks(doc) if e > s]
    return crf_marginals(weights, block_scores(weights, attribute_ids(doc, cues, weights, version), spans))


def _viterbi(scores: np.ndarray, live: list[int], trans: np.ndarray) -> np.ndarray:
    """Best label paths (time, block), ties to the lowest label id as in crfsuite."""
    width, n_blocks, _ = scores.shape
    best = scores[0].copy()
    back = np.zeros(scores.shape, dtype=np.intp)
    for t in range(1, width):
        m = live[t]
        cand = best[:m, :, None] + trans  # (block, from, to)
        back[t, :m] = cand.argmax(axis=1)
        best[:m] = cand.max(axis=1) + scores[t, :m]
    paths = np.zeros((width, n_blocks), dtype=np.intp)
    label = best.argmax(axis=1)  # each block's best last label (its row stopped there)
    for t in range(width - 1, -1, -1):
        m = live[t]
        paths[t, :m] = label[:m]
        if t:
            label[:m] = back[t, np.arange(m), label[:m]]
    return paths


def _marginals(scores: np.ndarray, live: list[int], trans: np.ndarray) -> np.ndarray:
    """P(label at t), (time, block, label), by crfsuite's scaled forward-backward; each
    block's backward pass starts at its own last position."""
    width, n_blocks, n_labels = scores.shape
    state, expt = np.exp(scores), np.exp(trans)
    alpha = np.zeros_like(state)
    scale = np.ones((width, n_blocks))
    for t in range(width):
        m = live[t]
        cur = state[0] if t == 0 else (alpha[t - 1, :m, :, None] * expt).sum(axis=1) * state[t, :m]
        total = cur.sum(axis=1)
        np.divide(1.0, total, out=scale[t, :m], where=total != 0)
        alpha[t, :m] = cur * scale[t, :m, None]
    beta = np.zeros_like(state)
    for t in range(width - 1, -1, -1):
        m, going = live[t], live[t + 1] if t + 1 < width else 0
        beta[t, going:m] = scale[t, going:m, None]  # blocks whose last position is t
        if going:
            row = state[t + 1, :going] * beta[t + 1, :going]
            beta[t, :going] = (row[:, None, :] * expt).sum(axis=2) * scale[t, :going, None]
    return alpha * beta * (1.0 / scale)[:, :, None]
