"""Training the attribution model: gold token labels, and a tiny end-to-end training run."""

from __future__ import annotations

import json

import pytest
from spacy.lang.en import English

from quoth.evaluate.brat import GoldAttribution
from quoth.training.data import Document

TEXT = "Smith said the plan “will work.” Aides disagreed."
#       0     6    11  15   20         32   37    43


@pytest.mark.parametrize("attribution, expected", [
    (GoldAttribution(content=((11, 32),), cue=((6, 10),), source=((0, 5),)),
     ["B-Source", "B-Cue", "B-Content", "I-Content", "I-Content", "I-Content", "I-Content",
      "I-Content", "I-Content", "O", "O", "O"]),
    # a discontinuous content: each piece opens with B-
    (GoldAttribution(content=((11, 19), (20, 32)), cue=((6, 10),), source=()),
     ["O", "B-Cue", "B-Content", "I-Content", "B-Content", "I-Content", "I-Content",
      "I-Content", "I-Content", "O", "O", "O"]),
    # a span boundary inside a token still labels the whole token
    (GoldAttribution(content=((34, 40),), cue=(), source=()),
     ["O"] * 9 + ["B-Content", "I-Content", "O"]),
])
def test_token_labels(attribution, expected):
    from quoth.training.crf import token_labels

    doc = English()(TEXT)
    assert [t.text for t in doc][:3] == ["Smith", "said", "the"]
    assert token_labels(doc, Document("t", TEXT, (attribution,))) == expected


@pytest.mark.data
@pytest.mark.model
def test_tiny_training_run_gives_a_loadable_model(polnear_dir, tmp_path):
    from quoth.tagger.crf_tagger import Tagger
    from quoth.nlp import load_nlp
    from quoth.training.crf import train

    meta = train(polnear_dir / "train", tmp_path / "m", limit=4, seed=1,
                 params={"max_iterations": 15}, cache_dir=tmp_path / "cache")
    again = train(polnear_dir / "train", tmp_path / "m2", limit=4, seed=1,
                  params={"max_iterations": 15}, cache_dir=tmp_path / "cache")
    assert (tmp_path / "m" / "crf.model").read_bytes() == (tmp_path / "m2" / "crf.model").read_bytes()
    assert again["cues"] == meta["cues"]
    assert meta["texts"] == 4 and meta["tokens"] > 500
    assert (tmp_path / "m" / "crf.model").stat().st_size > 0
    assert json.loads((tmp_path / "m" / "meta.json").read_text())["seed"] == 1
    tagger = Tagger(tmp_path / "m")
    doc = load_nlp()("The mayor said the road will reopen. Officials declined to comment.")
    chunks = tagger.tag(doc)
    assert all(c.role in ("Source", "Cue", "Content") and 0 < c.score <= 1 for c in chunks)
    assert all(0 <= c.start < c.end <= len(doc) for c in chunks)
