"""PolNeAR for training: brat attributions, one annotator per text, parsed Docs cached.

A corpus split is ``DIR/text/NAME.txt`` + ``DIR/attributions/NAME_ANNOTATOR.ann``,
read by ``quoth.evaluate.brat`` exactly as evaluation reads it. Where several annotators
labelled one text we keep the first one listed in ``metadata.tsv`` (the one
evaluation uses too): one consistent reading per text, no conflicting labels.
"""

from __future__ import annotations

import hashlib
import logging
import pathlib
from dataclasses import dataclass
from typing import Iterator

from quoth.evaluate import brat
from quoth.evaluate.brat import GoldAttribution
from quoth.errors import InputError

__all__ = ["Document", "iter_corpus", "parsed_corpus", "ROLES"]

log = logging.getLogger(__name__)
ROLES = ("Source", "Cue", "Content")


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def iter_corpus(split_dir: str | pathlib.Path, *, limit: int | None = None) -> Iterator[Document]:
    """Documents of a split in name order, one annotator each (``quoth.evaluate.brat`` reads them)."""
    def on_error(exc: InputError) -> None:
        log.info("%s", exc)

    for text, gold in brat.iter_corpus(str(split_dir), limit=limit, on_error=on_error):
        yield Document(gold.name, text, gold.attributions)


def _cache_key(docs: list[Document]) -> str:
    h = hashlib.sha1()
    for d in docs:
        h.update(d.name.encode() + hashlib.sha1(d.text.encode()).digest())
    return h.hexdigest()[:16]


def parsed_corpus(docs: list[Document], *, cache_dir: pathlib.Path | None = None, n_process: int = 1):
    """``(Document, spacy Doc)`` pairs, parsed once with ``load_nlp()`` and cached as a DocBin."""
    from spacy.tokens import DocBin

    from quoth.nlp import load_nlp

    nlp = load_nlp()
    path = cache_dir / f"parsed-{_cache_key(docs)}.spacy" if cache_dir else None
    if path is not None and path.is_file():
        parsed = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        parsed = list(nlp.pipe((d.text for d in docs), batch_size=16, n_process=n_process))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=False, docs=parsed).to_disk(path)
    return list(zip(docs, parsed))
