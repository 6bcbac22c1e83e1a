"""What a notebook asks for (``TableOptions``) and what it gets (``CorpusTables``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..entities import find_entities
from ..load import sentences
from ..wording import find_frames

# The phrases every run searches (notebook 04): any spelling of the word ceasefire, and the
# words for arms.
SEARCHES = (
    ("ceasefire", r"\bcease[-\s]?fires?\b"),
    ("arms", r"\b(?:arms|weapons?|guns?)\b"),
)


@dataclass(frozen=True)
class TableOptions:
    """What the tables hold: ``group`` (a column, or a period of the date, for the group sizes,
    the frame summaries by group and the keyness of ``target`` against the rest; None: no
    groups), ``target`` (the group compared with the rest; None: the largest), ``period`` (a
    period of the date: its sizes, the frame summaries and co-occurrences by period; None: no
    periods), ``unit`` (how the files are read: ``"line"`` or ``"document"``, as
    ``load_corpus`` reads them), ``words`` (rows of the word frequency), ``collocations`` and
    ``min_count`` (of the bigram collocations), ``kwic_frames``, ``kwic_rows`` and ``window``
    (the first KWIC lines of each frame, in corpus order, with ``window`` words each side),
    ``rows`` (the first rows listed: those that name a source, those set aside, the entity
    mentions in headlines), ``searches`` (name and regular expression of each phrase searched:
    its first ``search_rows`` KWIC lines, its counts, its spellings by source and the
    collocates within ``collocate_window`` words; the collocates of every entity named use the
    same window) and ``explore`` (the first sentences kept, with their entities and frames,
    for the explorer; 0: none); ``dispersion_frames`` and ``dispersion_entities`` (the frames,
    and how many of the most named entities, whose occurrences are placed over the corpus: a
    second pass, once the sentences before each partition are known) and
    ``dispersion_points`` (the occurrences drawn are those of every k-th sentence, k the
    smallest that keeps at most this many sentences); ``document_rule`` (with ``unit``
    ``"document"``: a family name several people share names, throughout its document, the one
    the document names in full first, ``entities.in_their_documents``; False: the gazetteer
    decides, as for a corpus read a line at a time); ``event_rows`` (the first ceasefire and
    disarmament mentions whose agent, target and broker the event list holds).

    Every table is counted whatever the options; they choose only its size and grouping. The
    defaults are the sizes the notebooks show, so that one count, with the run's ``unit``,
    ``group``, ``period`` and ``target``, serves every notebook (``store``)."""

    group: str | None = None
    target: object = None
    period: str | None = None
    unit: str = "line"
    words: int = 20
    collocations: int = 15
    min_count: int = 2
    kwic_frames: tuple[str, ...] = ("ceasefire", "disarmament")
    kwic_rows: int = 25
    window: int = 6
    rows: int = 15
    searches: tuple[tuple[str, str], ...] = SEARCHES
    search_rows: int = 40
    collocate_window: int = 5
    explore: int = 100_000
    dispersion_frames: tuple[str, ...] = ("ceasefire", "disarmament")
    dispersion_entities: int = 3
    dispersion_points: int = 100_000
    document_rule: bool = True
    event_rows: int = 20_000


@dataclass
class SearchTables:
    """One phrase searched (``TableOptions.searches``), as notebook 04 shows it."""

    lines: pd.DataFrame  # the first KWIC lines (kwic's columns)
    matches: int
    rows: int  # the sentences that hold a match
    forms: pd.DataFrame  # spelling_forms: spelling, count, first match
    table: pd.DataFrame  # spelling_table: matches by source and spelling
    collocates: pd.DataFrame  # collocates of the matches


@dataclass
class CorpusTables:
    """The tables the notebooks show, for one corpus (see ``corpus_tables``)."""

    partitions: int  # the files read (one partition each)
    rows: int  # every row read, whatever its kind
    unit: str  # how the corpus was read: "line" or "document" (load_corpus's unit)
    documents: int  # the documents read (with unit "line": the rows)
    summary: pd.DataFrame  # corpus_summary: kind, rows, lines (the first ids), and the total
    attributed: pd.DataFrame  # the first rows naming a source: sentence_id, kind, source, headline
    set_aside: pd.DataFrame  # the first noise and blank rows: sentence_id, kind, reason, text
    sentences: int
    lengths: pd.DataFrame  # length_summary: describe() of words and characters per sentence
    length_counts: dict  # length_counts: measure -> sentences by length
    word_frequency: pd.DataFrame
    bigram_collocations: pd.DataFrame
    multi_sentence_rows: int  # rows holding more than one sentence (0 with unit "document")
    entity_frequency: pd.DataFrame | None = None
    entity_variants: pd.DataFrame | None = None
    cooccurrence: pd.DataFrame | None = None
    cooccurrence_pairs: pd.DataFrame | None = None
    frame_summary: pd.DataFrame | None = None
    frames_by_entity: pd.DataFrame | None = None
    kwic: dict = field(default_factory=dict)  # frame -> KWIC lines (in_context, with stance)
    events: pd.DataFrame | None = None  # frame_events: frame, stance, cameo, plover, counts
    # parties.event_list of the first TableOptions.event_rows ceasefire/disarmament mentions
    event_list: pd.DataFrame | None = None
    searches: dict = field(default_factory=dict)  # name -> SearchTables
    collocates: dict = field(default_factory=dict)  # entity -> its collocates
    uncovered: pd.DataFrame | None = None  # uncovered_names
    shared_words: pd.DataFrame | None = None  # shared_name_words
    headline_mentions: pd.DataFrame | None = None  # the first: sentence_id, entity, surface
    columns: tuple = ()  # the corpus's columns
    undated: int = 0  # sentences with no date (0 without a date column)
    period_sizes: pd.DataFrame | None = None  # group_sizes by TableOptions.period
    frames_by_group: pd.DataFrame | None = None  # frame_summary(by=group)
    frames_by_period: pd.DataFrame | None = None  # frame_summary(by=period)
    pairs_by_period: pd.DataFrame | None = None  # cooccurrence(by=period)
    dispersion: pd.DataFrame | None = None  # dispersion's occurrences (every k-th sentence's)
    dispersion_summary: pd.DataFrame | None = None  # of every occurrence
    sample: tuple = ()  # (sentences, mentions, frames) of the first sentences, for the explorer
    group_sizes: pd.DataFrame | None = None
    target: object = None
    keyness: dict = field(default_factory=dict)  # "words"/"entities"/"frames" -> table
    # With unit "document": the groups compared by documents ("sizes", "frames", "keyness")
    by_documents: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    """One partition as the families count it: its rows (``load_corpus``'s table, rows
    numbered from 1 within it), its sentences, their entity mentions and frame matches."""

    corpus: pd.DataFrame
    sents: pd.DataFrame
    mentions: pd.DataFrame
    frames: pd.DataFrame

    @classmethod
    def matched(cls, corpus: pd.DataFrame, options: TableOptions) -> Part:
        """A partition (``load_corpus``'s table) with its sentences, their entity mentions (by
        ``options.document_rule``) and their frame matches: what every pass over a partition
        starts from."""
        sents = sentences(corpus)
        mentions = find_entities(sents, document_rule=options.document_rule)
        return cls(corpus, sents, mentions, find_frames(sents))
