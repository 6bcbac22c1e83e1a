"""The per-sentence steps partition: find_entities through dask.dataframe.map_partitions on a
local scheduler gives the same mentions, and co-occurrence counts of partitions add up."""

import sys

import pandas as pd

import helpers

sys.path.insert(0, str(helpers.ROOT / "benchmarks"))
import generate_corpus  # noqa: E402


def test_find_entities_with_dask_map_partitions_gives_the_same_mentions():
    import dask.dataframe as dd

    texts = generate_corpus.generate(4000, seed=13)
    corpus = helpers.sentences(
        pd.DataFrame(
            {
                "sentence_id": range(1, len(texts) + 1),
                "text": texts,
                "kind": ["sentence"] * len(texts),
            }
        )
    )[["sentence_id", "text"]]
    whole = helpers.find_entities(corpus)
    parts = dd.from_pandas(corpus, npartitions=4).map_partitions(
        helpers.find_entities, meta=helpers.find_entities(corpus.head(0))
    )
    # Two worker processes: each partition is matched far from the others.
    result = parts.compute(scheduler="processes", num_workers=2).reset_index(drop=True)
    assert len(whole) == 14264  # (the generator gives the same sentences on every machine)
    pd.testing.assert_frame_equal(result, whole, check_dtype=False)


def test_cooccurrence_of_partitions_sums_to_the_whole():
    corpus = helpers.sentences(helpers.load_corpus())
    mentions = helpers.find_entities(corpus)
    whole = helpers.cooccurrence(mentions)
    halves = [mentions[mentions["sentence_id"] <= 9], mentions[mentions["sentence_id"] > 9]]
    summed = sum(
        helpers.cooccurrence(h).reindex(index=whole.index, columns=whole.columns, fill_value=0)
        for h in halves
    )
    pd.testing.assert_frame_equal(summed, whole)
