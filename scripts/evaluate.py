"""Measure the matchers against the hand-labelled evaluation set: its frozen test part
(data/evaluation/test/, out of sample) and its development part (data/evaluation/, in sample).

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

from conflict_corpus.evaluation import (  # noqa: E402
    EVALUATION_DIR,
    TEST_DIR,
    evaluate,
    scores_markdown,
)

RESULTS = EVALUATION_DIR / "results.md"
HEADER = """# Measured accuracy on the evaluation set

Written by `python scripts/evaluate.py --write` (`make evaluate` prints the same tables); a test
checks that this file matches a rerun. Counts are (sentence, label) pairs: an entity named in a
sentence, a frame used in it, the stance of a ceasefire or disarmament mention (in the
annotators' vocabulary: agreed counts as declared, called for as demanded, conditional as none),
and a CAMEO event code. Each proportion has its 95% Wilson interval.

Two parts, each scored here. The **frozen test part** (`data/evaluation/test/`) was labelled
from the text by an annotator who had not read the lexicon, before the matchers ran on it; it
is never used to edit a lexicon or the alias table, and is scored once per release: its figures
are out of sample. The **development part** (`data/evaluation/`) is in sample: its errors were
studied and the lexicon was edited after it was written. How each was made: their READMEs.

"""


def report(api=None) -> str:
    """The results file's text for the matchers of ``api`` (default: this checkout's): the
    frozen test part's scores, then the development part's."""
    test, development = evaluate(api, folder=TEST_DIR), evaluate(api)
    return (
        HEADER
        + f"## Frozen test part: {test.attrs['sentences']} sentences (out of sample)\n\n"
        + scores_markdown(test)
        + f"\n## Development part: {development.attrs['sentences']} sentences (in sample)\n\n"
        + scores_markdown(development)
    )


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
