"""Benchmark of the larger-than-memory path: a corpus of Parquet partitions through notebooks 01
to 06.

    python benchmarks/bench_big.py [--n 20000000] [--rows 125000] [--out benchmarks/results_big.md]

1. Generates ``--n`` sentences with ``benchmarks/generate_corpus.py`` as Parquet files of
   ``--rows`` lines each (file k from seed 2026 + k, so each file is the same on every
   machine), in ``benchmarks/corpus/parquet_N/`` (git-ignored; reused when complete).
2. Runs the notebook pipeline on that folder, as ``make CORPUS=<folder> OUT=...`` does
   (``scripts/run_notebooks.py``: notebooks 01 to 06, one after another, their tables counted
   partition by partition on one local Dask cluster), and samples the memory of every
   process of the run (the runner, the kernel, the Dask scheduler, nannies and workers) four
   times a second with psutil: each process's peak resident memory, and the peak of their sum.
3. For the per-sentence comparison, times the in-memory path on the first ``--compare``
   sentences (default 1,000,000) in a fresh process: ``corpus_tables(load_corpus(file), ...)``
   with the options a run counts with once for every notebook, the same tables from the same
   rules, with every core.

Targets (issue 17, on the 2-core machines): peak memory of all processes together under 3 GB,
and a throughput (sentences per second) within 1.5x of the in-memory path's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psutil

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
import generate_corpus  # noqa: E402

DEFAULT_OUT = BENCH_DIR / "results_big.md"
MEMORY_TARGET_MB = 3 * 1024
SLOWDOWN_TARGET = 1.5
TIME_TARGET_S = 15 * 60  # the whole run of every notebook on 20 million sentences
COMPLETE = "_complete.json"  # (a name starting with "_": never read as part of the corpus)


def _write_part(job: tuple) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path, rows, seed = job
    partial = path.with_name("." + path.name)
    pq.write_table(
        pa.table({"text": generate_corpus.generate(rows, seed=seed)}), partial, compression="zstd"
    )
    os.replace(partial, path)


def corpus_folder(n: int, rows: int) -> Path:
    """The folder of ``n`` sentences in files of ``rows`` lines, generated unless complete."""
    folder = BENCH_DIR / "corpus" / f"parquet_{n}"
    marker = folder / COMPLETE
    wanted = {"n": n, "rows": rows, "seed": generate_corpus.DEFAULT_SEED}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()
    jobs, start, k = [], 0, 0
    while start < n:
        size = min(rows, n - start)
        jobs.append((folder / f"part-{k:05d}.parquet", size, generate_corpus.DEFAULT_SEED + k))
        start, k = start + size, k + 1
    began = time.perf_counter()
    with ProcessPoolExecutor(len(os.sched_getaffinity(0))) as pool:
        list(pool.map(_write_part, jobs))
    marker.write_text(json.dumps(wanted))
    print(f"generated {n:,} sentences in {len(jobs)} files in {time.perf_counter() - began:.0f} s")
    return folder


def _role(process: psutil.Process) -> str:
    try:
        line = " ".join(process.cmdline())
    except psutil.Error:
        return "?"
    if "run_notebooks" in line:
        return "runner (scripts/run_notebooks.py; the Dask scheduler and nannies run in it)"
    if "ipykernel" in line:
        return "kernel (notebooks 01 to 06, one after another)"
    if "resource_tracker" in line:
        return "multiprocessing resource tracker"
    if "spawn_main" in line:
        return "Dask worker"
    return Path(process.name()).name


class Sampler(threading.Thread):
    """Samples the resident memory of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.25):
        super().__init__(daemon=True)
        self.root, self.every = psutil.Process(pid), every
        self.peak_total, self.peaks, self.roles = 0, {}, {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for process in processes:
                try:
                    rss = process.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                if rss > self.peaks.get(process.pid, 0):
                    self.peaks[process.pid] = rss
                    self.roles.setdefault(process.pid, _role(process))
            self.peak_total = max(self.peak_total, total)
            self.done.wait(self.every)


def run_notebook(folder: Path, out: Path) -> dict:
    # Timed from an empty store: the counts an earlier run kept in ``out`` (under the same key:
    # the same corpus, curated files, code and options) would be read, not counted.
    shutil.rmtree(out / ".counts", ignore_errors=True)
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "run_notebooks.py"), "--corpus", str(folder),
         "--out", str(out)],
        cwd=ROOT,
    )  # fmt: skip
    sampler = Sampler(process.pid)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - began
    sampler.done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"the notebook run failed (exit {code})")
    return {
        "seconds": seconds,
        "peak_total_mb": sampler.peak_total / 2**20,
        "processes": sorted(
            ((sampler.roles[pid], rss / 2**20) for pid, rss in sampler.peaks.items()),
            key=lambda item: -item[1],
        ),
    }


