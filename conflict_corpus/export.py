"""The tables as data: every table a notebook reads, written as CSV for R, Excel or a paper.

``write_tables(tables, notebook, out)`` writes the ``CorpusTables`` a notebook counted into
``<out>/tables/<notebook>/`` (``out`` None: the project's ``tables/``), one CSV file a table, in
full (a notebook may show only the first rows), with a ``README.md`` that lists each file, what
it holds and its columns. A table keyed by entity, frame or search (the KWIC lines of each
frame, the collocates of each entity, the keyness of words, entities and frames) is one long
file with the key as its first column, so no corpus text ever becomes a file name. The
explorer's sample (the corpus's own first sentences) is not written.

The files are the same bytes on every run: UTF-8, ``\\n`` line ends, floats as Python writes
them, a missing value as an empty cell, a list of ids as ``3; 7; 9``. A cell is written as the
corpus has it; a spreadsheet program may read a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula, so open the files in a spreadsheet as text, or import them.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import numpy as np
import pandas as pd

from .files import ROOT
from .markup import md_code

TABLES = ROOT / "tables"
# What each file holds (its columns are listed from the table itself).
NOTES = {
    "counts": "the run's sizes: files read (partitions), the unit the corpus was read in, "
    "documents, rows, sentences, rows holding more than one sentence, undated sentences, the "
    "group compared with the rest (target), each search's matches and rows",
    "summary": "rows by kind with the first line numbers of each kind, and the total",
    "attributed": "the first rows that name a source",
    "set_aside": "the first rows set aside (noise, blank), with the reason",
    "lengths": "words and characters per sentence, described (count, mean, quartiles, max)",
    "length_counts": "sentences by length, per measure (words, characters)",
    "word_frequency": "the most frequent content words: tokens and sentences",
    "bigram_collocations": "bigram collocations with their 2x2 cells and association measures",
    "entity_frequency": (
        "entities by sentences that name them, with mentions (the descriptors among them) and "
        "spellings"
    ),
    "entity_variants": "each entity's spellings as written, with their counts",
    "cooccurrence": "sentences naming both entities as actors (the diagonal: sentences naming one)",
    "cooccurrence_pairs": "every pair of entities sharing a sentence, with its 2x2 cells, "
    "association measures, exact p and Benjamini-Hochberg q",
    "frame_summary": "matches and sentences of each frame of the lexicon",
    "frames_by_entity": "sentences naming an entity and using a frame",
    "kwic": "the first keyword-in-context lines of each frame, with the source and date of the "
    "sentence (where the corpus has them), the stance and its cue",
    "events": "frame matches by frame, stance, CAMEO code and PLOVER type",
    "event_list": "the first ceasefire and disarmament mentions of the corpus (TableOptions."
    "event_rows, 20,000 by default): each one's sentence (document, date), agent, target, broker, "
    "frame, stance, the cue that decided it, CAMEO code and PLOVER type",
    "search_lines": "the first keyword-in-context lines of each phrase searched, with the source "
    "and date of the sentence (where the corpus has them)",
    "search_forms": "each spelling of each phrase searched, with its count and first match",
    "search_sources": "matches of each phrase searched by source and spelling",
    "search_collocates": "the words near each phrase searched, with their association",
    "collocates": "the words near each entity, with their association",
    "uncovered": "capitalised names the gazetteer does not cover",
    "shared_words": "name words that several entities share",
    "headline_mentions": "the first entity mentions in headline lines",
    "period_sizes": "sentences by period of the date",
    "frames_by_group": "frames by group, with rates per 1,000 sentences of the group",
    "frames_by_period": "frames by period, with rates per 1,000 sentences of the period",
    "pairs_by_period": "co-occurring pairs by period",
    "dispersion": "the occurrences placed on the corpus (every k-th sentence's)",
    "dispersion_summary": "each item's spread over the corpus (Gries's DP)",
    "group_sizes": "sentences by group",
    "keyness": "keyness of the target group against the rest, for words, entities and "
    "frames: the 2x2 cells, signed G², exact p, BH q and log ratio",
    "documents_by_group": "documents by group (a corpus read as documents)",
    "frames_by_group_documents": "frames by group counted in documents, with rates per 1,000 "
    "documents of the group",
    "keyness_documents": "keyness of the target group against the rest, for entities and "
    "frames, each counted once per document that uses it: the 2x2 cells, signed G², exact p, "
    "BH q and log ratio",
}
# What of CorpusTables is not written: the corpus's columns, and the explorer's sample (the
# corpus's own first sentences). Its numbers and words (unit, rows, sentences...) go into
# counts.csv, each table into a file of its own.
NOT_WRITTEN = ("columns", "sample")
# The numbers and words of a run, in counts.csv (a table field that is None is not one).
SCALAR_FIELDS = (
    "partitions",
    "unit",
    "documents",
    "rows",
    "sentences",
    "multi_sentence_rows",
    "undated",
    "target",
)


def write_tables(
    tables, notebook: str, out: str | Path | None = None, names: tuple[str, ...] | None = None
) -> None:
    """Write ``tables`` (a ``CorpusTables``) into ``<out>/tables/<notebook>/`` (``out`` None:
    the project's ``tables/<notebook>/``): one CSV file a table and a ``README.md``; ``names``:
    the fields of ``tables`` written (None: every one; the run's numbers, ``counts.csv``,
    always). Files of an earlier run that this one has no table for are removed, so the folder
    is this run's."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", notebook):
        raise ValueError(f"notebook {notebook!r}: use letters, digits, '_', '-' or '.' only")
    folder = (TABLES if out is None else Path(out) / "tables") / notebook
    folder.mkdir(parents=True, exist_ok=True)
    written = table_frames(tables, names)
    for name, frame in written.items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(frame))
    (folder / "README.md").write_text(readme(notebook, written), encoding="utf-8")
    for old in folder.glob("*.csv"):
        if old.stem not in written:
            old.unlink()


