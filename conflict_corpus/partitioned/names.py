"""Notebook 02's tables: the entities named and their spellings, and what the gazetteer misses:
the uncovered names, the name words entities share, the first entity mentions in headlines.
The uncovered names need the whole corpus's mid-sentence capitals (a sentence's first word is a
name when the corpus capitalises it mid-sentence anywhere): a pass of their own before the count
(``partition_capitals``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..entities import (
    entity_frequency,
    find_entities,
    mid_sentence_capitals,
    ranked_frequency,
    ranked_names,
    shared_words_of,
    uncovered_names,
    variants_of,
    written_forms,
)
from ..groups import whole
from ..load import sentences
from .options import CorpusTables, Part, TableOptions
from .sums import add_counts, first_rows


def headline_mentions(corpus: pd.DataFrame, options: TableOptions) -> pd.DataFrame:
    """The first entity mentions of the headline lines (``find_entities`` on them)."""
    found = find_entities(corpus[corpus["kind"] == "headline"])
    return found[["sentence_id", "entity", "surface"]].head(options.rows).reset_index(drop=True)


def partition_capitals(corpus: pd.DataFrame) -> frozenset[str]:
    """One partition's ``mid_sentence_capitals`` (the corpus's are their union)."""
    sents = sentences(corpus)
    return mid_sentence_capitals(sents, find_entities(sents))


def count(part: Part, options: TableOptions) -> dict:
    mentions = part.mentions
    counts = {
        "entities": entity_frequency(mentions, part.sents).set_index(["entity", "type"])[
            ["mentions", "descriptors", "sentences"]
        ],
        "written": written_forms(mentions).set_index(["entity", "surface"])["count"],
        "uncovered": uncovered_names(part.sents, mentions, mid_capitals=part.mid_capitals),
        "headline_mentions": headline_mentions(part.corpus, options),
    }
    return counts


def add(a: dict, b: dict, shift: int, options: TableOptions) -> dict:
    return {
        "entities": add_counts(a["entities"], b["entities"]),
        "written": add_counts(a["written"], b["written"]),
        "uncovered": _added_names(a["uncovered"], b["uncovered"], shift),
        "headline_mentions": first_rows(
            a["headline_mentions"], b["headline_mentions"], shift, options.rows
        ),
    }


def _added_names(a: pd.DataFrame, b: pd.DataFrame, shift: int) -> pd.DataFrame:
    """Two parts' ``uncovered_names`` as one's (counted with the whole's mid-sentence
    capitals): counts added, the first example kept."""
    both = pd.concat([a, b.assign(example_id=b["example_id"] + shift)], ignore_index=True)
    grouped = both.groupby("name", sort=False)
    names = pd.DataFrame(
        {
            "count": grouped["count"].sum(),
            "sentences": grouped["sentences"].sum(),
            "example_id": grouped["example_id"].min(),
        }
    ).reset_index()
    # (An empty part's table has untyped columns.)
    return names.astype({"count": np.int64, "sentences": np.int64, "example_id": np.int64})


def finish(counts: dict, tables: CorpusTables, options: TableOptions) -> None:
    entities = counts["entities"].reset_index()
    variants = variants_of(counts["written"].rename("count").reset_index())
    spellings = variants.groupby("entity").size()
    entities["variants"] = entities["entity"].map(spellings).fillna(0).astype(np.int64)
    entities.insert(0, "_group", 0)
    tables.entity_frequency = ranked_frequency(entities, whole(counts["sentences"]))
    tables.entity_variants = variants
    tables.uncovered = ranked_names(counts["uncovered"])
    tables.shared_words = shared_words_of(counts["written"])
    tables.headline_mentions = counts["headline_mentions"]
