"""Loading a trained tagger: the model directory's ``meta.json`` says which kind.

``quoth/models/attribution-nn`` (``"kind": "minilm-onnx"``, the default where shipped):
the fine-tuned MiniLM run with onnxruntime (``quoth.tagger.nn.NNTagger``);
``quoth/models/attribution`` (``"crf"``): the CRF (``quoth.tagger.crf_tagger.Tagger``).
"""

from __future__ import annotations

import functools
import json
import pathlib

from quoth.errors import ModelError
from quoth.tagger.crf_tagger import load_crf
from quoth.tagger.nn import NNTagger

__all__ = ["load_tagger", "DEFAULT_MODEL_DIR", "NN_MODEL_DIR"]

DEFAULT_MODEL_DIR = pathlib.Path(__file__).resolve().parents[1] / "models" / "attribution"  # the CRF (`quoth train`)
NN_MODEL_DIR = DEFAULT_MODEL_DIR.with_name("attribution-nn")  # the MiniLM tagger (`make train-nn`)


def load_tagger(model_dir: str | pathlib.Path | None = None):
    """The tagger from ``model_dir``, cached (one per directory, however it is named): the
    CRF ``Tagger``, or ``tagger_nn.NNTagger`` where meta.json says ``"kind": "minilm-onnx"``.
    Default: the MiniLM tagger shipped in ``NN_MODEL_DIR`` (better on dev,
    training/RESULTS.md), else the CRF in ``DEFAULT_MODEL_DIR``."""
    if model_dir is None:
        model_dir = NN_MODEL_DIR if (NN_MODEL_DIR / "meta.json").is_file() else DEFAULT_MODEL_DIR
    return _load_tagger(pathlib.Path(model_dir).resolve())


@functools.lru_cache(maxsize=4)
def _load_tagger(model_dir: pathlib.Path):
    meta_path = model_dir / "meta.json"
    kind = "crf"
    if meta_path.is_file():
        try:
            kind = json.loads(meta_path.read_text(encoding="utf-8")).get("kind", "crf")
        except ValueError as exc:
            raise ModelError(f"{meta_path} is not valid JSON ({exc}).") from exc
    if kind == "minilm-onnx":
        return NNTagger(model_dir)
    return load_crf(model_dir)
