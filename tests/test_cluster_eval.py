"""The hand-labelled PolNeAR pair set (tests/data/cluster_pairs.jsonl) as a quality gate.

Floors sit a little under the figures measured when the thresholds were set (on the
``tune`` half only); ``report`` and the later held-out ``report2`` are what the README
quotes (regression floors, set after those were scored once).
``tune2``/``report4`` (round 5) and the tools for the protocol (``--tune-only``, ``cv``,
the reproducible ``propose*`` draws) are checked here too.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAIRS = ROOT / "tests" / "data" / "cluster_pairs.jsonl"
FLOORS = {"tune": (0.8, 0.65), "report": (0.7, 0.4), "report2": (0.8, 0.45),
          "report3": (0.8, 0.45), "report4": (0.5, 0.05), "held-out+report4": (0.8, 0.4)}
# (P, R); round 5 (``report4``, ``held-out+report4``): regression floors set after the one
# scoring; ``tune2`` has none (the rules find 0 of its 12 same pairs: see cluster_pairs.md)


def _script():
    spec = importlib.util.spec_from_file_location("cluster_pairs", ROOT / "scripts" /
                                                  "cluster_pairs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_pair_set_is_labelled_and_split():
    pairs = [json.loads(x) for x in PAIRS.read_text(encoding="utf-8").splitlines()]
    counts = collections.Counter((p["split"], p["label"]) for p in pairs)
    assert len(pairs) >= 100 and len({p["pair"] for p in pairs}) == len(pairs)
    assert all(counts[(s, lab)] >= 15 for s in ("tune", "report", "report2")
               for lab in ("same", "different"))
    assert sum(n for (s, _), n in counts.items() if s == "report2") >= 120
    assert sum(n for (s, _), n in counts.items() if s == "report3") >= 120
    assert counts[("report3", "same")] >= 15
    assert sum(n for (s, _), n in counts.items() if s == "report4") >= 120
    assert sum(n for (s, _), n in counts.items() if s == "tune2") >= 150
    assert all(counts[(s, "same")] >= 10 for s in ("report4", "tune2"))
    assert all(p["speaker"] and p["a_outlet"] != p["b_outlet"] for p in pairs)
    # no statement pair is labelled twice (either order), so no split leaks into another
    assert len({frozenset((p["a"], p["b"])) for p in pairs}) == len(pairs)
    assert all(p.get("round") == 5 for p in pairs if p["split"] in ("report4", "tune2"))
    assert all(p["label"] in ("same", "different") and p.get("note") for p in pairs
               if p.get("round") == 5)


def test_splits_and_aggregates():
    mod = _script()
    assert set(mod.TUNE_SPLITS).isdisjoint(mod.HELD_OUT)
    assert mod.AGGREGATES["held-out+report4"] == ("report", "report2", "report3", "report4")
    assert mod.AGGREGATES["held-out"] == ("report", "report2", "report3")  # as in round 4
    splits = {p["split"] for p in map(json.loads, PAIRS.read_text(encoding="utf-8").splitlines())}
    assert splits == set(mod.TUNE_SPLITS) | set(mod.HELD_OUT)


def test_tune_only_evaluation_scores_no_held_out_pair(tmp_path, monkeypatch):
    """Development runs (``evaluate --tune-only``) must not show held-out predictions."""
    from quoth.cluster.minhash import Item

    mod = _script()
    text = "we will build a great wall and Mexico will pay for the wall"
    items = [Item(f"d{i}:0-9", "trump", text, "2016-01-0%d" % (i + 1), f"d{i}", f"o{i}")
             for i in range(4)]
    monkeypatch.setattr(mod, "iter_items", lambda root, **kw: iter(items))
    rec = {"speaker": "trump", "a_outlet": "o0", "b_outlet": "o1"}
    lines = [dict(rec, pair=f"p{k}", a=items[0].id, b=items[k].id, split=split, label="same")
             for k, split in ((1, "tune"), (2, "tune2"), (3, "report4"))]
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    dev = mod.evaluate(tmp_path, path, tune_only=True)
    assert set(dev) == {"items", "tune", "tune2", "tune+tune2"}
    assert dev["tune+tune2"]["tp"] == 2
    full = mod.evaluate(tmp_path, path)
    assert full["report4"]["tp"] == 1 and full["held-out+report4"]["pairs"] == 1
    assert full["all"]["pairs"] == 3


@pytest.mark.parametrize("scores,labels,floor,expected", [
    ([0.9, 0.8, 0.7, 0.6], [1, 1, 0, 1], 0.9, 0.8),  # 0.6 would give 3/4 right
    ([0.9, 0.8, 0.7, 0.6], [1, 1, 0, 1], 0.75, 0.6),
    ([0.9, 0.8], [0, 1], 0.9, 1.01),  # the top score is wrong: no threshold keeps 0.9
])
def test_precision_threshold(scores, labels, floor, expected):
    import numpy as np

    got = _script().precision_threshold(np.array(scores), np.array(labels), floor)
    assert got == pytest.approx(expected)


def test_logistic_regression_and_folds():
    import numpy as np

    mod = _script()
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 3))
    y = (X[:, 0] - 0.5 * X[:, 2] + 0.3 * rng.normal(size=200) > 0).astype(int)
    model = mod.fit_logistic(X, y, l2=1.0)
    w = model[2]
    assert w[1] > 1.0 and w[3] < -0.5 and abs(w[2]) < 0.5  # the signal, not the noise
    assert ((mod.predict_logistic(model, X) >= 0.5) == y).mean() > 0.9
    assert np.array_equal(model[2], mod.fit_logistic(X, y, l2=1.0)[2])  # deterministic
    f = mod.stratified_folds(y, 5, np.random.RandomState(1))
    for label in (0, 1):
        sizes = np.bincount(f[y == label], minlength=5)
        assert sizes.max() - sizes.min() <= 1


@pytest.mark.data
@pytest.mark.parametrize("cmd,split", [("propose3", "report2"), ("propose4", "report3"),
                                       ("propose5", "report4"), ("propose6", "tune2")])
def test_held_out_and_tuning_draws_reproduce(polnear_dir, cmd, split, capsys):
    """Each split of the file is what its ``propose*`` draws (seed, strata, exclusions)."""
    assert _script().main([cmd, str(polnear_dir), str(PAIRS)]) == 0
    drawn = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    stored = [p for p in map(json.loads, PAIRS.read_text(encoding="utf-8").splitlines())
              if p["split"] == split]
    assert [(p["a"], p["b"]) for p in drawn] == [(p["a"], p["b"]) for p in stored]


@pytest.mark.data
def test_tune2_gap_stratum_is_far_apart():
    from quoth.cluster.minhash import day_number

    mod = _script()
    stratum = mod.STRATA6[0]
    assert len(stratum) == 4 and stratum[3] > 30
    far = [p for p in map(json.loads, PAIRS.read_text(encoding="utf-8").splitlines())
           if p["split"] == "tune2"][:stratum[2]]
    assert all(abs(day_number(p["a_published"]) - day_number(p["b_published"])) >= stratum[3]
               and stratum[0] <= max(p["word_contain"], p["tri_contain"]) < stratum[1]
               for p in far)


@pytest.mark.data
def test_clustering_meets_floors_on_polnear(polnear_dir):
    result = _script().evaluate(polnear_dir, PAIRS)
    for split, (p_floor, r_floor) in FLOORS.items():
        assert result[split]["precision"] >= p_floor, result[split]
        assert result[split]["recall"] >= r_floor, result[split]


@pytest.mark.parametrize("source,expected", [
    ("former President Bill Clinton", "bill"),
    ("Hillary Clinton", "hillary"),
    ("Mr. Trump", None),
    ("Texas Sen. Ted Cruz", "ted"),
    ("Bernie Sanders And Hillary Clinton", "hillary"),
    ("Clinton", None),
])
def test_first_name(source, expected):
    assert _script()._first_name(source) == expected


def test_given_names_split_a_shared_surname():
    named = [(0, "clinton", "hillary"), (10, "clinton", "bill"), (20, "clinton", None),
             (30, "trump", None)]
    keys = [k for _, k, _ in _script()._given(named, {"clinton": "hillary", "trump": "donald"})]
    assert keys == ["clinton", "bill clinton", "bill clinton", "trump"]


@pytest.mark.data
def test_cross_validation_reads_only_the_tuning_splits(polnear_dir):
    result = _script().cross_validate(polnear_dir, PAIRS, reps=1)
    pairs = [json.loads(x) for x in PAIRS.read_text(encoding="utf-8").splitlines()]
    tuning = [p for p in pairs if p["split"] in ("tune", "tune2")]
    assert result["pairs"] == {"n": len(tuning), "same": sum(p["label"] == "same" for p in tuning)}
    assert set(result) == {"pairs", "rules", "logistic", "rules+logistic", "grid"}
    for name in ("logistic", "rules+logistic", "grid"):
        assert 0.0 <= result[name]["recall"] <= 1.0 and result[name]["tp_per_rep"] >= 0
