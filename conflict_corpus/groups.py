"""Groups of sentences: by a metadata column (``source``, ``outlet``...) or by a period of the
``date`` column (``year``, ``quarter``, ``month``, ``day``), as quanteda groups a count by a
document variable.

Every sentence belongs to exactly one group. A sentence whose column is empty, or whose date is
unknown or less precise than the period asked (a date given as "2008" has no month), is in the
group ``(no source)``, ``(no month)``..., so nothing is silently left out of a grouped count:
the unknown group is counted and shown like the others, last.

The counting functions of the stages take ``by=``: they number the groups (``grouping``), count
every group in one pass, and ``labelled`` adds the group, the number of sentences in it and each
count's rate per 1,000 sentences of the group, so that groups of different sizes compare fairly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .checks import check_table
from .engine.jit import ascending
from .engine.tables import first_in_rows, run_starts

# Periods of the date column, with the precision a date needs to fall in one and the label.
PERIODS = {
    "year": ("year", "%Y"),
    "quarter": ("month", None),  # "2008 Q1", below
    "month": ("month", "%Y-%m"),
    "day": ("day", "%Y-%m-%d"),
}
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def unknown_label(by: str) -> str:
    """The label of the sentences without a value for ``by``: ``(no source)``, ``(no month)``."""
    return f"(no {by})"


def group_labels(corpus: pd.DataFrame, by: str) -> pd.Series:
    """The group of every row of ``corpus``, aligned with its rows: an ordered categorical whose
    categories are the groups in reading order (periods in time order, other values by the
    number of rows, most first, ties by name), the unknown group last."""
    check_table("group_labels", "corpus", corpus, ("sentence_id",), "load_corpus")
    if not isinstance(by, str):
        raise ValueError(f"by must be a column name or one of {list(PERIODS)}, not {by!r}")
    unknown = unknown_label(by)
    if by in PERIODS and by not in corpus.columns:
        codes, names = _period_codes(corpus, by)
        order = sorted(range(len(names)), key=lambda k: names[k])  # "2008-03" < "2008-11"
    elif by in corpus.columns:
        codes, names = _value_codes(corpus[by])
        counts = np.bincount(codes[codes >= 0], minlength=len(names))
        order = sorted(range(len(names)), key=lambda k: (-counts[k], names[k]))
    else:
        raise ValueError(
            f"by={by!r}: the corpus has no column {by!r}; group by one of its columns "
            f"{[c for c in corpus.columns if c not in ('sentence_id', 'text')]}, or by a period "
            f"{list(PERIODS)} of its 'date' column"
        )
    # Codes in the groups' order, the unknown group (code -1 so far) last. The labels are
    # built from numbers: no string is made or hashed per row.
    rank = np.empty(len(names) + 1, dtype=np.int64)
    rank[order] = np.arange(len(names))
    rank[-1] = len(names)
    return pd.Series(
        pd.Categorical.from_codes(
            rank[codes], categories=[*(names[k] for k in order), unknown], ordered=True
        ),
        index=corpus.index,
        name=by,
    )


def _value_codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """A column's values as numbers (-1 where empty or missing) and the distinct values as
    strings (two values with the same string form are one group)."""
    try:
        codes, distinct = pd.factorize(values.astype(object), use_na_sentinel=True)
    except TypeError:  # lists, dicts, sets: a value per row is needed to group by
        k = next(i for i, v in enumerate(values) if isinstance(v, (list, dict, set)))
        raise ValueError(
            f"group_labels: column {values.name!r} holds a {type(values.iloc[k]).__name__} in "
            f"row {k} ({values.iloc[k]!r:.60}); group by a column of one value a row"
        ) from None
    text = [str(v) for v in distinct]
    names, of_text = [], {}
    for t in text:
        if t.strip() and t not in of_text:
            of_text[t] = len(names)
            names.append(t)
    remap = np.array([of_text.get(t, -1) for t in text] + [-1], dtype=np.int64)
    return remap[codes], names


def _period_codes(corpus: pd.DataFrame, by: str) -> tuple[np.ndarray, list[str]]:
    """The period of each row as a number (-1: no date, or a date less precise than the
    period) and the periods' labels."""
    if "date" not in corpus.columns:
        raise ValueError(
            f"by={by!r} groups by the 'date' column, and the corpus has none: give the table "
            f"a 'date' column (2007-08-30, 2007-08 or 2007), or group by another column"
        )
    dates = pd.to_datetime(corpus["date"])
    needed, form = PERIODS[by]
    precise = dates.notna().to_numpy().copy()
    if "date_precision" in corpus.columns:
        # (Codes of the few distinct precisions, not a lookup per row.)
        codes, names = pd.factorize(corpus["date_precision"])
        enough = np.array(
            [_PRECISION_RANK.get(p, -1) >= _PRECISION_RANK[needed] for p in names] + [False]
        )
        precise &= enough[codes]
    # Each distinct date is labelled once (a million sentences hold a few thousand dates).
    codes, distinct = pd.factorize(dates)
    distinct = pd.DatetimeIndex(distinct)
    if by == "quarter":
        labels = [f"{d.year} Q{d.quarter}" for d in distinct]
    else:
        labels = list(distinct.strftime(form))
    codes = codes.copy()
    codes[~precise] = -1
    used = np.unique(codes[codes >= 0])  # (a few thousand distinct dates at most)
    names = sorted({labels[k] for k in used.tolist()})
    at = {name: k for k, name in enumerate(names)}
    period = np.array([at.get(label, -1) for label in labels] + [-1], dtype=np.int64)
    return period[codes], names


