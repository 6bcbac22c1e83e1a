"""Tokens, stopwords, word counts, collocations and byte-stable figures."""

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import helpers  # noqa: E402
from conflict_corpus.engine.text import joined_text  # noqa: E402


def test_tokenizer_keeps_hyphenated_words_and_splits_possessives():
    assert helpers.tokenize("Shi'ite fighters' Asa’ib we're") == [
        "shi'ite",
        "fighters",
        "asa’ib",
        "we",
        "re",
    ]
    assert helpers.tokenize("Muqtada al-Sadr's seven-month-old cease-fire, you know.") == [
        "muqtada",
        "al-sadr",
        "s",
        "seven-month-old",
        "cease-fire",
        "you",
        "know",
    ]


def test_shipped_stopword_list_is_nltks_english_list():
    stopwords = helpers.load_stopwords()
    assert len(stopwords) == 179
    assert {"the", "s", "re", "you"} <= stopwords and "army" not in stopwords


def test_most_frequent_words_on_the_seed(sents):
    top = helpers.word_frequency(sents["text"], n=5).set_index("word")
    assert top.loc["army", "count"] == 16 and top.loc["mahdi", "count"] == 16
    assert top.loc["army", "sentences"] == 15
    assert top.loc["shia", "count"] == 6 and top.loc["shia", "sentences"] == 5
    assert top.index.tolist() == ["army", "mahdi", "shia", "al-sadr", "muqtada"]


def test_strongest_collocation_is_mahdi_army(sents):
    table = helpers.bigram_collocations(sents["text"], min_count=2)
    first = table.iloc[0]
    assert (first["bigram"], first["count"]) == ("mahdi army", 16)
    assert table.set_index("bigram").loc["muqtada al-sadr", "count"] == 4
    assert table["llr"].is_monotonic_decreasing


