"""Stage 9, comparison: what one group of sentences says more or less often than the rest
(keyness), and where in the corpus an item occurs (dispersion). The groups themselves (a
metadata column, or a period of the date) are ``conflict_corpus.groups``'; the counting
functions of the other stages take ``by=`` for counts per group.

A keyness table, as quanteda's ``textstat_keyness`` and AntConc's keyword list give it, carries
the 2x2 cells of each item, so a reader can recompute every figure:

- ``count`` (a): occurrences in the target group; ``count_reference`` (b): in the reference;
  ``total`` (N1) and ``total_reference`` (N2): all occurrences of every item in each.
- ``expected``: a's expected value if the item were used at the same rate in both,
  (a + b) * N1 / (N1 + N2).
- ``llr``: the log-likelihood ratio G² over the four cells, signed: positive when the target
  uses the item more than expected (a key item), negative when less.
- ``p_value``: the exact test in the direction of the sign, doubled (two-sided) and capped at
  1: P(X >= a) for over-use, P(X <= a) for under-use, X hypergeometric with the table's margins
  (scipy's ``fisher_exact`` with ``alternative="greater"`` or ``"less"``; computed by the
  compiled tails of ``engine.hypergeom``).
- ``q_value``: Benjamini-Hochberg over every item tested.
- ``log_ratio``: log2 of the ratio of the two relative frequencies (Hardie 2014, an effect
  size: 1 is twice as frequent); a zero count is taken as 0.5 so that the ratio is finite,
  and where that would turn the ratio against the observed direction (a zero against a small
  total) the log ratio is left missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .association import g_squared, q_values
from .checks import check_count, check_table
from .groups import Grouping, distinct_per, group_labels, grouping

KEYNESS_COLUMNS = [
    "item",
    "count",
    "count_reference",
    "total",
    "total_reference",
    "expected",
    "llr",
    "p_value",
    "q_value",
    "log_ratio",
]


def keyness(
    items: pd.DataFrame,
    groups: pd.Series,
    target,
    reference=None,
    column: str = "item",
) -> pd.DataFrame:
    """Keyness of every item (a word, an entity, a frame) in the sentences of group ``target``
    against those of ``reference`` (default: every other sentence with a group).

    ``items`` has one row per occurrence: ``sentence_id`` and ``column`` (e.g. mentions with
    ``column="entity"``, frames with ``column="frame"``). ``groups`` maps ``sentence_id`` to a
    group (a Series indexed by sentence_id, e.g. ``corpus.set_index("sentence_id")["source"]``);
    occurrences in sentences without a group are left out. Returns ``KEYNESS_COLUMNS`` (see the
    module docstring), most key first (signed G², descending; ties by item).
    """
    check_table("keyness", "items", items, ("sentence_id", column), "find_entities/find_frames")
    group_of = items["sentence_id"].map(groups)
    if target not in set(group_of.dropna()):
        raise ValueError(f"keyness: no occurrence is in group {target!r}")
    in_target = (group_of == target).to_numpy()
    if reference is not None and reference == target:
        raise ValueError(f"keyness: reference={reference!r} is the target: compare two groups")
    in_reference = (
        (group_of.notna() & (group_of != target)).to_numpy()
        if reference is None
        else (group_of == reference).to_numpy()
    )
    if not in_reference.any():
        side = "every other group" if reference is None else repr(reference)
        raise ValueError(
            f"keyness: no occurrence is in the reference ({side}): there is nothing to compare "
            f"group {target!r} with"
        )
    return _counted(items[column], in_target, in_reference)


def _counted(values, in_target: np.ndarray, in_reference: np.ndarray) -> pd.DataFrame:
    """The keyness table of occurrences ``values`` (one per occurrence), each counted on the
    target side, the reference side, or neither (a missing value: neither)."""
    codes, names = pd.factorize(np.asarray(values, dtype=object), sort=True)
    held = codes >= 0
    return keyness_table(
        names,
        np.bincount(codes[held & in_target], minlength=len(names)),
        np.bincount(codes[held & in_reference], minlength=len(names)),
    )


def keyness_table(names, count, other) -> pd.DataFrame:
    """The keyness table of items ``names`` seen ``count`` times in the target and ``other``
    times in the reference (the totals are their sums); items seen in neither are left out.
    ``keyness`` and the word, entity and frame wrappers build their counts and call this."""
    from .engine.hypergeom import lower_tail, upper_tail

    count, other = np.asarray(count, dtype=np.int64), np.asarray(other, dtype=np.int64)
    n1, n2 = int(count.sum()), int(other.sum())
    seen = (count + other) > 0
    names = np.asarray(names, dtype=object)[seen]
    count, other = count[seen], other[seen]
    both = count + other
    table = pd.DataFrame(
        {
            "item": pd.Series(names, dtype=object),
            "count": count,
            "count_reference": other,
            "total": np.full(len(names), n1, dtype=np.int64),
            "total_reference": np.full(len(names), n2, dtype=np.int64),
        }
    )
    expected = both * n1 / max(n1 + n2, 1)
    table["expected"] = expected
    # G² of each 2x2 table (target/reference x this item/every other item), all items at once
    # (``g_squared``: scipy's G-test statistic), signed by the direction of the difference. A
    # table with an empty margin has G² = 0.
    observed = np.stack([count, n1 - count, other, n2 - other]).astype(float)
    margins = np.stack([both, n1 + n2 - both, both, n1 + n2 - both]).astype(float)
    sizes = np.array([n1, n1, n2, n2], dtype=float)[:, None]
    fitted = margins * sizes / max(n1 + n2, 1)
    informative = (both > 0) & (both < n1 + n2) & (n1 > 0) & (n2 > 0)
    g2 = np.where(informative, g_squared(observed, fitted), 0.0)
    sign = np.sign(count - expected)
    table["llr"] = sign * g2
    over = upper_tail(count, n1 + n2, both, n1)  # P(X >= a), scipy's hypergeom.sf(a - 1, ...)
    under = lower_tail(count, n1 + n2, both, n1)  # P(X <= a), scipy's hypergeom.cdf(a, ...)
    table["p_value"] = np.minimum(1.0, 2 * np.where(sign >= 0, over, under))
    table["q_value"] = q_values(table["p_value"].to_numpy())
    log_ratio = np.log2(
        (np.where(count == 0, 0.5, count) / max(n1, 1))
        / (np.where(other == 0, 0.5, other) / max(n2, 1))
    )
    # Against a small total, the 0.5 standing in for a zero can turn the ratio round (0 of 6
    # against 1 of 50 would read as over-use): such a log ratio is left missing.
    table["log_ratio"] = np.where(np.sign(log_ratio) * sign < 0, np.nan, log_ratio)
    table = table.sort_values(["llr", "item"], ascending=[False, True], kind="stable")
    return table[KEYNESS_COLUMNS].reset_index(drop=True)


def _sides(corpus: pd.DataFrame, by: str, target, reference, function: str):
    """Per row of ``corpus``: in the target group, in the reference (every other row when
    ``reference`` is None, the unknown group included), as two boolean arrays."""
    labels = group_labels(corpus, by)
    groups = list(labels.cat.categories)
    for name, value in (("target", target), ("reference", reference)):
        if value is not None and value not in groups:
            raise ValueError(f"{function}: {name}={value!r} is not a group of {by!r}: {groups}")
    if target is None:
        raise ValueError(f"{function}: name the target group, one of {groups}")
    if reference is not None and reference == target:
        raise ValueError(f"{function}: reference={reference!r} is the target: compare two groups")
    in_target = (labels == target).to_numpy()
    in_reference = ~in_target if reference is None else (labels == reference).to_numpy()
    for name, side in (("target", in_target), ("reference", in_reference)):
        if not side.any():
            # (A log ratio of two empty sides would read as +-7.29, a difference that is not.)
            raise ValueError(
                f"{function}: the {name} side has no sentence (target={target!r}, "
                f"reference={reference!r}, groups of {by!r}: {groups}); there is nothing to "
                f"compare"
            )
    return in_target, in_reference


def _keyness_of(items, corpus, column, by, target, reference, function):
    check_table(function, "corpus", corpus, ("sentence_id",), "load_corpus")
    _sides(corpus, by, target, reference, function)
    return keyness_of(item_counts(items, column, grouping(corpus, by)), target, reference)


def entity_keyness(mentions, corpus, by: str, target, reference=None) -> pd.DataFrame:
    """Keyness of the entities (their mentions) in group ``target`` of ``corpus`` (by a column
    or a period, as ``group_labels``) against ``reference`` (default: every other sentence of
    ``corpus``, the unknown group included). ``KEYNESS_COLUMNS``; ``item`` is the entity."""
    check_table("entity_keyness", "mentions", mentions, ("sentence_id", "entity"), "find_entities")
    return _keyness_of(mentions, corpus, "entity", by, target, reference, "entity_keyness")


def frame_keyness(frames, corpus, by: str, target, reference=None) -> pd.DataFrame:
    """Keyness of the wording frames (their matches) in group ``target`` against
    ``reference``, as ``entity_keyness``; ``item`` is the frame."""
    check_table("frame_keyness", "frames", frames, ("sentence_id", "frame"), "find_frames")
    return _keyness_of(frames, corpus, "frame", by, target, reference, "frame_keyness")


def word_keyness(corpus, by: str, target, reference=None, stopwords=None) -> pd.DataFrame:
    """Keyness of the content words (the tokens ``word_frequency`` counts: stopwords and
    numbers left out, lower case) in group ``target`` against ``reference``, as
    ``entity_keyness``; the totals are the content tokens of each side."""
    check_table("word_keyness", "corpus", corpus, ("sentence_id", "text"), "load_corpus")
    _sides(corpus, by, target, reference, "word_keyness")
    counts = word_counts(corpus, grouping(corpus, by), stopwords)
    return keyness_of(counts, target, reference)


# (group, item) cells counted in an array of that many counts (at most 256 MB) rather than by
# sorting the occurrences; beyond it (many groups of a large vocabulary) they are sorted.
BINCOUNT_CELLS = 1 << 25


def _cell_counts(key: np.ndarray, cells: int) -> tuple[np.ndarray, np.ndarray]:
    """``(seen, number)``: the cells of ``key`` (numbers below ``cells``) that occur, ascending,
    and how often each does: one pass over the keys when the cells fit ``BINCOUNT_CELLS``,
    else a sort of them."""
    if cells <= BINCOUNT_CELLS:
        number = np.bincount(key, minlength=cells)
        seen = np.flatnonzero(number)
        return seen, number[seen]
    return np.unique(key, return_counts=True)


# The three steps of every keyness table (here, and partition by partition on Dask): count the
# occurrences per (group, item) (``item_counts``, ``word_counts``), add two parts' counts
# (Series added), and finish one group against another or the rest (``keyness_of``).
def item_counts(items: pd.DataFrame, column: str, groups: Grouping) -> pd.Series:
    """Occurrences of each value of ``items[column]`` per (group, item), the group that of each
    occurrence's sentence in ``groups`` (an occurrence in no sentence of it is left out)."""
    # The groups and the items by number, each numbered in sorted order (as groupby sorts
    # them), the (group, item) cells counted as numbers (grouping millions of names cost more).
    group_of, group_names = pd.factorize(np.array(groups.labels, dtype=object), sort=True)
    group = groups.codes(items["sentence_id"])
    group = np.where(group >= 0, group_of[group], -1)
    item, item_names = pd.factorize(items[column].to_numpy(dtype=object), sort=True)
    kept = (group >= 0) & (item >= 0)  # (an occurrence in no group, or of no item: left out)
    key = group[kept] * max(len(item_names), 1) + item[kept]
    seen, number = _cell_counts(key, len(group_names) * len(item_names))
    at = seen // max(len(item_names), 1), seen % max(len(item_names), 1)
    return pd.Series(
        number.astype(np.int64),
        index=pd.MultiIndex.from_arrays(
            [group_names.take(at[0]), item_names.take(at[1])], names=["group", "item"]
        ),
    )


