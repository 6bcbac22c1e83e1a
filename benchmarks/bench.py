"""Throughput benchmark of the project on a large synthetic corpus, with spaCy and NLTK anchors.

    python benchmarks/bench.py --n 1000000 [--out benchmarks/results.md] [--seed 2026] [--profile]

Generates the corpus with ``benchmarks/generate_corpus.py`` (or reuses the cached file
``benchmarks/corpus/synthetic_N.txt``; that folder is git-ignored), then, in this one process
and on the same lines, times with ``time.perf_counter``:

* ``load_corpus(path)`` (+ ``sentences(corpus)``), ``find_entities``, ``find_frames``,
  ``cooccurrence``, ``cooccurrence_pairs`` and one ``kwic(sentences, "Mahdi Army")`` query;
* notebook 05's counts (entity frequency, frame summary, entity pairs) for the whole corpus and
  by group (``by="month"`` of a synthetic date column, ``by="source"``);
* end to end = load + entities + frames + co-occurrence, both as the sum of the steps above and
  as one separate run timed as a whole;
* two anchors over the same sentence texts and the same alias list (every alias of
  ``data/gazetteer.csv``), on the first min(N, 50,000) lines: spaCy ``spacy.blank("en")`` +
  ``PhraseMatcher(attr="LOWER")`` (tokenisation included) and NLTK ``MWETokenizer`` over
  ``RegexpTokenizer(r"\\w+|[^\\w\\s]")`` tokens (tokenisation included; no NLTK data is used);
* peak memory (``ru_maxrss``) after each step.

Each timing is taken ``--repeat`` times (default 5) and the median is reported: the machines
are shared, and one run in three can be slowed by a neighbour.

The Markdown report is printed and written to ``--out``. ``--profile`` also runs cProfile over one
more end-to-end run and writes the top 25 functions by cumulative time to
``benchmarks/profile.txt``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import os
import platform
import pstats
import resource
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH_DIR))

import pandas as pd  # noqa: E402

import generate_corpus  # noqa: E402
import helpers  # noqa: E402
from conflict_corpus.engine.text import TEXTS  # noqa: E402

CORPUS_DIR = BENCH_DIR / "corpus"
DEFAULT_OUT = BENCH_DIR / "results.md"
PROFILE_OUT = BENCH_DIR / "profile.txt"
ANCHOR_SAMPLE = 50_000
KWIC_QUERY = "Mahdi Army"

# Targets (see README.md).
TARGET_E2E_RATE = 300_000  # sentences/s, end to end
TARGET_ENTITY_SPEEDUP = 10.0  # find_entities vs spaCy PhraseMatcher, sentences/s
TARGET_KWIC_SECONDS = 0.5
TARGET_PEAK_MB = 2048  # 2 GiB of resident memory
TARGET_GROUPING_SECONDS = 1.0  # counts by group, over the same counts of the whole corpus
TARGET_MAKE_RATIO = 3.0  # every notebook, over one end-to-end pass
TARGET_DOCUMENT_RATIO = 2.0  # reading articles and splitting them, over reading the sentences
ARTICLE_SENTENCES = 15  # sentences per generated article
LINES_STEP = "load_corpus: the sentences one a line (.txt)"
ARTICLES_STEP = (
    f'load_corpus(unit="document"): the same sentences in articles of {ARTICLE_SENTENCES} '
    "(.parquet)"
)
MAKE_STEP = "make CORPUS=... OUT=... (every notebook; the tables counted once), one run"


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MiB (ru_maxrss is KiB on Linux)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":  # bytes on macOS
        rss /= 1024
    return rss / 1024


def corpus_path(n: int, seed: int) -> Path:
    name = (
        f"synthetic_{n}.txt"
        if seed == generate_corpus.DEFAULT_SEED
        else f"synthetic_{n}_seed{seed}.txt"
    )
    return CORPUS_DIR / name


def ensure_corpus(n: int, seed: int, regenerate: bool = False) -> tuple[Path, str]:
    """The cached corpus file for (n, seed), generated if missing. Returns (path, note)."""
    path = corpus_path(n, seed)
    if path.exists() and not regenerate:
        return path, f"reused cached {path.relative_to(ROOT)}"
    start = time.perf_counter()
    generate_corpus.write_corpus(n, path, seed)
    return path, (f"generated {path.relative_to(ROOT)} in {time.perf_counter() - start:.1f} s")


class Timer:
    """Collects timings per step: a step timed in several runs is reported as the median of
    its runs (the machines are shared, so one run can be slowed by a neighbour), with the
    highest peak memory seen after it."""

    def __init__(self):
        self.steps: dict[str, dict] = {}

    def run(self, step: str, count: int, func, *args, anchor: str | None = None, note: str = ""):
        start = time.perf_counter()
        result = func(*args)
        seconds = time.perf_counter() - start
        self.add(step, count, seconds, anchor=anchor, note=note)
        return result

    def add(self, step: str, count: int, seconds: float, anchor: str | None = None, note: str = ""):
        row = self.steps.setdefault(
            step,
            {
                "step": step,
                "sentences": count,
                "runs": [],
                "peak": 0.0,
                "anchor": anchor,
                "note": note,
            },
        )
        row["runs"].append(seconds)
        row["peak"] = max(row["peak"], peak_mb())
        print(
            f"  {step:<62} {count:>9,} sentences {seconds:9.3f} s  peak {row['peak']:,.0f} MB",
            file=sys.stderr,
            flush=True,
        )
        return row

    @property
    def rows(self) -> list[dict]:
        return [{**row, "seconds": statistics.median(row["runs"])} for row in self.steps.values()]


# --- The pipeline under test ------------------------------------------------------------------


def load(path: Path):
    corpus = helpers.load_corpus(path)
    return corpus, helpers.sentences(corpus)


def article_runs(timer: Timer, path: Path, n_sents: int, repeat: int) -> None:
    """Time reading the corpus's sentences one a line (a text file) against reading the same
    sentences joined into articles of ``ARTICLE_SENTENCES`` (a space between two; a Parquet
    table, one article a row) and splitting them (``unit="document"``), side by side, in a
    process of their own (its memory is its own: the peak MB of the other steps is theirs)."""
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        runs = pool.submit(_timed_reads, str(path), repeat).result()
    for read, split in runs:
        timer.add(LINES_STEP, n_sents, read)
        timer.add(ARTICLES_STEP, n_sents, split)


def _timed_reads(path: str, repeat: int) -> list[tuple[float, float]]:
    """Write the two files beside the corpus, then (seconds to read the sentences one a line,
    seconds to read and split the articles), ``repeat`` times, after one untimed read of each
    (the compiled loops loaded)."""
    lines, articles = (
        Path(path).with_suffix(".sentences.txt"),
        Path(path).with_suffix(".articles.parquet"),
    )
    texts = helpers.sentences(helpers.load_corpus(path))["text"].tolist()
    lines.write_text("\n".join(texts) + "\n", encoding="utf-8")
    joined = [
        " ".join(texts[k : k + ARTICLE_SENTENCES]) for k in range(0, len(texts), ARTICLE_SENTENCES)
    ]
    pd.DataFrame({"text": joined}).to_parquet(articles)
    del texts, joined
    helpers.load_corpus(lines)
    helpers.load_corpus(articles, unit="document")
    runs = []
    for _run in range(repeat):
        TEXTS.clear()
        gc.collect()
        start = time.perf_counter()
        read = helpers.load_corpus(lines)
        middle = time.perf_counter()
        split = helpers.load_corpus(articles, unit="document")
        runs.append((middle - start, time.perf_counter() - middle))
        if read["text"].tolist() != split["text"].tolist():
            raise SystemExit("the articles did not split into the sentences they were made of")
        del read, split
    return runs


def cooccurrence_both(mentions, sents):
    table = helpers.cooccurrence(mentions)
    return table, helpers.cooccurrence_pairs(mentions, sents, table=table)


def with_dates(sents):
    """The sentences with a synthetic ``date`` column (precision day) running evenly from
    2003-04-01 to 2011-12-31 in corpus order, so that grouping by month makes 105 groups, as a
    dated news corpus of the Mahdi Army's years would."""
    import numpy as np
    import pandas as pd

    days = (pd.Timestamp("2011-12-31") - pd.Timestamp("2003-04-01")).days
    offsets = np.arange(len(sents)) * days // max(len(sents) - 1, 1)
    dates = pd.Timestamp("2003-04-01") + pd.to_timedelta(offsets, unit="D")
    return sents.assign(date=dates, date_precision="day")


