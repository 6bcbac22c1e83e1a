"""The notebooks render on corpora with nothing in them, and say in words what is absent."""

import nbformat
import pandas as pd
import pytest

import helpers
import run_notebooks
from conftest import write

EDGE = {
    "empty.csv": ("text\n", "This corpus has no sentences"),
    "noise.txt": ("-----\n12345 67890\n<<< >>>\n", "This corpus has no sentences"),
    "no_entities.txt": (
        "The weather was calm and the market opened.\nPrices rose in the morning.\n",
        "No entity of the gazetteer",
    ),
    "no_frames.txt": (
        "Moqtada al-Sadr spoke in Najaf.\nThe Mahdi Army marched in Basra.\n",
        "Ceasefire language appears in **0** of 2 sentences",
    ),
    "one.txt": ("The Mahdi Army agreed to a ceasefire with the government.\n", "**1** sentences"),
}


def _markdown(out):
    texts = []
    for path in sorted((out / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                texts.append(output.get("data", {}).get("text/markdown", ""))
    return "\n".join(texts)


@pytest.mark.notebooks
def test_every_notebook_renders_a_corpus_with_no_sentence_and_says_so(tmp_path):
    # The notebooks run once, on the emptiest corpus: a table with a header and no row. The
    # other corpora below go through the same prose and tables without the notebooks.
    content, said = EDGE["empty.csv"]
    corpus = write(tmp_path, "empty.csv", content)
    out = tmp_path / "out"
    assert run_notebooks.main(["--corpus", str(corpus), "--out", str(out)]) == 0
    rendered = sorted(p.name for p in (out / "notebooks").glob("*.ipynb"))
    assert rendered == [p.name for p in run_notebooks.notebook_paths()]
    figures = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert figures == sorted(p.name for p in helpers.FIGURES.glob("*.png"))  # every one drawn
    assert said in _markdown(out)


@pytest.mark.parametrize("name", sorted(EDGE))
def test_the_findings_say_what_is_absent(tmp_path, name):
    # The findings the notebooks open with, from the tables a run counts.
    content, said = EDGE[name]
    corpus = write(tmp_path, name, content)
    tables = helpers.corpus_tables(
        helpers.load_corpus(corpus), helpers.TableOptions(group="source", period="year")
    )
    findings = [
        helpers.corpus_findings(str(corpus), tables),
        helpers.entity_findings(str(corpus), tables, tables.entity_variants),
        helpers.wording_findings(str(corpus), tables),
    ]
    assert said in "\n".join(findings)


def test_the_prose_says_what_is_absent():
    none = helpers.sentence_lengths(helpers.sentences(helpers.load_corpus()).head(0))
    assert helpers.lengths_sentence(helpers.length_summary(helpers.length_counts(none))) == (
        "This corpus has no sentences, so there are no lengths to describe."
    )
    empty_words = helpers.word_frequency([], n=5)
    assert helpers.words_reading(empty_words, empty_words) == (
        "**Reading.** This corpus has no content words to count."
    )
    mentions = helpers.find_entities(helpers.load_corpus().head(0))
    sents = helpers.sentences(helpers.load_corpus())
    freq = helpers.entity_frequency(mentions, sents)
    assert helpers.frequency_sentence(freq, len(sents)).startswith(
        f"No entity of the gazetteer (`data/gazetteer.csv`) is named in the **{len(sents)}** "
    )
    table = helpers.cooccurrence(mentions)
    assert helpers.cooccurrence_reading(table, table, None, table) == (
        "**Reading.** No entity is named in this corpus, so nobody is named with anybody."
    )


@pytest.mark.parametrize(
    "draw, title",
    [
        (lambda e: helpers.plot_entity_frequency(e), "Entities"),
        (lambda e: helpers.plot_variants(e), "How each entity is spelled"),
        (lambda e: helpers.plot_cooccurrence(e), "Who is named with whom"),
        (lambda e: helpers.plot_frames(e), "Frames"),
        (lambda e: helpers.plot_frames_by_entity(e), "Which actors are named with which language"),
        (lambda e: helpers.plot_sentence_lengths(e), "Sentence length"),
        (lambda e: helpers.plot_top_words(e), "Top content words"),
    ],
)
def test_an_empty_table_draws_a_figure_that_says_so(draw, title):
    import matplotlib.pyplot as plt

    fig = draw(pd.DataFrame())
    ax = fig.axes[0]
    assert ax.get_title() == title
    assert len(ax.texts) == 1 and ax.texts[0].get_text().startswith(("No ", "This corpus"))
    plt.close(fig)


def test_the_static_examples_count_in_words():
    one = pd.DataFrame({"sentence_id": [4], "match": ["ceasefire"]})
    assert helpers.search_example("cease-?fire", 1, 1, 1) == (
        "**Search tab, static example:** `cease-?fire` as a regular expression: **1** match in "
        "**1** sentence (the first 1 shown)."
    )
    assert helpers.search_example("x", 0, 0, 0).endswith("**0** matches in **0** sentences.")
    assert helpers.entity_example(None).endswith("none, as this corpus names no entity.")
    assert helpers.corpus_limitations(one).startswith("- **Size.** 1 sentence: every count")


def test_the_findings_name_the_corpus_read_and_count_in_words(tmp_path):
    seed = helpers.load_corpus()
    assert helpers.corpus_read(None, seed) == (
        "This run reads the seed corpus (`mahdi_army_sentences.txt`): **18** lines, **15** of "
        "them sentences; the other 3 are flagged and kept."
    )
    sample = helpers.DATA / "examples" / "mahdi_army_news_sample.csv"
    assert helpers.corpus_read(sample, helpers.load_corpus(sample)).endswith(
        "`mahdi_army_news_sample.csv`: **107** lines, **107** of them sentences; every line is a "
        "sentence."
    )
    one = write(tmp_path, "one.txt", "The Mahdi Army agreed to a truce.\n12345\n")
    assert helpers.corpus_read(str(one), helpers.load_corpus(one)).endswith(
        "the other 1 is flagged and kept."
    )
    assert str(tmp_path) not in helpers.corpus_read(str(one), helpers.load_corpus(one))
