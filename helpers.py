"""The notebooks' door: ``import helpers`` and call what the stages offer.

Each stage lives in a module of the ``conflict_corpus`` package, in the order the data flows:

==============  ==============================  ===============================================
stage           module                          what it offers
==============  ==============================  ===============================================
files           ``conflict_corpus.files``       where ``data/`` and ``figures/`` are;
                                                ``CorpusError``; ``read_curated_csv``
1. load         ``conflict_corpus.load``        ``load_corpus`` (one row per input line, each
                                                flagged sentence/headline/noise/blank; or,
                                                ``unit="document"``, one per sentence of each
                                                document), ``sentences``, ``corpus_summary``
1b. segment     ``conflict_corpus.segment``     ``sentence_spans`` (a document's sentences and
                                                their offsets), ``leading_lines`` (dateline,
                                                byline)
2. tokens       ``conflict_corpus.tokens``      ``tokenize``, ``load_stopwords``,
                                                ``word_frequency``, ``bigram_collocations``,
                                                ``sentence_lengths`` (``length_counts``,
                                                ``length_summary``)
3. entities     ``conflict_corpus.entities``    ``load_gazetteer``, ``find_entities``,
                                                ``entity_frequency``, ``entity_variants``,
                                                ``uncovered_names``, ``shared_name_words``
4. co-occurrence ``conflict_corpus.cooccurrence`` ``cooccurrence``, ``cooccurrence_pairs``,
                                                ``named_with``, ``collocates``; the 2x2
                ``conflict_corpus.association``  measures every ranking shares (PMI, NPMI,
                                                signed G², Dice, Fisher p, BH q)
5. wording      ``conflict_corpus.wording``     ``load_lexicon``, ``find_frames`` (frames, CAMEO
                                                codes, ceasefire stance), ``frame_summary``,
                                                ``frames_by_entity``
5b. parties     ``conflict_corpus.parties``     ``events`` (one row per ceasefire or
                                                disarmament mention: agent, target, broker,
                                                frame, stance, cue, CAMEO, PLOVER),
                                                ``who_does_what``
6. KWIC         ``conflict_corpus.kwic``        ``kwic``, ``kwic_count``, ``in_context``,
                                                ``show_kwic``, ``sort_kwic`` (AntConc's sort)
7. figures      ``conflict_corpus.figures``     ``setup_figures``, ``save_figure`` (byte-stable
                                                PNGs), ``show_figure`` (save, and show that
                                                file), ``plot_*``
8. explore      ``conflict_corpus.explore``     ``explore`` (an ipywidgets explorer)
groups          ``conflict_corpus.groups``      ``group_labels``, ``group_sizes``: sentences by
                                                a column or a period of the date (``by=`` on
                                                the counting functions, rates per 1,000)
9. compare      ``conflict_corpus.compare``     ``keyness`` and its word, entity and frame
                                                forms (one group against the rest: signed
                                                G², exact p, BH q, log ratio); ``dispersion``
prose           ``conflict_corpus.prose``       the notebooks' sentences as Markdown, computed
                                                from the tables (empty tables said in words)
export          ``conflict_corpus.export``      ``write_tables``: every table a notebook reads,
                                                as CSV in ``tables/<notebook>/`` with a README
markup          ``conflict_corpus.markup``      ``html_table``, ``md_text``, ``md_code``: corpus
                                                text escaped wherever it reaches HTML or
                                                Markdown output
measured        ``conflict_corpus.evaluation``  ``evaluate`` (precision, recall, F1 on
                                                ``data/evaluation/``), ``accuracy_note``
larger than     ``conflict_corpus.partitioned`` ``partitioned_tables``: the tables of a folder
memory                                          or glob of files counted partition by
                                                partition on Dask; ``corpus_tables``: the same
                                                three steps over a corpus held in memory;
                                                ``stored_tables``: counted once a run, read by
                                                every notebook
==============  ==============================  ===============================================

Behind the stages, ``conflict_corpus.engine`` holds the compiled machinery (numba loops, byte
tries, the DFA compiler, the joined text image, threads); it imports no stage module, and
nothing here re-exports it.

Names are loaded on first use (PEP 562): ``import helpers`` costs almost nothing, and a notebook
that never draws a network never imports networkx. Nothing is downloaded: no NLTK data package
is used, and the hand-curated knowledge (stopwords, source tags, aliases, lexicon, stance cues)
lives in small files in ``data/``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Public name -> the stage module that defines it.
_STAGES = {
    "files": [
        "ROOT",
        "DATA",
        "FIGURES",
        "DEFAULT_CORPUS",
        "STOPWORDS_FILE",
        "SOURCE_TAGS_FILE",
        "GAZETTEER_FILE",
        "LEXICON_FILE",
        "STANCE_FILE",
        "CorpusError",
        "read_curated_csv",
        "out_name",
        "output_folder",
    ],
    "load": [
        "SEED_SHA256",
        "SEED_ROWS",
        "KINDS",
        "CORPUS_COLUMNS",
        "TEXT_DTYPE",
        "SUPPORTED_SUFFIXES",
        "DATE_FORMS",
        "UNITS",
        "load_corpus",
        "to_sentences",
        "document_numbers",
        "per_document",
        "document_rows",
        "corpus_files",
        "parse_dates",
        "load_source_tags",
        "sentences",
        "corpus_summary",
        "kind_counts",
        "kinds_table",
        "summary_table",
    ],
    "segment": [
        "ABBREVIATIONS_FILE",
        "STARTERS_FILE",
        "load_abbreviations",
        "sentence_spans",
        "leading_lines",
        "multi_sentence_rows",
    ],
    "tokens": [
        "WORD_PATTERN",
        "TOKENIZER",
        "tokenize",
        "word_spans",
        "load_stopwords",
        "sentence_lengths",
        "length_counts",
        "length_summary",
        "word_frequency",
        "bigram_collocations",
    ],
    "entities": [
        "ENTITY_TYPES",
        "BLOCK",
        "load_name_prefixes",
        "MENTION_COLUMNS",
        "ARTICLES",
        "TITLES",
        "fold",
        "alias_variants",
        "load_gazetteer",
        "EntityMatcher",
        "entity_matcher",
        "find_entities",
        "SHARED_NAMES_FILE",
        "load_shared_names",
        "in_their_documents",
        "entity_frequency",
        "entity_variants",
        "uncovered_names",
        "mid_sentence_capitals",
        "load_not_names",
        "shared_name_words",
        "variants_of",
    ],
    "association": ["ALPHA", "MEASURES", "association", "q_values", "significance_sentence"],
    "cooccurrence": [
        "PAIR_COLUMNS",
        "incidence",
        "cooccurrence",
        "named_with",
        "partners_by_group",
        "cooccurrence_pairs",
        "pairs_from_table",
        "collocates",
        "no_collocates",
    ],
    "wording": [
        "FRAME_COLUMNS",
        "ACTS",
        "CUE_ACTS",
        "PRECONDITION",
        "MODIFIERS",
        "STANCES",
        "STANCE_FRAMES",
        "STANCE_WINDOW",
        "IRREGULAR_VERBS",
        "inflections",
        "compile_pattern",
        "load_lexicon",
        "cameo_names",
        "named_events",
        "load_lexicon_classes",
        "load_stance_cues",
        "load_event_codes",
        "load_cameo_plover",
        "plover_of",
        "FrameMatcher",
        "frame_matcher",
        "find_frames",
        "frame_summary",
        "frame_counts",
        "added_frame_counts",
        "frame_table",
        "frames_by_entity",
        "EVENT_KEYS",
        "EVENT_NONE",
        "frame_events",
        "stance_counts",
    ],
    "kwic": [
        "TextIndex",
        "kwic",
        "kwic_count",
        "in_context",
        "show_kwic",
        "sort_kwic",
        "KWIC_KEYS",
        "KWIC_METADATA",
        "date_labels",
        "UNATTRIBUTED",
        "spellings",
        "spelling_forms",
        "spelling_table",
        "spelling_cells",
        "spelling_table_of",
    ],
    "figures": [
        "FIGURE_RC",
        "TYPE_COLORS",
        "setup_figures",
        "figures_dir",
        "save_figure",
        "show_figure",
        "SavedFigure",
        "compact",
        "cluster_order",
        "plot_entity_frequency",
        "plot_variants",
        "plot_cooccurrence",
        "plot_network",
        "plot_network_of",
        "plot_frames",
        "plot_overview",
        "plot_frames_by_entity",
        "plot_sentence_lengths",
        "plot_top_words",
        "plot_keyness",
        "plot_rates",
        "plot_dispersion",
        "nothing_to_draw",
    ],
    "prose": [
        "kinds_sentence",
        "lengths_sentence",
        "words_reading",
        "frequency_sentence",
        "entities_reading",
        "pairs_sentence",
        "cooccurrence_reading",
        "spellings_sentence",
        "quotes",
        "frame_counts_sentence",
        "wording_reading",
        "corpus_read",
        "corpus_findings",
        "entity_findings",
        "cooccurrence_findings",
        "wording_findings",
        "show_table",
        "corpus_limitations",
        "entity_limitations",
        "cooccurrence_limitations",
        "wording_limitations",
        "entity_example",
        "search_example",
        "groups_sentence",
        "periods_sentence",
        "keyness_sentence",
        "rates_sentence",
        "dispersion_sentence",
        "documents_sentence",
        "parties_sentence",
        "compare_findings",
        "compare_limitations",
        "large_findings",
        "large_limitations",
    ],
    "markup": ["html_table", "md_text", "md_code", "text_cell"],
    "export": ["TABLES", "write_tables", "table_frames", "csv_bytes"],
    "parties": [
        "events",
        "event_list",
        "event_parties",
        "who_does_what",
        "acts_over_time",
        "NO_AGENT",
    ],
    "explore": ["EXPLORER_ROWS", "explore"],
    "groups": ["PERIODS", "unknown_label", "group_labels", "group_sizes", "grouping"],
    "compare": [
        "KEYNESS_COLUMNS",
        "keyness",
        "keyness_table",
        "item_counts",
        "word_counts",
        "keyness_of",
        "empty_keyness",
        "target_group",
        "rate_table",
        "MIN_GROUP",
        "fold_small_groups",
        "rate_intervals",
        "entity_keyness",
        "frame_keyness",
        "word_keyness",
        "key_items",
        "dispersion",
        "dispersion_summary",
    ],
    "evaluation": ["evaluate", "load_evaluation", "wilson", "accuracy_note"],
    "partitioned": [
        "TableOptions",
        "CorpusTables",
        "SearchTables",
        "corpus_tables",
        "partitioned_tables",
        "stored_tables",
        "scheduler_address",
    ],
}
_MODULE_OF = {name: stage for stage, names in _STAGES.items() for name in names}
__all__ = [name for names in _STAGES.values() for name in names]


def __getattr__(name: str):
    """Import the stage module that defines ``name`` on first use, and keep the name here."""
    stage = _MODULE_OF.get(name)
    if stage is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"conflict_corpus.{stage}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for editors and type checkers: the same names, imported eagerly
    from conflict_corpus.association import *  # noqa: F403
    from conflict_corpus.compare import *  # noqa: F403
    from conflict_corpus.cooccurrence import *  # noqa: F403
    from conflict_corpus.entities import *  # noqa: F403
    from conflict_corpus.evaluation import *  # noqa: F403
    from conflict_corpus.explore import *  # noqa: F403
    from conflict_corpus.export import *  # noqa: F403
    from conflict_corpus.figures import *  # noqa: F403
    from conflict_corpus.files import *  # noqa: F403
    from conflict_corpus.groups import *  # noqa: F403
    from conflict_corpus.kwic import *  # noqa: F403
    from conflict_corpus.load import *  # noqa: F403
    from conflict_corpus.markup import *  # noqa: F403
    from conflict_corpus.parties import *  # noqa: F403
    from conflict_corpus.partitioned import *  # noqa: F403
    from conflict_corpus.prose import *  # noqa: F403
    from conflict_corpus.segment import *  # noqa: F403
    from conflict_corpus.tokens import *  # noqa: F403
    from conflict_corpus.wording import *  # noqa: F403