def grouped_counts(mentions, frames, sents, by=None):
    """The tables notebook 05 counts by group: entity frequency, frame summary and entity
    pairs, for the whole corpus (by=None) or per group."""
    return (
        helpers.entity_frequency(mentions, sents, by=by),
        helpers.frame_summary(frames, sents, by=by),
        helpers.cooccurrence_pairs(mentions, sents, by=by),
    )


COLD_SCRIPT = """
import json, sys, time
start = time.perf_counter()
sys.path.insert(0, {bench!r})
sys.path.insert(0, {root!r})
import bench
import helpers
imported = time.perf_counter() - start
start = time.perf_counter()
bench.end_to_end({path!r})
print(json.dumps([imported, time.perf_counter() - start]))
"""


# The first call on 2,000 lines, taken apart (fresh process, after ``import helpers``): the
# compiled loops loaded (numba imported, and its first loop read from numba's on-disk cache and
# called), the matchers read from their cache (or built from data/), the first run, and the
# same run again, warm: the first run less the warm one is what remains of loading.
BREAKDOWN_SCRIPT = """
import json, sys, time
sys.path.insert(0, {bench!r})
sys.path.insert(0, {root!r})
import bench
import helpers
import numpy as np
times = []
start = time.perf_counter()
from conflict_corpus.engine.jit import ascending
ascending(np.zeros(1, dtype=np.int64))
times.append(time.perf_counter() - start)
start = time.perf_counter()
helpers.entity_matcher()
helpers.frame_matcher()
times.append(time.perf_counter() - start)
for _ in range(2):
    start = time.perf_counter()
    bench.end_to_end({path!r})
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""
BREAKDOWN = (
    "cold, taken apart: the compiled loops loaded, the first one called (fresh process)",
    "cold, taken apart: the matchers read from their cache (tries, DFAs)",
    "cold, taken apart: then the first end to end on the 2,000 lines",
    "cold, taken apart: the same again, warm",
)


def cold_sentences(name: str, n_sents: int) -> int:
    """The sentences a cold row's run read (0: it read none)."""
    if "2,000" in name or name in BREAKDOWN[2:]:
        return 2000
    if "import" in name or name in BREAKDOWN:
        return 0
    return n_sents


