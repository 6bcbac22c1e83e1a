"""The shortcuts of the table steps give exactly what the plain library calls give: the
co-occurrence counts (scipy's sparse product), the row of each offset (numpy.searchsorted), the
distinct (sentence, code) pairs (pandas' drop_duplicates), the first distinct ids (numpy.unique)
and the sentence rows whose text shares the corpus's Arrow buffers (a plain boolean filter)."""

import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

import helpers
from conflict_corpus.compare import _cells
from conflict_corpus.engine.tables import pair_counts
from conflict_corpus.engine.text import JoinedText
from conflict_corpus.groups import distinct_per
from conflict_corpus.load import select_rows
from conflict_corpus.wording import _distinct_pairs, first_ids

sys.path.insert(0, str(helpers.ROOT / "benchmarks"))
import generate_corpus  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """5,000 generated lines (with headlines and noise lines among them), loaded from a file."""
    path = tmp_path_factory.mktemp("generated") / "generated.txt"
    generate_corpus.write_corpus(5000, path, seed=11)
    corpus = helpers.load_corpus(path)
    return corpus, helpers.find_entities(helpers.sentences(corpus))


def test_cooccurrence_equals_scipys_sparse_product(generated):
    _, mentions = generated
    matrix, _, entities = helpers.incidence(mentions)
    table = helpers.cooccurrence(mentions, descriptors=True)
    assert (len(mentions), len(entities)) == (17837, 90)
    assert table.index.tolist() == entities
    assert (table.to_numpy() == (matrix.T @ matrix).toarray()).all()
    # By default the mentions typed as descriptors are left out: the product of the actors'.
    actors = mentions[mentions["role"] == "actor"]
    matrix, _, entities = helpers.incidence(actors)
    table = helpers.cooccurrence(mentions)
    assert len(actors) < len(mentions) and table.index.tolist() == entities
    assert (table.to_numpy() == (matrix.T @ matrix).toarray()).all()


def test_cooccurrence_of_listed_entities_equals_the_product_of_their_incidence(generated):
    # Entities asked for by name, one of them never mentioned: its row and column are zeros.
    _, mentions = generated
    listed = ["Sadr City", "Nobody at all", "Muqtada al-Sadr", "Mahdi Army"]
    matrix, sentence_ids, entities = helpers.incidence(mentions, listed)
    table = helpers.cooccurrence(mentions, listed)
    assert entities == listed == table.index.tolist()
    assert (table.to_numpy() == (matrix.T @ matrix).toarray()).all()
    assert table.loc["Nobody at all"].sum() == 0
    named = mentions[mentions["entity"].isin(listed)]
    assert (
        table.loc["Mahdi Army", "Mahdi Army"]
        == named.loc[named["entity"] == "Mahdi Army", "sentence_id"].nunique()
    )
    assert sentence_ids.tolist() == sorted(set(named["sentence_id"]))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(1, 12), st.integers(0, 10_000))
def test_pair_counts_equal_scipys_product_on_random_incidence(rows, columns, seed):
    # Random sentences, each naming some entities (some twice, some codes missing): the pair
    # counts are the product of the 0/1 sentence x entity matrix with itself.
    rng = np.random.default_rng(seed)
    sizes = rng.integers(0, 6, rows)
    codes = rng.integers(-1, columns, int(sizes.sum()))
    row_ptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    which = np.repeat(np.arange(rows), sizes)[codes >= 0]
    matrix = sparse.csr_matrix(
        (np.ones(len(which), dtype=np.int64), (which, codes[codes >= 0])), shape=(rows, columns)
    )
    matrix.data[:] = 1
    got = pair_counts(row_ptr, codes, columns)
    assert (got == (matrix.T @ matrix).toarray()).all()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 50), min_size=1, max_size=30),
    st.lists(st.integers(-5, 2000), max_size=3000),
)
def test_row_of_equals_searchsorted(lengths, offsets):
    joined = JoinedText(["x" * n for n in lengths])
    offsets = np.sort(np.array(offsets, dtype=np.int64))  # the merge runs on sorted offsets
    want = np.searchsorted(joined.starts, offsets, side="right") - 1
    assert (joined.row_of(offsets) == want).all()
    assert (joined.row_of(offsets[::-1]) == want[::-1]).all()  # unsorted: binary search


