"""From linked chunks to ``Statement`` records (speakers, kind, about, confidence),
and the hybrid engine: rules where they are stronger, the model for the rest."""

from __future__ import annotations

from dataclasses import replace

from quoth.records import Article, Entity, Speaker, Statement, make_content, make_span, statement_id
from quoth.nlp.tables import doc_entities, entities_within
from quoth.nlp.lexicon import ABOUT_LABELS, PRONOUNS
from quoth.rules.quotes import find_quotes
from quoth.tagger.link import Chunk, Link

__all__ = ["build_statements", "combine_with_rules", "merge", "kind_of", "confidence_of"]

NO_SOURCE_FACTOR = 0.6  # a statement whose source is only "the previous speaker" is less sure
PRONOUN_FACTOR = 0.97  # ... and one whose source is a pronoun a little less (``_evidence_factor``)
INDIRECT_FACTOR = 0.97  # ... and reported speech (dev precision 0.76) than a quote (0.85)


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


def _past_extraposed_it(doc, chunk: Chunk) -> Chunk:
    """A content opening on an extraposed "it" and its complement ("called [it symbolic]
    that the bridge opened") starts at the that-clause: what was called symbolic."""
    first = doc[chunk.start]
    if first.lower_ != "it" or first.dep_ not in ("dobj", "nsubj", "nsubjpass"):
        return chunk
    for k in range(chunk.start + 1, min(chunk.start + 4, chunk.end - 1)):
        tok = doc[k]
        if tok.lower_ == "that" and tok.dep_ == "mark":
            return Chunk(chunk.role, k, chunk.end, chunk.score) if k > chunk.start + 1 else chunk
        if tok.pos_ not in ("ADJ", "NOUN", "ADV", "DET"):
            return chunk
    return chunk


def _worded(doc, cue: Chunk | None) -> bool:
    """A cue of words; punctuation alone (the colon of ``Putin: ...``, a dash) is none."""
    return cue is not None and not all(t.is_punct or t.is_space for t in doc[cue.start:cue.end])


def _evidence_factor(kind: str, speaker: Speaker) -> float:
    """A statement is a little less sure when its speaker is named only by a pronoun, or
    when it reports speech rather than quoting it: the evidence order of the rules engine,
    on the model's scores (chosen so the order holds; on dev it leaves the precision of
    the top-scored half about where it was, training/RESULTS.md)."""
    mention = speaker.mention
    pronoun = mention is not None and mention.text.lower() in PRONOUNS
    return (PRONOUN_FACTOR if pronoun else 1.0) * (INDIRECT_FACTOR if kind == "indirect" else 1.0)


def _continued(previous: Speaker) -> Speaker:
    """The previous speaker, without a mention: nobody is named for this statement."""
    return Speaker(previous.name, previous.type, previous.title, None)


def build_statements(doc, article: Article, links: list[Link], min_confidence: float = 0.0) -> list[Statement]:
    """Statements in document order, speakers resolved once per Doc; links scoring
    under ``min_confidence`` (the model's threshold, chosen on dev) are left out."""
    from quoth.resolve.speakers import SpeakerResolver

    text = article.text
    resolver = SpeakerResolver(doc, article)
    quotes = find_quotes(text)
    ents = _entities(doc)
    out = []
    for link in links:
        confidence = confidence_of(link)
        if confidence < min_confidence:
            continue
        pieces = (_past_extraposed_it(doc, link.contents[0]),) + link.contents[1:]
        spans = [_chars(doc, c) for c in pieces]
        content = make_content(text, spans)
        if link.source is not None:
            s, e = _chars(doc, link.source)
            speaker = resolver.resolve(s, e, content.start, content.spans)
        else:
            speaker = _continued(resolver.previous()) if link.continued else Speaker()
        cue = make_span(text, *_chars(doc, link.cue)) if _worded(doc, link.cue) else None
        kind = kind_of(content.spans, quotes)
        out.append(Statement(
            id=statement_id(article.id, content.spans),
            kind=kind,
            content=content,
            cue=cue,
            speaker=speaker,
            confidence=round(confidence * _evidence_factor(kind, speaker), 4),
            about=_about(ents, content.spans, speaker),
        ))
    return out


def _overlaps(a: Statement, b: Statement) -> bool:
    return any(s < f and t < e for s, e in a.content.spans for t, f in b.content.spans)


