"""The rule engine: quotes, cues, reported speech and speakers combined.

``find_statements(doc, article) -> list[Statement]`` runs, in order:

1. ``quotes.find_quotes``: the quoted passages (per paragraph);
2. ``direct.find_direct``: quotes with a cue and source in their sentence frame;
3. ``reported.find_reported``: indirect speech from the parse (a quote inside its
   content makes it ``mixed``);
4. quotes still unattributed that stand as sentences of their own continue the
   previous speaker; headline lines ``Name: claim`` are attributed to Name;
5. speakers are resolved in reading order with ``speakers.SpeakerResolver``.
"""

from __future__ import annotations

import re

from quoth.records import Article, Entity, Speaker, Statement, make_content, make_span, statement_id
from quoth.rules.candidate import Candidate, doc_text, trim
from quoth.rules.direct import find_direct
from quoth.nlp.tables import doc_entities, entities_within, token_table
from quoth.nlp.lexicon import ABOUT_LABELS, PRONOUNS
from quoth.rules.quotes import Quote, find_quotes, is_title_or_code
from quoth.rules.reported import find_reported
from quoth.resolve.speakers import SpeakerResolver

__all__ = ["find_statements", "candidates", "to_statements"]

MIN_CONTINUATION_WORDS = 4
HEADLINE = re.compile(r"(?:^|(?<= ))(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}): (?P<claim>\S.*\S)$")
DATELINE = re.compile(r"[A-Z][A-Z .'-]+,?\s*(?:\([^)\n]*\))?\s*[-–—]+\s+")


def find_statements(doc, article: Article) -> list[Statement]:
    """All statements the rules find in ``doc`` (the parse of ``article.text``)."""
    resolver = SpeakerResolver(doc, article)
    return to_statements(doc, article, candidates(doc), resolver)


def candidates(doc) -> list[Candidate]:
    """Rule candidates in reading order (char offsets, speakers not yet resolved)."""
    text = doc_text(doc)
    quotes = [q for q in find_quotes(text) if not is_title_or_code(text[q.start:q.end])]
    direct = list(find_direct(doc, quotes))
    used_quotes = {i for c in direct for i in c.quote_ids}
    cue_tokens = _cue_tokens(doc, direct)
    reported = list(find_reported(doc, quotes, cue_tokens))
    reported = [_mark_mixed(c, quotes, used_quotes) for c in reported]
    reported = [c for c in reported if not _inside_any(c, direct)]
    found = direct + reported
    found += list(_continuations(doc, quotes, used_quotes, found))
    found += list(_headlines(doc, found))
    found = [c for c in (_clip(text, c) for c in found) if c is not None]
    return _merge_continuations(text, sorted(_dedupe(found), key=lambda c: c.start))


