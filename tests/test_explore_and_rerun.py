"""The explorer answers queries, and the notebooks rerun on another corpus without touching
the committed outputs."""

import hashlib
import json
import os

import nbformat
import pandas as pd
import pytest

import helpers
import run_notebooks


@pytest.fixture(scope="module")
def explorer(sents):
    return helpers.explore(sents)


def test_search_tab_counts_and_shows_kwic(explorer):
    explorer.query.value = "Mahdi Army"
    assert "<b>16</b> matches in <b>15</b> sentences" in explorer.search_out.value
    assert explorer.search_out.value.count("<tr") == 16 + 1  # header + one line a match


def test_search_tab_regex_and_bad_regex(explorer):
    explorer.is_regex.value = True
    explorer.query.value = r"cease-?fire"
    assert "<b>2</b> matches in <b>2</b> sentences" in explorer.search_out.value
    explorer.query.value = "(unclosed"
    assert "Cannot search" in explorer.search_out.value
    explorer.is_regex.value = False


def test_entity_tab_shows_spellings_partners_and_sentences(explorer):
    explorer.entity.value = "Muqtada al-Sadr"
    html = explorer.entity_out.value
    assert "<b>7</b> mentions in <b>7</b> sentences" in html
    assert "Moqtada al-Sadr" in html and "Mr Sadr" in html
    assert "Mahdi Army" in html  # named with him in every one of his sentences


def test_frame_tab_shows_stance(explorer):
    explorer.frame.value = "ceasefire"
    html = explorer.frame_out.value
    assert "<b>4</b> matches in <b>4</b> sentences" in html
    assert "violated" in html and "kept" in html


# --- parameterised rerun -----------------------------------------------------------------------


def _digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_the_explorer_counts_in_words_and_says_when_nothing_matches():
    from conflict_corpus.explore import search_answer

    one = pd.DataFrame({"sentence_id": [3], "left": ["a"], "match": ["Sadr"], "right": ["b"]})
    assert "<b>1</b> match in <b>1</b> sentence</p>" in search_answer("Sadr", False, 1, 1, one)
    many = pd.concat([one] * 3)
    assert "<b>1,200</b> matches in <b>1,000</b> sentences (the first 3 shown)" in search_answer(
        "Sadr", False, 1200, 1000, many
    )
    none = search_answer("Basra", False, 0, 0, one.head(0))
    assert none == "<p class='explorer-count'>No match for <code>Basra</code>.</p>"
    hint = search_answer(r"cease[-\s]?fire", False, 0, 0, one.head(0))
    assert "tick <i>regex</i> to search it as one" in hint and "<table" not in hint
    assert "tick" not in search_answer(r"cease[-\s]?fire", True, 0, 0, one.head(0))


ARTICLES = helpers.DATA / "examples" / "mahdi_army_articles.csv"


@pytest.mark.notebooks
def test_notebooks_render_the_example_articles_read_as_documents(tmp_path):
    # `make CORPUS=data/examples/mahdi_army_articles.csv UNIT=document GROUP=outlet OUT=...`
    # The one run of the notebooks on a corpus other than the seed: the committed outputs are
    # untouched, every notebook and figure is written under OUT, and the corpus is named from
    # the rendered notebook's folder, never by a machine's path.
    committed = _digest(
        [*run_notebooks.notebook_paths(), *(helpers.ROOT / "figures").glob("*.png")]
    )
    argv = ["--corpus", str(ARTICLES), "--unit", "document", "--group", "outlet"]
    assert run_notebooks.main([*argv, "--out", str(tmp_path)]) == 0
    assert (
        _digest([*run_notebooks.notebook_paths(), *(helpers.ROOT / "figures").glob("*.png")])
        == committed
    )
    written = sorted(p.name for p in (tmp_path / "notebooks").glob("*.ipynb"))
    assert written == [p.name for p in run_notebooks.notebook_paths()]
    assert sorted(p.name for p in (tmp_path / "figures").glob("*.png")) == sorted(
        p.name for p in (helpers.ROOT / "figures").glob("*.png")
    )
    shown = os.path.relpath(ARTICLES, tmp_path / "notebooks")
    for path in (tmp_path / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected and f"CORPUS = {shown!r}" in injected[0].source
        assert f"'{ARTICLES}'" not in injected[0].source
    read = (
        "This run reads `mahdi_army_articles.csv` as documents: **60** documents split into "
        "**800** rows, **800** of them sentences; every row is a sentence."
    )
    for path in sorted((tmp_path / "notebooks").glob("0[1-5]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        outputs = json.dumps([c.get("outputs", []) for c in nb.cells])
        assert '"output_type": "error"' not in outputs, path.name
        findings = next(
            o["data"]["text/markdown"]
            for c in nb.cells
            for o in c.get("outputs", [])
            if "text/markdown" in o.get("data", {})
        )
        assert findings.startswith(f"- {read}"), path.name
    counts = pd.read_csv(tmp_path / "tables" / "01_corpus" / "counts.csv", keep_default_na=False)
    values = dict(zip(counts["count"], counts["value"]))
    assert [values[k] for k in ("unit", "documents", "rows")] == ["document", "60", "800"]
