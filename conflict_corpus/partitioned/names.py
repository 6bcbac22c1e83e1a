"""Notebook 02's tables: the entities named and their spellings, and what the gazetteer misses:
the uncovered names, the name words entities share, the first entity mentions in headlines.
The uncovered names are counted by ``entities.uncovered_counts``: a sentence's first word is a
name when the corpus capitalises it mid-sentence anywhere, which the counts of the whole decide
(``entities.uncovered_table``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..entities import (
    added_uncovered,
    entity_frequency,
    find_entities,
    ranked_frequency,
    shared_words_of,
    uncovered_counts,
    uncovered_table,
    variants_of,
    written_forms,
)
from ..groups import whole
from .options import CorpusTables, Part, TableOptions
from .sums import add_counts, first_rows


def headline_mentions(corpus: pd.DataFrame, options: TableOptions) -> pd.DataFrame:
    """The first entity mentions of the headline lines (``find_entities`` on them)."""
    found = find_entities(corpus[corpus["kind"] == "headline"])
    return found[["sentence_id", "entity", "surface"]].head(options.rows).reset_index(drop=True)


def count(part: Part, options: TableOptions) -> dict:
    mentions = part.mentions
    counts = {
        "entities": entity_frequency(mentions, part.sents).set_index(["entity", "type"])[
            ["mentions", "descriptors", "sentences"]
        ],
        "written": written_forms(mentions).set_index(["entity", "surface"])["count"],
        "uncovered": uncovered_counts(part.sents, mentions),
        "headline_mentions": headline_mentions(part.corpus, options),
    }
    return counts


def add(a: dict, b: dict, shift: int, options: TableOptions) -> dict:
    return {
        "entities": add_counts(a["entities"], b["entities"]),
        "written": add_counts(a["written"], b["written"]),
        "uncovered": added_uncovered(a["uncovered"], b["uncovered"], shift),
        "headline_mentions": first_rows(
            a["headline_mentions"], b["headline_mentions"], shift, options.rows
        ),
    }


def finish(counts: dict, tables: CorpusTables, options: TableOptions) -> None:
    entities = counts["entities"].reset_index()
    variants = variants_of(counts["written"].rename("count").reset_index())
    spellings = variants.groupby("entity").size()
    entities["variants"] = entities["entity"].map(spellings).fillna(0).astype(np.int64)
    entities.insert(0, "_group", 0)
    tables.entity_frequency = ranked_frequency(entities, whole(counts["sentences"]))
    tables.entity_variants = variants
    tables.uncovered = uncovered_table(counts["uncovered"])
    tables.shared_words = shared_words_of(counts["written"])
    tables.headline_mentions = counts["headline_mentions"]
