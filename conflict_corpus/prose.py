"""Sentences for the notebooks' prose, computed from the tables: each function returns Markdown.

A notebook cell shows one short call (``Markdown(helpers.lengths_sentence(lengths))``) instead of
the string assembly, and every function says in words what is absent when a table is empty (a
corpus with no sentences, no entities, no frames), so the notebooks read correctly on any corpus.
The numbers are those of the tables passed in; nothing here counts anything itself.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .association import significance_sentence
from .load import documents_in
from .markup import html_table, md_code, md_text, stance_label


def kinds_sentence(summary: pd.DataFrame) -> str:
    """How many lines are sentences, headlines, noise and blank (``corpus_summary``'s table)."""
    kinds = summary.set_index("kind")["rows"]
    return (
        f"Of **{kinds.get('total', 0):,}** lines, **{kinds.get('sentence', 0):,}** are sentences, "
        f"**{kinds.get('headline', 0):,}** headlines, **{kinds.get('noise', 0):,}** noise and "
        f"**{kinds.get('blank', 0):,}** blank. Only the sentences are counted in the analyses "
        f"that follow; the other rows stay in the table, flagged, so every input line is "
        f"accounted for."
    )


def lengths_sentence(summary: pd.DataFrame) -> str:
    """The range and median of words per sentence (``length_summary``'s table)."""
    if summary.empty or not summary.loc["words", "count"]:
        return "This corpus has no sentences, so there are no lengths to describe."
    words = summary.loc["words"]
    return (
        f"Sentences run from **{words['min']:g}** to **{words['max']:g}** words "
        f"(median **{words['50%']:g}**). Long, clause-heavy sentences are typical of "
        f"news prose: a sentence often names several actors, which matters for co-occurrence "
        f"later."
    )


def words_reading(top_words: pd.DataFrame, collocations: pd.DataFrame) -> str:
    """The reading of notebook 01: the leading words and the strongest collocation."""
    if top_words.empty:
        return "**Reading.** This corpus has no content words to count."
    top = top_words.iloc[0]
    text = (
        f"**Reading.** The most frequent content word is *{md_text(top['word'])}* "
        f"({top['count']:,} times)"
    )
    if len(top_words) > 1:
        second = top_words.iloc[1]
        text = (
            f"**Reading.** The most frequent content words are *{md_text(top['word'])}* "
            f"({top['count']:,} times) and *{md_text(second['word'])}* ({second['count']:,})"
        )
    text += ". "
    if len(collocations):
        best = collocations.iloc[0]
        text += (
            f"The strongest collocation is *{md_text(best['bigram'])}* "
            f"({best['count']:,} times side by side, {best['expected']:,.2f} expected; "
            f"G² {best['llr']:,.1f}, "
            f"q = {p_number(best['q_value'])}). "
        )
    else:
        text += "No two words stand side by side often enough to rank as a collocation. "
    return text + (
        "Names dominate both lists, and a word count splits an actor spelled several ways (or "
        "named by first name, family name and title) into several words. Notebook 02 counts "
        "entities through an alias table instead."
    )


def frequency_sentence(freq: pd.DataFrame, n: int) -> str:
    """Mentions, entities and the two most mentioned (``entity_frequency``'s table of a corpus
    of ``n`` sentences)."""
    if freq.empty:
        return (
            f"No entity of the gazetteer (`data/gazetteer.csv`) is named in the "
            f"**{n:,}** sentences of this corpus, so the entity tables and charts "
            f"below are empty."
        )
    lead = freq.iloc[0]
    text = (
        f"**{int(freq['mentions'].sum()):,}** mentions of **{len(freq):,}** entities in "
        f"**{n:,}** "
        f"sentences. Ranked by the sentences that name them (a sentence that names an entity "
        f"twice counts once), the first is **{md_text(lead['entity'])}** "
        f"({md_text(lead['type'])}): "
        f"{lead['mentions']:,} mentions in {lead['sentences']:,} sentences, {lead['share']:.0%} "
        f"of the corpus"
    )
    if len(freq) > 1:
        second = freq.iloc[1]
        return text + (
            f"; then **{md_text(second['entity'])}** in {second['sentences']:,} sentences "
            f"({second['share']:.0%})."
        )
    return text + "."


def entities_reading(variants: pd.DataFrame, freq: pd.DataFrame, uncovered: pd.DataFrame) -> str:
    """The reading of notebook 02: spellings brought together, the top three, uncovered names."""
    text = "**Reading.** "
    if freq.empty:
        text += "No entity of the gazetteer is named in this corpus. "
    spelled = variants.groupby("entity")["surface"].nunique()
    if len(spelled):
        most = spelled.idxmax()
        surfaces = ", ".join(map(md_text, variants.loc[variants["entity"] == most, "surface"]))
        text += (
            f"*{md_text(most)}* appears under **{spelled.max()}** spellings ({surfaces}); "
            f"the alias table brings them back to one entity. "
        )
    if len(freq):
        listed = "; ".join(
            f"{md_text(r.entity)} ({md_text(r.type.lower().replace('_', ' '))}, "
            f"{r.sentences:,} sentences)"
            for r in freq.head(3).itertuples()
        )
        if len(freq) == 1:
            text += f"The only entity named is {listed}. "
        else:
            text += f"The top {'three' if len(freq) > 2 else 'two'} are {listed}. "
    text += f"{len(uncovered):,} capitalised name(s) are not covered"
    if len(uncovered):
        first = uncovered.iloc[0]
        return text + f", led by *{md_text(first['name'])}* ({first['count']:,})."
    return text + "."


def pairs_sentence(
    by_count: pd.DataFrame,
    pairs: pd.DataFrame,
    all_pairs: pd.DataFrame,
    table: pd.DataFrame,
    n_sentences: int,
) -> str:
    """The strongest pair by raw count against the strongest by G² (notebook 03)."""
    if by_count.empty:
        text = "No pair of entities shares two sentences. "
    else:
        top = by_count.iloc[0]
        everywhere = table.index[table.to_numpy().diagonal() == n_sentences].tolist()
        text = (
            f"By raw count the strongest pair is **{md_text(top['entity_a'])} + "
            f"{md_text(top['entity_b'])}** "
            f"({top['count']:,} sentences), but its PMI is {top['pmi']:.2f}: "
        )
        if everywhere:
            text += (
                f"**{', '.join(map(md_text, everywhere))}** is named in every sentence, so "
                f"every pair with it is exactly as frequent as chance predicts (PMI 0, G² 0). "
            )
        else:
            text += (
                f"the count is largely what the two frequencies predict "
                f"({top['expected']:,.1f} expected). "
            )
    if len(pairs):
        best = pairs.iloc[0]
        text += (
            f"By G² the strongest pair is **{md_text(best['entity_a'])} + "
            f"{md_text(best['entity_b'])}**: "
            f"{best['count']:,} shared sentences against {best['expected']:,.1f} expected "
            f"(PMI {best['pmi']:.2f}, exact p = {p_number(best['p_value'])}, "
            f"q = {p_number(best['q_value'])} after testing all {len(all_pairs):,} pairs). "
        )
    return text


def cooccurrence_reading(
    table: pd.DataFrame, all_pairs: pd.DataFrame, focus: str | None, near_focus: pd.DataFrame
) -> str:
    """The reading of notebook 03: pairs, how many survive the correction, words near FOCUS."""
    if table.empty:
        return "**Reading.** No entity is named in this corpus, so nobody is named with anybody."
    attracted = all_pairs[all_pairs["count"] > all_pairs["expected"]]
    text = (
        f"**Reading.** {len(table):,} entities; {len(all_pairs):,} pairs share at least one "
        f"sentence, and {len(attracted):,} of them are seen more often than their frequencies "
        f"predict. " + significance_sentence(all_pairs, "pairs") + " "
    )
    if len(near_focus):
        words = ", ".join(
            f"*{md_text(w)}* ({c:,})"
            for w, c in zip(near_focus["word"].head(5), near_focus["count"].head(5))
        )
        text += (
            f"Near *{md_text(focus)}* the words seen most above chance are {words}. "
            + significance_sentence(near_focus, "words near it")
        )
    return text


def spellings_sentence(forms: pd.DataFrame, table: pd.DataFrame) -> str:
    """How many ways the corpus spells a word, and whether the sources can be told apart.

    ``forms`` is ``spelling_forms``' table, ``table`` ``spelling_table``'s."""
    from .kwic import UNATTRIBUTED

    known = [s for s in table.index if s != UNATTRIBUTED] if len(table) else []
    if forms.empty:
        text = "The corpus never uses the word. "
    else:
        listed = ", ".join(
            f"*{md_text(k)}* ({v:,})" for k, v in zip(forms["spelling"], forms["count"])
        )
        text = f"The corpus spells the word {len(forms)} way(s): {listed}. "
    if known:
        return text + f"{len(known)} named source(s) use it."
    if forms.empty:
        return text
    return text + (
        "None of these sentences carries a source attribution, so which outlet uses which "
        "spelling cannot be read from this corpus; a table with a `source` column answers it."
    )


def quotes(frames: pd.DataFrame, sents: pd.DataFrame, frame: str, n: int = 3) -> str:
    """The first ``n`` sentences that use ``frame``, quoted with their line numbers."""
    text_of = sents.set_index("sentence_id")["text"]
    rows = frames[frames["frame"] == frame].drop_duplicates("sentence_id").head(n)
    quoted = " ".join(
        f"Line {r.sentence_id}: \u201c{md_text(text_of[r.sentence_id])}\u201d"
        for r in rows.itertuples()
    )
    return quoted or "(none)"


def frame_counts_sentence(stances: pd.Series, summary: pd.DataFrame, n: int) -> str:
    """How often the two frames are used in ``n`` sentences, and the ceasefire matches'
    stances (``stance_counts``)."""
    counts = summary.set_index("frame")["sentences"] if len(summary) else pd.Series(dtype=int)
    text = (
        f"Ceasefire language appears in **{counts.get('ceasefire', 0):,}** of "
        f"{n:,} sentences and disarmament language in "
        f"**{counts.get('disarmament', 0):,}**. "
    )
    if len(stances):
        cues = ", ".join(f"{md_text(stance_label(k))} {v:,}" for k, v in stances.items())
        return text + "Stance cues: " + cues + ". "
    return text + "No ceasefire match has a stance cue. "


def wording_reading(frames: pd.DataFrame, summary: pd.DataFrame, sents: pd.DataFrame) -> str:
    """A reading of notebook 04's results: the frame counts and stances, then quotations."""
    from .wording import frame_events, stance_counts

    return (
        "**Reading.** "
        + frame_counts_sentence(stance_counts(frame_events(frames)), summary, len(sents))
        + f"\n\n*Ceasefire.* {quotes(frames, sents, 'ceasefire')}"
        + f"\n\n*Disarmament.* {quotes(frames, sents, 'disarmament')}"
    )


# Findings: the answer each notebook opens with, as a short Markdown list computed from its
# tables. Each item is one of the sentences above, without its "Reading." label.
def _bullets(*sentences: str) -> str:
    items = [s.removeprefix("**Reading.** ").strip() for s in sentences if s and s.strip()]
    return "\n".join(f"- {item}" for item in items)


def _corpus_name(source) -> str:
    """How the prose names the corpus read: its file or folder name, never a machine's path."""
    from .files import DEFAULT_CORPUS

    if source is None or Path(source).resolve() == DEFAULT_CORPUS.resolve():
        return f"the seed corpus ({md_code(DEFAULT_CORPUS.name)})"
    return md_code(Path(source).name)


def corpus_read(source, corpus: pd.DataFrame) -> str:
    """Which corpus this run read (its file name, never a machine's path) and its size."""
    documents = documents_in(corpus)
    return _read(
        source,
        len(corpus),
        int((corpus["kind"] == "sentence").sum()),
        unit="document" if documents is not None else "line",
        documents=documents,
    )


def _read_of(source, tables) -> str:
    """``_read`` of a run's tables (``CorpusTables``): its unit, documents and rows."""
    return _read(
        source,
        tables.rows,
        tables.sentences,
        tables.partitions,
        tables.unit,
        tables.documents,
        tables.multi_sentence_rows,
    )


def _read(
    source,
    rows: int,
    sentences: int,
    partitions: int = 1,
    unit: str = "line",
    documents: int | None = None,
    multi: int = 0,
) -> str:
    name = _corpus_name(source)
    if partitions > 1:
        name += f" ({partitions:,} files, counted partition by partition on Dask)"
    others = rows - sentences
    if unit == "document":
        rest = (
            "every row is a sentence"
            if others == 0
            else f"the other {others:,} {'is' if others == 1 else 'are'} flagged and kept"
        )
        return (
            f"This run reads {name} as documents: **{documents:,}** "
            f"document{'' if documents == 1 else 's'} split into **{rows:,}** rows, "
            f"**{sentences:,}** of them sentences; {rest}. The unit of every count below is "
            f"the sentence."
        )
    rest = (
        "every line is a sentence"
        if others == 0
        else f"the other {others:,} {'is' if others == 1 else 'are'} flagged and kept"
    )
    text = (
        f"This run reads {name}: **{rows:,}** lines, **{sentences:,}** of them sentences; {rest}."
    )
    if multi:
        text += (
            f" **{multi:,}** of the lines {'holds' if multi == 1 else 'hold'} more than one "
            f"sentence, each counted here as one unit: read"
            f' the corpus as documents (`unit="document"`, `make UNIT=document`) '
            f"to split them."
        )
    return text


def corpus_findings(source, tables) -> str:
    """Notebook 01's findings, from its tables (``conflict_corpus.partitioned.CorpusTables``):
    what was read, how long the sentences are, the leading words."""
    return _bullets(
        _read_of(source, tables),
        lengths_sentence(tables.lengths),
        words_reading(tables.word_frequency, tables.bigram_collocations),
    )


def entity_findings(source, tables, variants) -> str:
    """Notebook 02's findings, from its tables (``conflict_corpus.partitioned.CorpusTables``)
    and the spellings shown: who is mentioned most, how many spellings, what is missed."""
    freq = tables.entity_frequency
    return _bullets(
        _read_of(source, tables),
        frequency_sentence(freq, tables.sentences),
        entities_reading(variants, freq, tables.uncovered),
    )


def cooccurrence_findings(source, tables, by_count, pairs, focus, near_focus) -> str:
    """Notebook 03's findings, from its tables (``conflict_corpus.partitioned.CorpusTables``):
    the strongest pairs by count and by association, and what survives the correction for
    testing every pair."""
    table, all_pairs = tables.cooccurrence, tables.cooccurrence_pairs
    return _bullets(
        _read_of(source, tables),
        pairs_sentence(by_count, pairs, all_pairs, table, tables.sentences),
        cooccurrence_reading(table, all_pairs, focus, near_focus),
        descriptors_sentence(tables.entity_frequency),
    )


def descriptors_sentence(frequency: pd.DataFrame) -> str:
    """How many mentions were descriptors, left out of the co-occurrence counts, by entity
    (``entity_frequency``'s ``descriptors``)."""
    described = frequency[frequency["descriptors"] > 0].sort_values(
        "descriptors", ascending=False, kind="stable"
    )
    if described.empty:
        return (
            "**Actors only.** No mention is an adjective before the word it modifies, so every "
            "mention is counted as an actor."
        )
    total = int(described["descriptors"].sum())
    each = ", ".join(
        f"{md_text(e)} {n:,}" for e, n in zip(described["entity"], described["descriptors"])
    )
    what = (
        "mention is an adjective before the word it modifies"
        if total == 1
        else "mentions are adjectives before the words they modify"
    )
    return (
        f'**Actors only.** {total:,} {what} ("Shiite cleric", "American forces"): '
        f"{'a descriptor' if total == 1 else 'descriptors'}, left out of these counts ({each})."
    )


def wording_findings(source, tables) -> str:
    """Notebook 04's findings, from its tables (``conflict_corpus.partitioned.CorpusTables``):
    how often ceasefire and disarmament are talked of, and the stances (the sentences
    themselves are in the keyword-in-context sections)."""
    from .wording import stance_counts

    return _bullets(
        _read_of(source, tables),
        frame_counts_sentence(stance_counts(tables.events), tables.frame_summary, tables.sentences),
    )


def show_table(table: pd.DataFrame, empty: str, digits: int = 3, name: str = "table"):
    """A table rendered for reading, or ``empty`` (a sentence saying what the corpus lacks)
    when it has no rows.

    No raw index (a ``sentence_id`` column is the visible key), flat headers (a column index
    of two levels is joined with " / "; a named index becomes a column), whole numbers with
    thousands separators, floats to ``digits`` decimals (trailing zeros dropped; a value too
    small for them to its first ``digits`` significant digits; p- and q-values, ``p_value`` and
    ``q_value``, to three significant figures, "< 1e-300" below the floor: ``p_number``),
    missing values blank and lists as
    "3, 7, 9" instead of ``nan``, ``None`` and ``[3, 7, 9]``. Returns an IPython HTML object
    whose bytes are the same on every run (a fixed table id ``name``), or Markdown."""
    from IPython.display import HTML, Markdown

    if table.empty:
        return Markdown(empty)
    shown = table.copy()
    if shown.index.name is not None or not isinstance(shown.index, pd.RangeIndex):
        shown = shown.reset_index()
    if isinstance(shown.columns, pd.MultiIndex):
        shown.columns = [" / ".join(str(p) for p in c if str(p)) for c in shown.columns]
    for column in shown.columns:
        values = shown[column]
        if values.dtype == object and values.map(lambda v: isinstance(v, (list, tuple))).any():
            shown[column] = values.map(
                lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v
            )

    for column in P_COLUMNS:
        if column in shown.columns:  # (formatted here: html_table formats every other cell)
            shown[column] = shown[column].map(p_number).astype(object)
    if "stance" in shown.columns:
        shown["stance"] = shown["stance"].map(stance_label).astype(object)
    return HTML(html_table(shown, name, lambda v: _cell(v, digits)))


def _cell(value, digits: int) -> str:
    """One table cell as a reader wants it (see show_table)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return str(value)
    kind = getattr(getattr(value, "dtype", None), "kind", "")
    if isinstance(value, int) or kind in ("i", "u"):
        return f"{int(value):,}"
    if isinstance(value, float) or kind == "f":
        if value != 0 and abs(value) < 10**-digits:  # a tiny p-value: its leading digits
            return f"{float(value):.{digits}g}"
        return f"{value:,.{digits}f}".rstrip("0").rstrip(".")  # 30.300 -> 30.3, 15.000 -> 15
    return str(value)


# Columns of exact p-values and their Benjamini-Hochberg adjustments: one format (p_number).
P_COLUMNS = ("p_value", "q_value")


# Limitations: what each notebook's numbers cannot say, with the measured accuracy.
def _size(sents: pd.DataFrame | int) -> str:
    n = sents if isinstance(sents, int) else len(sents)
    return f"- **Size.** {n:,} sentence{'' if n == 1 else 's'}"


def corpus_limitations(sents: pd.DataFrame | int) -> str:
    """Notebook 01's limitations (``sents``: the sentences, or how many there are)."""
    return (
        _size(sents) + ": every count here is small, and a word or pair that occurs once or "
        "twice says little about the outlets' language in general.\n"
        "- **Noise rules.** Lines are flagged by simple rules (mostly another script, "
        "separators, fewer than three words, a known `TAG:` headline); a short English sentence "
        "would be flagged as noise, and boilerplate in English would pass as a sentence.\n"
        "- **Words are not actors.** A word count splits one actor over several spellings; "
        "notebook 02 counts entities instead."
    )


def entity_limitations(sents: pd.DataFrame, note: str) -> str:
    """Notebook 02's limitations; ``note`` is ``accuracy_note("entities")``."""
    return (
        _size(sents) + ".\n"
        "- **Coverage.** Only actors in `data/gazetteer.csv` are counted; the uncovered-names "
        "table above lists capitalised names it does not know yet.\n- " + note
    )


def cooccurrence_limitations(sents: pd.DataFrame, all_pairs: pd.DataFrame, note: str) -> str:
    """Notebook 03's limitations; ``note`` is ``accuracy_note("entities")``."""
    return (
        _size(sents)
        + ". "
        + significance_sentence(all_pairs, "pairs that share a sentence")
        + " Raw counts and PMI describe this corpus; only pairs with q ≤ 0.05 can be called "
        "associated beyond chance.\n"
        "- **Sentence as unit.** Two actors in one sentence are counted together whatever the "
        "sentence says of them (allies, enemies, or a list).\n- " + note
    )


def wording_limitations(sents: pd.DataFrame, note: str) -> str:
    """Notebook 04's limitations; ``note`` is ``accuracy_note("frames", "stance", "cameo")``."""
    return (
        _size(sents) + ".\n"
        "- **Stance without grammar.** A stance comes from the nearest cue word in the "
        "mention's clause, or from the verb of asking, demanding, refusing or threatening an "
        "infinitive completes, and the negation, condition and threat words around it, or a "
        'threat or denial whose reported clause holds it ("warned that ...", "denied that ...") '
        "(`data/stance_cues.md`), not from a parse of the sentence. The clause is read from "
        'punctuation and a few words (a semicolon, a quotation mark, a comma, "but", "while", '
        '"said", "which", "who"; a stretch between two commas is passed over as a '
        'parenthesis): a clause marked by neither ("the truce that Sadr broke held") is not '
        "seen.\n- " + note
    )


# The explorer's static examples, for readers of the rendered notebooks.
def entity_example(
    entity: str | None, what: str = "its spellings and the entities named with it most often"
) -> str:
    """The entity tab's example: which entity, and what is shown of it."""
    if entity is None:
        return "**Entity tab, static example:** none, as this corpus names no entity."
    return f"**Entity tab, static example:** *{md_text(entity)}*, {what}."


def search_example(query: str, n: int, rows: int, shown: int) -> str:
    """The search tab's example: a regular expression, its ``n`` matches in ``rows`` sentences,
    and how many lines show."""
    return (
        f"**Search tab, static example:** {md_code(query)} as a regular expression: "
        f"**{n:,}** match{'' if n == 1 else 'es'} in **{rows:,}** "
        f"sentence{'' if rows == 1 else 's'}" + (f" (the first {shown:,} shown)." if n else ".")
    )


# Notebook 05: comparisons by group and over time.
def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def groups_sentence(source, n: int, by: str, sizes: pd.DataFrame) -> str:
    """How the ``n`` sentences fall into the groups of ``by`` (``group_sizes``' table), the
    unknown group counted, and where a text file's groups come from."""
    from pathlib import Path

    from .groups import unknown_label

    if n == 0:
        return "There are no sentences to group."
    unknown = sizes.loc[sizes[by] == unknown_label(by), "sentences"].sum()
    known = sizes[(sizes[by] != unknown_label(by)) & (sizes["sentences"] > 0)]
    known = known.sort_values("sentences", ascending=False, kind="stable")
    text_file = source is None or Path(str(source)).suffix.lower() == ".txt"
    origin = (
        " In a text file the only groups are the sources that its headline lines name "
        "(`TAG: title`, `data/source_tags.csv`): a sentence has a source when a headline "
        "line follows it, and no other."
        if text_file and by == "source"
        else ""
    )
    if known.empty:
        return (
            f"None of the {_plural(n, 'sentence')} has a {md_text(by)}, so there is nothing "
            "to compare." + origin
        )
    largest = known.iloc[0]
    if len(known) == 1:
        return (
            f"{_plural(int(largest['sentences']), 'sentence')} of the {n:,} "
            f"{'has' if largest['sentences'] == 1 else 'have'} a {md_text(by)}, all "
            f"*{md_text(largest[by])}*"
            + (f"; the other {int(unknown):,} have none." if unknown else ".")
            + origin
        )
    return (
        f"The {_plural(n, 'sentence')} fall into {_plural(len(known), f'{md_text(by)} group')}; "
        f"the largest is *{md_text(largest[by])}* with "
        f"{_plural(int(largest['sentences']), 'sentence')}"
        + (
            f", and {int(unknown):,} {'has' if unknown == 1 else 'have'} no {md_text(by)}."
            if unknown
            else ", and every sentence has one."
        )
        + origin
    )


def periods_sentence(n: int, undated: int, period: str, sizes: pd.DataFrame | None) -> str:
    """Which of the ``n`` sentences (``undated`` of them without a date) have a date precise
    enough for ``period`` (``group_sizes``' table; None: the corpus has no date column), and
    the span they cover."""
    from .groups import unknown_label

    if sizes is None:
        return (
            "This corpus has no `date` column, so nothing is compared over time. A table corpus "
            "with a `date` column (2007-08-30, 2007-08 or 2007) gets this section."
        )
    known = sizes[(sizes[period] != unknown_label(period)) & (sizes["sentences"] > 0)]
    dated = int(known["sentences"].sum())
    coarse = n - dated - undated
    if known.empty:
        return f"None of the {_plural(n, 'sentence')} has a date that gives its {period}."
    missing = []
    if undated:
        missing.append(f"{undated:,} {'has' if undated == 1 else 'have'} no date")
    if coarse:
        missing.append(f"{coarse:,} {'is' if coarse == 1 else 'are'} dated less precisely")
    return (
        f"{dated:,} of the {_plural(n, 'sentence')} have a {period}, from "
        f"{md_text(known[period].iloc[0])} to {md_text(known[period].iloc[-1])} "
        f"({_plural(len(known), period)} with sentences)"
        + (
            f"; {' and '.join(missing)}, and are counted as *{unknown_label(period)}*."
            if missing
            else "."
        )
    )


def _item_stats(row) -> str:
    return (
        f"*{md_text(row['item'])}* ({row['count']:,} against {row['count_reference']:,}, log ratio "
        f"{row['log_ratio']:+.1f}, p = {p_number(row['p_value'])}, "
        f"q = {p_number(row['q_value'])})"
    )


# The smallest p-value the exact tails tell from 0 here; below it a p-value is written so.
P_FLOOR = 1e-300


def p_number(p: float) -> str:
    """A p- or q-value in the one format every table and sentence uses: three significant
    figures (0.0421, 0.5, 8.12e-30), "< 1e-300" below the floor, blank when missing."""
    if p is None or p != p:
        return ""
    if p < P_FLOOR:
        return f"< {P_FLOOR:.0e}"
    return f"{p:.3g}"


def keyness_sentence(table: pd.DataFrame, what: str, target, by: str, unit=None) -> str:
    """What a keyness table shows: how many items differ at q ≤ ALPHA, and the strongest
    difference on each side with its cells, log ratio, p and q. ``unit``: what the totals
    count (default: matches of the lexicon, mentions of entities, word tokens)."""
    from .association import ALPHA

    if target is None or table.empty:
        return f"**{what.capitalize()}.** Nothing to compare."
    significant = table[table["q_value"] <= ALPHA]
    if unit is None:
        unit = {"frames": "matches", "entities": "mentions", "words": "tokens"}.get(what, "")
    head = (
        f"**{what.capitalize()}.** *{md_text(target)}* ({table['total'].iloc[0]:,} {unit}) "
        f"against the rest ({table['total_reference'].iloc[0]:,}): "
    ).replace(" )", ")")
    if significant.empty:
        strongest = table.loc[table["llr"].abs().idxmax()]
        return (
            head + f"none of the {_plural(len(table), what[:-1] if what.endswith('s') else what)} "
            f"differs after the Benjamini-Hochberg correction (q ≤ {ALPHA}); the largest "
            f"difference, {_item_stats(strongest)}, may be chance."
        )
    over = significant[significant["llr"] > 0]
    under = significant[significant["llr"] < 0]
    parts = []
    if len(over):
        parts.append("more often: " + "; ".join(_item_stats(r) for _, r in over.head(3).iterrows()))
    if len(under):
        parts.append(
            "less often: "
            + "; ".join(_item_stats(r) for _, r in under.tail(3).iloc[::-1].iterrows())
        )
    return (
        head
        + f"{len(significant):,} of {len(table):,} differ at q ≤ {ALPHA}; "
        + ". ".join(parts)
        + "."
    )


def documents_sentence(tables, by: str) -> str:
    """Notebook 05's comparison by documents (``CorpusTables.by_documents``): what was counted,
    and what the keyness of entities and frames over documents shows; for a corpus read a
    line at a time, why there is none."""
    found = tables.by_documents
    if not found:
        return (
            'This run reads lines (`UNIT = "line"`): each line is its own document, so the '
            "groups compared by documents are the groups compared by sentences above. Read the "
            'corpus with `UNIT = "document"` to compare articles.'
        )
    sizes, target = found["sizes"], tables.target
    documents = int(sizes["documents"].sum())
    mine = sizes.loc[sizes[by] == str(target), "documents"]
    head = (
        f"Counted by documents: the {documents:,} documents fall in "
        f"{int((sizes['documents'] > 0).sum()):,} groups of "
        f"{md_code(by)}"
        + (f", *{md_text(target)}* holding {int(mine.iloc[0]):,}" if len(mine) else "")
        + ". A frame's rate is per 1,000 documents of the group, and each entity or frame "
        "counts once per document that uses it."
    )
    return _bullets(
        head,
        keyness_sentence(
            found["keyness"]["frames"], "frames", target, by, unit="frame-document pairs"
        ),
        keyness_sentence(
            found["keyness"]["entities"], "entities", target, by, unit="entity-document pairs"
        ),
    )


def parties_sentence(events: pd.DataFrame, note: str, total: int | None = None) -> str:
    """Notebook 04's who does what: how many ceasefire and disarmament mentions name an agent,
    the agents named most, and how far the rules that find them can be trusted (``note``:
    ``accuracy_note("parties")``); ``total``: the corpus's ceasefire and disarmament mentions,
    when the event list holds only the first of them (``TableOptions.event_rows``)."""
    from .parties import NO_AGENT, who_does_what

    if events.empty:
        return "No sentence uses ceasefire or disarmament language, so nobody is seen acting."
    named = int(events["agent"].notna().sum())
    table = who_does_what(events, n=len(events))
    table = table[table["agent"] != NO_AGENT].head(3)
    top = "; ".join(
        f"*{md_text(r['agent'])}* ({r['mentions']:,}: "
        + ", ".join(
            f"{act} {r[act]:,}"
            for act in ("declares", "keeps", "breaks", "demands", "rejects", "other")
            if r[act]
        )
        + ")"
        for _, r in table.iterrows()
    )
    read = (
        f"Of the first {len(events):,} of the corpus's {total:,} ceasefire and disarmament "
        f"mentions (the event list holds the first; the tables below count those)"
        if total is not None and total > len(events)
        else f"Of the {len(events):,} ceasefire and disarmament mentions"
    )
    return _bullets(
        f"{read}, {named:,} name an agent the alias table lists"
        + (f"; the agents named most: {top}." if top else "."),
        "The agent, target and broker are found by rules over the words around each mention "
        '(`conflict_corpus/parties.py`), not by a parse: a pronoun ("he") is not read, so the '
        "nearest named actor may be taken in its place, and an actor the alias table lacks "
        "leaves the cell empty. " + note,
    )


def rates_sentence(rates: pd.DataFrame, period: str, items) -> str:
    """Each item's sentences over the sentences of each period with a known value, as the
    counts behind the rates figure ("ceasefire: 2004 1 of 6, 2007 4 of 14")."""
    from .groups import unknown_label

    known = rates[rates[period] != unknown_label(period)]
    if known.empty or not list(items):
        return "There is no period to show."
    lines = []
    for item in items:
        cells = ", ".join(
            f"{md_text(g)} {int(k):,} of {int(n):,}"
            for g, k, n in zip(known[period], known[str(item)], known["sentences"])
        )
        lines.append(f"*{md_text(item)}*: {cells}")
    return (
        "Sentences using each frame, of the sentences of each "
        + period
        + ": "
        + "; ".join(lines)
        + ". These are descriptive rates: periods of a few sentences move them by hundreds per "
        "1,000, and only the keyness tests above say whether a difference is beyond chance."
    )


def dispersion_sentence(summary: pd.DataFrame) -> str:
    """Each item's spread over the corpus's documents: those holding it, Gries's DP and
    DPnorm."""
    if summary.empty:
        return "None of these items occurs in this corpus."
    cells = "; ".join(
        f"*{md_text(r['item'])}* in {r['parts']:,} of them (Gries's DP {r['dp']:.2f}, "
        f"DPnorm {r['dp_norm']:.2f}; {r['occurrences']:,} "
        f"occurrence{'' if r['occurrences'] == 1 else 's'})"
        for _, r in summary.iterrows()
    )
    parts = int(summary["of_parts"].iloc[0])
    return (
        f"Spread over the corpus's {parts:,} document{'' if parts == 1 else 's'} (a line read "
        f"alone is its own document), each weighted by its words (DP 0: spread as the words "
        f"are; near 1: all in one small document; DPnorm, Lijffijt and Gries's normalised "
        f"form, is 1 when all sit in the smallest document): {cells}."
    )


def compare_findings(source, tables, by, period, keys) -> str:
    """Notebook 05's findings, from its tables (``conflict_corpus.partitioned.CorpusTables``):
    the groups, the dates, and what the keyness tests show (``keys``: the word, entity and
    frame keyness tables, in that order)."""
    words, entities, frames = keys
    n, target = tables.sentences, tables.target
    return _bullets(
        _read_of(source, tables),
        groups_sentence(source, n, by, tables.group_sizes),
        periods_sentence(n, tables.undated, period, tables.period_sizes),
        *(
            [
                keyness_sentence(frames, "frames", target, by),
                keyness_sentence(entities, "entities", target, by),
                keyness_sentence(words, "words", target, by),
            ]
            if target is not None
            else [f"With fewer than two groups of {md_code(by)} there is no keyness to test."]
        ),
    )


def compare_limitations(
    sizes: pd.DataFrame, by: str, sents: pd.DataFrame | int, note: str = ""
) -> str:
    """Notebook 05's limitations: small groups (fewer than ``MIN_GROUP`` sentences, the ones
    its tables fold into "other"), the unknown group, many tests; ``note``:
    ``accuracy_note("entities", "frames")``, the measured accuracy of the matchers counted."""
    from .compare import MIN_GROUP
    from .groups import unknown_label

    known = sizes[(sizes[by] != unknown_label(by)) & (sizes["sentences"] > 0)]
    small = int((known["sentences"] < MIN_GROUP).sum())
    return (
        _size(sents)
        + (
            (
                f"; {small:,} of the {len(known):,} groups of {md_code(by)} "
                f"{'has' if small == 1 else 'have'} fewer than {MIN_GROUP} sentences"
                if len(known) > 1
                else f"; the only group of {md_code(by)} has fewer than {MIN_GROUP} sentences"
            )
            + ", where one sentence moves a rate by 50 per 1,000 or more"
            if small
            else ""
        )
        + ".\n"
        "- **Many tests.** Every word, entity and frame is a test; the q-values correct for "
        "that (Benjamini-Hochberg), so read q, not p. A log ratio with a zero count takes the "
        "zero as 0.5.\n"
        "- **The rest is mixed.** The reference is every other sentence, the unknown group "
        "included: a difference may come from that group's make-up, not from the target's.\n"
        "- **Units.** Keyness counts occurrences (tokens, mentions, matches); rates count "
        "sentences. A sentence that repeats a word weighs more in the first."
        + (f"\n- {note}" if note else "")
    )


def large_findings(source, tables, attracted: pd.DataFrame, by: str | None = None) -> str:
    """Notebook 06's findings, from the tables counted partition by partition
    (``conflict_corpus.partitioned.CorpusTables``); ``attracted``: its pairs seen in at least
    two sentences and more often than expected; ``by``: the column of its group sizes and
    keyness."""
    n, others = tables.sentences, tables.rows - tables.sentences
    lines = [
        f"This run reads {_corpus_name(source)} "
        + (
            "as one file, counted in this process"
            if tables.partitions == 1
            else f"as {tables.partitions:,} partitions on Dask"
        )
        + (
            f": **{tables.documents:,}** documents split into **{tables.rows:,}** rows"
            if tables.unit == "document"
            else f": **{tables.rows:,}** lines"
        )
        + f", **{n:,}** of them sentences"
        + (f"; the other {others:,} are flagged and kept." if others else "."),
        _most_named(tables.entity_frequency, n),
        _strongest_pair(attracted, len(tables.cooccurrence_pairs)),
    ]
    summary = tables.frame_summary.set_index("frame")
    said = [
        f"{md_text(frame)} in {summary.loc[frame, 'sentences']:,} sentences "
        f"({summary.loc[frame, 'matches']:,} matches)"
        for frame in tables.kwic
        if frame in summary.index
    ]
    lines.append(
        "**Wording.** " + ("; ".join(said) + "." if said else "No ceasefire or disarmament word.")
    )
    if by is not None:
        frames = tables.keyness.get("frames")
        lines.append(
            keyness_sentence(frames, "frames", tables.target, by)
            if tables.target is not None and frames is not None
            else f"With fewer than two groups of {md_code(by)} there is no keyness to test."
        )
    return _bullets(*lines)


def _most_named(freq: pd.DataFrame, n: int) -> str:
    if freq.empty:
        return "**Who.** No entity of the gazetteer is named."
    top = freq.iloc[0]
    return (
        f"**Who.** *{md_text(top['entity'])}* is named in {top['sentences']:,} of the {n:,} "
        "sentences "
        f"({100 * top['sentences'] / max(n, 1):.1f}%), {top['mentions']:,} times, written "
        f"{_plural(int(top['variants']), 'way')}."
    )


def _strongest_pair(attracted: pd.DataFrame, tested: int) -> str:
    from .association import ALPHA

    significant = attracted[attracted["q_value"] <= ALPHA]
    if significant.empty:
        return (
            f"**With whom.** No pair of entities is named together more often than chance "
            f"predicts at q ≤ {ALPHA} ({tested:,} pairs tested)."
        )
    pair = significant.iloc[0]
    return (
        f"**With whom.** The strongest attraction is *{md_text(pair['entity_a'])}* with "
        f"*{md_text(pair['entity_b'])}*: {pair['count']:,} shared sentences against "
        f"{pair['expected']:,.1f} expected (q = {p_number(pair['q_value'])}); "
        f"{len(significant):,} of the {tested:,} pairs named together are attracted at "
        f"q ≤ {ALPHA}."
    )


def large_limitations(shown: int, note: str) -> str:
    """Notebook 06's limitations: what a partition-by-partition count leaves out (``shown``:
    the KWIC lines kept per frame; ``note``: the matchers' measured accuracy)."""
    return (
        _bullets(
            "**A summary.** This notebook gathers the main tables of notebooks 01-05, which "
            "count the same way (partition by partition) and add sentence lengths, the names "
            "the gazetteer misses, collocates, rates by period, dispersion and the explorer.",
            f"**KWIC lines.** The first {shown:,} lines of each frame in corpus order (files in "
            "name order), not a random sample: a rerun shows the same lines.",
            "**Keyness.** One group against every other sentence, the unknown group included; "
            "read q, not p.",
        )
        + "\n\n"
        + note
    )
