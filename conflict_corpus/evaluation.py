"""Measured accuracy: the matchers against the hand-labelled evaluation set in
``data/evaluation/`` (labels written from the text before the matchers ran on it; see its
README).

Every score is a count of (sentence, label) pairs: an entity named in a sentence, a frame used
in it, the stance of a ceasefire or disarmament mention, a CAMEO event code. A pair the matcher
finds and the annotator wrote is correct; precision is correct / found, recall correct / gold,
F1 their harmonic mean. Each proportion has its 95% Wilson score interval (Wilson 1927), which
stays inside [0, 1] and is honest for the small counts of a few hundred sentences.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import pandas as pd

from .engine.store import built
from .files import DATA, CorpusError, curated_files, read_curated_csv, stamps

EVALUATION_DIR = DATA / "evaluation"
# The frozen test part: written before the matchers ran on it, never used to edit a lexicon or
# an alias table, scored once per release (data/evaluation/test/README.md). The development
# part (EVALUATION_DIR itself) is in sample: its errors were studied and the lexicon edited
# after it was written.
TEST_DIR = EVALUATION_DIR / "test"
# Articles whose sentences name people by a family name several of them share: which person
# a bare "Sadr" or "Maliki" means within its article (data/evaluation/documents/README.md).
# Written before the document rule ran on it; never used to edit the list of shared names.
DOCUMENTS_DIR = EVALUATION_DIR / "documents"
Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution
SCORE_COLUMNS = [
    "task",
    "label",
    "gold",
    "found",
    "correct",
    "precision",
    "precision_low",
    "precision_high",
    "recall",
    "recall_low",
    "recall_high",
    "f1",
]
# The matcher's stances in the annotators' coarser vocabulary (data/evaluation/README.md): an
# agreement is a declaration, a call a demand, a conditional mention no act.
GOLD_STANCE = {"agreed": "declared", "called_for": "demanded", "conditional": "none"}


def wilson(k: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of the proportion k / n (NaN, NaN when n is 0)."""
    if n == 0:
        return math.nan, math.nan
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def load_evaluation(folder: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The evaluation set: ``sentences`` (``id``, ``text``, ``source``, ``topic``), ``entities``
    (``id``, ``entity``, ``type``, ``in_gazetteer``) and ``events`` (``id``, ``trigger``,
    ``frame``, ``stance``, ``cameo``). Raises CorpusError naming the file and line for a label
    whose sentence id is unknown."""
    folder = Path(folder) if folder is not None else EVALUATION_DIR
    tables = {}
    for name, required in (
        ("sentences", ("id", "text")),
        ("entities", ("id", "entity", "type")),
        ("events", ("id", "frame")),
    ):
        rows = read_curated_csv(folder / f"{name}.csv", required=required)
        tables[name] = pd.DataFrame(rows)
    known = set(tables["sentences"]["id"])
    for name in ("entities", "events"):
        for row in tables[name].to_dict("records"):
            if row["id"] not in known:
                raise CorpusError(
                    f"{folder / (name + '.csv')}: line {row['_line']}: sentence id "
                    f"{row['id']!r} is not in sentences.csv; fix the id or add the sentence."
                )
    return tables


def score(task: str, gold: set, found: set, label_of) -> list[dict]:
    """Scores per label and over all labels of one task. ``gold`` and ``found`` are sets of
    pairs; ``label_of(pair)`` names the label a pair is scored under."""
    labels = sorted({label_of(p) for p in gold | found})
    rows = []
    for label in [*labels, "all"]:
        g = gold if label == "all" else {p for p in gold if label_of(p) == label}
        f = found if label == "all" else {p for p in found if label_of(p) == label}
        correct = len(g & f)
        precision = correct / len(f) if f else math.nan
        recall = correct / len(g) if g else math.nan
        p_low, p_high = wilson(correct, len(f))
        r_low, r_high = wilson(correct, len(g))
        rows.append(
            {
                "task": task,
                "label": label,
                "gold": len(g),
                "found": len(f),
                "correct": correct,
                "precision": precision,
                "precision_low": p_low,
                "precision_high": p_high,
                "recall": recall,
                "recall_low": r_low,
                "recall_high": r_high,
                # (NaN when either is undefined: NaN > 0 is False)
                "f1": 2 * precision * recall / (precision + recall)
                if precision + recall > 0
                else math.nan,
            }
        )
    return rows


def stance_agreement(gold: set, found: set) -> dict:
    """The stance of the mentions both found, as ``score``'s row "all": of each labelled
    (sentence, frame) the matcher also found, how often it gives the labelled stance (the
    recall is the agreement). ``gold`` and ``found``: (sentence id, frame, stance) triples."""
    both = {p[:2] for p in gold} & {p[:2] for p in found}
    return score(
        "stance of the mentions found",
        {p for p in gold if p[:2] in both},
        {p for p in found if p[:2] in both},
        lambda p: "all",
    )[-1]


def _labelled_set(api, folder, default: Path, load) -> tuple:
    """``(api, tables, corpus, id_of)`` of a labelled set: the module measured (default
    ``helpers``), the set's tables (``load``), its sentences as ``api.load_corpus`` reads them,
    and each sentence id's label id."""
    if api is None:
        import helpers as api
    folder = Path(folder) if folder is not None else default
    tables = load(folder)
    corpus = api.load_corpus(folder / "sentences.csv")
    id_of = dict(zip(corpus["sentence_id"], tables["sentences"]["id"].tolist()))
    return api, tables, corpus, id_of


def evaluate(api=None, folder: str | Path | None = None) -> pd.DataFrame:
    """Precision, recall and F1 with 95% Wilson intervals (``SCORE_COLUMNS``) of the entity
    matcher (per type; and for the entities the alias table lists), the frames (per frame),
    the stance of ceasefire and disarmament mentions (per stance) and their CAMEO codes (per
    code). ``api`` is the module whose ``load_corpus``, ``find_entities``, ``find_frames`` and
    ``load_gazetteer`` are measured (default: ``helpers``; an older checkout's to compare)."""
    api, tables, corpus, id_of = _labelled_set(api, folder, EVALUATION_DIR, load_evaluation)
    ids = tables["sentences"]["id"].tolist()
    mentions = api.find_entities(corpus)
    frames = api.find_frames(corpus)
    gazetteer = api.load_gazetteer()
    kinds = dict(zip(gazetteer["entity"], gazetteer["type"]))

    entities = tables["entities"]
    gold_type = dict(zip(zip(entities["id"], entities["entity"]), entities["type"]))
    gold = set(gold_type)
    found = {(id_of[s], e) for s, e in zip(mentions["sentence_id"], mentions["entity"])}
    label = {**{p: kinds.get(p[1], "other") for p in found}, **gold_type}
    rows = score("entities", gold, found, label.get)
    listed = entities[entities["in_gazetteer"].fillna("yes") == "yes"]
    rows += score(
        "entities in the alias table",
        set(zip(listed["id"], listed["entity"])),
        found,
        lambda p: "all",
    )[-1:]

    events = tables["events"]
    gold = set(zip(events["id"], events["frame"]))
    found = {(id_of[s], f) for s, f in zip(frames["sentence_id"], frames["frame"])}
    rows += score("frames", gold, found, lambda p: p[1])

    bearing = events[events["frame"].isin(["ceasefire", "disarmament"])]
    stance = bearing["stance"].fillna("").replace("", "none")
    gold = set(zip(bearing["id"], bearing["frame"], stance))
    mine = frames[frames["frame"].isin(["ceasefire", "disarmament"])]
    found = {
        (id_of[s], f, GOLD_STANCE.get(st, st) if isinstance(st, str) else "none")
        for s, f, st in zip(mine["sentence_id"], mine["frame"], mine["stance"])
    }
    rows += score("stance", gold, found, lambda p: p[2])
    both = {p[:2] for p in gold} & {p[:2] for p in found}
    rows.append(stance_agreement(gold, found))

    coded = bearing[bearing["cameo"].fillna("") != ""]
    gold = set(zip(coded["id"], coded["cameo"]))
    found = {
        (id_of[s], c) for s, c in zip(mine["sentence_id"], mine["cameo"]) if isinstance(c, str)
    }
    rows += score("cameo", gold, found, lambda p: p[1])
    rows += _parties_scores(api, corpus, mentions, frames, bearing, id_of, set(kinds), both)
    table = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    table.attrs["sentences"] = len(ids)  # (for prose that quotes the scores)
    return table


def _parties_scores(
    api, corpus, mentions, frames, bearing, id_of, listed: set, found: set
) -> list[dict]:
    """The agent, target and broker of the ceasefire and disarmament mentions, where the set
    labels them: (sentence, frame, party) pairs, a party of several names counted once per
    name; and the agent where the sentence names one the alias table lists (``listed``) and
    the matcher found the mention (``found``: (sentence, frame) pairs)."""
    from .parties import PARTY_COLUMNS, event_parties

    if not set(PARTY_COLUMNS) <= set(bearing.columns):
        return []
    parties = event_parties(corpus, mentions, frames)
    return party_scores(parties, frames, bearing, id_of) + party_scores(
        parties, frames, bearing, id_of, ("agent",), listed, found
    )


def party_scores(
    found: pd.DataFrame,
    frames: pd.DataFrame,
    bearing,
    id_of,
    columns=None,
    listed: set | None = None,
    mentions: set | None = None,
) -> list[dict]:
    """``score`` of each party column of ``found`` (``event_parties``' table for the rows of
    ``frames``) against the labelled ceasefire and disarmament events ``bearing``, whose
    sentence ids ``id_of`` maps the corpus's to: (sentence, frame, name) triples, a party of
    several names counted once per name. With ``listed`` (the alias table's entities) and
    ``mentions`` (the (sentence, frame) pairs the matcher found): only the labelled parties the
    alias table lists, in mentions found, and the parties named for those mentions, scored as
    the task "<column> where the sentence names it" (its recall is the accuracy where the
    sentence names a party the matcher can name)."""
    from .parties import PARTY_COLUMNS

    rows = []
    for column in columns or PARTY_COLUMNS:
        gold = {
            (i, f, name)
            for i, f, names in zip(bearing["id"], bearing["frame"], bearing[column])
            if isinstance(names, str) and names
            for name in names.split("|")
        }
        mine = {
            (id_of[s], f, name)
            for s, f, names in zip(frames["sentence_id"], frames["frame"], found[column])
            if isinstance(names, str)
            for name in names.split("|")
        }
        if listed is None:
            rows += score(column, gold, mine, lambda p: p[1])
            continue
        gold = {p for p in gold if p[2] in listed and p[:2] in mentions}
        named = {p[:2] for p in gold}
        mine = {p for p in mine if p[:2] in named}
        rows += score(f"{column} where the sentence names it", gold, mine, lambda p: "all")[-1:]
    return rows


def evaluate_documents(api=None, folder: str | Path | None = None) -> pd.DataFrame:
    """The entity matcher on articles (``DOCUMENTS_DIR``: sentences with their ``doc_id``),
    with the document rule (a family name several people share names the one its article
    names in full first: ``entities.in_their_documents``) and without it (the alias table's
    choice): ``SCORE_COLUMNS`` of the task ``entities`` per type and over all, and of the
    persons ``data/shared_names.csv`` lists (``shared names``), with a column
    ``document_rule`` (True, False)."""
    # Each row one sentence, its article named by doc_id: the document rule reads it.
    api, tables, corpus, id_of = _labelled_set(
        api, folder, DOCUMENTS_DIR, load_evaluation_documents
    )
    ids = tables["sentences"]["id"].tolist()
    kinds = dict(zip(*(api.load_gazetteer()[c] for c in ("entity", "type"))))
    sharing = {e for entities in api.load_shared_names().values() for e in entities}
    entities = tables["entities"]
    gold_type = dict(zip(zip(entities["id"], entities["entity"]), entities["type"]))
    gold = set(gold_type)
    frames = []
    for rule in (True, False):
        mentions = api.find_entities(corpus, document_rule=rule)
        found = {(id_of[s], e) for s, e in zip(mentions["sentence_id"], mentions["entity"])}
        label = {**{p: kinds.get(p[1], "other") for p in found}, **gold_type}
        rows = score("entities", gold, found, label.get)
        rows += score(
            "shared names",
            {p for p in gold if p[1] in sharing},
            {p for p in found if p[1] in sharing},
            lambda p: "all",
        )[-1:]
        frames.append(pd.DataFrame(rows, columns=SCORE_COLUMNS).assign(document_rule=rule))
    table = pd.concat(frames, ignore_index=True)
    table.attrs["sentences"] = len(ids)
    table.attrs["documents"] = tables["sentences"]["doc_id"].nunique()
    return table


def load_evaluation_documents(folder: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The articles of ``DOCUMENTS_DIR`` (or ``folder``): ``sentences`` (``id``, ``doc_id``,
    ``sentence_in_doc``, ``text``) and ``entities`` (``id``, ``entity``, ``type``,
    ``in_gazetteer``); a CorpusError names the file and line of a label whose sentence id is
    unknown."""
    folder = Path(folder) if folder is not None else DOCUMENTS_DIR
    sentences = read_curated_csv(
        folder / "sentences.csv", required=("id", "doc_id", "sentence_in_doc", "text")
    )
    entities = read_curated_csv(folder / "entities.csv", required=("id", "entity", "type"))
    known = {row["id"] for row in sentences}
    for row in entities:
        if row["id"] not in known:
            raise CorpusError(
                f"{folder / 'entities.csv'}: line {row['_line']}: sentence id {row['id']!r} is "
                f"not in sentences.csv; fix the id or add the sentence."
            )
    return {"sentences": pd.DataFrame(sentences), "entities": pd.DataFrame(entities)}


def rule_markdown(table: pd.DataFrame) -> str:
    """``evaluate_documents``' scores as a Markdown table, with the document rule and without
    it side by side (over all entities, per type, and on the shared names)."""
    lines = [
        "| task | label | document rule | gold | found | correct | precision (95% CI) | "
        "recall (95% CI) | F1 |",
        "| --- | --- | --- | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    ordered = table.sort_values(["task", "label"], kind="stable")
    for r in ordered.itertuples(index=False):
        rule = "with" if r.document_rule else "without"
        lines.append(
            f"| {r.task} | {r.label} | {rule} | {r.gold} | {r.found} | {r.correct} | "
            f"{_interval(r.precision, r.precision_low, r.precision_high)} | "
            f"{_interval(r.recall, r.recall_low, r.recall_high)} | "
            f"{'' if r.f1 != r.f1 else f'{r.f1:.2f}'} |"
        )
    return "\n".join(lines) + "\n"


def _interval(value, low, high) -> str:
    return "" if value != value else f"{value:.2f} ({low:.2f}-{high:.2f})"


def scores_markdown(table: pd.DataFrame) -> str:
    """The scores as a Markdown table: each proportion with its interval, e.g. 0.91
    (0.85-0.95)."""

    def cell(value, low, high):
        return "" if value != value else f"{value:.2f} ({low:.2f}-{high:.2f})"

    lines = [
        "| task | label | gold | found | correct | precision (95% CI) | recall (95% CI) | F1 |",
        "| --- | --- | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    for r in table.itertuples(index=False):
        lines.append(
            f"| {r.task} | {r.label} | {r.gold} | {r.found} | {r.correct} | "
            f"{cell(r.precision, r.precision_low, r.precision_high)} | "
            f"{cell(r.recall, r.recall_low, r.recall_high)} | "
            f"{'' if r.f1 != r.f1 else f'{r.f1:.2f}'} |"
        )
    return "\n".join(lines) + "\n"


_NOTES = {
    "entities": [
        ("entities", "all", "the entity matcher, on every named actor"),
        ("entities in the alias table", "all", "on the actors its alias table lists"),
    ],
    "frames": [
        ("frames", "ceasefire", "ceasefire wording"),
        ("frames", "disarmament", "disarmament wording"),
        ("frames", "all", "all five frames"),
    ],
    "stance": [
        ("stance", "all", "the stance of ceasefire and disarmament mentions"),
        ("stance of the mentions found", "all", "the stance of the mentions both found"),
    ],
    "cameo": [("cameo", "all", "their CAMEO event codes")],
    "parties": [
        ("agent", "all", "the agent of a ceasefire or disarmament mention"),
        (
            "agent where the sentence names it",
            "all",
            "the agent where the sentence names one the alias table lists",
        ),
        ("target", "all", "its target"),
        ("broker", "all", "its broker"),
    ],
}


def _measured() -> tuple[pd.DataFrame, pd.DataFrame]:
    """``evaluate()`` of the development part and of the frozen test part, computed once in a
    process until a file they read changes (five of the notebooks quote them)."""
    import helpers

    files = sorted(p for p in EVALUATION_DIR.rglob("*") if p.is_file())
    # (helpers.py too: the functions evaluate() measures are called through it.)
    inputs = tuple(map(str, [*files, *curated_files(), helpers.__file__]))
    return _measured_at(inputs, stamps(inputs))


@functools.lru_cache(maxsize=1)
def _measured_at(inputs: tuple[str, ...], _: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    # Computed once a process until one of the files changes (the second argument, their
    # bytes' fingerprints, is the key), and kept on disk for the next process (engine.store:
    # each kernel of a run would otherwise score both parts again, about a second), keyed
    # there by the same bytes and this package's code. The tables are read by accuracy_note
    # only, never handed out, so no caller can change the cached copies.
    return built("evaluation_scores", lambda: (evaluate(), evaluate(folder=TEST_DIR)), inputs)


def accuracy_note(
    *tasks: str, table: pd.DataFrame | None = None, test: pd.DataFrame | None = None
) -> str:
    """A Markdown sentence that quotes the measured accuracy of the matchers behind a notebook
    (``tasks`` among entities, frames, stance, cameo): on the frozen test part first (out of
    sample), with the development part's beside it (in sample), from ``evaluate()`` (``table``
    and ``test``: those scores instead)."""
    if table is None or test is None:
        measured, frozen = _measured()
        table = measured if table is None else table
        test = frozen if test is None else test

    def pct(x):
        return f"{100 * x:.0f}%"

    def row_of(scores, name, label):
        return scores[(scores["task"] == name) & (scores["label"] == label)].iloc[0]

    parts = []
    for task in tasks:
        for name, label, what in _NOTES[task]:
            out, dev = row_of(test, name, label), row_of(table, name, label)
            parts.append(
                f"{what}: precision {pct(out['precision'])} (95% CI {pct(out['precision_low'])}"
                f"-{pct(out['precision_high'])}), recall {pct(out['recall'])} "
                f"({pct(out['recall_low'])}-{pct(out['recall_high'])}); in sample "
                f"{pct(dev['precision'])} and {pct(dev['recall'])}"
            )
    return (
        f"**Measured accuracy.** On the {test.attrs['sentences']} sentences of the frozen test "
        f"part (`data/evaluation/test/`: labelled from the text by an annotator who had not "
        f"read the lexicon, never used to edit it; out of sample), beside the "
        f"{table.attrs['sentences']} of the development part (`data/evaluation/`, in sample: "
        f"the lexicon was edited after it), `make evaluate`: "
        + "; ".join(parts)
        + ". Every count in this notebook inherits these error rates."
    )