def _merge_continuations(text: str, cands: list[Candidate]) -> list[Candidate]:
    """``"X," Reed said. "Y."``: a speakerless quote in the same paragraph as the
    previous quote statement is more of that statement (PolNeAR annotates it so)."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (c.continues and prev is not None and prev.kind in ("direct", "mixed")
                and _adjacent(text, prev.end, c.start)):
            prev.spans.append(c.spans[0])
            continue
        out.append(c)
    return out


def to_statements(doc, article: Article, cands: list[Candidate], resolver) -> list[Statement]:
    """Resolve speakers in reading order and build the plain records."""
    text = doc_text(doc)
    ents = doc_entities(doc)
    out = []
    for c in cands:
        if c.continues:
            speaker = resolver.previous()
        elif c.source is None:
            speaker = Speaker()  # a sourceless attribution ("X is expected to ...")
        else:
            speaker = resolver.resolve(c.source[0], c.source[1], c.start, c.spans)
        content = make_content(text, c.spans)
        cue = make_span(text, *c.cue) if c.cue else None
        conf = c.confidence * _speaker_factor(speaker)
        out.append(Statement(
            id=statement_id(article.id, content.spans), kind=c.kind, content=content,
            cue=cue, speaker=speaker, confidence=round(conf, 3),
            about=_about(ents, content, speaker),
        ))
    return out


def _adjacent(text: str, end: int, start: int) -> bool:
    """``start`` is in the same paragraph as ``end``."""
    return "\n" not in text[end:start]


def _speaker_factor(speaker: Speaker) -> float:
    """Less sure when the speaker stays unnamed or is named only by a pronoun."""
    if speaker.name is None:
        return 0.85
    mention = speaker.mention.text.lower() if speaker.mention else ""
    return 0.9 if mention in PRONOUNS else 1.0


def _clip(text: str, c: Candidate) -> Candidate | None:
    """Keep a reported candidate inside the paragraph of its cue; skip a leading dateline."""
    if c.kind == "direct" or (c.cue is None and c.source is None):
        return c
    anchor = (c.cue or c.source)[0]
    lo = text.rfind("\n", 0, anchor) + 1
    hi = text.find("\n", anchor)
    hi = len(text) if hi < 0 else hi
    spans = [trim(text, max(s, lo), min(e, hi)) for s, e in c.spans]
    spans = [_skip_dateline(text, s, e) for s, e in spans]
    c.spans = [(s, e) for s, e in spans if e > s]
    if c.source:
        s, e = trim(text, max(c.source[0], lo), min(c.source[1], hi))
        c.source = (s, e) if e > s else None
    return c if c.spans else None


def _skip_dateline(text: str, start: int, end: int) -> tuple[int, int]:
    m = DATELINE.match(text, start, end)
    return (m.end(), end) if m else (start, end)


def _cue_tokens(doc, cands: list[Candidate]) -> set[int]:
    starts = {c.cue[0] for c in cands if c.cue}
    return {i for i, idx in enumerate(token_table(doc).idx) if idx in starts}


def _mark_mixed(c: Candidate, quotes: list[Quote], used: set[int]) -> Candidate:
    """Reported speech holding a quote fragment is ``mixed`` (the closing mark joins it)."""
    s, e = c.start, c.end
    inside = [i for i, q in enumerate(quotes) if s <= q.start < e and q.end <= e + 3 and i not in used]
    if inside:
        c.kind = "mixed"
        c.confidence = 0.75
        used.update(inside)
        last = quotes[inside[-1]].end
        if last > e and len(c.spans) == 1:
            c.spans = [(c.spans[0][0], last)]
    return c


def _inside_any(c: Candidate, others: list[Candidate]) -> bool:
    return any(o.start <= c.start and c.end <= o.end for o in others)


def _continuations(doc, quotes: list[Quote], used: set[int], found: list[Candidate]):
    """Unattributed quotes that are sentences of their own: the previous speaker goes on."""
    text = doc_text(doc)
    for i, q in enumerate(quotes):
        if i in used or any(c.start <= q.start < c.end for c in found):
            continue
        inner = text[q.start + 1:q.end - 1].strip()
        par_start = text.rfind("\n", 0, q.start) + 1
        lead = text[par_start:q.start].strip()
        if len(inner.split()) < MIN_CONTINUATION_WORDS or (lead and lead[-1] not in ".!?:"):
            continue
        if not inner.rstrip("\"'”’").endswith((".", "!", "?", ",", "…")):
            continue
        yield Candidate("direct", [(q.start, q.end)], None, None, 0.5, continues=True)


def _headlines(doc, found: list[Candidate]):
    """``Putin: Russia's Key Security Concerns Ignored by US, NATO`` (a line, no final stop)."""
    text = doc_text(doc)
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        head = HEADLINE.search(line)
        if not head or line.rstrip()[-1:] in ".!?\"”":
            continue
        ns, ne = m.start() + head.start("name"), m.start() + head.end("name")
        if not _names_someone(doc, ns, ne):
            continue
        cs, ce = trim(text, m.start() + head.start("claim"), m.start() + head.end("claim"))
        if len(text[cs:ce].split()) >= 2:
            yield Candidate("indirect", [(cs, ce)], None, (ns, ne), 0.6)


def _names_someone(doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    if any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in span):
        return True
    return any(e.text.endswith(span.text.split()[-1]) for e in doc.ents if e.label_ == "PERSON")


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """Drop candidates whose content lies inside an earlier, larger one of the same cue."""
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if any(o.start <= c.start and c.end <= o.end and (o.cue == c.cue or c.continues) for o in out):
            continue
        out.append(c)
    return out


def _about(ents, content, speaker: Speaker) -> tuple[Entity, ...]:
    name_words = set((speaker.name or "").lower().split())
    found = []
    for text, label, start, end in entities_within(ents, content.spans):
        if label not in ABOUT_LABELS:
            continue
        if name_words and set(text.lower().replace("'s", "").split()) <= name_words:
            continue
        found.append(Entity(text, label, start, end))
    return tuple(found)
