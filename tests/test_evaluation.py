"""Measured accuracy: the scoring arithmetic by hand, and the committed results are fresh."""

import math
import shutil

import pandas as pd
import pytest
from scipy.stats import norm

import evaluate as evaluate_script
import helpers
from conflict_corpus import evaluation
from conftest import write


def test_wilson_interval_by_hand():
    # 8 of 10: centre (0.8 + z²/20) / (1 + z²/10), half-width z / (1 + z²/10) * sqrt(0.016 + z²/400)
    low, high = evaluation.wilson(8, 10)
    assert (low, high) == (pytest.approx(0.4902, abs=1e-4), pytest.approx(0.9433, abs=1e-4))
    assert evaluation.Z_95 == pytest.approx(norm.ppf(0.975))
    assert evaluation.wilson(0, 5)[0] == 0.0 and evaluation.wilson(5, 5)[1] == 1.0
    assert all(math.isnan(x) for x in evaluation.wilson(0, 0))


def test_scores_of_a_hand_made_example():
    gold = {(1, "A"), (2, "A"), (3, "B")}
    found = {(1, "A"), (3, "A"), (3, "B"), (4, "B")}
    rows = {r["label"]: r for r in evaluation.score("t", gold, found, lambda p: p[1])}
    # A: 1 of 2 found is right, 1 of 2 gold is found; B: 1 of 2 found, 1 of 1 gold.
    assert (rows["A"]["precision"], rows["A"]["recall"], rows["A"]["f1"]) == (0.5, 0.5, 0.5)
    assert (rows["B"]["precision"], rows["B"]["recall"]) == (0.5, 1.0)
    assert rows["B"]["f1"] == pytest.approx(2 * 0.5 * 1.0 / 1.5)
    assert (rows["all"]["gold"], rows["all"]["found"], rows["all"]["correct"]) == (3, 4, 2)


def test_evaluation_set_is_whole():
    tables = evaluation.load_evaluation()
    assert len(tables["sentences"]) >= 200
    assert tables["sentences"]["source"].fillna("").str.len().gt(0).all()
    for trigger, sid in zip(tables["events"]["trigger"], tables["events"]["id"]):
        text = tables["sentences"].set_index("id").loc[sid, "text"]
        assert trigger in text, (sid, trigger)


def test_committed_results_match_a_rerun():
    # The README and the notebooks quote data/evaluation/results.md; it must be what the
    # matchers score now (rewrite it with `python scripts/evaluate.py --write`).
    committed = evaluate_script.RESULTS.read_text(encoding="utf-8")
    assert evaluate_script.report(helpers) == committed


def test_the_frozen_test_part_is_whole_and_apart_from_the_development_part():
    test = evaluation.load_evaluation(evaluation.TEST_DIR)
    development = evaluation.load_evaluation()
    assert len(test["sentences"]) == 199 and len(development["sentences"]) == 1317
    assert not set(test["sentences"]["text"]) & set(development["sentences"]["text"])
    for trigger, sid in zip(test["events"]["trigger"], test["events"]["id"]):
        assert trigger in test["sentences"].set_index("id").loc[sid, "text"], (sid, trigger)


def committed_rows() -> dict:
    """The rows of data/evaluation/results.md by (part, task, label): their eight cells."""
    rows, part = {}, None
    for line in evaluate_script.RESULTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            part = "test" if "Frozen test part" in line else "development"
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 8 and cells[0] not in ("task", "---"):
            rows[(part, cells[0], cells[1])] = cells
    return rows


def test_the_readme_quotes_the_committed_figures():
    rows = {
        (task, label): " | ".join(cells[5:])
        for (part, task, label), cells in committed_rows().items()
        if part == "test"
    }
    readme = (helpers.ROOT / "README.md").read_text(encoding="utf-8")
    for key in [
        ("entities", "all"),
        ("entities in the alias table", "all"),
        ("frames", "ceasefire"),
        ("frames", "disarmament"),
        ("frames", "all"),
        ("stance", "all"),
        ("stance of the mentions found", "all"),
        ("cameo", "all"),
        ("agent", "all"),
        ("agent where the sentence names it", "all"),
        ("target", "all"),
        ("broker", "all"),
    ]:
        assert rows[key] in readme, key


