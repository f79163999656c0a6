"""Parse a brat/PolNeAR split once and save the Docs (DocBin) for rule tuning.

    python scripts/parse_corpus.py ../shared/data/polnear/train /tmp/train.spacy
"""
import pathlib
import sys

from spacy.tokens import DocBin

from quoth.nlp import load_nlp


def main(split: str, out: str) -> None:
    nlp = load_nlp()
    paths = sorted(pathlib.Path(split, "text").glob("*.txt"))
    texts = ((p.read_text(encoding="utf-8"), p.stem) for p in paths)
    db = DocBin(store_user_data=True)
    for doc, name in nlp.pipe(texts, as_tuples=True, batch_size=32):
        doc.user_data["name"] = name
        db.add(doc)
    db.to_disk(out)
    print(len(paths), "docs ->", out)


if __name__ == "__main__":
    main(*sys.argv[1:3])
