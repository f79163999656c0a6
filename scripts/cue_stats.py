"""Count cue lemmas in a brat split (PolNeAR TRAIN) and how reliably each one cues.

    python scripts/cue_stats.py ../shared/data/polnear/train [PARSED.spacy] > cue_stats.tsv

For every verb lemma: how many gold Cue spans it heads (``as_cue``), how often it
occurs as a verb at all (``seen``), the share of occurrences inside a cue
(``precision``) and, among those, which dependency the gold content hangs on
(ccomp / xcomp / dobj / other). quoth/data/cues.txt was chosen from this table
(train only; dev is for measuring).
"""
import collections
import pathlib
import sys

from spacy.tokens import DocBin

from quoth.evaluate.brat import iter_corpus
from quoth.nlp import load_nlp


def main(split: str, parsed: str | None = None) -> None:
    nlp = load_nlp()
    if parsed:
        docs = {d.user_data["name"]: d for d in DocBin().from_disk(parsed).get_docs(nlp.vocab)}
    seen, as_cue = collections.Counter(), collections.Counter()
    frames = collections.defaultdict(collections.Counter)
    for text, gold in iter_corpus(split):
        name = pathlib.Path(gold.text_path).stem
        doc = docs[name] if parsed else nlp(text)
        cue_chars = {i for a in gold.attributions for s, e in a.cue for i in range(s, e)}
        content_of = {i: a for a in gold.attributions for s, e in a.cue for i in range(s, e)}
        for t in doc:
            if t.pos_ not in ("VERB", "AUX", "NOUN"):
                continue
            key = f"{t.lemma_.lower()}/{t.pos_}"
            seen[key] += 1
            if t.idx in cue_chars:
                as_cue[key] += 1
                a = content_of[t.idx]
                frames[key][_frame(t, a)] += 1
    print("lemma\tas_cue\tseen\tprecision\tframes")
    for key, n in as_cue.most_common():
        if n >= 3:
            top = ",".join(f"{f}:{c}" for f, c in frames[key].most_common(3))
            print(f"{key}\t{n}\t{seen[key]}\t{n / seen[key]:.2f}\t{top}")


def _frame(tok, attribution) -> str:
    start = min(s for s, _ in attribution.content)
    for child in tok.children:
        if child.left_edge.idx <= start <= child.right_edge.idx + len(child.right_edge):
            return child.dep_
    return "before" if start < tok.idx else "other"


if __name__ == "__main__":
    main(*sys.argv[1:3])
