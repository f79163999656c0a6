"""The trained engines: a tagger's Source / Cue / Content chunks linked into statements.

    find_statements(doc, article, engine="hybrid" | "fast" | "tagger") -> list[Statement]
    tag_batch(docs, engine=...)     # tag a batch's Docs together first, where the tagger can

``tagger`` and ``hybrid`` run the best tagger shipped (``quoth.tagger.load``: the MiniLM, its
probabilities mixed with the CRF's marginals as its meta.json names); ``fast`` runs the CRF.
``hybrid`` and ``fast`` merge the tagger's statements with the rules' (``quoth.tagger.build``):
they keep the model's statements but take the rules' for the forms a paragraph tagger cannot
see (a quote running over paragraphs, a quote paragraph continuing the previous speaker, a
``Name: claim`` headline) and drop the statements quoth does not count
(``quoth.rules.cues.EVENT_CUES``). The rules' candidates are found once per Doc for both.
Figures for each engine: docs/engines.md.
"""

from __future__ import annotations

import logging
import pathlib

from quoth.engines import HYBRID_ENGINES, TAGGER_ENGINES
from quoth.errors import UsageError
from quoth.nlp.tables import token_table
from quoth.records import Article, Statement
from quoth.tagger.features import blocks
from quoth.tagger.link import Chunk, link_chunks
from quoth.tagger.load import DEFAULT_MODEL_DIR, load_tagger

__all__ = ["find_statements", "tag_batch", "engine_model_dir", "token_tables"]

_CHUNKS = "quoth:chunks"  # Doc.user_data: (tagger id, chunks) from tag_batch
log = logging.getLogger(__name__)


def engine_model_dir(engine: str) -> pathlib.Path | None:
    """The model an engine runs by default: the CRF for ``fast``, else the best shipped
    (None: ``load_tagger`` picks)."""
    return DEFAULT_MODEL_DIR if engine == "fast" else None


def find_statements(doc, article: Article, *, engine: str = "tagger", model_dir=None) -> list[Statement]:
    """Statements in ``doc`` by the trained model (``model``) or model + rules (``hybrid``,
    ``fast``)."""
    from quoth.tagger.build import build_statements, combine_with_rules

    if engine not in TAGGER_ENGINES:
        raise UsageError(f"Unknown tagger engine {engine!r}: choose one of "
                         f"{', '.join(TAGGER_ENGINES)}.")
    tagger = load_tagger(model_dir or engine_model_dir(engine))
    found = _rule_candidates(doc) if engine in HYBRID_ENGINES or tagger.features >= 3 else None
    chunks = _batch_chunks(doc, tagger)
    if chunks is None:
        chunks = tagger.tag(doc, found)
    sent, block, punct, quote = token_tables(doc)
    links = link_chunks(chunks, sent, block, punct, quote=quote)
    statements = build_statements(doc, article, links, tagger.min_confidence)
    if engine in HYBRID_ENGINES and found is not None:
        # the model dir's meta.json may name the merge mode (tagger_build.merge); default HYBRID
        statements = combine_with_rules(doc, article, statements, found, tagger.meta.get("hybrid"))
    return statements


def tag_batch(docs, *, engine: str = "tagger", model_dir=None) -> None:
    """Tag the Docs of one batch together where the engine's tagger can (the CRF decodes
    all their paragraphs at once; so do the MiniLM's companion CRF and decoder) and leave
    each Doc's chunks on it, as plain values in ``Doc.user_data``, for its
    ``find_statements`` call. Other taggers tag per Doc there."""
    tagger = load_tagger(model_dir or engine_model_dir(engine))
    if not getattr(tagger, "batched", False):
        return
    for doc, chunks in zip(docs, tagger.tag_many(docs)):
        doc.user_data[_CHUNKS] = (id(tagger), tuple((c.role, c.start, c.end, c.score) for c in chunks))


def _batch_chunks(doc, tagger) -> list[Chunk] | None:
    """The chunks ``tag_batch`` left on ``doc`` for this tagger (taken off the Doc), if any."""
    left = doc.user_data.pop(_CHUNKS, None)
    if not isinstance(left, tuple) or left[0] != id(tagger):
        return None
    return [Chunk(*c) for c in left[1]]


def _rule_candidates(doc) -> list:
    """The rule engine's candidates, found once for the hints and the hybrid merge."""
    from quoth.rules import finder as rules

    try:
        return rules.candidates(doc)
    except Exception as exc:  # degrade to the model alone for this article
        log.warning("The rules failed on a document (%s: %s); its statements come from the model "
                    "alone.", type(exc).__name__, exc)
        return []


QUOTE_MARKS = frozenset({'"', "“", "”", "‘", "’", "'", "''", "``", "«", "»"})


def token_tables(doc) -> tuple[list[int], list[int], list[bool], list[bool]]:
    """Per token: sentence number, block number, is-punctuation, is-quote-mark (for linking)."""
    tt = token_table(doc)
    sent, n = [], 0
    for i, start in enumerate(tt.sent_start):
        n += bool(i and start)
        sent.append(n)
    block = [-1] * len(doc)
    for n, (s, e) in enumerate(blocks(doc)):
        for i in range(s, e):
            block[i] = n
    punct = [p or s for p, s in zip(tt.is_punct, tt.is_space)]
    return sent, block, punct, [t in QUOTE_MARKS for t in tt.text]