def test_sentences_share_the_corpus_text_and_equal_a_plain_filter(generated):
    corpus, _ = generated
    sents = helpers.sentences(corpus)
    plain = corpus[corpus["kind"] == "sentence"]
    pd.testing.assert_frame_equal(sents, plain)
    assert 0 < len(plain) < len(corpus)
    buffers = {chunk.buffers()[2].address for chunk in sents["text"].array.__arrow_array__().chunks}
    assert buffers == {corpus["text"].array.__arrow_array__().chunks[0].buffers()[2].address}
    # Many short runs (every other row): the usual copy, the same frame.
    every_other = np.arange(len(corpus)) % 2 == 0
    pd.testing.assert_frame_equal(select_rows(corpus, every_other), corpus[every_other])


def test_row_of_merges_many_sorted_offsets_as_searchsorted_finds_them():
    rng = np.random.default_rng(3)
    joined = JoinedText(["x" * n for n in rng.integers(0, 40, 3000)])
    offsets = np.sort(rng.integers(-3, joined.ends[-1] + 3, 20_000))
    assert len(offsets) > 1024  # the merge, not the binary search
    assert (
        joined.row_of(offsets) == np.searchsorted(joined.starts, offsets, side="right") - 1
    ).all()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 30), st.integers(-1, 5)), max_size=80),
    st.booleans(),
)
def test_distinct_pairs_equal_drop_duplicates(pairs, in_order):
    # In sentence order (as a finder gives them: one compiled pass) or not, or with a missing
    # value (-1; both hashed).
    pairs = sorted(pairs, key=lambda p: p[0]) if in_order else pairs
    ids = np.array([i for i, _ in pairs], dtype=np.int64)
    codes = np.array([c for _, c in pairs], dtype=np.int64)
    expected = pd.DataFrame({"sentence_id": ids, "frame": codes}).drop_duplicates()
    pd.testing.assert_frame_equal(_distinct_pairs(ids, codes, 6, "frame"), expected)


@given(st.lists(st.integers(0, 40), max_size=60), st.booleans(), st.integers(0, 12))
def test_first_ids_equal_the_first_of_numpy_unique(ids, in_order, k):
    ids = np.array(sorted(ids) if in_order else ids, dtype=np.int64)
    found = first_ids(ids, k)
    assert found.dtype == np.int64
    assert found.tolist() == np.unique(ids)[:k].tolist()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 12)), max_size=60),
    st.sampled_from(["in order", "any order", "far apart"]),
)
def test_distinct_values_per_key_equal_counting_sets(pairs, how):
    # Values in order (one pass over their runs), in any order (a table of the pairs) and far
    # apart (more pairs than the table holds: hashed).
    if how == "in order":
        pairs = sorted(pairs, key=lambda p: p[1])
    if how == "far apart":
        pairs = [(k, v * (1 << 22)) for k, v in pairs]
    key = np.array([k for k, _ in pairs], dtype=np.int64)
    value = np.array([v for _, v in pairs], dtype=np.int64)
    expected = [len({v for k, v in pairs if k == code}) for code in range(5)]
    assert distinct_per(key, value, 5).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 6)), max_size=50), st.booleans())
def test_dispersion_cells_equal_grouping_by_item_and_part(points, part_missing):
    # Each (item, part) counted once as a whole number; a point of no part (a float column
    # with NaN) is left to pandas' grouping, which leaves it out.
    placed = pd.DataFrame(
        {
            "item": np.array([i for i, _ in points], dtype=np.int64),
            "part": np.array([p for _, p in points], dtype=np.int64),
        }
    )
    if part_missing and len(placed):
        placed["part"] = placed["part"].astype(float).where(placed["part"] != 3)
    expected = placed.groupby(["item", "part"], sort=False).size().rename("occurrences")
    pd.testing.assert_frame_equal(_cells(placed), expected.reset_index())


def test_distinct_values_of_a_key_outside_the_keys_are_refused():
    with pytest.raises(ValueError, match="keys from -1 to 1, not 0 to 1"):
        distinct_per(np.array([0, -1, 1]), np.array([5, 6, 7]), 2)
