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
    evaluate_documents,
    rule_markdown,
    scores_markdown,
)

RESULTS = EVALUATION_DIR / "results.md"
HEADER = """# Measured accuracy on the evaluation set

Written by `python scripts/evaluate.py --write` (`make evaluate` prints the same tables); a test
checks that this file matches a rerun. Counts are (sentence, label) pairs: an entity named in a
sentence, a frame used in it, the stance of a ceasefire or disarmament mention (in the
annotators' vocabulary: agreed counts as declared, called for as demanded, conditional as none),
a CAMEO event code, and each party (agent, target, broker) named for a ceasefire or
disarmament mention, as (sentence, frame, party). Each proportion has its 95% Wilson interval.

Two parts, each scored here. The **frozen test part** (`data/evaluation/test/`) was labelled
from the text by an annotator who had not read the lexicon, before the matchers ran on it; it
is never used to edit a lexicon or the alias table, and is scored once per release: its figures
are out of sample. The **development part** (`data/evaluation/`) is in sample: its errors were
studied and the lexicon was edited after it was written. How each was made: their READMEs.
Last, the entity matcher on articles (`data/evaluation/documents/`), with and without the
rule that resolves a family name several people share within its article.

"""


DOCUMENTS_TEXT = """The entity matcher on articles whose people share family names
(`data/evaluation/documents/`: written and labelled from the text by an annotator who had not
read the code or the list of shared names, before the rule ran on them; never used to edit
that list). With the document rule, a bare "Sadr", "al-Sadr", "Mr Sadr" or "Maliki" names the
person of `data/shared_names.csv` its article names in full first; without it, the one the
alias table gives it. `shared names` scores the persons of that list only.

"""


def report(api=None) -> str:
    """The results file's text for the matchers of ``api`` (default: this checkout's): the
    frozen test part's scores, then the development part's."""
    test, development = evaluate(api, folder=TEST_DIR), evaluate(api)
    documents = evaluate_documents(api)
    return (
        HEADER
        + f"## Frozen test part: {test.attrs['sentences']} sentences (out of sample)\n\n"
        + scores_markdown(test)
        + f"\n## Development part: {development.attrs['sentences']} sentences (in sample)\n\n"
        + scores_markdown(development)
        + f"\n## Articles: {documents.attrs['documents']} articles, "
        f"{documents.attrs['sentences']} sentences, with and without the document rule (out of "
        f"sample)\n\n" + DOCUMENTS_TEXT + rule_markdown(documents)
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
