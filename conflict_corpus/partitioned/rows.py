"""Notebook 01's tables: the rows by kind, the first rows that name a source or are set aside,
the sentences by length, the word frequency and the bigram collocations."""

from __future__ import annotations

import pandas as pd

from ..load import documents_in, kind_counts, summary_table
from ..segment import multi_sentence_rows
from ..tokens import (
    bigram_counts,
    collocations_of,
    content_word_counts,
    length_counts,
    length_summary,
    sentence_lengths,
    top_words,
)
from .options import CorpusTables, Part, TableOptions
from .sums import add_counts, first_ids, first_rows

ATTRIBUTED_COLUMNS = ["sentence_id", "kind", "source", "headline"]
SET_ASIDE_COLUMNS = ["sentence_id", "kind", "reason", "text"]


def listed(corpus: pd.DataFrame, options: TableOptions) -> dict:
    """The first rows that name a source, and the first set aside (noise, blank)."""
    attributed = corpus.loc[corpus["source"].notna(), ATTRIBUTED_COLUMNS]
    set_aside = corpus.loc[corpus["kind"].isin(["noise", "blank"]), SET_ASIDE_COLUMNS]
    return {
        "attributed": attributed.head(options.rows).reset_index(drop=True),
        "set_aside": set_aside.head(options.rows).reset_index(drop=True),
    }


def undated(sents: pd.DataFrame) -> int:
    """The sentences with no date (0 without a date column)."""
    return int(sents["date"].isna().sum()) if "date" in sents.columns else 0


def count(part: Part, options: TableOptions) -> dict:
    corpus, sents = part.corpus, part.sents
    bigram_words, bigrams = bigram_counts(sents["text"])
    return {
        "partitions": 1,
        "rows": len(corpus),
        # (A document never spans two files, so each partition's documents add up.)
        "documents": documents_in(corpus) or len(corpus),  # (read a line at a time: rows)
        "multi_sentence": multi_sentence_rows(sents["text"]) if options.unit == "line" else 0,
        **dict(zip(("kinds", "kind_ids"), kind_counts(corpus))),
        **listed(corpus, options),
        "sentences": len(sents),
        "sentence_counts": [len(sents)],
        "row_counts": [len(corpus)],
        "columns": tuple(corpus.columns),
        "undated": undated(sents),
        "lengths": length_counts(sentence_lengths(sents)),
        "words": content_word_counts(sents["text"]).set_index("word"),
        "bigram_words": bigram_words,
        "bigrams": bigrams.set_index(["first", "second"])["count"],
    }


def add(a: dict, b: dict, shift: int, options: TableOptions) -> dict:
    return {
        "partitions": a["partitions"] + b["partitions"],
        "rows": a["rows"] + b["rows"],
        "documents": a["documents"] + b["documents"],
        "multi_sentence": a["multi_sentence"] + b["multi_sentence"],
        "kinds": add_counts(a["kinds"], b["kinds"]),
        "kind_ids": first_ids(a["kind_ids"], b["kind_ids"], shift),
        "attributed": first_rows(a["attributed"], b["attributed"], shift, options.rows),
        "set_aside": first_rows(a["set_aside"], b["set_aside"], shift, options.rows),
        "sentences": a["sentences"] + b["sentences"],
        "sentence_counts": a["sentence_counts"] + b["sentence_counts"],
        "row_counts": a["row_counts"] + b["row_counts"],
        "columns": (*a["columns"], *(c for c in b["columns"] if c not in a["columns"])),
        "undated": a["undated"] + b["undated"],
        "lengths": {m: add_counts(a["lengths"][m], b["lengths"][m]) for m in a["lengths"]},
        "words": add_counts(a["words"], b["words"]),
        "bigram_words": add_counts(a["bigram_words"], b["bigram_words"]),
        "bigrams": add_counts(a["bigrams"], b["bigrams"]),
    }


def finish(counts: dict, options: TableOptions) -> CorpusTables:
    """The tables every notebook gets (those of the rows and the words): the ``CorpusTables``
    the other families fill in."""
    return CorpusTables(
        partitions=counts["partitions"],
        rows=counts["rows"],
        unit=options.unit,
        documents=counts["documents"],
        multi_sentence_rows=counts["multi_sentence"],
        summary=summary_table(counts["kinds"], counts["kind_ids"], counts["rows"]),
        attributed=counts["attributed"],
        set_aside=counts["set_aside"],
        sentences=counts["sentences"],
        columns=counts["columns"],
        undated=counts["undated"],
        lengths=length_summary(counts["lengths"]),
        length_counts=counts["lengths"],
        word_frequency=top_words(counts["words"].reset_index(), options.words),
        bigram_collocations=collocations_of(
            counts["bigram_words"],
            counts["bigrams"].rename("count").reset_index(),
            options.collocations,
            options.min_count,
        ),
    )
