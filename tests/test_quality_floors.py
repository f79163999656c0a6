"""The gold-set gate: `quoth eval` on PolNeAR dev must not drop below the pinned floors.

Floors live in tests/data/quality_floors.json beside the figures they were pinned from.
"""

from __future__ import annotations

import json
import pathlib

import pytest

from quoth.evaluate.score import evaluate

FLOORS = json.loads((pathlib.Path(__file__).parent / "data" / "quality_floors.json").read_text())

pytestmark = [pytest.mark.model, pytest.mark.data, pytest.mark.slow]


@pytest.mark.parametrize("engine", sorted(FLOORS["polnear_dev"]))
def test_dev_scores_stay_above_their_floors(polnear_dir, engine):
    floor = FLOORS["polnear_dev"][engine]["floor"]
    figures = evaluate(str(polnear_dir / "dev"), engine=engine)
    assert figures["articles"] == 84
    assert figures["attribution"]["f1"] >= floor["attribution_f1"], figures["attribution"]
    assert figures["source_accuracy"] >= floor["source_accuracy"], figures["source_accuracy"]
    assert figures["content_exact"]["f1"] >= floor["content_exact_f1"], figures["content_exact"]