def cold_runs(path: Path, repeat: int) -> dict[str, list[float]]:
    """Fresh processes, ``repeat`` of each kind: one imports the project and runs the whole
    pipeline once on the corpus (the cold figure to set beside the warm median); one runs it on
    2,000 lines, which is almost all loading the compiled loops from numba's cache."""
    import json
    import subprocess
    import tempfile

    out: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.txt"
        small.write_text("\n".join(generate_corpus.generate(2000)) + "\n", encoding="utf-8")
        for name, corpus in (("corpus", path), ("2,000 lines", small)):
            script = COLD_SCRIPT.format(bench=str(BENCH_DIR), root=str(ROOT), path=str(corpus))
            for _ in range(repeat):
                done = subprocess.run(
                    [sys.executable, "-c", script], capture_output=True, text=True, check=True
                )
                imported, first = json.loads(done.stdout.strip().splitlines()[-1])
                out.setdefault("cold: import helpers (fresh process)", []).append(imported)
                out.setdefault(f"cold: first end to end on the {name} (fresh process)", []).append(
                    first
                )
        script = BREAKDOWN_SCRIPT.format(bench=str(BENCH_DIR), root=str(ROOT), path=str(small))
        for _ in range(repeat):
            done = subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, check=True
            )
            times = json.loads(done.stdout.strip().splitlines()[-1])
            for name, seconds in zip(BREAKDOWN, times):
                out.setdefault(name, []).append(seconds)
    return out