def table_frames(tables, names: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of ``tables`` (or those of the fields ``names``) as one flat DataFrame, by
    file name (see the module)."""
    known = {f.name for f in fields(tables)}
    unknown = sorted(set(names or ()) - known)
    if unknown:
        raise ValueError(f"no such table: {', '.join(unknown)}; the tables are {sorted(known)}")
    out = {"counts": _counts(tables)}
    for field in fields(tables):
        value = getattr(tables, field.name)
        if field.name in NOT_WRITTEN or field.name in SCALAR_FIELDS or value is None:
            continue
        if names is not None and field.name not in names:
            continue
        out |= _files_of(field.name, value)
    return out


def _files_of(name: str, value) -> dict[str, pd.DataFrame]:
    """The files of one field of ``CorpusTables``, by file name."""
    if name == "length_counts":
        by_measure = {
            m: s.rename("sentences").rename_axis("length").reset_index() for m, s in value.items()
        }
        return {name: _long(by_measure, "measure")}
    if name == "searches":
        return _searches(value)
    if name == "by_documents":
        if not value:
            return {}
        return {
            "documents_by_group": _flat(value["sizes"]),
            "frames_by_group_documents": _flat(value["frames"]),
            "keyness_documents": _long(value["keyness"], "items"),
        }
    if isinstance(value, dict):
        key = {"kwic": "frame", "collocates": "entity", "keyness": "items"}[name]
        return {name: _long(value, key)} if value else {}
    return {name: _flat(value)}


def _counts(tables) -> pd.DataFrame:
    rows = [(name, getattr(tables, name)) for name in SCALAR_FIELDS]
    for name, found in tables.searches.items():
        rows += [(f"search {name}: matches", found.matches), (f"search {name}: rows", found.rows)]
    return pd.DataFrame(rows, columns=["count", "value"], dtype=object)  # 18, not 18.0


def _searches(searches: dict) -> dict[str, pd.DataFrame]:
    if not searches:
        return {}
    parts = {
        "search_lines": {n: s.lines for n, s in searches.items()},
        "search_forms": {n: s.forms for n, s in searches.items()},
        "search_sources": {
            n: s.table.rename_axis("source")
            .reset_index()
            .melt(id_vars="source", var_name="spelling", value_name="matches")
            if len(s.table)
            else pd.DataFrame(columns=["source", "spelling", "matches"])
            for n, s in searches.items()
        },
        "search_collocates": {n: s.collocates for n, s in searches.items()},
    }
    return {name: _long(tables, "search") for name, tables in parts.items()}


def _long(tables: dict, key: str) -> pd.DataFrame:
    """Tables keyed by ``key`` as one: the key first, then each table's rows in key order."""
    frames = [_flat(t).assign(**{key: k}) for k, t in tables.items()]
    joined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({key: []})
    return joined[[key, *(c for c in joined.columns if c != key)]]


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    """A named or non-default index made a column; two-level column labels joined."""
    table = table.copy()
    if isinstance(table.columns, pd.MultiIndex):
        table.columns = [" / ".join(str(p) for p in c if str(p)) for c in table.columns]
    if table.index.name is not None or not isinstance(table.index, pd.RangeIndex):
        table = table.rename_axis(table.index.name or "key").reset_index()
    return table.rename(columns=str)


def _cell(value):
    """A cell of a CSV file: lists, arrays and sets of ids as ``3; 7; 9``."""
    if isinstance(value, (list, tuple, np.ndarray, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
        return "; ".join(str(v) for v in items)
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """``table`` as the bytes of a CSV file (see the module for the format)."""
    shown = table.copy()
    for column in shown.columns:
        if shown[column].dtype == object:
            # (Series.map would infer a type again: a column of 18 and None would be 18.0.)
            cells = [_cell(v) for v in shown[column]]
            shown[column] = pd.Series(cells, index=shown.index, dtype=object)
    return shown.to_csv(index=False, lineterminator="\n").encode("utf-8")


def readme(notebook: str, written: dict[str, pd.DataFrame]) -> str:
    """The README of a notebook's tables folder: each file, what it holds, its columns."""
    lines = [
        f"# The tables of `{notebook}`",
        "",
        "Written by `helpers.write_tables` (`conflict_corpus/export.py`) each time the notebook "
        "runs: every table it reads, in full, as UTF-8 CSV with a header row; a missing value is "
        "an empty cell, a list of ids is written `3; 7; 9`. Cells are written as the corpus has "
        "them: open the files in a spreadsheet by importing them as text.",
        "",
        "| file | what it holds | columns |",
        "| --- | --- | --- |",
    ]
    for name, frame in written.items():
        columns = ", ".join(md_code(c).replace("|", "\\|") for c in frame.columns)
        lines.append(f"| `{name}.csv` | {NOTES.get(name, name)} | {columns} |")
    return "\n".join(lines) + "\n"
