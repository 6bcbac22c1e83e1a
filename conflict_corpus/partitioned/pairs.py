"""Notebook 03's tables: who is named with whom (the co-occurrence table and its ranked pairs)
and the words near each entity."""

from __future__ import annotations

import pandas as pd

from ..cooccurrence import (
    collocates_of,
    cooccurrence,
    near_counts_by,
    pairs_from_table,
    ranked_table,
)
from ..tokens import load_stopwords
from .options import CorpusTables, Part, TableOptions
from .sums import add_counts


def count(part: Part, options: TableOptions) -> dict:
    return {
        "cooccurrence": cooccurrence(part.mentions),
        "near_entities": near_counts_by(
            part.sents, part.mentions, "entity", options.collocate_window, load_stopwords()
        ),
    }


def add(a: dict, b: dict, shift: int, options: TableOptions) -> dict:
    return {
        "cooccurrence": added_tables(a["cooccurrence"], b["cooccurrence"]),
        "near_entities": {
            entity: _added_near(a["near_entities"].get(entity), b["near_entities"].get(entity))
            for entity in sorted({*a["near_entities"], *b["near_entities"]})
        },
    }


def added_tables(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Two co-occurrence tables added (an entity one of them lacks is a row and column of 0)."""
    names = a.index.union(b.index)
    return a.reindex(index=names, columns=names, fill_value=0) + b.reindex(
        index=names, columns=names, fill_value=0
    )


def _added_near(a: tuple | None, b: tuple | None) -> tuple:
    """Two parts' ``near_counts`` of one entity (None: not named in that part) added."""
    if a is None or b is None:
        return a if b is None else b
    return add_counts(a[0], b[0]), a[1] + b[1]


def finish(counts: dict, tables: CorpusTables, options: TableOptions) -> None:
    matrix = ranked_table(counts["cooccurrence"])
    tables.cooccurrence = matrix
    # Every pair of ``cooccurrence_pairs`` (min_count 1, by llr).
    tables.cooccurrence_pairs = pairs_from_table(matrix, counts["sentences"])
    frequency = counts["words"]["count"]
    tables.collocates = {
        entity: collocates_of(near, window_tokens, frequency)
        for entity, (near, window_tokens) in counts["near_entities"].items()
    }