def test_the_readmes_prose_quotes_the_committed_counts():
    # The sentences after the table quote the agreement of stances and the agent's accuracy
    # as counts: they must be the committed ones too.
    rows = committed_rows()
    readme = " ".join((helpers.ROOT / "README.md").read_text(encoding="utf-8").split())
    quoted = {
        "stance of the mentions found": (
            "agree with the annotator on {test} of the stances of unseen text ({k} of {n}), far "
            "below the in-sample {development}"
        ),
        "agent where the sentence names it": (
            "the agent is right {test} of the time ({k} of {n}; in sample {development})"
        ),
    }
    for task, sentence in quoted.items():
        test, development = rows[("test", task, "all")], rows[("development", task, "all")]
        recall = {
            part: f"{round(float(cells[6].split()[0]) * 100)}%"
            for part, cells in (("test", test), ("development", development))
        }
        assert sentence.format(k=test[4], n=test[2], **recall) in readme, task


def test_the_document_rule_is_scored_with_and_without(tmp_path):
    from conflict_corpus.evaluation import evaluate_documents

    write(
        tmp_path,
        "sentences.csv",
        "id,doc_id,sentence_in_doc,text\n"
        "A-1,A,1,Mohammad Sadiq al-Sadr preached in Kufa.\n"
        "A-2,A,2,Al-Sadr was killed in 1999.\n",
    )
    write(
        tmp_path,
        "entities.csv",
        "id,entity,type,in_gazetteer\n"
        "A-1,Mohammad Sadiq al-Sadr,PERSON,yes\nA-1,Kufa,PLACE,yes\n"
        "A-2,Mohammad Sadiq al-Sadr,PERSON,yes\n",
    )
    table = evaluate_documents(folder=tmp_path).set_index(["task", "label", "document_rule"])
    columns = ["gold", "found", "correct"]
    # With the rule, "Al-Sadr" is the father his article names in full first: 3 of 3.
    assert table.loc[("entities", "all", True), columns].tolist() == [3, 3, 3]
    # Without it, the alias table's Muqtada al-Sadr: 2 of the 3 found are right.
    assert table.loc[("entities", "all", False), columns].tolist() == [3, 3, 2]
    assert table.loc[("shared names", "all", True), columns].tolist() == [2, 2, 2]
    assert table.loc[("shared names", "all", False), ["precision", "recall"]].tolist() == [
        0.5,
        0.5,
    ]
    assert table.attrs == {"sentences": 2, "documents": 1}


def test_the_agent_where_the_sentence_names_it_by_hand():
    import pandas as pd

    bearing = pd.DataFrame(
        {
            "id": ["S1", "S2", "S3"],
            "frame": ["ceasefire"] * 3,
            # C is not in the alias table; S3's mention is not found by the matcher.
            "agent": ["A", "C", "B"],
        }
    )
    frames = pd.DataFrame({"sentence_id": [1, 2, 4], "frame": ["ceasefire"] * 3})
    found = pd.DataFrame({"agent": ["A|D", "B", "A"]})
    id_of = {1: "S1", 2: "S2", 4: "S4"}
    (row,) = evaluation.party_scores(
        found,
        frames,
        bearing,
        id_of,
        ("agent",),
        listed={"A", "B", "D"},
        mentions={("S1", "ceasefire"), ("S2", "ceasefire"), ("S4", "ceasefire")},
    )
    # Left: S1's A (S2's C is not listed, S3's mention not found); named for S1: A and D.
    assert row["task"] == "agent where the sentence names it"
    assert (row["gold"], row["found"], row["correct"]) == (1, 2, 1)
    assert (row["precision"], row["recall"]) == (0.5, 1.0)


def test_the_scores_the_notebooks_quote_are_scored_again_when_a_label_changes(
    tmp_path, monkeypatch
):
    # The notebooks quote _measured(): kept in the process and on disk between processes,
    # keyed by the labelled files' bytes. A copy of the sets with one gold entity fewer is
    # scored again: one gold pair fewer, in the process and read back alike.
    copy = tmp_path / "evaluation"
    shutil.copytree(evaluation.EVALUATION_DIR, copy)
    monkeypatch.setattr(evaluation, "EVALUATION_DIR", copy)
    monkeypatch.setattr(evaluation, "TEST_DIR", copy / "test")
    before, frozen = evaluation._measured()
    lines = (copy / "entities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (copy / "entities.csv").write_text("".join(lines[:-1]), encoding="utf-8")

    def gold(scores):
        row = scores[(scores["task"] == "entities") & (scores["label"] == "all")]
        return int(row["gold"].iloc[0])

    after, frozen_after = evaluation._measured()
    assert gold(after) == gold(before) - 1 and gold(frozen_after) == gold(frozen)
    evaluation._measured_at.cache_clear()  # (as a fresh process: read from disk)
    assert gold(evaluation._measured()[0]) == gold(before) - 1
    pd.testing.assert_frame_equal(evaluation._measured()[0], evaluation.evaluate())
