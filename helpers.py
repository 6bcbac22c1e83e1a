"""Helpers for reading a corpus of news sentences about an armed group.

The module is laid out in the order the data flows:

1. load      -- ``load_corpus`` reads a text file or a table into a DataFrame, one row per input
                line, and flags each row as a sentence, a headline, noise or blank.
2. tokenize  -- ``tokenize``, ``load_stopwords``, ``word_frequency``, ``bigram_collocations``.
3. figures   -- ``save_figure`` writes byte-stable PNGs.

Everything is data-free: no NLTK data package is ever downloaded. Hand-curated knowledge (the
stopword list, the source tags) lives in small files in ``data/`` next to this module.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from nltk.probability import FreqDist
from nltk.tokenize import RegexpTokenizer

# Files are found from this module's own location, never from the current directory:
# notebooks, tests and papermill all run from different folders.
ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data"
FIGURES = ROOT / "figures"
DEFAULT_CORPUS = DATA / "raw" / "mahdi_army_sentences.txt"
STOPWORDS_FILE = DATA / "stopwords_en.txt"
SOURCE_TAGS_FILE = DATA / "source_tags.csv"

# The seed corpus as delivered (see data/raw/README.md). The loader checks it, so an edited copy
# is caught instead of silently changing every number downstream.
SEED_SHA256 = "181d44fcd2f9c02d0b5bb16089f3253e6f848d85406b8840592d8231e0cf9d1c"
SEED_ROWS = 18

KINDS = ("sentence", "headline", "noise", "blank")
CORPUS_COLUMNS = ["sentence_id", "text", "kind", "reason", "source", "headline"]
TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t"}
SUPPORTED_SUFFIXES = (".txt", ".csv", ".tsv", ".jsonl", ".parquet")


class CorpusError(ValueError):
    """Bad input: the message names the file, the line where it applies, and the fix."""


# ---------------------------------------------------------------------------------------------
# 1. Load
# ---------------------------------------------------------------------------------------------


def load_corpus(path: str | Path | None = None) -> pd.DataFrame:
    """Read a corpus into a DataFrame with one row per input line (or table row).

    ``path`` defaults to the vendored seed corpus. Accepted: ``.txt`` (one sentence a line),
    ``.csv``/``.tsv``/``.jsonl``/``.parquet`` tables with a ``text`` column (other columns are
    kept as metadata). UTF-8 with or without a byte-order mark, ``\\n`` or ``\\r\\n`` endings.

    Returns columns ``sentence_id`` (1-based position; the line number for a text file),
    ``text`` (unchanged), ``kind`` (sentence/headline/noise/blank), ``reason`` (why a row is not a
    sentence; missing for sentences), ``source`` and ``headline`` (missing where unknown), then
    any metadata columns of a table. Nothing is dropped: noise is flagged, not deleted.
    """
    path = Path(path) if path is not None else DEFAULT_CORPUS
    if not path.exists():
        raise CorpusError(f"{path}: no such file. Check the path (it is read relative to the "
                          f"current folder {Path.cwd()}), or pass an absolute path.")
    if path.is_dir():
        raise CorpusError(f"{path}: is a folder; pass the corpus file inside it.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(f"{path}: unsupported file type {suffix!r}; use one of "
                          f"{', '.join(SUPPORTED_SUFFIXES)} (a .txt file holds one sentence a line).")

    if suffix == ".parquet":
        table = _read_parquet(path)
    else:
        content = _read_utf8(path)
        if suffix == ".txt":
            table = pd.DataFrame({"text": pd.Series(_split_lines(content), dtype=object)})
        elif suffix == ".jsonl":
            table = _read_jsonl(path, content)
        else:
            table = _read_delimited(path, content, TABLE_SUFFIXES[suffix])

    corpus = _annotate(path, table)
    if path.resolve() == DEFAULT_CORPUS.resolve():
        _check_seed(path, corpus)
    return corpus


def _read_utf8(path: Path) -> str:
    """Decode a file as UTF-8 (a leading byte-order mark is dropped), naming the bad line."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        bad = data[err.start:err.end].hex(" ")
        raise CorpusError(
            f"{path}: line {line}, byte {column} (offset {err.start}) is not UTF-8 "
            f"(bytes {bad}: {err.reason}). Convert the file to UTF-8 first, for example "
            f"`iconv -f WINDOWS-1252 -t UTF-8 {path.name} > {path.stem}.utf8{path.suffix}` "
            f"(replace WINDOWS-1252 with the file's real encoding)."
        ) from None


