"""The small steps every family's sums take: counts added, first rows and ids kept in corpus
order (a later part's sentence ids shifted by the rows before it)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..load import WHERE_IDS


def add_counts(a, b):
    """Two counts indexed alike (Series or DataFrames of counts) added, missing counted 0."""
    return a.add(b, fill_value=0).astype(np.int64)


def first_rows(a: pd.DataFrame, b: pd.DataFrame, shift: int, n: int) -> pd.DataFrame:
    """The first ``n`` rows of two neighbouring parts' rows, ``b``'s ids shifted by ``shift``."""
    b = b.assign(sentence_id=b["sentence_id"] + shift)
    return pd.concat([a, b], ignore_index=True).head(n)


def first_ids(a: dict, b: dict, shift: int) -> dict:
    """Per key (a kind), the first ids of two neighbouring parts, ``b``'s shifted by ``shift``
    (the rows of ``a``), as many as the sums keep."""
    return {
        key: np.concatenate(
            [a.get(key, np.zeros(0, np.int64)), b.get(key, np.zeros(0, np.int64)) + shift]
        ).astype(np.int64)[: WHERE_IDS + 1]
        for key in {**a, **b}
    }


def inferred(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its columns' types inferred again (a column of a part with no row has
    none)."""
    return pd.DataFrame({c: table[c].to_numpy() for c in table.columns})


def starts(sizes: list[int]) -> np.ndarray:
    """Where each part starts (the sizes of the parts before it added), and, last, the total."""
    return np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