def test_no_nltk_download_anywhere_in_the_project():
    root = helpers.ROOT
    files = [
        *root.glob("*.py"),
        *root.glob("scripts/*.py"),
        *root.glob("notebooks/*.ipynb"),
        *root.glob("tests/*.py"),
        *root.glob("benchmarks/*.py"),
    ]
    offenders = [
        f.name
        for f in files
        if f.name != Path(__file__).name
        and re.search(r"nltk\.download\s*\(", f.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _figure():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [1, 2])
    return fig


def test_save_figure_writes_the_same_bytes_twice(tmp_path):
    first = helpers.save_figure(_figure(), "probe", tmp_path).read_bytes()
    second = helpers.save_figure(_figure(), "probe", tmp_path).read_bytes()
    assert first == second
    assert first.startswith(b"\x89PNG") and b"Software" not in first
    assert (tmp_path / "figures" / "probe.png").exists()


def test_corpus_loops_tokenize_exactly_like_the_nltk_tokenizer(sents):
    texts = sents["text"].tolist() + ["SADR'S MEN", "Shi'ite we're al-Sadr’s"]
    joined = joined_text(texts)
    words = joined.words()
    assert [
        words.vocab[words.ids[a:b]].tolist() for a, b in zip(words.row_ptr[:-1], words.row_ptr[1:])
    ] == [helpers.tokenize(t) for t in texts]
    # Each token's offsets in the joined text (the rows one after another, a newline between
    # two) are the tokenizer's spans in its row, moved by the characters of the rows before it.
    before = 0
    for r, text in enumerate(texts):
        a, b = words.row_ptr[r], words.row_ptr[r + 1]
        assert list(zip(words.starts[a:b].tolist(), words.ends[a:b].tolist())) == [
            (before + s, before + e) for s, e in helpers.TOKENIZER.span_tokenize(text)
        ], text
        before += len(text) + 1
    assert [helpers.word_spans(t) for t in texts] == [
        list(helpers.TOKENIZER.span_tokenize(t)) for t in texts
    ]


def test_annotation_ink_reads_against_its_cell():
    from conflict_corpus.figures import ink_on

    assert ink_on((0.03, 0.19, 0.42, 1.0)) == "white"  # the darkest Blues cell
    assert ink_on((0.97, 0.98, 1.0, 1.0)) == "black"  # the lightest
    assert ink_on((0.5, 0.5, 0.5, 1.0)) == "black"  # middle grey: luminance 0.214


def test_count_axes_tick_whole_numbers_only():
    import matplotlib.pyplot as plt

    sents = helpers.sentences(helpers.load_corpus())
    mentions = helpers.find_entities(sents)
    freq = helpers.entity_frequency(mentions, sents)
    fig = helpers.plot_entity_frequency(freq.head(3))  # counts 1-8: a default axis shows 2.5
    fig.canvas.draw()
    ticks = fig.axes[0].get_xticks()
    assert len(ticks) > 2 and all(float(t).is_integer() for t in ticks)
    plt.close(fig)


def test_tables_for_reading_have_no_index_nan_none_or_list_reprs():
    import re

    table = pd.DataFrame(
        {"sentence_id": [3, 12], "count": [1234, 5], "q": [0.01234, float("nan")],
         "lines": [[15, 3], None], "source": ["AP", None]}
    )  # fmt: skip
    html = helpers.show_table(table, empty="unused").data
    cells = re.findall(r"<td [^>]*>([^<]*)</td>", html)
    assert cells == ["3", "1,234", "0.012", "15, 3", "AP", "12", "5", "", "", ""]
    headers = re.findall(r"<th [^>]*>([^<]*)</th>", html)
    assert headers == ["sentence_id", "count", "q", "lines", "source"]  # no index column
    assert helpers.show_table(table, empty="x", name="t").data == html.replace("T_table", "T_t")
    empty = helpers.show_table(table.head(0), empty="The corpus has no headlines.")
    assert empty.data == "The corpus has no headlines."
    crossed = pd.DataFrame([[2, 1], [1, 3]], index=pd.Index(["A", "B"], name="entity"),
                           columns=pd.Index(["A", "B"], name="entity"))  # fmt: skip
    headers = re.findall(r"<th [^>]*>([^<]*)</th>", helpers.show_table(crossed, "x").data)
    assert headers == ["entity", "A", "B"]  # one header row


@pytest.mark.parametrize(
    "surface, entity, kind",
    [
        ("Muqtada al-Sadr", "Muqtada al-Sadr", "the listed name"),
        ("MUQTADA AL-SADR", "Muqtada al-Sadr", "the listed name"),
        ("Mr. Sadr", "Muqtada al-Sadr", "with a title (Mr, Dr, ...)"),
        ("al-Sadr", "Muqtada al-Sadr", "family name alone"),
        ("Maliki", "Nouri al-Maliki", "family name alone"),
        ("Moqtada al-Sadr", "Muqtada al-Sadr", "another spelling"),
        ("Americans", "United States", "another spelling"),
    ],
)
def test_the_spelling_chart_colours_a_spelling_by_what_it_is(surface, entity, kind):
    from conflict_corpus.figures import spelling_kind

    assert spelling_kind(surface, entity) == kind


def test_table_numbers_drop_trailing_zeros_and_keep_tiny_p_values():
    import re

    table = pd.DataFrame({"x": [15.0, 30.3, 9.1e-28, 0.0, 1234.5]})
    cells = re.findall(r"<td [^>]*>([^<]*)</td>", helpers.show_table(table, "x").data)
    assert cells == ["15", "30.3", "9.1e-28", "0", "1,234.5"]


def test_show_figure_shows_the_saved_file_byte_for_byte_and_closes_the_figure(tmp_path):
    import base64

    fig = _figure()
    shown = helpers.show_figure(fig, "probe", tmp_path)
    saved = (tmp_path / "figures" / "probe.png").read_bytes()
    assert shown.png == saved
    assert not plt.fignum_exists(fig.number)  # the inline backend will not draw it again
    data, metadata = shown._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]) == saved
    assert data["text/plain"] == "<Figure size 300x200 with 1 Axes>"
    # Saved at 150 dpi, shown at the size the 100 dpi inline image had: 2/3 of its pixels.
    with Image.open(tmp_path / "figures" / "probe.png") as image:
        width, height = image.size
    shown_size = {"width": round(width * 2 / 3), "height": round(height * 2 / 3)}
    assert metadata == {"image/png": shown_size}
