"""Audit the speaker registry: dump every speaker with >= 2 statements, then score judgments.

    python scripts/speaker_audit.py dump --db /tmp/audit.db [--ingest ../shared/data/polnear/dev]
        > tests/data/speaker_audit/speakers.jsonl
    python scripts/speaker_audit.py rates [--dir tests/data/speaker_audit]

``dump`` (optionally after ``quoth ingest DIR --db DB``) writes one JSON line per speaker:
``{"name", "type", "titles", "aliases", "count"}``, by count then name.

``rates`` reads ``speakers.jsonl`` and ``judgments.jsonl`` (one line per speaker, keyed by
name; see ``rubric.md``) and prints the audit's rates: bad aliases and bad titles (share of
all aliases / titles listed), junk names (share of speakers) and the speakers with >= 3
statements that join two people. A speaker, alias or title in the dump that the judgments do
not cover is an error: the judgments must be redone for the dump they judge. Exit status 1
when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "speaker_audit"
TARGETS = {"bad_aliases": 0.02, "bad_titles": 0.03, "junk_names": 0.02}


def dump(db: str, ingest: str | None, min_count: int = 2) -> None:
    if ingest:
        subprocess.run([sys.executable, "-m", "quoth", "ingest", ingest, "--db", db], check=True,
                       stdout=subprocess.DEVNULL)
    from quoth.store import Store

    with Store(db, readonly=True) as store:
        found = store.speakers(limit=100_000, min_count=min_count)["speakers"]
    for s in sorted(found, key=lambda s: (-s["count"], s["name"])):
        aliases = sorted(a for a in s["aliases"] if a != s["name"])
        row = {"name": s["name"], "type": s["type"], "titles": sorted(s["titles"]),
               "aliases": aliases, "count": s["count"]}
        print(json.dumps(row, ensure_ascii=False))


def _load(path: pathlib.Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rates(folder: pathlib.Path) -> int:
    speakers = _load(folder / "speakers.jsonl")
    judged = {j["name"]: j for j in _load(folder / "judgments.jsonl")}
    missing = [s["name"] for s in speakers if s["name"] not in judged]
    if missing:
        print(f"not judged: {missing}", file=sys.stderr)
        return 2
    n_alias = n_title = bad_alias = bad_title = junk = 0
    joins = []
    for s in speakers:
        j = judged[s["name"]]
        unknown = (set(j.get("bad_aliases", [])) - set(s["aliases"])) | (
            set(j.get("bad_titles", [])) - set(s["titles"]))
        if unknown:
            print(f"{s['name']}: judged items not in the dump: {sorted(unknown)}", file=sys.stderr)
            return 2
        n_alias += len(s["aliases"])
        n_title += len(s["titles"])
        bad_alias += len(j.get("bad_aliases", []))
        bad_title += len(j.get("bad_titles", []))
        junk += bool(j.get("junk_name"))
        if j.get("joins_people") and s["count"] >= 3:
            joins.append(s["name"])
    got = {"bad_aliases": bad_alias / max(1, n_alias), "bad_titles": bad_title / max(1, n_title),
           "junk_names": junk / max(1, len(speakers))}
    print(f"speakers {len(speakers)}  aliases {n_alias}  titles {n_title}")
    print(f"bad aliases {bad_alias}/{n_alias} = {got['bad_aliases']:.1%}  (target <= 2%)")
    print(f"bad titles  {bad_title}/{n_title} = {got['bad_titles']:.1%}  (target <= 3%)")
    print(f"junk names  {junk}/{len(speakers)} = {got['junk_names']:.1%}  (target <= 2%)")
    print(f"speakers with >= 3 statements joining two people: {len(joins)} {joins}")
    ok = all(got[k] <= v for k, v in TARGETS.items()) and not joins
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="print every speaker with >= 2 statements as JSON lines")
    d.add_argument("--db", required=True)
    d.add_argument("--ingest", help="ingest this folder into --db first")
    r = sub.add_parser("rates", help="recompute the audit's rates from the judgments")
    r.add_argument("--dir", type=pathlib.Path, default=HERE)
    args = parser.parse_args(argv)
    if args.cmd == "dump":
        dump(args.db, args.ingest)
        return 0
    return rates(args.dir)


if __name__ == "__main__":
    sys.exit(main())