def _split_lines(content: str) -> list[str]:
    """Split on ``\\n`` only, dropping one ``\\r`` before it (CRLF files).

    ``str.splitlines`` is not used on purpose: it also breaks on form feeds, U+2028 and other
    characters that can sit inside a scraped sentence, which would invent extra lines.
    A final newline ends the last line; it does not start an empty one.
    """
    if content == "":
        return []
    lines = content.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _read_delimited(path: Path, content: str, sep: str) -> pd.DataFrame:
    if content.strip() == "":
        return pd.DataFrame({"text": pd.Series([], dtype=object)})
    try:
        # dtype=str and keep_default_na=False: the text is kept exactly as written ("NA" and ""
        # stay strings), which is what "text unchanged" means for a table.
        return pd.read_csv(io.StringIO(content), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, csv.Error) as err:
        raise CorpusError(f"{path}: cannot be read as a {'tab' if sep == chr(9) else 'comma'}-"
                          f"separated table: {err}. Check the quoting on that line.") from None


def _read_jsonl(path: Path, content: str) -> pd.DataFrame:
    # Parsed line by line (not pd.read_json) so that an error can name its line.
    records = []
    for number, line in enumerate(_split_lines(content), start=1):
        if line.strip() == "":
            raise CorpusError(f"{path}: line {number} is empty; JSON Lines needs one JSON object "
                              f"per line. Remove the empty line.")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise CorpusError(f"{path}: line {number} is not valid JSON ({err.msg} at column "
                              f"{err.colno}). Fix or remove that line.") from None
        if not isinstance(record, dict):
            raise CorpusError(f"{path}: line {number} is a JSON {type(record).__name__}, not an "
                              f"object; write each line as {{\"text\": \"...\"}}.")
        records.append(record)
    if not records:
        return pd.DataFrame({"text": pd.Series([], dtype=object)})
    return pd.DataFrame.from_records(records)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as err:  # pyarrow raises several unrelated types for a broken file
        raise CorpusError(f"{path}: cannot be read as Parquet ({err}). Check that the file is "
                          f"a complete Parquet file, or save the table as .csv.") from None


def _annotate(path: Path, table: pd.DataFrame) -> pd.DataFrame:
    """Add ``sentence_id``, ``kind``, ``reason``, ``source`` and ``headline`` to a raw table."""
    if "text" not in table.columns:
        raise CorpusError(f"{path}: the table has no 'text' column; its columns are "
                          f"{list(map(str, table.columns))}. Rename the column that holds the "
                          f"sentences to 'text'.")
    reserved = [c for c in ("sentence_id", "kind", "reason") if c in table.columns]
    if reserved:
        raise CorpusError(f"{path}: column(s) {reserved} are computed by the loader; rename them "
                          f"in the file (for example to 'original_{reserved[0]}').")
    table = table.reset_index(drop=True)
    # A table may hold missing or non-string text (an empty cell in Parquet, a number in JSON).
    # Missing text is kept and flagged as blank; other values are shown as their string form.
    texts = [t if isinstance(t, str) else ("" if t is None or t != t else str(t))
             for t in table["text"].tolist()]
    tags = load_source_tags()
    kinds, reasons, sources, headlines = [], [], [], []
    for text in texts:
        kind, reason, source, title = _classify(text, tags)
        kinds.append(kind)
        reasons.append(reason)
        sources.append(source)
        headlines.append(title)
    # A headline belongs to the sentence just above it (seed README: line 10 -> line 9).
    for i, kind in enumerate(kinds):
        if kind == "headline" and i > 0 and kinds[i - 1] == "sentence" and sources[i - 1] is None:
            sources[i - 1], headlines[i - 1] = sources[i], headlines[i]
            reasons[i] = f"headline of the article that line {i} comes from"

    derived = pd.DataFrame({
        "sentence_id": pd.Series(range(1, len(texts) + 1), dtype="int64"),
        "text": pd.Series(texts, dtype=object),
        "kind": pd.Series(kinds, dtype=object),
        "reason": pd.Series(reasons, dtype=object),
        "source": pd.Series(sources, dtype=object),
        "headline": pd.Series(headlines, dtype=object),
    })
    metadata = table.drop(columns=["text"])
    for column in ("source", "headline"):
        # A table's own source/headline column wins; the headline rows only fill its gaps.
        if column in metadata.columns:
            own = metadata.pop(column).astype(object)
            own = own.where(own.notna() & (own.astype(str) != ""), None)
            derived[column] = own.where(own.notna(), derived[column])
    return pd.concat([derived, metadata], axis=1)