def thread_runs(timer: Timer, path: Path, n_sents: int, repeat: int) -> None:
    """The whole run on 1 thread, 2 threads, ... every core (issue 17), each count of threads
    set as CONFLICT_CORPUS_THREADS would set it."""
    from conflict_corpus.engine import parallel

    default_workers = parallel.WORKERS
    for workers in sorted({1, min(2, parallel.cores()), parallel.cores()}):
        parallel.WORKERS = workers
        for _run in range(repeat):
            TEXTS.clear()
            gc.collect()
            timer.run(
                f"end to end, {workers} thread{'s' if workers > 1 else ''}",
                n_sents,
                end_to_end,
                path,
            )
    parallel.WORKERS = default_workers
    TEXTS.clear()
    gc.collect()


def warm_up(seed: int) -> float:
    """Run the whole pipeline once on 2,000 generated lines, so that numba's compiled loops are
    loaded (or, on a fresh checkout, compiled and cached) before anything is timed."""
    import tempfile

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "warm_up.txt"
        small.write_text(
            "\n".join(generate_corpus.generate(2000, seed=seed)) + "\n", encoding="utf-8"
        )
        end_to_end(small)
        sents = helpers.sentences(helpers.load_corpus(small))
        helpers.kwic(sents, KWIC_QUERY)
        helpers.kwic_count(sents, KWIC_QUERY, index=helpers.TextIndex(sents))
    return time.perf_counter() - start


def end_to_end(path: Path):
    """load + sentences + entities + frames + co-occurrence (matrix and pairs), as one run."""
    corpus = helpers.load_corpus(path)
    sents = helpers.sentences(corpus)
    mentions = helpers.find_entities(sents)
    frames = helpers.find_frames(sents)
    table = helpers.cooccurrence(mentions)
    pairs = helpers.cooccurrence_pairs(mentions, sents, table=table)
    return len(sents), len(mentions), len(frames), table.shape, len(pairs)


# --- Anchors ----------------------------------------------------------------------------------


def gazetteer_aliases() -> list[str]:
    """Every alias of data/gazetteer.csv, in file order (duplicates cannot occur: the loader
    rejects them)."""
    return helpers.load_gazetteer()["alias"].tolist()


def spacy_anchor(texts: list[str], aliases: list[str]):
    """Build (not timed) and return a function that runs spaCy's PhraseMatcher over ``texts``."""
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("ALIAS", [nlp.make_doc(alias) for alias in aliases])

    def run() -> int:
        found = 0
        for doc in nlp.pipe(texts, batch_size=1000):
            found += len(matcher(doc))
        return found

    return run


def nltk_anchor(texts: list[str], aliases: list[str]):
    """Build (not timed) and return a function that runs NLTK's MWETokenizer over ``texts``.

    Aliases and sentences are tokenised with the same ``RegexpTokenizer(r"\\w+|[^\\w\\s]")``;
    the MWE tokenizer joins alias token runs with a space, so an output token is an alias
    exactly when it is in the set of the aliases' joined tokens. Matching is case-sensitive
    (MWETokenizer compares tokens as written).
    """
    from nltk.tokenize import MWETokenizer, RegexpTokenizer

    tokenizer = RegexpTokenizer(r"\w+|[^\w\s]")
    mwes = [tuple(tokenizer.tokenize(alias)) for alias in aliases]
    mwe = MWETokenizer(mwes, separator=" ")
    joined = {" ".join(tokens) for tokens in mwes}

    def run() -> int:
        found = 0
        for text in texts:
            for token in mwe.tokenize(tokenizer.tokenize(text)):
                if token in joined:
                    found += 1
        return found

    return run


# --- Report -----------------------------------------------------------------------------------


def fmt_rate(rate: float | None) -> str:
    return "" if rate is None else f"{rate:,.0f}"


def fmt_ratio(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}x"


