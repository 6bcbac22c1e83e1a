"""Sentence segmenters measured on the hand-labelled boundaries of data/evaluation/segmentation/.

    python benchmarks/segmenters.py [--repeat 20] [--write]

Each candidate splits every passage; a boundary is the start of a sentence that is not the first
of its passage (an offset into the passage). Boundary precision and recall are counted against the
gold boundaries, each with its 95% Wilson interval, and F1; speed is sentences per second over the
passages read ``--repeat`` times in one process (the candidate's own set-up not timed). With
``--write`` the table goes to data/evaluation/segmentation/results.md, which the README quotes.

The candidates are installed by requirements-bench.txt; the one chosen is the project's own
(``conflict_corpus.segment``), and the others are measured for the comparison only.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conflict_corpus.evaluation import wilson  # noqa: E402

SEGMENTATION = ROOT / "data" / "evaluation" / "segmentation"
RESULTS = SEGMENTATION / "results.md"


def load_gold(folder: Path = SEGMENTATION) -> tuple[dict[str, str], dict[str, set[int]]]:
    """The passages (id -> text) and their gold boundaries (id -> sentence starts but the
    first), from passages.csv and sentences.csv."""
    with (folder / "passages.csv").open(encoding="utf-8", newline="") as file:
        passages = {row["id"]: row["text"] for row in csv.DictReader(file)}
    starts: dict[str, list[int]] = {key: [] for key in passages}
    with (folder / "sentences.csv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            starts[row["id"]].append(int(row["start"]))
    return passages, {key: set(sorted(found)[1:]) for key, found in starts.items()}


def spans_of(text: str, pieces) -> list[tuple[int, int]]:
    """Offsets of ``pieces`` (the sentences a segmenter returned as strings, in order) in
    ``text``, each found from the end of the one before (whitespace around a piece ignored)."""
    spans, at = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = text.find(piece, at)
        if found < 0:  # a segmenter that changed the text: match its first word instead
            first = piece.split()[0]
            found = text.find(first, at)
            if found < 0:
                continue
        spans.append((found, found + len(piece)))
        at = found + len(piece)
    return spans


def candidates() -> dict[str, Callable[[str], list[tuple[int, int]]]]:
    """Each candidate as a function from a text to its sentences' spans."""
    from conflict_corpus.segment import sentence_spans

    found: dict[str, Callable[[str], list[tuple[int, int]]]] = {
        "conflict_corpus.segment (the project's rules, data/abbreviations.csv)": sentence_spans
    }
    import pysbd

    pysbd_segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    found["pysbd 0.3.4"] = lambda text: spans_of(
        text, [s.sent for s in pysbd_segmenter.segment(text)]
    )
    import sentencex

    found["sentencex 1.0.32"] = lambda text: spans_of(text, sentencex.segment("en", text))
    import nupunkt

    found["nupunkt 0.8.0"] = lambda text: spans_of(text, nupunkt.sent_tokenize(text))
    import syntok.segmenter as syntok

    def syntok_spans(text: str) -> list[tuple[int, int]]:
        return [
            (s[0].offset, s[-1].offset + len(s[-1].value))
            for paragraph in syntok.analyze(text)
            for s in paragraph
            if s
        ]

    found["syntok 1.4.4"] = syntok_spans
    import blingfire

    def blingfire_spans(text: str) -> list[tuple[int, int]]:
        _, offsets = blingfire.text_to_sentences_and_offsets(text)
        return [(a, b) for a, b in offsets]

    found["blingfire 0.1.8"] = blingfire_spans
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    untrained = PunktSentenceTokenizer()
    found["NLTK Punkt, untrained"] = lambda text: list(untrained.span_tokenize(text))
    return found


def punkt_trained(passages: dict[str, str]) -> Callable[[str], list[tuple[int, int]]]:
    """NLTK's Punkt trained, without labels, on the passages themselves (as it would be on a
    user's corpus: no downloaded model)."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    tokenizer = PunktSentenceTokenizer("\n\n".join(passages.values()))
    return lambda text: list(tokenizer.span_tokenize(text))


def score(segment, passages: dict[str, str], gold: dict[str, set[int]]) -> dict:
    """Boundary counts and scores of one segmenter on the passages."""
    tp = predicted = expected = 0
    for key, text in passages.items():
        starts = {a for a, _ in segment(text)}
        starts.discard(min(starts, default=0))
        # A boundary is where a sentence starts; whitespace before it does not move it.
        starts = {len(text) - len(text[a:].lstrip()) if a < len(text) else a for a in starts}
        tp += len(starts & gold[key])
        predicted += len(starts)
        expected += len(gold[key])
    precision = tp / predicted if predicted else 0.0
    recall = tp / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp,
        "predicted": predicted,
        "gold": expected,
        "precision": precision,
        "precision_ci": wilson(tp, predicted),
        "recall": recall,
        "recall_ci": wilson(tp, expected),
        "f1": f1,
    }


def speed(segment, passages: dict[str, str], repeat: int) -> float:
    """Sentences per second over the passages, read ``repeat`` times."""
    texts = list(passages.values())
    start = time.perf_counter()
    n = 0
    for _ in range(repeat):
        for text in texts:
            n += len(segment(text))
    return n / (time.perf_counter() - start)


def table(rows: list[tuple[str, dict, float]]) -> str:
    lines = [
        "| segmenter | boundary precision (95% CI) | recall (95% CI) | F1 | sentences/s |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    for name, s, rate in rows:
        lo, hi = s["precision_ci"]
        rlo, rhi = s["recall_ci"]
        lines.append(
            f"| {name} | {s['precision']:.3f} ({lo:.3f}-{hi:.3f}; {s['tp']}/{s['predicted']}) "
            f"| {s['recall']:.3f} ({rlo:.3f}-{rhi:.3f}; {s['tp']}/{s['gold']}) "
            f"| {s['f1']:.3f} | {rate:,.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    passages, gold = load_gold()
    found = candidates()
    found["NLTK Punkt, trained on the passages"] = punkt_trained(passages)
    rows = []
    for name, segment in found.items():
        rows.append((name, score(segment, passages, gold), speed(segment, passages, args.repeat)))
        print(f"measured {name}", file=sys.stderr, flush=True)
    rows.sort(key=lambda r: -r[1]["f1"])
    n_gold = sum(len(b) for b in gold.values())
    text = (
        f"# Sentence segmenters on the hand-labelled boundaries\n\n"
        f"Written by `python benchmarks/segmenters.py --write` on {len(passages)} passages with "
        f"{n_gold} gold boundaries (`passages.csv`, `sentences.csv`; see `README.md`). A "
        f"boundary is the start of a sentence other than a passage's first. Speed: the "
        f"passages read {args.repeat} times in one process on this machine (2 cores).\n\n"
        + table(rows)
        + "\n"
    )
    print(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
