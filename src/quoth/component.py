"""quoth's spaCy components: ``quoth`` (statements) and ``quoth_attribution`` (tagger only).

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("quoth")                       # config={"engine": "hybrid"} by default
    doc = nlp(text)
    doc._.statements                            # tuple of quoth.Statement records
    doc.spans["quoth_content"], doc.spans["quoth_source"], doc.spans["quoth_cue"]

``quoth`` is the component every quoth runner extracts through (``quoth.extraction``), so
``doc._.statements`` is exactly what ``quoth extract`` prints for the same text. The
article a Doc belongs to (its id, published date, ...) is read from ``doc._.quoth_article``
where set, else made from the Doc's text. An article the engine fails on gets no
statements, and ``doc._.quoth_error`` says why.

``quoth_attribution`` is the trained tagger's step alone: raw Source / Cue / Content chunks
in ``doc.spans["quoth_attribution"]`` with one score each in ``.attrs["scores"]``, no
statements or speakers. Both factories are registered through the ``spacy_factories`` entry
point, so this module stays cheap to import (no model is loaded until the first Doc).
"""

from __future__ import annotations

import logging
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import minibatch

from quoth.engines import DEFAULT_ENGINE, ENGINES
from quoth.errors import UsageError
from quoth.records import Article, Statement, article_id

__all__ = ["QuothComponent", "AttributionComponent", "make_quoth_component",
           "make_attribution_component", "SPANS_KEY", "SPAN_KEYS"]

SPANS_KEY = "quoth_attribution"
SPAN_KEYS = {"content": "quoth_content", "source": "quoth_source", "cue": "quoth_cue"}
log = logging.getLogger("quoth.extraction")

for _name, _default in (("statements", ()), ("quoth_article", None), ("quoth_error", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class QuothComponent:
    """Doc -> Doc: the statements of the chosen engine, as records and as span groups."""

    def __init__(self, nlp: Language, name: str, engine: str = DEFAULT_ENGINE,
                 model_dir: str | None = None) -> None:
        if engine not in ENGINES:
            raise UsageError(f"Unknown engine {engine!r}: choose one of {', '.join(ENGINES)}.")
        self.name, self.engine, self.model_dir = name, engine, model_dir
        self._finder = None

    @property
    def finder(self):
        if self._finder is None:
            from quoth.finders import statement_finder

            self._finder = statement_finder(self.engine, self.model_dir)
        return self._finder

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Docs a batch at a time: the tagger tags a batch's Docs together first."""
        for batch in minibatch(docs, size=batch_size):
            self.finder.prepare(batch)
            for doc in batch:
                yield self._annotate(doc)

    def _annotate(self, doc: Doc) -> Doc:
        article = doc._.quoth_article or Article(id=article_id(doc.text), text=doc.text)
        statements, error = self.finder.find(doc, article)
        doc._.statements = tuple(statements)
        doc._.quoth_error = error
        set_statement_spans(doc, doc._.statements)
        return doc


def set_statement_spans(doc: Doc, statements: Iterable[Statement]) -> None:
    """``doc.spans["quoth_content" | "quoth_source" | "quoth_cue"]`` from the statements
    (a discontinuous content gives one span per piece; a content span's label is its
    statement's act: say, think, want or other)."""
    groups: dict[str, list[Span]] = {key: [] for key in SPAN_KEYS.values()}
    for s in statements:
        for start, end in s.content.spans:
            _add(groups[SPAN_KEYS["content"]], doc, start, end, s.act or "")
        if s.speaker.mention is not None:
            _add(groups[SPAN_KEYS["source"]], doc, s.speaker.mention.start, s.speaker.mention.end)
        if s.cue is not None:
            _add(groups[SPAN_KEYS["cue"]], doc, s.cue.start, s.cue.end)
    for key, spans in groups.items():
        doc.spans[key] = SpanGroup(doc, name=key, spans=spans)


def _add(spans: list[Span], doc: Doc, start: int, end: int, label: str = "") -> None:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is not None:
        spans.append(span)


@Language.factory(
    "quoth",
    default_config={"engine": DEFAULT_ENGINE, "model_dir": None},
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents", "doc.sents"],
    assigns=["doc._.statements", "doc.spans"],
)
def make_quoth_component(nlp: Language, name: str, engine: str, model_dir: str | None):
    """``nlp.add_pipe("quoth", config={"engine": "fast"})``: statements on every Doc."""
    return QuothComponent(nlp, name, engine, model_dir)


class AttributionComponent:
    """Doc -> Doc: tag source/cue/content spans with the trained model (no statements)."""

    def __init__(self, nlp: Language, name: str, model_dir: str | None = None) -> None:
        self.name = name
        self.model_dir = model_dir
        self._tagger = None

    @property
    def tagger(self):
        if self._tagger is None:
            from quoth.tagger.load import load_tagger

            self._tagger = load_tagger(self.model_dir)
        return self._tagger

    def __call__(self, doc: Doc) -> Doc:
        chunks = self.tagger.tag(doc)
        group = SpanGroup(doc, name=SPANS_KEY, spans=[Span(doc, c.start, c.end, c.role) for c in chunks])
        doc.spans[SPANS_KEY] = group
        group.attrs["scores"] = [round(c.score, 4) for c in chunks]
        return doc


@Language.factory(
    "quoth_attribution",
    default_config={"model_dir": None},
    requires=["token.dep", "token.lemma", "token.pos"],
    assigns=["doc.spans"],
)
def make_attribution_component(nlp: Language, name: str, model_dir: str | None = None):
    """``nlp.add_pipe("quoth_attribution", config={"model_dir": ...})``: the tagger's chunks."""
    return AttributionComponent(nlp, name, model_dir)
