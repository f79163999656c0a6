"""Training windows saved for a GPU machine, and the tag-level score of scripts/nn_sweep.py.

The sweep itself needs torch and a GPU; these check the parts that decide what it reports:
the windows come back as they were written, and BIO chunks are scored exactly.
"""

from __future__ import annotations

import pathlib

import pytest

from conftest import load_script
from quoth.training.nn import LABELS, load_examples, save_examples

ROOT = pathlib.Path(__file__).resolve().parents[1]
L = {name: k for k, name in enumerate(LABELS)}


def _sweep():
    return load_script(ROOT / "scripts" / "nn_sweep.py")


def test_examples_round_trip(tmp_path):
    examples = [([101, 7, 30521, 102], [-100, 0, 5, -100]), ([101, 102], [-100, -100]),
                ([101] + list(range(1000, 1300)) + [102], [-100] + [6] * 300 + [-100])]
    save_examples(examples, tmp_path / "w.npz")
    assert load_examples(tmp_path / "w.npz") == examples


@pytest.mark.parametrize("labels, expected", [
    (["O", "B-Source", "I-Source", "O", "B-Content"], {("Source", 1, 3), ("Content", 4, 5)}),
    (["B-Cue", "B-Cue", "I-Cue"], {("Cue", 0, 1), ("Cue", 1, 3)}),
    (["I-Content", "I-Content", "O"], {("Content", 0, 2)}),  # an I- with no B- opens a chunk
    (["B-Source", "I-Cue"], {("Source", 0, 1), ("Cue", 1, 2)}),  # an I- of another role too
    (["O", "O"], set()),
])
def test_chunks(labels, expected):
    sweep = _sweep()
    assert sweep.chunks([L[x] for x in labels]) == expected
    assert sweep.chunks(labels) == expected


def test_score_counts_exact_chunks_only():
    sweep = _sweep()
    gold = [[L[x] for x in ("B-Source", "O", "B-Cue", "B-Content", "I-Content")]]
    assert sweep.score(gold, gold) == {"Source": 1.0, "Cue": 1.0, "Content": 1.0, "mean": 1.0}
    short = [[L[x] for x in ("B-Source", "O", "B-Cue", "B-Content", "O")]]
    assert sweep.score(short, gold) == {"Source": 1.0, "Cue": 1.0, "Content": 0.0,
                                        "mean": round(2 / 3, 4)}
