"""Peak memory and time for one very long article (over spaCy's 1,000,000-character limit).

    .venv/bin/python bench/long_article.py --mb 20              # 20 MB, the fast engine
    .venv/bin/python bench/long_article.py --mb 2 --engine hybrid

The article is real news text: the PolNeAR dev articles (or, without the data, the
example article) joined by blank lines and repeated up to the size asked for. It is
extracted as ``quoth extract`` does, in parts (``quoth.nlp.parts``); the script prints the
RSS after loading the pipeline, the peak RSS of the whole run (``ru_maxrss``), the time,
the statement count, where the last statement ends, and whether every offset reads
the statement's own text in the original.
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))

DEV = os.environ.get("QUOTH_DATA", "/work/shared/data") + "/polnear/dev/text"
EXAMPLE = os.path.join(HERE, "..", "examples", "sputnik_2022-02-07_putin-macron-press-conference.txt")


def long_text(chars: int) -> str:
    paths = sorted(glob.glob(os.path.join(DEV, "*.txt"))) or [EXAMPLE]
    unit = "\n\n".join(open(p, encoding="utf-8").read().strip() for p in paths) + "\n\n"
    return (unit * (chars // len(unit) + 1))[:chars]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="article size in millions of characters")
    ap.add_argument("--engine", default="fast")
    args = ap.parse_args()
    from quoth.extraction import extract_text, process_batch
    from quoth.records import Article, join_pieces

    process_batch([Article(id="warm", text="“Yes,” she said.")], engine=args.engine)
    loaded = rss_mb()
    text = long_text(int(args.mb * 1_000_000))
    start = time.perf_counter()
    result = extract_text(text, engine=args.engine)
    seconds = time.perf_counter() - start
    # every piece's offsets read the original text, and the content is its pieces joined
    exact = result.article.text == text and all(
        st.content.text == join_pieces(text, st.content.spans) for st in result.statements)
    last = result.statements[-1].content.end if result.statements else 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"article: {len(text):,} characters, engine {args.engine}, error {result.error}")
    print(f"statements: {len(result.statements):,}; last one ends at {last:,}; offsets exact: {exact}")
    print(f"RSS after loading the pipeline: {loaded:.0f} MB; peak RSS: {peak:.0f} MB; "
          f"{seconds:.0f} s ({len(text) / seconds / 1000:.1f} k characters/s)")


if __name__ == "__main__":
    main()