IN_MEMORY = """
import json, resource, sys, time
began = time.perf_counter()
import helpers
from conflict_corpus.partitioned import TableOptions, corpus_tables
# The options a run counts with once, for every notebook (their parameters cells' defaults).
options = TableOptions(group="source", period="year")
tables = corpus_tables(helpers.load_corpus(sys.argv[1]), options)
print(json.dumps({"seconds": time.perf_counter() - began, "sentences": tables.sentences,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_in_memory(n: int) -> dict:
    path = BENCH_DIR / "corpus" / f"synthetic_{n}.txt"
    if not path.exists():
        generate_corpus.write_corpus(n, path)
    done = subprocess.run(
        [sys.executable, "-c", IN_MEMORY, str(path)], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(n: int, rows: int, files: int, big: dict, memory: dict, compare: int) -> str:
    rate = n / big["seconds"]
    memory_rate = memory["sentences"] / memory["seconds"]
    slowdown = memory_rate / rate
    met = {True: "met", False: "NOT MET"}
    lines = [
        f"# Larger than memory: {n:,} sentences in Parquet files, through notebooks 01 to 06",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on this machine"
        f" ({len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}) by "
        "`make bench-big` (`benchmarks/bench_big.py`). One run each: a run takes minutes.",
        "",
        f"The corpus: {n:,} generated lines in {files} Parquet files of {rows:,} lines. The run: "
        "`scripts/run_notebooks.py --corpus <folder>`, what `make CORPUS=<folder> OUT=...` runs "
        "(notebooks 01 to 06, one after another, on one local Dask cluster with one "
        "single-threaded worker per core), from the start of the "
        "runner to the rendered notebooks and figures. The runner counts every notebook's tables "
        "once, before the notebooks start (`conflict_corpus/partitioned/store.py`), in two "
        "passes over the partitions: the count, and the dispersion (placed by the sentences "
        "before each partition); the explorer's sample reads the first partition again. The "
        "notebooks then read those tables. The in-memory comparison counts the same tables in "
        "one process.",
        "",
        "| measure | value | target |",
        "| --- | ---: | --- |",
        f"| wall time | {big['seconds']:,.0f} s | at most {TIME_TARGET_S // 60} minutes: "
        f"{met[big['seconds'] <= TIME_TARGET_S]} |",
        f"| throughput | {rate:,.0f} sentences/s | within {SLOWDOWN_TARGET}x of in memory: "
        f"{met[slowdown <= SLOWDOWN_TARGET]} ({slowdown:.2f}x) |",
        f"| peak memory, all processes together | {big['peak_total_mb']:,.0f} MB | under "
        f"{MEMORY_TARGET_MB:,} MB: {met[big['peak_total_mb'] < MEMORY_TARGET_MB]} |",
        f"| in memory, the same tables of {compare:,} sentences in one process | "
        f"{memory['seconds']:.1f} s, {memory_rate:,.0f} sentences/s, peak "
        f"{memory['peak_mb']:,.0f} MB | |",
        "",
        "Peak resident memory of each process of the Dask run (MB; the peaks need not coincide):",
        "",
        "| process | peak MB |",
        "| --- | ---: |",
        *(f"| {role} | {mb:,.0f} |" for role, mb in big["processes"]),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000_000, help="sentences (default 20M)")
    parser.add_argument("--rows", type=int, default=125_000, help="lines per Parquet file")
    parser.add_argument("--compare", type=int, default=1_000_000, help="in-memory sentences")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Markdown report")
    args = parser.parse_args(argv)
    folder = corpus_folder(args.n, args.rows)
    files = len(list(folder.glob("*.parquet")))
    big = run_notebook(folder, ROOT / "out" / "bench_big")
    memory = run_in_memory(args.compare)
    text = report(args.n, args.rows, files, big, memory, args.compare)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