# A line "TAG: title" with a tag listed in data/source_tags.csv is a headline of that source.
_HEADLINE = re.compile(r"^\s*(?P<tag>[A-Z][A-Z .&'-]*[A-Z])\s*:\s*(?P<title>\S.*?)\s*$")


def _classify(text: str, tags: dict[str, str]) -> tuple[str, str | None, str | None, str | None]:
    """Return (kind, reason, source, headline) for one line. Rules are applied in order."""
    stripped = text.strip()
    if stripped == "":
        return "blank", "empty or whitespace only", None, None
    match = _HEADLINE.match(text)
    if match and match["tag"] in tags:
        source = tags[match["tag"]]
        return "headline", f"headline of an article in {source}", source, match["title"]
    letters = [ch for ch in stripped if ch.isalpha()]
    if not letters:
        return "noise", "no letters (numbers or symbols only)", None, None
    latin = sum(1 for ch in letters if _is_latin(ch))
    # English prose is written in Latin letters; a sentence may quote a few words in Arabic or
    # Chinese, so only a line that is mostly another script is set aside.
    if latin / len(letters) < 0.5:
        return "noise", "mostly non-Latin script: not English prose", None, None
    words = re.findall(r"[^\W\d_]+", stripped)
    if stripped.count("|") >= 2 or stripped.count("»") >= 2:
        return "noise", "menu or navigation text (separators between items)", None, None
    if len(words) < 3:
        return "noise", "fewer than three words: boilerplate, not a sentence", None, None
    return "sentence", None, None, None


def _is_latin(ch: str) -> bool:
    try:
        return unicodedata.name(ch).startswith("LATIN")
    except ValueError:  # unnamed code point
        return False


def load_source_tags(path: str | Path | None = None) -> dict[str, str]:
    """Read ``data/source_tags.csv`` (columns ``tag,source,note``) into ``{tag: source}``."""
    path = Path(path) if path is not None else SOURCE_TAGS_FILE
    rows = read_curated_csv(path, required=("tag", "source"))
    return {row["tag"]: row["source"] for row in rows}


