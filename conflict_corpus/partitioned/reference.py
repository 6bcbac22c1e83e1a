"""The tables of a corpus held in memory, by the very functions the notebooks call on a corpus
they load whole: the reference the partitioned path is tested against (``corpus_tables``)."""

from __future__ import annotations

import pandas as pd

from ..compare import dispersion, dispersion_summary, keyness_tables
from ..cooccurrence import collocates, cooccurrence, pairs_from_table
from ..entities import (
    entity_frequency,
    find_entities,
    shared_name_words,
    uncovered_names,
    variants_of,
    written_forms,
)
from ..groups import group_sizes
from ..load import corpus_summary, sentences
from ..tokens import (
    LENGTH_MEASURES,
    bigram_counts,
    collocations_of,
    content_word_counts,
    length_counts,
    sentence_lengths,
    top_words,
)
from ..wording import find_frames, frame_events, frame_summary, frames_by_entity
from .comparisons import target, thinned
from .frames import kwic_lines, search
from .names import headline_mentions
from .options import CorpusTables, TableOptions
from .rows import kinds_table, listed, undated
from .sample import sample


def corpus_tables(corpus: pd.DataFrame, options: TableOptions | None = None) -> CorpusTables:
    """The tables of a corpus read in memory (``load_corpus``), by the functions the notebooks
    call: the reference the Dask path (``partitioned_tables``) is tested against."""
    options = options or TableOptions()
    sents = sentences(corpus)
    lengths = sentence_lengths(sents)
    tables = CorpusTables(
        partitions=int(corpus["file"].nunique()) if "file" in corpus.columns else 1,
        rows=len(corpus),
        kinds=kinds_table(corpus["kind"].value_counts()),
        summary=corpus_summary(corpus),
        **listed(corpus, options),
        sentences=len(sents),
        columns=tuple(corpus.columns),
        undated=undated(sents),
        lengths=lengths[list(LENGTH_MEASURES)].describe().T.rename_axis("per sentence"),
        length_counts=length_counts(lengths),
        word_frequency=top_words(content_word_counts(sents["text"]), options.words),
        bigram_collocations=collocations_of(
            *bigram_counts(sents["text"]), options.collocations, options.min_count
        ),
    )
    if not options.matched:
        return tables
    mentions, frames = find_entities(sents), find_frames(sents)
    table = cooccurrence(mentions)
    tables.entity_frequency = entity_frequency(mentions, sents)
    tables.entity_variants = variants_of(written_forms(mentions))
    tables.cooccurrence = table
    tables.cooccurrence_pairs = pairs_from_table(table, len(sents))
    tables.frame_summary = frame_summary(frames, sents)
    tables.frames_by_entity = frames_by_entity(frames, mentions)
    tables.kwic = kwic_lines(sents, frames, options)
    tables.events = frame_events(frames)
    tables.searches = {name: search(sents, pattern, options) for name, pattern in options.searches}
    if options.period is not None and "date" in sents.columns:
        tables.period_sizes = group_sizes(sents, options.period)
        if options.grouped:
            tables.frames_by_period = frame_summary(frames, sents, by=options.period)
            tables.pairs_by_period = cooccurrence(mentions, by=options.period, corpus=sents)
    if options.grouped and options.group is not None:
        tables.frames_by_group = frame_summary(frames, sents, by=options.group)
    if options.dispersion_frames or options.dispersion_entities:
        followed = tables.entity_frequency["entity"].head(options.dispersion_entities).tolist()
        points = pd.concat(
            [
                dispersion(frames, sents, "frame", options.dispersion_frames),
                dispersion(mentions, sents, "entity", followed),
            ],
            ignore_index=True,
        )
        tables.dispersion_summary = dispersion_summary(points, sents)
        tables.dispersion = thinned(points, len(sents), options)
    if options.coverage:
        tables.uncovered = uncovered_names(sents, mentions)
        tables.shared_words = shared_name_words(mentions)
        tables.headline_mentions = headline_mentions(corpus, options)
    if options.entity_collocates:
        tables.collocates = {
            entity: collocates(sents, spans, window=options.collocate_window)
            for entity, spans in mentions.groupby("entity", sort=True)
        }
    tables.sample = sample(sents, mentions, frames, options.explore) if options.explore else ()
    if options.group is not None:
        tables.group_sizes = group_sizes(sents, options.group)
        tables.target = target(tables.group_sizes, options)
        words, entities, frame_keys = keyness_tables(
            sents, mentions, frames, options.group, tables.target
        )
        tables.keyness = {"words": words, "entities": entities, "frames": frame_keys}
    return tables