def versions() -> str:
    out = []
    for name in ("pandas", "numpy", "scipy", "spacy", "nltk"):
        try:
            module = __import__(name)
            out.append(f"{name} {module.__version__}")
        except ImportError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def build_report(
    args,
    n_lines: int,
    n_sents: int,
    sample_lines: int,
    sample_sents: int,
    rows: list[dict],
    corpus_note: str,
    extra: list[str],
) -> tuple[str, bool]:
    rates = {r["anchor"]: r["sentences"] / r["seconds"] for r in rows if r["anchor"]}
    spacy_rate, nltk_rate = rates.get("spacy"), rates.get("nltk")

    lines = [
        f"# helpers.py benchmark, N = {n_lines:,} lines",
        "",
        f"Corpus: `python benchmarks/generate_corpus.py {args.n} "
        f"{corpus_path(args.n, args.seed).relative_to(ROOT)} --seed {args.seed}` "
        f"({corpus_note}): {n_lines:,} lines, {n_sents:,} of kind `sentence`. "
        f"Every `sentences` count below is of sentence rows; rates are sentences/s. "
        f"Rows marked *(sample)* ran on the sentences of the first {sample_lines:,} lines "
        f"({sample_sents:,} sentences), like the anchors.",
        "",
        "| step | sentences | seconds | sentences/s | ratio to spaCy PhraseMatcher "
        "| ratio to NLTK MWETokenizer | peak MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        rate = r["sentences"] / r["seconds"] if r["seconds"] > 0 and r["sentences"] else None
        lines.append(
            f"| {r['step']} | {r['sentences']:,} | {r['seconds']:.3f} | {fmt_rate(rate)} | "
            f"{fmt_ratio(rate / spacy_rate if rate and spacy_rate else None)} | "
            f"{fmt_ratio(rate / nltk_rate if rate and nltk_rate else None)} | "
            f"{r['peak']:,.0f} |"
        )
    lines.append("")
    lines += [f"- {note}" for note in extra]
    lines.append("")

    by_step = {r["step"]: r for r in rows}
    e2e = by_step["end to end (one run, timed as a whole)"]
    made = by_step[MAKE_STEP]
    e2e_rate = e2e["sentences"] / e2e["seconds"]
    ent = by_step["find_entities(sentences)"]
    ent_rate = ent["sentences"] / ent["seconds"]
    ent_sample = by_step.get("find_entities(sentences) *(sample)*")
    kwic_row = by_step[f'kwic(sentences, "{KWIC_QUERY}")']
    query_row = by_step[f'explorer query "{KWIC_QUERY}": kwic_count + kwic(limit=40)']
    peak = max(r["peak"] for r in rows)
    whole = by_step["entity_frequency + frame_summary + cooccurrence_pairs, whole corpus"]
    monthly = by_step['the same, by="month" (105 groups)']
    lines_row, articles_row = by_step[LINES_STEP], by_step[ARTICLES_STEP]
    checks = [
        (
            articles_row["seconds"] <= TARGET_DOCUMENT_RATIO * lines_row["seconds"],
            f"reading articles and splitting them <= {TARGET_DOCUMENT_RATIO:g}x reading the same "
            f"sentences one a line: {articles_row['seconds']:.1f} s = "
            f"{articles_row['seconds'] / lines_row['seconds']:.1f}x the "
            f"{lines_row['seconds']:.1f} s of the sentences",
        ),
        (
            made["seconds"] <= TARGET_MAKE_RATIO * e2e["seconds"],
            f"`make CORPUS=... OUT=...` <= {TARGET_MAKE_RATIO:g}x one end-to-end pass: "
            f"{made['seconds']:.1f} s = {made['seconds'] / e2e['seconds']:.1f}x the "
            f"{e2e['seconds']:.1f} s of one pass (load, entities, frames, co-occurrence)",
        ),
        (
            monthly["seconds"] - whole["seconds"] <= TARGET_GROUPING_SECONDS,
            f"grouping adds <= {TARGET_GROUPING_SECONDS:g} s: the counts of notebook 05 by "
            f"month take {monthly['seconds']:.3f} s against {whole['seconds']:.3f} s for the "
            f"whole corpus ({monthly['seconds'] - whole['seconds']:+.3f} s)",
        ),
        (
            e2e_rate >= TARGET_E2E_RATE,
            f"end to end >= {TARGET_E2E_RATE:,} sentences/s: {e2e_rate:,.0f} sentences/s "
            f"(one whole run over {e2e['sentences']:,} sentences)",
        ),
        (
            spacy_rate is not None and ent_rate >= TARGET_ENTITY_SPEEDUP * spacy_rate,
            f"entity matching >= {TARGET_ENTITY_SPEEDUP:g}x spaCy PhraseMatcher: find_entities "
            f"{ent_rate:,.0f} sentences/s over {ent['sentences']:,} sentences = "
            f"{ent_rate / spacy_rate:,.2f}x spaCy's {spacy_rate:,.0f} sentences/s "
            f"(sample of {sample_sents:,})"
            + (
                f"; on the same sample find_entities is "
                f"{ent_sample['sentences'] / ent_sample['seconds'] / spacy_rate:,.2f}x"
                if ent_sample
                else ""
            ),
        ),
        (
            kwic_row["seconds"] < TARGET_KWIC_SECONDS,
            f"kwic < {TARGET_KWIC_SECONDS} s, every line built: {kwic_row['seconds']:.3f} s for "
            f'one "{KWIC_QUERY}" query over {kwic_row["sentences"]:,} sentences',
        ),
        (
            query_row["seconds"] < TARGET_KWIC_SECONDS,
            f"kwic < {TARGET_KWIC_SECONDS} s, as the explorer asks (count all, show 40): "
            f"{query_row['seconds']:.3f} s over {query_row['sentences']:,} sentences",
        ),
        (
            peak < TARGET_PEAK_MB,
            f"peak memory < 2 GB ({TARGET_PEAK_MB:,} MiB): {peak:,.0f} MB "
            f"(ru_maxrss of the whole process, including the anchors)",
        ),
    ]
    lines.append("Targets:")
    lines.append("")
    for ok, text in checks:
        lines.append(f"- **{'MET' if ok else 'NOT MET'}**: {text}")
    lines.append("")
    lines += [
        f"Machine: {os.cpu_count()} CPUs (os.cpu_count()), {platform.platform()}, "
        f"{platform.machine()}; Python {platform.python_version()} "
        f"({platform.python_implementation()}); {versions()}.",
        "",
        f"Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}. "
        f"Command: `python benchmarks/bench.py --n {n_lines}"
        f"{'' if args.seed == generate_corpus.DEFAULT_SEED else f' --seed {args.seed}'}`. "
        f"Timings are wall-clock (`time.perf_counter`), the median of {args.repeat} runs each "
        f"(`--repeat`), in one process; peak MB is `ru_maxrss` (MiB) of the process after the "
        f"step, so it never goes down.",
        "",
    ]
    return "\n".join(lines), all(ok for ok, _ in checks)


def make_run(path: Path) -> float:
    """Seconds of one run of every notebook on ``path`` into a fresh folder, as `make
    CORPUS=path OUT=folder` runs them (the runner, with its kernels and its count)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "run_notebooks.py"), "--corpus", str(path)]
            + ["--out", out],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"the notebooks failed on {path}:\n{done.stderr[-2000:]}")
    return seconds


def legibility_run(path: Path) -> str:
    """The figure legibility test (tests/test_figure_legibility.py) on the figures of ``path``,
    as its ``LEGIBILITY_CORPUS`` adds them: pytest's summary line. Raises SystemExit when a
    figure of these sentences is not legible."""
    import subprocess

    env = {**os.environ, "LEGIBILITY_CORPUS": str(path)}
    test = str(ROOT / "tests" / "test_figure_legibility.py")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-k", "given", test],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise SystemExit(f"figures not legible on {path}:\n{done.stdout[-3000:]}")
    return lines[-1].strip("= ")


# --- Main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="lines (default 1,000,000)")
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="Markdown report (default benchmarks/results.md)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=generate_corpus.DEFAULT_SEED,
        help=f"corpus seed (default {generate_corpus.DEFAULT_SEED})",
    )
    parser.add_argument(
        "--anchor-sample",
        type=int,
        default=ANCHOR_SAMPLE,
        help=f"lines the anchors run on (default {ANCHOR_SAMPLE:,})",
    )
    parser.add_argument(
        "--regenerate",
        action="store_true",
        help="write the corpus again even if the cached file exists",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit with status 1 when a target is not met"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs of each timing; the median is reported (default 5)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one end-to-end run into benchmarks/profile.txt",
    )
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be >= 1")

    print(f"corpus: N = {args.n:,}, seed {args.seed}", file=sys.stderr)
    path, corpus_note = ensure_corpus(args.n, args.seed, args.regenerate)
    print(f"  {corpus_note}", file=sys.stderr)
    timer = Timer()
    warm_seconds = warm_up(args.seed)
    print(f"  warm-up (compiled loops loaded or compiled): {warm_seconds:.1f} s", file=sys.stderr)

    # 1. The steps, one after another, on the same corpus, as a notebook runs them (each step
    # may use what the one before left: the loader's bytes, the joined text). The whole
    # sequence runs --repeat times from a clean start; each step reports its median.
    for _run in range(args.repeat):
        TEXTS.clear()
        gc.collect()
        start = time.perf_counter()
        corpus, sents = load(path)
        n_lines, n_sents = len(corpus), len(sents)
        timer.add("load_corpus(path) + sentences(corpus)", n_sents, time.perf_counter() - start)
        mentions = timer.run("find_entities(sentences)", n_sents, helpers.find_entities, sents)
        frames = timer.run("find_frames(sentences)", n_sents, helpers.find_frames, sents)
        table = timer.run("cooccurrence(mentions)", n_sents, helpers.cooccurrence, mentions)
        pairs = timer.run(
            "cooccurrence_pairs(mentions, sentences, table=table)",
            n_sents,
            lambda m=mentions, s=sents, t=table: helpers.cooccurrence_pairs(m, s, table=t),
        )
        kwic = timer.run(
            f'kwic(sentences, "{KWIC_QUERY}")', n_sents, helpers.kwic, sents, KWIC_QUERY
        )
        index = timer.run(
            "TextIndex(sentences) (built once per explorer)", n_sents, helpers.TextIndex, sents
        )
        timer.run(
            f'explorer query "{KWIC_QUERY}": kwic_count + kwic(limit=40)',
            n_sents,
            lambda idx, s=sents: (
                helpers.kwic_count(s, KWIC_QUERY, index=idx),
                helpers.kwic(s, KWIC_QUERY, limit=40, index=idx),
            ),
            index,
        )
        timer.add(
            "end to end (sum of the steps above, without kwic)",
            n_sents,
            sum(r["runs"][-1] for r in list(timer.steps.values())[:5]),
        )
        # Grouping (issue 16's target: at most a second more than the same counts ungrouped).
        dated = with_dates(sents)
        timer.run(
            "entity_frequency + frame_summary + cooccurrence_pairs, whole corpus",
            n_sents,
            grouped_counts,
            mentions,
            frames,
            dated,
        )
        timer.run(
            'the same, by="month" (105 groups)',
            n_sents,
            lambda m=mentions, f=frames, d=dated: grouped_counts(m, f, d, by="month"),
        )
        timer.run(
            'the same, by="source" (the headline sources)',
            n_sents,
            lambda m=mentions, f=frames, d=dated: grouped_counts(m, f, d, by="source"),
        )
        del dated
        counts = (
            f"Output on the full corpus: {len(mentions):,} entity mentions "
            f"({len(mentions) / max(n_sents, 1):.2f} a sentence), {len(frames):,} frame "
            f"matches, a {table.shape[0]}x{table.shape[1]} co-occurrence table, "
            f"{len(pairs):,} entity pairs, {len(kwic):,} kwic lines."
        )
        sample_lines = min(args.n, args.anchor_sample)
        sample = sents[sents["sentence_id"] <= sample_lines].copy()
        del corpus, sents, mentions, frames, table, pairs, kwic, index

    # 1a. Articles: the same sentences read one a row, and read as articles and split.
    article_runs(timer, path, n_sents, args.repeat)

    # 2. The same pipeline again, as one timed run each, as a fresh notebook would run it: the
    # compiled loops are loaded, but nothing of the runs before is kept (engine.text.TEXTS keeps
    # the last joined text; it is let go here, so the run joins its rows itself).
    for _run in range(args.repeat):
        TEXTS.clear()
        gc.collect()
        timer.run("end to end (one run, timed as a whole)", n_sents, end_to_end, path)
    TEXTS.clear()
    gc.collect()

    # 2a. Every notebook on the same file, as `make CORPUS=... OUT=...` runs them: the tables
    # counted once, then read by the six notebooks (one run: it takes about a minute).
    timer.add(MAKE_STEP, n_sents, make_run(path))

    # 2b. Threads, and the first (cold) calls in fresh processes (issue 17).
    thread_runs(timer, path, n_sents, args.repeat)
    cold = cold_runs(path, args.repeat)
    for name, runs in cold.items():
        for seconds in runs:
            timer.add(name, cold_sentences(name, n_sents), seconds)

    # 3. Anchors and find_entities on the same sample: the sentences of the first lines.
    texts = sample["text"].tolist()
    aliases = gazetteer_aliases()
    build = time.perf_counter()
    spacy_run = spacy_anchor(texts, aliases)
    spacy_build = time.perf_counter() - build
    build = time.perf_counter()
    nltk_run = nltk_anchor(texts, aliases)
    nltk_build = time.perf_counter() - build
    for _run in range(args.repeat):
        TEXTS.clear()
        sample_mentions = timer.run(
            "find_entities(sentences) *(sample)*", len(texts), helpers.find_entities, sample
        )
        spacy_found = timer.run(
            "anchor: spaCy blank('en') + PhraseMatcher(LOWER) *(sample)*",
            len(texts),
            spacy_run,
            anchor="spacy",
        )
        nltk_found = timer.run(
            "anchor: NLTK RegexpTokenizer + MWETokenizer *(sample)*",
            len(texts),
            nltk_run,
            anchor="nltk",
        )

    # 4. The figures of these sentences are legible (after the timed steps, which it would
    # disturb): the legibility test on them, which `make test` does not draw.
    legible = legibility_run(path)

    extra = [
        counts,
        f"The figures of these sentences are legible (tests/test_figure_legibility.py with "
        f"LEGIBILITY_CORPUS set to the corpus: no two texts of a figure overlap, no two nodes "
        f"of the network touch): {legible}.",
        f"Anchors use the {len(aliases)} aliases of data/gazetteer.csv as written. On the "
        f"sample, find_entities found {len(sample_mentions):,} mentions, spaCy's PhraseMatcher "
        f"{spacy_found:,} matches (overlapping matches included, any case, no spelling "
        f"folding), NLTK's MWETokenizer {nltk_found:,} (longest match, case as written). "
        f"Building the anchors is not timed (spaCy {spacy_build:.2f} s, NLTK "
        f"{nltk_build:.2f} s); find_entities builds its tries inside its first call.",
        f"Before anything is timed, the whole pipeline runs once on 2,000 generated lines "
        f"({warm_seconds:.1f} s): the engine's loops are loaded from numba's on-disk cache "
        f"(conflict_corpus/engine/jit.py), or compiled and cached where it is empty.",
        "The end-to-end steps are load_corpus + sentences, find_entities, find_frames, "
        "cooccurrence and cooccurrence_pairs (given the cooccurrence table, as the notebooks "
        "do; kwic is timed on its own). In the step-by-step runs each step may use what the "
        "step before left, as in a notebook: find_entities builds the joined text of the "
        "sentences (from their Arrow column, in place), and find_frames and kwic reuse it. The "
        "whole runs come after them, each from a clean start: the compiled matchers are "
        "loaded, but the joined text of the run before is let go.",
    ]
    report, all_met = build_report(
        args, n_lines, n_sents, sample_lines, len(texts), timer.rows, corpus_note, extra
    )
    print(report)
    out = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(f"report written to {out}", file=sys.stderr)

    if args.profile:
        del sample
        gc.collect()
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.runcall(end_to_end, path)
        seconds = time.perf_counter() - start
        buffer = io.StringIO()
        buffer.write(
            f"cProfile of one end-to-end run (load + entities + frames + "
            f"co-occurrence) over {path.relative_to(ROOT)} ({n_lines:,} lines, "
            f"{n_sents:,} sentences): {seconds:.2f} s under the profiler.\n"
            f"Top 25 functions by cumulative time.\n\n"
        )
        stats = pstats.Stats(profiler, stream=buffer)
        stats.strip_dirs().sort_stats("cumulative").print_stats(25)
        PROFILE_OUT.write_text(buffer.getvalue(), encoding="utf-8")
        print(f"profile written to {PROFILE_OUT}", file=sys.stderr)
    return 1 if args.check and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