def read_curated_csv(path: Path, required: tuple[str, ...]) -> list[dict]:
    """Read a hand-curated CSV from ``data/``: leading ``#`` lines are comments.

    Returns a list of dicts, each with a ``_line`` key (its line number in the file) so that
    errors can point at the row. Raises CorpusError for a missing file or column, or an empty
    required cell.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file. It ships with the project in data/; restore it "
                          f"with `git checkout -- {path.name}` or pass the path of your own table.")
    lines = _read_utf8(path).split("\n")
    skip = 0
    while skip < len(lines) and lines[skip].startswith("#"):
        skip += 1
    reader = csv.DictReader(lines[skip:])
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise CorpusError(f"{path}: line {skip + 1}: the header {header} lacks column(s) "
                          f"{missing}; the header row must name {list(required)}.")
    rows = []
    for row in reader:
        number = skip + reader.line_num  # physical line of the row's last line
        if None in row:
            raise CorpusError(f"{path}: line {number}: more cells than the header has "
                              f"({len(header)}); quote cells that contain commas.")
        if all((v or "").strip() == "" for v in row.values()):
            continue  # a blank line between rows is layout, not a row
        for column in required:
            if (row.get(column) or "").strip() == "":
                raise CorpusError(f"{path}: line {number}: the '{column}' cell is empty; "
                                  f"fill it in or delete the row.")
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
        row["_line"] = number
        rows.append(row)
    return rows


def _check_seed(path: Path, corpus: pd.DataFrame) -> None:
    """The facts the notebooks rely on about the vendored seed corpus (data/raw/README.md)."""
    import hashlib

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SEED_SHA256:
        raise CorpusError(f"{path}: sha256 is {digest}, not the delivered {SEED_SHA256}. Raw data "
                          f"is never edited: restore it with `git checkout -- {path}`.")
    assert len(corpus) == SEED_ROWS, f"{path}: expected {SEED_ROWS} rows, got {len(corpus)}"


def sentences(corpus: pd.DataFrame) -> pd.DataFrame:
    """The rows of kind ``sentence`` (the running text the analyses count)."""
    return corpus[corpus["kind"] == "sentence"]


def corpus_summary(corpus: pd.DataFrame) -> pd.DataFrame:
    """Rows by kind: columns ``kind``, ``rows``, ``lines`` (the sentence ids, as a short list)."""
    grouped = corpus.groupby("kind", sort=False)["sentence_id"]
    table = pd.DataFrame({"rows": grouped.size(), "lines": grouped.agg(_id_list)})
    table = table.reindex([k for k in KINDS if k in table.index]).reset_index()
    total = pd.DataFrame({"kind": ["total"], "rows": [len(corpus)], "lines": [""]})
    return pd.concat([table, total], ignore_index=True)


def _id_list(ids: pd.Series, limit: int = 12) -> str:
    ids = list(ids)
    shown = ", ".join(map(str, ids[:limit]))
    return shown + (f", ... ({len(ids) - limit} more)" if len(ids) > limit else "")


# ---------------------------------------------------------------------------------------------
# 2. Tokenize
# ---------------------------------------------------------------------------------------------

# Words are runs of letters/digits, kept whole across internal hyphens ("cease-fire",
# "al-Sadr", "seven-month-old"). An apostrophe ends a word, so "Sadr's" gives "Sadr" + "s" and
# the "s" is a stopword. NLTK's RegexpTokenizer needs no data package (unlike word_tokenize's
# punkt) and is one compiled regex, fast enough for a million sentences.
WORD_PATTERN = r"[^\W_]+(?:-[^\W_]+)*"
TOKENIZER = RegexpTokenizer(WORD_PATTERN)


def tokenize(text: str, lower: bool = True) -> list[str]:
    """Split one text into word tokens (see ``WORD_PATTERN``), lower-cased by default."""
    tokens = TOKENIZER.tokenize(text)
    return [t.lower() for t in tokens] if lower else tokens


def load_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """The shipped English stopword list (``data/stopwords_en.txt``), lower case."""
    path = Path(path) if path is not None else STOPWORDS_FILE
    if not path.exists():
        raise CorpusError(f"{path}: no such file; the stopword list ships in data/.")
    words = [w.strip().lower() for w in _read_utf8(path).split("\n")]
    return frozenset(w for w in words if w and not w.startswith("#"))


def content_tokens(texts, stopwords: frozenset[str] | None = None) -> list[list[str]]:
    """Tokens of each text without stopwords and without pure numbers."""
    stopwords = load_stopwords() if stopwords is None else stopwords
    return [[t for t in tokenize(text) if t not in stopwords and not t.isdigit()]
            for text in texts]


def sentence_lengths(corpus: pd.DataFrame) -> pd.DataFrame:
    """Per row: ``sentence_id``, ``kind``, ``words`` (token count) and ``characters``."""
    return pd.DataFrame({
        "sentence_id": corpus["sentence_id"].to_numpy(),
        "kind": corpus["kind"].to_numpy(),
        "words": [len(tokenize(t)) for t in corpus["text"]],
        "characters": corpus["text"].str.len().to_numpy(),
    })


def word_frequency(texts, n: int = 20, stopwords: frozenset[str] | None = None) -> pd.DataFrame:
    """The ``n`` most frequent content words: columns ``word``, ``count``, ``sentences``.

    Ties are broken alphabetically so the table is the same on every run.
    """
    token_lists = content_tokens(texts, stopwords)
    counts = FreqDist(t for tokens in token_lists for t in tokens)
    in_sentences = FreqDist(t for tokens in token_lists for t in set(tokens))
    table = pd.DataFrame({"word": list(counts.keys()), "count": list(counts.values())})
    table["sentences"] = table["word"].map(in_sentences).astype("int64")
    table = table.sort_values(["count", "word"], ascending=[False, True], kind="stable")
    return table.head(n).reset_index(drop=True)


def bigram_collocations(texts, n: int = 15, min_count: int = 2,
                        stopwords: frozenset[str] | None = None) -> pd.DataFrame:
    """The strongest adjacent word pairs by NLTK's likelihood ratio, with PMI beside it.

    Bigrams are counted within each sentence (never across a sentence boundary) on the content
    tokens. Returns columns ``bigram``, ``count``, ``likelihood_ratio``, ``pmi``, sorted by
    likelihood ratio (ties by bigram).
    """
    token_lists = content_tokens(texts, stopwords)
    finder = BigramCollocationFinder.from_documents(token_lists)
    finder.apply_freq_filter(min_count)
    measures = BigramAssocMeasures()
    llr = dict(finder.score_ngrams(measures.likelihood_ratio))
    pmi = dict(finder.score_ngrams(measures.pmi))
    table = pd.DataFrame({
        "bigram": [" ".join(b) for b in llr],
        "count": [finder.ngram_fd[b] for b in llr],
        "likelihood_ratio": [round(v, 3) for v in llr.values()],
        "pmi": [round(pmi[b], 3) for b in llr],
    })
    table = table.sort_values(["likelihood_ratio", "bigram"], ascending=[False, True],
                              kind="stable")
    return table.head(n).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# 3. Figures
# ---------------------------------------------------------------------------------------------

# Fixed settings so that a rerun writes the same bytes: one font, one size, one resolution,
# no timestamps or software versions in the file.
FIGURE_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "mahdi-army-corpus",
    "path.simplify": True,
}
TYPE_COLORS = {
    "PERSON": "#1b6ca8",
    "ARMED_GROUP": "#c0392b",
    "MOVEMENT": "#8e44ad",
    "PLACE": "#27ae60",
    "GROUP": "#d68910",
}


def setup_figures() -> None:
    """Apply ``FIGURE_RC``. Call once at the top of a notebook."""
    matplotlib.rcParams.update(FIGURE_RC)


def figures_dir(out: str | Path | None = None) -> Path:
    """The folder figures go to: ``<out>/figures`` for a rerun elsewhere, else ``figures/``."""
    folder = FIGURES if out is None else Path(out) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_figure(fig, name: str, out: str | Path | None = None) -> Path:
    """Write ``fig`` to ``<figures>/<name>.png`` with fixed settings; return the path.

    ``metadata={"Software": None}`` drops the matplotlib version stamp, so the same figure gives
    the same bytes on every run.
    """
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ValueError(f"figure name {name!r}: use letters, digits, '_', '-' or '.' only")
    path = figures_dir(out) / f"{name}.png"
    with matplotlib.rc_context(FIGURE_RC):
        fig.savefig(path, format="png", dpi=FIGURE_RC["savefig.dpi"], bbox_inches="tight",
                    metadata={"Software": None})
    return path