def word_counts(corpus: pd.DataFrame, groups: Grouping, stopwords=None) -> pd.Series:
    """Content-word tokens per (group, word) of ``corpus``'s sentences (see ``item_counts``)."""
    from .tokens import grouped_content_words

    labels = np.array([*groups.labels, None], dtype=object)
    codes = groups.codes(corpus["sentence_id"])
    key, vocab = grouped_content_words(corpus["text"], codes, stopwords)
    if not len(key):
        return pd.Series(
            [], dtype=np.int64, index=pd.MultiIndex.from_arrays([[], []], names=["group", "item"])
        )
    seen, number = _cell_counts(key, len(groups.labels) * len(vocab))
    return pd.Series(
        number,
        index=pd.MultiIndex.from_arrays(
            [labels[seen // len(vocab)], vocab[seen % len(vocab)]], names=["group", "item"]
        ),
    )


def keyness_of(counts: pd.Series, target, reference=None) -> pd.DataFrame:
    """The keyness table of group ``target`` against ``reference`` (None: every other group)
    from occurrences per (group, item) (``item_counts``, ``word_counts``, or their sums)."""
    if target is None or not len(counts):
        return keyness_table([], [], [])
    table = counts.unstack("group", fill_value=0)
    zero = np.zeros(len(table), dtype=np.int64)
    count = table[target].to_numpy() if target in table.columns else zero
    if reference is None:
        other = table.sum(axis=1).to_numpy() - count
    else:
        other = table[reference].to_numpy() if reference in table.columns else zero
    return keyness_table(table.index, count, other)


def key_items(table: pd.DataFrame, n: int = 10, q: float = 0.05) -> pd.DataFrame:
    """The ``n`` most over-used and the ``n`` most under-used items of a keyness table whose
    ``q_value`` is at most ``q`` (both sides, most key first; the under-used last)."""
    n = check_count("key_items", "n", n, 0)
    check_table("key_items", "table", table, ("item", "llr", "q_value"), "keyness")
    significant = table[table["q_value"] <= q]
    over = significant[significant["llr"] > 0].head(n)
    under = significant[significant["llr"] < 0].tail(n)
    return pd.concat([over, under]).reset_index(drop=True)


# Dispersion ------------------------------------------------------------------------------


def dispersion(items: pd.DataFrame, corpus: pd.DataFrame, column: str, values=None):
    """Where each of ``values`` (default: every value of ``items[column]``) occurs in
    ``corpus``, as a table of occurrences: ``item``, ``sentence_id``, ``position`` (the
    sentence's place in ``corpus``, 1 to its number of rows: AntConc's concordance plot and
    NLTK's dispersion plot use this axis) and, when the corpus has a ``date`` column, ``date``
    and ``date_precision``.
    Occurrences in sentences that are not rows of ``corpus`` are left out."""
    check_table("dispersion", "items", items, ("sentence_id", column), "a finder")
    check_table("dispersion", "corpus", corpus, ("sentence_id",), "load_corpus")
    position = pd.Series(
        np.arange(1, len(corpus) + 1, dtype=np.int64), index=corpus["sentence_id"].to_numpy()
    )
    if isinstance(values, str):
        values = [values]  # one item named: dispersion(mentions, corpus, "entity", "Iraq")
    picked = items if values is None else items[items[column].isin(list(values))]
    where = position.reindex(picked["sentence_id"].to_numpy())
    kept = where.notna().to_numpy()
    table = pd.DataFrame(
        {
            "item": picked[column].astype(object).to_numpy()[kept],
            "sentence_id": picked["sentence_id"].to_numpy()[kept].astype(np.int64),
            "position": where.to_numpy()[kept].astype(np.int64),
        }
    )
    if "date" in corpus.columns:
        dates = pd.Series(pd.to_datetime(corpus["date"]).to_numpy(), index=position.index)
        table["date"] = dates.reindex(table["sentence_id"].to_numpy()).to_numpy()
        if "date_precision" in corpus.columns:
            precision = pd.Series(corpus["date_precision"].to_numpy(), index=position.index)
            table["date_precision"] = precision.reindex(table["sentence_id"].to_numpy()).to_numpy()
    # Sorted by item (in the order of ``values`` when given, else by name), then position:
    # one stable sort of the items' numbers (a key mapped over a million strings cost more).
    codes, names = pd.factorize(table["item"], sort=True)
    if values is not None:
        rank = pd.Index(list(dict.fromkeys(values)), dtype=object).get_indexer(names)
        codes = rank[codes] if len(names) else codes
    order = np.lexsort((table["position"].to_numpy(), codes))
    return table.iloc[order].reset_index(drop=True)


def dispersion_summary(points: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Per item of a ``dispersion`` table: ``occurrences``, ``sentences``, ``first`` and
    ``last`` position, ``parts`` (the documents of ``corpus`` that hold it; a corpus read a
    line at a time counts each line as its own document, ``document_numbers``), ``of_parts``
    (the documents of ``corpus``), ``dp``, Gries's deviation of proportions (2008) over the
    documents weighted by their sizes in words: half the sum over the documents of |share of
    the item's occurrences in the document - share of the corpus's words in it|, 0 when the
    item is spread as the words are, near 1 when it sits in one small document; and
    ``dp_norm``, DPnorm (Lijffijt and Gries 2012), DP divided by its largest possible value
    for these documents (1 - the smallest document's share of the words). ``corpus``: the
    sentences the points were placed in (``dispersion``)."""
    check_table(
        "dispersion_summary", "points", points, ("item", "sentence_id", "position"), "dispersion"
    )
    positions = points["position"].to_numpy()
    if len(positions) and (positions.min() < 1 or positions.max() > len(corpus)):
        raise ValueError(
            f"dispersion_summary: the points are placed up to position {positions.max()}, and "
            f"the corpus has {len(corpus)} rows; pass the corpus dispersion() placed them in"
        )
    parts = dispersion_parts(corpus)
    totals = points.groupby("item", sort=False).size().to_dict()
    return dispersion_of(dispersion_counts(points, corpus, totals, int(parts["words"].sum())))


def dispersion_parts(corpus: pd.DataFrame) -> pd.DataFrame:
    """The parts the dispersion is measured over: per row of ``corpus``, its ``sentence_id``,
    its document (``part``, ``document_numbers``) and its ``words`` (tokens)."""
    from .load import document_numbers
    from .tokens import words_per_row

    check_table("dispersion_parts", "corpus", corpus, ("sentence_id", "text"), "load_corpus")
    return pd.DataFrame(
        {
            "sentence_id": corpus["sentence_id"].to_numpy(),
            "part": document_numbers(corpus).to_numpy(),
            "words": words_per_row(corpus["text"]),
        }
    )


def dispersion_counts(points: pd.DataFrame, corpus: pd.DataFrame, totals: dict, words: int) -> dict:
    """What ``dispersion_summary`` is computed from, for the points placed in ``corpus`` (whole
    documents), given each item's occurrences in the whole corpus (``totals``) and the whole
    corpus's ``words``: per item (``items``) its ``occurrences``, ``sentences``, ``first``,
    ``last``, the documents holding it (``parts``), and over them the sum of |its share of the
    item's occurrences - its share of the words| (``gaps``) and of its share of the words
    (``shares``); and the documents' ``sizes`` (``parts`` and the ``smallest`` one's words).
    The counts of disjoint sets of documents add up (``added_dispersion_counts``), in memory
    bounded by the items, whatever the corpus's size."""
    parts = dispersion_parts(corpus)
    part_words = parts.groupby("part", sort=False)["words"].sum()
    of_sentence = pd.Series(parts["part"].to_numpy(), index=parts["sentence_id"].to_numpy())
    # The items grouped by number (in the order they first occur), not by name: grouping and
    # mapping a million strings cost more than the counts.
    codes, names = pd.factorize(points["item"])
    placed = pd.DataFrame(
        {
            "item": codes,
            "sentence_id": points["sentence_id"].to_numpy(),
            "position": points["position"].to_numpy(),
            "part": of_sentence.reindex(points["sentence_id"].to_numpy()).to_numpy(),
        }
    )
    cells = _cells(placed)
    total = pd.Series(names).map(totals).to_numpy(dtype=float)[cells["item"].to_numpy()]
    share = part_words.reindex(cells["part"].to_numpy()).to_numpy() / max(words, 1)
    cells["gap"] = np.abs(cells["occurrences"].to_numpy() / np.maximum(total, 1) - share)
    cells["share"] = share
    by_cell = cells.groupby("item", sort=False)
    grouped = placed.groupby("item", sort=False)
    items = pd.DataFrame(
        {
            "occurrences": grouped.size(),
            "sentences": distinct_per(codes, placed["sentence_id"].to_numpy(), len(names)),
            "first": grouped["position"].min(),
            "last": grouped["position"].max(),
            "parts": by_cell.size(),
            "gaps": by_cell["gap"].sum(),
            "shares": by_cell["share"].sum(),
        }
    ).reset_index()
    items["item"] = names.take(items["item"].to_numpy()).to_numpy(dtype=object)
    sizes = {
        "words": int(part_words.sum()),
        "parts": len(part_words),
        "smallest": int(part_words.min()) if len(part_words) else 0,
    }
    return {"items": items, "sizes": sizes}


def _cells(placed: pd.DataFrame) -> pd.DataFrame:
    """The occurrences of each (item, part) that holds any (columns ``item``, ``part``,
    ``occurrences``), in the order they first occur: ``groupby(["item", "part"]).size()``,
    counted as one whole number a cell (grouping by two columns of a million points cost
    half a second)."""
    item, part = placed["item"].to_numpy(), placed["part"].to_numpy()
    if len(part) == 0 or part.dtype.kind not in "iu" or part.min() < 0:
        # (a sentence of no part, or none at all: pandas' own grouping, which leaves it out)
        cells = placed.groupby(["item", "part"], sort=False).size().rename("occurrences")
        return cells.reset_index()
    width = int(part.max()) + 1
    of_cell, keys = pd.factorize(item.astype(np.int64) * width + part.astype(np.int64))
    return pd.DataFrame(
        {
            "item": keys // width,
            "part": keys % width,
            "occurrences": np.bincount(of_cell, minlength=len(keys)).astype(np.int64),
        }
    )


def added_dispersion_counts(a: dict, b: dict) -> dict:
    """The ``dispersion_counts`` of two disjoint sets of documents, as one set's (``b``'s
    positions already placed after ``a``'s)."""
    items = pd.concat([a["items"], b["items"]], ignore_index=True).groupby("item", sort=False)
    smallest = [x["sizes"]["smallest"] for x in (a, b) if x["sizes"]["parts"]]
    summed = {c: items[c].sum() for c in ("occurrences", "sentences", "parts", "gaps", "shares")}
    return {
        "items": pd.DataFrame(
            {**summed, "first": items["first"].min(), "last": items["last"].max()}
        ).reset_index()[
            ["item", "occurrences", "sentences", "first", "last", "parts", "gaps", "shares"]
        ],
        "sizes": {
            "words": a["sizes"]["words"] + b["sizes"]["words"],
            "parts": a["sizes"]["parts"] + b["sizes"]["parts"],
            "smallest": min(smallest) if smallest else 0,
        },
    }


def dispersion_of(counts: dict) -> pd.DataFrame:
    """``dispersion_summary``'s table from ``dispersion_counts``' (the items in its order)."""
    items, sizes = counts["items"], counts["sizes"]
    table = items[["item", "occurrences", "sentences", "first", "last"]].copy()
    table["parts"] = items["parts"].to_numpy().astype(np.int64)
    table["of_parts"] = np.int64(sizes["parts"])
    # Over the documents that hold the item, |its share - the words' share|; over the others,
    # the words' share (its share is 0): 1 - the share of the documents that hold it.
    dp = (items["gaps"].to_numpy() + 1 - items["shares"].to_numpy()) / 2
    table["dp"] = dp if sizes["words"] else 0.0
    # DPnorm (Lijffijt and Gries 2012): DP over its largest possible value for these parts,
    # 1 - the smallest part's share, so that 1 means "all in the smallest part".
    total = max(sizes["words"], 1)
    largest = 1 - sizes["smallest"] / total if sizes["parts"] > 1 else 0.0
    table["dp_norm"] = table["dp"] / largest if largest > 0 else 0.0
    columns = ("occurrences", "sentences", "first", "last")
    return table.astype({c: np.int64 for c in columns}).reset_index(drop=True)


def target_group(sizes: pd.DataFrame, by: str):
    """The group a notebook compares with the rest when none is named: the largest known group
    of ``group_sizes``' table (ties by its order), provided some other sentence is left to
    compare it with; else None (one group, or none)."""
    from .groups import unknown_label

    known = sizes[(sizes[by] != unknown_label(by)) & (sizes["sentences"] > 0)]
    known = known.sort_values("sentences", ascending=False, kind="stable")
    if known.empty or int(sizes["sentences"].sum()) <= int(known["sentences"].iloc[0]):
        return None
    return known[by].iloc[0]


def empty_keyness() -> pd.DataFrame:
    """A keyness table with no rows (nothing to compare)."""
    return keyness_table([], [], [])


MIN_GROUP = 20  # a group of fewer sentences (or documents) is folded into "other" when shown


def fold_small_groups(
    table: pd.DataFrame, by: str, minimum: int = MIN_GROUP, unit: str = "sentences"
) -> pd.DataFrame:
    """A table of groups (``group_sizes``' or ``rate_table``'s: ``by``, ``unit`` and counts)
    with the groups of fewer than ``minimum`` ``unit`` folded into one row, "other (k groups of
    fewer than 20 sentences)", its counts summed and its rates per 1,000 computed again; the
    unknown group stays a row of its own (left out when it is empty). Nothing is folded when
    fewer than two groups are small. For showing a table of many groups; the full table is
    the one exported."""
    from .groups import unknown_label

    check_table("fold_small_groups", "table", table, (by, unit), "group_sizes or rate_table")
    small = (table[unit] < minimum) & (table[by] != unknown_label(by))
    if small.sum() < 2:
        return table.reset_index(drop=True)
    counts = [c for c in table.columns if c not in (by, unit) and not c.endswith(" per 1,000")]
    other = {by: f"other ({int(small.sum()):,} groups of fewer than {minimum} {unit})"}
    other[unit] = int(table.loc[small, unit].sum())
    for column in counts:
        other[column] = table.loc[small, column].sum()
    for column in table.columns:
        if column.endswith(" per 1,000"):
            item = column[: -len(" per 1,000")]
            other[column] = other[item] * 1000 / max(other[unit], 1)
    kept = table[~small]
    unknown = kept[by] == unknown_label(by)
    folded = pd.DataFrame([other], columns=table.columns)
    empty_unknown = unknown & (kept[unit] == 0)
    return pd.concat([kept[~unknown], folded, kept[unknown & ~empty_unknown]], ignore_index=True)


def rate_intervals(table: pd.DataFrame, unit: str = "sentences") -> pd.DataFrame:
    """``rate_table``'s table for reading: each ``<item> per 1,000`` as text with its 95%
    Wilson interval, "66.7 (11.8-298.1)", from the item's count and the group's ``unit``."""
    from .evaluation import wilson

    shown = table.copy()
    for column in table.columns:
        if not column.endswith(" per 1,000"):
            continue
        item = column[: -len(" per 1,000")]
        cells = []
        for k, n in zip(table[item], table[unit]):
            low, high = wilson(int(k), int(n))
            cells.append(f"{1000 * k / n:,.1f} ({1000 * low:,.1f}-{1000 * high:,.1f})" if n else "")
        shown[column] = pd.Series(cells, dtype=object, index=table.index)
    return shown


def rate_table(
    grouped: pd.DataFrame,
    by: str,
    column: str,
    sizes: pd.DataFrame,
    items=None,
    unit: str = "sentences",
):
    """A grouped count (``frame_summary(..., by=)``, ``entity_frequency(..., by=)``) as one row
    per group of ``sizes`` with sentences (in order, the unknown one included): ``by``,
    ``sentences`` (of the group), then for each of ``items`` (default: every value of
    ``column``, most frequent overall first) its sentences and, beside it, ``<item> per 1,000``.
    A group where the item does not occur has 0. ``unit``: the column counted in both tables
    (``"documents"`` for the tables counted by documents)."""
    check_table("rate_table", "grouped", grouped, (by, column, unit), "a by= count")
    if items is None:
        totals = grouped.groupby(column, sort=False)[unit].sum()
        items = sorted(totals.index, key=lambda i: (-totals[i], str(i)))
    table = sizes.loc[sizes[unit] > 0, [by, unit]].reset_index(drop=True)
    counts = grouped.pivot_table(
        index=by, columns=column, values=unit, aggfunc="sum", observed=True
    )
    for item in items:
        mine = (
            counts[item].reindex(table[by]).fillna(0).astype("int64").to_numpy()
            if item in counts.columns
            else np.zeros(len(table), dtype=np.int64)
        )
        table[str(item)] = mine
        table[f"{item} per 1,000"] = mine * 1000 / table[unit].to_numpy()
    return table
