"""The ``quoth_attribution`` spaCy component: the trained tagger as a pipeline step.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("quoth_attribution")          # after the parser
    doc = nlp(text)
    doc.spans["quoth_attribution"]             # labelled Source / Cue / Content spans
    doc.spans["quoth_attribution"].attrs["scores"]   # one confidence per span

The factory is registered through the ``spacy_factories`` entry point in
pyproject.toml, so this module must stay cheap to import (no model loading here).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

__all__ = ["AttributionComponent", "make_attribution_component", "SPANS_KEY"]

SPANS_KEY = "quoth_attribution"


class AttributionComponent:
    """Doc -> Doc: tag source/cue/content spans with the trained model."""

    def __init__(self, nlp: Language, name: str, model_dir: str | None = None) -> None:
        self.name = name
        self.model_dir = model_dir
        self._tagger = None

    @property
    def tagger(self):
        if self._tagger is None:
            from quoth.pipeline.tagger import load_tagger

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
    """The spaCy factory: ``nlp.add_pipe("quoth_attribution", config={"model_dir": ...})``."""
    return AttributionComponent(nlp, name, model_dir)