def group_sizes(corpus: pd.DataFrame, by: str) -> pd.DataFrame:
    """The groups of ``corpus`` in order: ``by`` (the group) and ``sentences`` (rows in it),
    the unknown group last (shown even when empty, so that a reader sees that nothing is
    missing)."""
    labels = group_labels(corpus, by)
    sizes = labels.value_counts(sort=False)
    return pd.DataFrame({by: sizes.index.astype(str), "sentences": sizes.to_numpy()})


@dataclass(frozen=True)
class Grouping:
    """The groups of a corpus as numbers, for the counting functions that count every group in
    one pass: ``labels[k]`` is group k's label and ``sizes[k]`` its rows; ``codes(ids)`` gives
    the group of each sentence id (-1: not a row of the corpus). ``by=None`` is one group of
    every row (``labels == [None]``)."""

    by: str | None
    labels: list
    sizes: np.ndarray
    ids: np.ndarray  # the corpus's sentence ids, ascending
    id_codes: np.ndarray  # the group of each of them

    def codes(self, sentence_ids) -> np.ndarray:
        sentence_ids = np.asarray(sentence_ids, dtype=np.int64)
        at = np.searchsorted(self.ids, sentence_ids)
        at = np.minimum(at, max(len(self.ids) - 1, 0))
        found = (self.ids[at] == sentence_ids) if len(self.ids) else np.zeros(len(at), bool)
        return np.where(found, self.id_codes[at] if len(self.ids) else -1, -1)

    def numbered(self, table: pd.DataFrame, *columns: str):
        """The rows of ``table`` (one per occurrence, with ``sentence_id``) whose sentence is in
        a group, as numbers: ``(group, sentence_ids, [(codes, values) for each column])``,
        each column's values numbered by ``pandas.factorize``."""
        group = self.codes(table["sentence_id"])
        kept = group >= 0
        ids = table["sentence_id"].to_numpy(dtype=np.int64)[kept]
        numbered = [pd.factorize(table[c].to_numpy(dtype=object)[kept]) for c in columns]
        return group[kept], ids, numbered, kept


def grouping(corpus: pd.DataFrame, by: str | None) -> Grouping:
    """The ``Grouping`` of ``corpus`` by ``by`` (see ``group_labels``), or one group (None)."""
    ids = corpus["sentence_id"].to_numpy(dtype=np.int64)
    if by is None:
        labels, codes = [None], np.zeros(len(ids), dtype=np.int64)
    else:
        named = group_labels(corpus, by)
        labels, codes = list(named.cat.categories), named.cat.codes.to_numpy().astype(np.int64)
    order = np.argsort(ids, kind="stable")
    return Grouping(
        by,
        labels,
        np.bincount(codes, minlength=len(labels)).astype(np.int64),
        ids[order],
        codes[order],
    )


