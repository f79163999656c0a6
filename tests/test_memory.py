"""A long run keeps memory flat: 5,000 articles, peak RSS after 1,000 vs after 5,000.

Runs the extraction in a fresh Python process (so the peak RSS is the run's own,
not pytest's) over generated short articles. Every article names people and
places never seen before, which is what makes spaCy's string store grow without
``memory_zone``. The run is in-process (``workers=1``) so the process measured is
the one doing the work; the workers of ``run_local`` run the same batch function.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.model]

N_ARTICLES = 5_000
MARGIN_MB = 12  # RSS after 5,000 articles may exceed RSS after 1,000 by this much. Measured:
# +5 to +8.4 MB while the fast-path caches fill to their bound (quoth.nlp.speedups, 2 x 8192
# entries each), then flat: a 10,000-article run gave current RSS 164.7, 169.6 (4k), 169.6 (6k),
# 170.0 (9k) MB. Without memory_zone the same run grew +17 MB by 5,000.

DRIVER = r"""
import json, random, resource, sys
import psutil
from quoth.records import Article
from quoth.run.local import run_local

def name(rng):
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3)).title()

def articles(n):
    rng = random.Random(7)
    for i in range(n):
        who, town, org = name(rng), name(rng), name(rng)
        text = (f'"We will rebuild {town} by {2000 + i % 30}," said {who}, the mayor. '
                f"{who} told reporters that the {org} Council had agreed. "
                f"Critics say the plan for {town} costs {i} million dollars.")
        yield Article(id=f"gen{i}", text=text, path=f"gen/{i}")

peaks, current, statements = {}, {}, 0
for i, result in enumerate(run_local(articles(int(sys.argv[1])), workers=1, batch_size=32), 1):
    statements += len(result.statements)
    if i % 1000 == 0:
        peaks[i] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        current[i] = psutil.Process().memory_info().rss / 2**20
print(json.dumps({"peaks": peaks, "current": current, "statements": statements, "articles": i}))
"""


def test_peak_rss_does_not_grow_with_article_count():
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(N_ARTICLES)],
                          capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    peaks = {int(k): round(v, 1) for k, v in out["peaks"].items()}
    current = {int(k): round(v, 1) for k, v in out["current"].items()}
    print(f"RSS by articles done (MB): peak {peaks}, current {current}")  # pytest -s
    assert out["articles"] == N_ARTICLES
    assert out["statements"] >= N_ARTICLES  # the run really extracted statements
    growth = peaks[5000] - peaks[1000]
    assert growth <= MARGIN_MB, f"peak RSS grew {growth:.1f} MB from 1,000 to 5,000 articles"
    now = current[5000] - current[1000]
    assert now <= MARGIN_MB, f"RSS grew {now:.1f} MB from 1,000 to 5,000 articles"
