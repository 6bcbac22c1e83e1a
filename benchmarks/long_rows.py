"""Long rows: does an article-length row cost what its sentences cost?

    python benchmarks/long_rows.py [--sizes 100000 1000000 10000000] [--out benchmarks/long_rows.md]

For each size, generated sentences (``generate_corpus``) are joined with spaces into one row of
about that many bytes, with one non-ASCII letter ("Ṣadr") near its start (a non-ASCII letter
once made every later step slower). The same sentences are also written one a line. Both are
timed, in this one process, through ``load_corpus``, ``find_entities``, ``find_frames``,
``kwic`` of a phrase, ``kwic`` of a regular expression and ``uncovered_names``; the ratio of
the two says how much more a long row costs than its sentences (1.0: no more). Timings are the
median of ``--repeat`` runs (default 3) after one warm-up run of every step on a small corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH_DIR))

import generate_corpus  # noqa: E402
import helpers  # noqa: E402

STEPS = {
    "load_corpus": lambda path, sents: helpers.load_corpus(path),
    "find_entities": lambda path, sents: helpers.find_entities(sents),
    "find_frames": lambda path, sents: helpers.find_frames(sents),
    "kwic (phrase)": lambda path, sents: helpers.kwic(sents, "Mahdi Army"),
    "kwic (regex)": lambda path, sents: helpers.kwic(sents, r"cease-?fires?", regex=True),
    "uncovered_names": lambda path, sents: helpers.uncovered_names(
        sents, helpers.find_entities(sents)
    ),
}


def sentences_of_size(size: int) -> list[str]:
    """Generated sentences whose total length, joined by spaces, is about ``size`` bytes."""
    lines, total, seed = [], 0, 11
    for line in generate_corpus.iter_lines(10 * size // 100 + 10, seed=seed):
        if line.startswith("ECONOMIST:") or not line.isascii():
            continue
        lines.append(line)
        total += len(line) + 1
        if total >= size:
            break
    lines[0] = "Ṣadr " + lines[0]
    return lines


def median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(lines: list[str], one_row: bool, repeat: int, folder: Path) -> dict[str, float]:
    path = folder / ("one_row.txt" if one_row else "lines.txt")
    text = " ".join(lines) + "\n" if one_row else "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    corpus = helpers.load_corpus(path)
    sents = corpus.assign(kind="sentence")  # (a long row is classed by its start; keep it)
    return {
        name: median_time(lambda s=step: s(path, sents), repeat) for name, step in STEPS.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "long_rows.md")
    args = parser.parse_args(argv)
    report = [
        "# Long rows",
        "",
        f"`python benchmarks/long_rows.py --sizes {' '.join(map(str, args.sizes))}`, "
        f"{dt.date.today().isoformat()}: seconds, median of {args.repeat}; *ratio* = one long "
        f"row / the same sentences one a line.",
        "",
        "| step | " + " | ".join(f"{s:,} B row | lines | ratio" for s in args.sizes) + " |",
        "| --- |" + " ---: | ---: | ---: |" * len(args.sizes),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        measure(sentences_of_size(2_000), True, 1, folder)  # compile everything once
        results = []
        for size in args.sizes:
            lines = sentences_of_size(size)
            row = measure(lines, True, args.repeat, folder)
            per_line = measure(lines, False, args.repeat, folder)
            results.append((row, per_line))
            print(f"{size:,} B: {row} / {per_line}", flush=True)
    for name in STEPS:
        cells = []
        for row, per_line in results:
            ratio = row[name] / max(per_line[name], 1e-9)
            cells.append(f"{row[name]:.3f} | {per_line[name]:.3f} | {ratio:.1f}")
        report.append(f"| `{name}` | " + " | ".join(cells) + " |")
    args.out.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
