"""The explorer's sample (notebooks 02 to 05): the first ``TableOptions.explore`` sentences with
their entities and frames. On Dask it takes a pass of its own after the count, reading again only
the partitions that hold those sentences (a partition's counts carry no sentence)."""

from __future__ import annotations

import pandas as pd

from .options import Part, TableOptions
from .sums import starts


def sample(sents, mentions, frames, n: int) -> tuple:
    """The first ``n`` sentences, and their mentions and frames (indexes from 0)."""
    first = sents.head(n).reset_index(drop=True)
    last = first["sentence_id"].iloc[-1] if len(first) else 0
    return (
        first,
        mentions[mentions["sentence_id"] <= last].reset_index(drop=True),
        frames[frames["sentence_id"] <= last].reset_index(drop=True),
    )


def sample_part(corpus: pd.DataFrame, options: TableOptions, n: int, shift: int) -> tuple:
    """The first ``n`` sentences of one partition, their ids shifted by ``shift`` (the rows
    before it): ``sample``'s tuple. The whole partition is matched, as the count matches it (a
    name may be resolved by its document, which may run past the first ``n``)."""
    part = Part.matched(corpus, options)
    found = sample(part.sents, part.mentions, part.frames, n)
    return tuple(t.assign(sentence_id=t["sentence_id"] + shift) for t in found)


def added_sample(a: tuple, b: tuple, n: int) -> tuple:
    """The first ``n`` sentences of two neighbouring parts' samples (ids already shifted)."""
    if len(a[0]) >= n or not len(b[0]):
        return a
    return sample(*(pd.concat([x, y], ignore_index=True) for x, y in zip(a, b)), n)


def sampled_partitions(sentence_counts: list[int], n: int) -> list[int]:
    """The partitions that hold the first ``n`` sentences (the explorer's sample): those
    before which fewer than ``n`` sentences lie, given each one's sentences."""
    return [k for k, lying in enumerate(starts(sentence_counts)[:-1]) if lying < n]