HYBRID = "forms"  # how the hybrid engine merges rules and model (see ``merge``; chosen on dev)


def combine_with_rules(doc, article: Article, model: list[Statement], candidates: list,
                       mode: str | None = None) -> list[Statement]:
    """Hybrid: the rules engine's statements (from its ``candidates`` for this Doc)
    merged with the model's (see ``merge``). Model statements whose cue is an event
    (``cues.EVENT_CUES``: "plans to visit" is no statement; PolNeAR counts it) are left
    out; in the modes other than ``forms`` (those of a weaker model, the CRF), so are
    those whose cue is not in quoth's lexicon (``pipeline.cues``)."""
    from quoth.rules import finder as rules
    from quoth.resolve.speakers import SpeakerResolver

    mode = mode or HYBRID
    found = rules.to_statements(doc, article, candidates, SpeakerResolver(doc, article))
    keep = _event_free if mode == "forms" else _lexicon_cue
    return merge(found, [m for m in model if keep(doc, m)], mode)


def _cue_tokens(doc, st: Statement):
    span = doc.char_span(st.cue.start, st.cue.end, alignment_mode="expand") if st.cue else None
    return span or ()


def _lexicon_cue(doc, st: Statement) -> bool:
    """The statement's cue holds a cue of quoth's lexicon (``pipeline.cues``)."""
    from quoth.rules.cues import match_cue

    return any(match_cue(tok) is not None for tok in _cue_tokens(doc, st))


def _event_free(doc, st: Statement) -> bool:
    """The statement's cue is no event (``cues.EVENT_CUES``)."""
    from quoth.rules.cues import EVENT_CUES

    return not any(tok.lemma_.lower() in EVENT_CUES for tok in _cue_tokens(doc, st))


def _with_source(rule: Statement, model: list[Statement]) -> Statement:
    """A rules statement with no source mention takes the one an overlapping model statement has."""
    if rule.speaker.mention is not None:
        return rule
    for m in model:
        if m.speaker.mention is not None and _overlaps(rule, m):
            return replace(rule, speaker=m.speaker)
    return rule


def merge(found: list[Statement], model: list[Statement], mode: str) -> list[Statement]:
    """``forms``: the model's statements, with the rules for the forms a paragraph
    tagger cannot see (``_forms``); ``all``: every rules statement + the model's
    statements they do not overlap; ``all+source``: the same, and a rules statement
    with no source mention takes the mention of an overlapping model statement;
    ``direct``: like ``all`` with the rules' direct quotes only; ``fill``: the model's
    statements + the rules' ones no model statement overlaps."""
    if mode == "forms":
        return _forms(found, model)
    if mode == "fill":
        first, second = model, found
    else:
        first = [s for s in found if mode != "direct" or s.kind == "direct"]
        second = model
    if mode == "all+source":
        first = [_with_source(r, model) for r in first]
    rest = [m for m in second if not any(_overlaps(m, r) for r in first)]
    return _in_order(first + rest)


def _forms(found: list[Statement], model: list[Statement]) -> list[Statement]:
    """The model's statements, but the rules' for a quote that runs over paragraphs (the
    model tags one paragraph at a time), and the rules' statements with no cue that no
    model statement overlaps: a quote paragraph continuing the previous speaker, a
    ``Name: claim`` headline."""
    spanning = [r for r in found if r.kind == "direct" and "\n" in r.content.text]
    model = [m for m in model if not any(_overlaps(m, r) for r in spanning)]
    cueless = [r for r in found if r.cue is None and r not in spanning]
    model = [m for m in model if not any(_covers(r, m) for r in cueless)]
    cueless = [r for r in cueless if not any(_overlaps(r, m) for m in model)]
    return _in_order(model + spanning + cueless)


def _covers(rule: Statement, model: Statement) -> bool:
    """A cueless rules statement ("Name: claim") holds the whole claim a model statement of
    the same speaker reads only part of (the model's span ends early in a headline)."""
    inside = rule.content.start <= model.content.start and model.content.end <= rule.content.end
    return inside and rule.speaker.name is not None and rule.speaker.name == model.speaker.name


def _in_order(statements: list[Statement]) -> list[Statement]:
    return sorted(statements, key=lambda s: (s.content.start, s.content.end))