def whole(n: int) -> Grouping:
    """One group of ``n`` rows (``grouping(corpus, None)`` of a corpus of ``n`` rows), for a
    table counted elsewhere (the Dask path adds partitions' counts) and finished here."""
    empty = np.zeros(0, dtype=np.int64)
    return Grouping(None, [None], np.array([n], dtype=np.int64), empty, empty)


def sized(sizes: pd.DataFrame, by: str) -> Grouping:
    """The ``Grouping`` of a corpus known only by its ``group_sizes``' table (the groups in
    that order), for tables counted elsewhere (the Dask path) and finished here."""
    empty = np.zeros(0, dtype=np.int64)
    labels = sizes[by].tolist()
    return Grouping(by, labels, sizes["sentences"].to_numpy(dtype=np.int64), empty, empty)


def added_sizes(tables: list[pd.DataFrame], by: str) -> pd.DataFrame:
    """``group_sizes``' table of a corpus from the tables of its disjoint parts: the sentences
    of each group added, the groups in the same order (periods in time order, other values by
    size, ties by name, the unknown group last)."""
    unknown = unknown_label(by)
    added = pd.concat(tables, ignore_index=True).groupby(by, sort=False)["sentences"].sum()
    known = [label for label in added.index if label != unknown]
    if by in PERIODS:
        known.sort()
    else:
        known.sort(key=lambda label: (-int(added[label]), label))
    order = [*known, unknown]
    return pd.DataFrame(
        {by: order, "sentences": added.reindex(order, fill_value=0).to_numpy(dtype=np.int64)}
    )


def labelled(table: pd.DataFrame, groups: Grouping, count: str) -> pd.DataFrame:
    """A table counted in one pass over every group (its column ``_group`` holds the group's
    number) for reading: the group and ``group_sentences`` first, ``per_1000`` (``count`` per
    1,000 sentences of the group) last; for ``by=None``, the table without ``_group``."""
    code = table.pop("_group").to_numpy()
    if groups.by is None:
        return table.reset_index(drop=True)
    size = groups.sizes[code]
    table.insert(0, groups.by, np.array(groups.labels + [None], dtype=object)[:-1][code])
    table.insert(1, "group_sentences", size)
    table["per_1000"] = table[count].to_numpy() * 1000 / size
    return table.reset_index(drop=True)


def distinct_per(key: np.ndarray, value: np.ndarray, n: int) -> np.ndarray:
    """For each key 0..n-1, how many distinct values it comes with.

    Hashing every (key, value) pair took 0.25 s on a million sentences' 3.6 million mentions;
    the two common cases need no hash. Values in order (the sentence ids of mentions, which
    come sentence by sentence): each key counted once in each run of one value
    (``first_in_rows``). Few keys and values (the spellings): a table of every pair. Keys
    outside 0..n-1 are refused."""
    value = np.asarray(value, dtype=np.int64)
    key = np.asarray(key, dtype=np.int64)
    if len(key) == 0:
        return np.zeros(n, dtype=np.int64)
    if key.min() < 0 or key.max() >= n:
        raise ValueError(f"distinct_per: keys from {key.min()} to {key.max()}, not 0 to {n - 1}")
    if ascending(value):
        first = first_in_rows(run_starts(value), key, n)
        return np.bincount(key[first], minlength=n).astype(np.int64)
    low = int(value.min())
    span = int(value.max()) - low + 1
    if n * span <= PAIR_TABLE_CELLS:
        seen = np.zeros(n * span, dtype=bool)
        seen[key * span + (value - low)] = True
        return seen.reshape(n, span).sum(axis=1).astype(np.int64)
    pairs = pd.unique(key * span + (value - low))
    return np.bincount(pairs // span, minlength=n).astype(np.int64)


# The most (key, value) cells ``distinct_per`` holds as a table (a byte each).
PAIR_TABLE_CELLS = 1 << 24
