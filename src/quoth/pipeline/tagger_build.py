"""From linked chunks to ``Statement`` records (speakers, kind, about, confidence),
and the hybrid engine: rules where they are stronger, the model for the rest."""

from __future__ import annotations

from dataclasses import replace

from quoth.model import Article, Entity, Speaker, Statement, make_content, make_span, statement_id
from quoth.pipeline.doctables import doc_entities, entities_within
from quoth.pipeline.lexicon import ABOUT_LABELS
from quoth.pipeline.quotes import find_quotes
from quoth.pipeline.tagger_link import Chunk, Link

__all__ = ["build_statements", "combine_with_rules", "merge", "kind_of", "confidence_of"]

NO_SOURCE_FACTOR = 0.6  # a statement whose source is only "the previous speaker" is less sure


def _chars(doc, chunk: Chunk) -> tuple[int, int]:
    return doc[chunk.start].idx, doc[chunk.end - 1].idx + len(doc[chunk.end - 1])


def kind_of(spans, quotes) -> str:
    """direct: every word inside quote marks; indirect: none; mixed: some."""
    inside = total = 0
    for s, e in spans:
        total += e - s
        for q in quotes:
            inside += max(0, min(e, q.end) - max(s, q.start))
    if total and inside >= 0.9 * total:
        return "direct"
    return "mixed" if inside > 0 else "indirect"


def confidence_of(link: Link) -> float:
    """Mean content marginal x cue marginal x source marginal (or a no-source factor)."""
    n = sum(c.end - c.start for c in link.contents)
    content = sum(c.score * (c.end - c.start) for c in link.contents) / n
    cue = link.cue.score if link.cue is not None else 0.5
    source = link.source.score if link.source is not None else NO_SOURCE_FACTOR
    return round(content * cue * source, 4)


def _entities(doc) -> list[tuple[str, str, int, int]]:
    return [e for e in doc_entities(doc) if e[1] in ABOUT_LABELS]


def _about(ents, spans, speaker: Speaker) -> tuple[Entity, ...]:
    said_by = speaker.mention
    found = []
    for text, label, s, e in entities_within(ents, spans):
        if said_by is not None and s < said_by.end and said_by.start < e:
            continue
        if speaker.name and text in speaker.name:
            continue
        found.append(Entity(text, label, s, e))
    return tuple(found)


def _continued(previous: Speaker) -> Speaker:
    """The previous speaker, without a mention: nobody is named for this statement."""
    return Speaker(previous.name, previous.type, previous.title, None)


def build_statements(doc, article: Article, links: list[Link], min_confidence: float = 0.0) -> list[Statement]:
    """Statements in document order, speakers resolved once per Doc; links scoring
    under ``min_confidence`` (the model's threshold, chosen on dev) are left out."""
    from quoth.pipeline.speakers import SpeakerResolver

    text = article.text
    resolver = SpeakerResolver(doc, article)
    quotes = find_quotes(text)
    ents = _entities(doc)
    out = []
    for link in links:
        confidence = confidence_of(link)
        if confidence < min_confidence:
            continue
        spans = [_chars(doc, c) for c in link.contents]
        content = make_content(text, spans)
        if link.source is not None:
            s, e = _chars(doc, link.source)
            speaker = resolver.resolve(s, e, content.start)
        else:
            speaker = _continued(resolver.previous()) if link.continued else Speaker()
        cue = make_span(text, *_chars(doc, link.cue)) if link.cue is not None else None
        out.append(Statement(
            id=statement_id(article.id, content.spans),
            kind=kind_of(content.spans, quotes),
            content=content,
            cue=cue,
            speaker=speaker,
            confidence=confidence,
            about=_about(ents, content.spans, speaker),
        ))
    return out


def _overlaps(a: Statement, b: Statement) -> bool:
    return any(s < f and t < e for s, e in a.content.spans for t, f in b.content.spans)


HYBRID = "all+source"  # how the hybrid engine merges rules and model (see ``merge``; chosen on dev)


def combine_with_rules(doc, article: Article, model: list[Statement], candidates: list,
                       mode: str | None = None) -> list[Statement]:
    """Hybrid: the rules engine's statements (from its ``candidates`` for this Doc)
    merged with the model's (see ``merge``). Only model statements whose cue is a cue of
    quoth's lexicon (``pipeline.cues``) take part, so the hybrid keeps quoth's definition
    of a statement ("plans to visit" is no statement; PolNeAR counts it)."""
    from quoth.pipeline import rules
    from quoth.pipeline.speakers import SpeakerResolver

    found = rules.to_statements(doc, article, candidates, SpeakerResolver(doc, article))
    model = [m for m in model if _lexicon_cue(doc, m)]
    return merge(found, model, mode or HYBRID)


def _lexicon_cue(doc, st: Statement) -> bool:
    """The statement's cue holds a cue of quoth's lexicon (``pipeline.cues``)."""
    from quoth.pipeline.cues import match_cue

    if st.cue is None:
        return False
    span = doc.char_span(st.cue.start, st.cue.end, alignment_mode="expand")
    return any(match_cue(tok) is not None for tok in span or ())


def _with_source(rule: Statement, model: list[Statement]) -> Statement:
    """A rules statement with no source mention takes the one an overlapping model statement has."""
    if rule.speaker.mention is not None:
        return rule
    for m in model:
        if m.speaker.mention is not None and _overlaps(rule, m):
            return replace(rule, speaker=m.speaker)
    return rule


def merge(found: list[Statement], model: list[Statement], mode: str) -> list[Statement]:
    """``all``: every rules statement + the model's statements they do not overlap;
    ``all+source``: the same, and a rules statement with no source mention takes the
    mention of an overlapping model statement; ``direct``: like ``all`` with the rules'
    direct quotes only; ``fill``: the model's statements + the rules' ones no model
    statement overlaps."""
    if mode == "fill":
        first, second = model, found
    else:
        first = [s for s in found if mode != "direct" or s.kind == "direct"]
        second = model
    if mode == "all+source":
        first = [_with_source(r, model) for r in first]
    rest = [m for m in second if not any(_overlaps(m, r) for r in first)]
    return sorted(first + rest, key=lambda s: (s.content.start, s.content.end))
