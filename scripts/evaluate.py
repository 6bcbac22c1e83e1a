"""Measure the matchers against the hand-labelled evaluation set (data/evaluation/).

    python scripts/evaluate.py                 # print the scores (make evaluate)
    python scripts/evaluate.py --write         # and write data/evaluation/results.md
    python scripts/evaluate.py --root DIR      # measure another checkout's helpers.py

Precision, recall and F1 per label, each proportion with its 95% Wilson interval; see
conflict_corpus/evaluation.py for what is counted.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conflict_corpus.evaluation import EVALUATION_DIR, evaluate, scores_markdown  # noqa: E402

RESULTS = EVALUATION_DIR / "results.md"
HEADER = """# Measured accuracy on the evaluation set

Written by `python scripts/evaluate.py --write` (`make evaluate` prints the same table); a test
checks that this file matches a rerun. Counts are (sentence, label) pairs: an entity named in a
sentence, a frame used in it, the stance of a ceasefire or disarmament mention (in the
annotators' vocabulary: agreed counts as declared, called for as demanded, conditional as none),
and a CAMEO event code. Each proportion has its 95% Wilson interval. The set and how it was made:
`data/evaluation/README.md`.

"""


def report(api=None) -> str:
    """The results file's text for the matchers of ``api`` (default: this checkout's)."""
    return HEADER + scores_markdown(evaluate(api))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, help="another checkout whose helpers.py to measure")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS}")
    args = parser.parse_args(argv)
    api = None
    if args.root is not None:
        sys.path.insert(0, str(args.root.resolve()))
        sys.modules.pop("helpers", None)
        api = importlib.import_module("helpers")
    text = report(api)
    print(text, end="")
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
