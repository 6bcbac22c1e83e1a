"""Execute the numbered notebooks top to bottom and write them with their outputs.

    python scripts/run_notebooks.py                      # in place: notebooks/ and figures/
    python scripts/run_notebooks.py --corpus C --out D   # D/notebooks/*.ipynb and D/figures/

A corpus given as a folder or a glob pattern of files may be larger than memory: only the
notebooks that read it partition by partition on Dask (those declaring ``SCHEDULER``: notebook
06) run on it.

Notebooks run with papermill (its ``parameters`` cell convention). Every run writes into a
staging folder first: the notebooks get ``OUT=<staging folder>`` as a parameter, and their
figures and rendered copies land there. Only when every notebook has run without error are the
files moved into place, one ``os.replace`` each (atomic on one file system), so a failed,
interrupted or out-of-disk run leaves the previous outputs exactly as they were, and the error
names the notebook that failed.

What a reader sees is then made to look as if no staging happened: for a run in place the
injected parameters cell is removed again (the committed notebooks keep only their own
``parameters`` cell); for a run elsewhere it stays, under a fixed cell id, with the paths
relative to the rendered notebook's folder, so rerunning into the same OUT writes the same
bytes and no machine's absolute paths are committed anywhere. Volatile metadata (papermill
timestamps, durations, widget model ids) is removed for the same reason.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
import papermill

from conflict_corpus.lab import normalise_metadata
from conflict_corpus.load import is_many_files

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
WIDGET_NOTE = "[interactive explorer: open this notebook in JupyterLab (make lab) and run it]"
INJECTED = "injected-parameters"  # papermill's tag for the cell it adds
# Notebooks run at once, one kernel per core; $NOTEBOOK_KERNELS (or `make KERNELS=...`) caps it.
KERNELS_VARIABLE = "NOTEBOOK_KERNELS"


def kernel_cap() -> int:
    """``$NOTEBOOK_KERNELS`` as a whole number >= 1 (unset: no cap but the cores)."""
    value = os.environ.get(KERNELS_VARIABLE, "").strip()
    if not value:
        return 1 << 16
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"KERNELS={value!r}: give a whole number of notebooks to run at once")
    return int(value)


def notebook_paths() -> list[Path]:
    """The numbered notebooks in the order a reader takes them."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def partitioned_notebooks(paths: list[Path]) -> list[Path]:
    """The notebooks that read a corpus partition by partition on Dask (they declare the
    parameter ``SCHEDULER``): the only ones run on a folder or a glob of files, which may not
    fit in memory (the others hold every sentence)."""
    return [path for path in paths if "SCHEDULER" in papermill.inspect_notebook(str(path))]


def out_name(corpus: str) -> str:
    """The folder under out/ for a corpus given without OUT: the file's stem, or the folder's
    name (for a glob pattern, the name of the folder it starts in)."""
    path = Path(corpus)
    while any(c in path.name for c in "*?[") and path.name:
        path = path.parent
    return path.stem or "corpus"


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes on every run and means nothing to a reader."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    normalise_metadata(nb)  # as JupyterLab's save writes it here (conflict_corpus/lab.py)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            view = data.get("application/vnd.jupyter.widget-view+json")
            if view is not None:
                # A widget's model id is a fresh random UUID each run; the rendered notebook
                # cannot show the live widget anyway, so the id carries nothing, and the
                # fallback text says what to do instead of dumping the widget's repr.
                view["model_id"] = "0" * 32
                data["text/plain"] = WIDGET_NOTE
    return nb


def _drop_injected(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove papermill's injected cell and number the later cells as a plain run would."""
    kept, shift = [], 0
    for cell in nb.cells:
        if INJECTED in cell.metadata.get("tags", []):
            shift = 1
            continue
        if cell.cell_type == "code" and shift and cell.execution_count is not None:
            cell.execution_count -= shift
            for output in cell.outputs:
                if output.get("execution_count") is not None:
                    output["execution_count"] -= shift
        kept.append(cell)
    nb.cells = kept
    return nb


def _show_injected(nb: nbformat.NotebookNode, shown: dict[str, str]) -> nbformat.NotebookNode:
    """Give the injected cell a fixed id and the paths as seen from the rendered notebook."""
    for cell in nb.cells:
        if INJECTED in cell.metadata.get("tags", []):
            cell.id = INJECTED
            lines = ["# Parameters (injected by scripts/run_notebooks.py; paths relative to this"]
            lines.append("# notebook's folder)")
            lines += [f"{name} = {value!r}" for name, value in shown.items()]
            cell.source = "\n".join(lines)
    return nb


def run(
    path: Path,
    stage: Path,
    corpus: str | None,
    target: Path,
    timeout: int = 900,
    options: dict[str, str] | None = None,
) -> Path:
    """Execute one notebook with its outputs going to ``stage``; return the staged notebook.

    ``target`` is where the notebook will finally live (it decides how the paths are shown).
    ``options`` (e.g. ``{"GROUP": "genre"}``) are passed to the notebooks whose parameters cell
    declares them, and to no other.
    """
    parameters = {"OUT": str(stage)}
    if corpus is not None:
        parameters = {"CORPUS": str(Path(corpus).resolve()), **parameters}
    declared = papermill.inspect_notebook(str(path)) if options else {}
    chosen = {name: value for name, value in (options or {}).items() if name in declared}
    parameters.update(chosen)
    staged = stage / "notebooks" / path.name
    staged.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(path),
        str(staged),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        execution_timeout=timeout,
    )
    nb = clean(nbformat.read(staged, as_version=4))
    if target.parent == NOTEBOOKS:
        nb = _drop_injected(nb)
    else:
        here = target.parent
        shown = {"OUT": os.path.relpath(here.parent, here)}
        if corpus is not None:
            shown = {"CORPUS": os.path.relpath(Path(corpus).resolve(), here), **shown}
        nb = _show_injected(nb, {**shown, **chosen})
    nbformat.write(nb, staged)
    return staged


def check_out(out: str | None) -> None:
    """Refuse an output folder that would overwrite the committed notebooks or figures: the
    project's root, notebooks/ or figures/ (or a folder inside them)."""
    if out is None:
        return
    target = Path(out).resolve()
    for forbidden in (NOTEBOOKS, FIGURES):
        if target == forbidden or forbidden in target.parents:
            raise SystemExit(
                f"OUT={out}: is {forbidden.relative_to(ROOT)}/ or inside it, where the committed "
                f"outputs live; choose a folder of its own, e.g. OUT=out/mycorpus."
            )
    if target == ROOT:
        raise SystemExit(
            f"OUT={out}: is the project's root, whose notebooks/ and figures/ are the committed "
            f"outputs; choose a folder of its own, e.g. OUT=out/mycorpus."
        )


def publish(stage: Path, notebooks: Path, figures: Path, every_notebook: bool) -> None:
    """Move the staged notebooks and figures into place, one atomic rename per file.

    After a run of every notebook, a figure in ``figures`` that this run did not draw is
    removed: it belongs to an earlier run (perhaps of another corpus) and would mix the two.
    """
    notebooks.mkdir(parents=True, exist_ok=True)
    figures.mkdir(parents=True, exist_ok=True)
    drawn = sorted((stage / "figures").glob("*.png"))
    for staged in sorted((stage / "notebooks").glob("*.ipynb")):
        os.replace(staged, notebooks / staged.name)
    for staged in drawn:
        os.replace(staged, figures / staged.name)
    if every_notebook:
        names = {p.name for p in drawn}
        for old in figures.glob("*.png"):
            if old.name not in names:
                old.unlink()


def _run_one(job: tuple) -> str | None:
    """Run one notebook (in a worker process); the error as text, or None."""
    path, stage, corpus, target, options = job
    try:
        run(path, stage, corpus, target, options=options)
    except (papermill.PapermillExecutionError, OSError) as error:
        return str(error)
    return None


def run_all(paths, stage: Path, corpus, notebooks: Path, options) -> list[str | None]:
    """Run the notebooks at once, one kernel per core (``kernel_cap()`` at most), each kernel's
    scans on its share of the cores; return each notebook's error (None: it ran), in the
    order given. The outputs do not depend on the order the notebooks finish in: each writes
    its own notebook and figures into ``stage``, and nothing is published before all end."""
    from concurrent.futures import ProcessPoolExecutor

    from conflict_corpus.engine.parallel import THREADS_VARIABLE, cores

    kernels = max(1, min(len(paths), cores(), kernel_cap()))
    if THREADS_VARIABLE not in os.environ:  # the kernels inherit it: no more threads than cores
        os.environ[THREADS_VARIABLE] = str(max(1, cores() // kernels))
    jobs = [(path, stage, corpus, notebooks / path.name, options) for path in paths]
    for path in paths:
        print(f"running {os.path.relpath(path, ROOT)}", flush=True)
    if kernels == 1:
        return [_run_one(job) for job in jobs]
    with ProcessPoolExecutor(kernels) as pool:
        return list(pool.map(_run_one, jobs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        default=os.environ.get("NOTEBOOK_CORPUS") or None,
        help="corpus file (default: $NOTEBOOK_CORPUS, which `make CORPUS=...` sets, else the seed)",
    )
    parser.add_argument(
        "--out",
        default=os.environ.get("NOTEBOOK_OUT") or None,
        help="output folder (default: $NOTEBOOK_OUT, which `make OUT=...` sets, else in place)",
    )
    parser.add_argument(
        "--group",
        default=os.environ.get("NOTEBOOK_GROUP") or None,
        help="the column notebook 05 compares groups of (default: $NOTEBOOK_GROUP, which "
        "`make GROUP=...` sets, else the notebook's own: source)",
    )
    parser.add_argument(
        "--period",
        default=os.environ.get("NOTEBOOK_PERIOD") or None,
        help="year, quarter, month or day: notebook 05's periods (default: $NOTEBOOK_PERIOD, "
        "which `make PERIOD=...` sets, else the notebook's own: year)",
    )
    parser.add_argument(
        "--scheduler",
        default=os.environ.get("NOTEBOOK_SCHEDULER") or None,
        help="a Dask scheduler's address for notebook 06 (default: $NOTEBOOK_SCHEDULER, which "
        "`make SCHEDULER=...` sets, else $DASK_SCHEDULER_ADDRESS, else a local cluster)",
    )
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: all)")
    args = parser.parse_args(argv)
    corpus = args.corpus or None
    out = args.out or None
    options = {
        name: value
        for name, value in (
            ("GROUP", args.group),
            ("PERIOD", args.period),
            ("SCHEDULER", args.scheduler),
        )
        if value
    }
    if corpus is not None and out is None:
        # Never overwrite the committed notebooks with another corpus's results.
        out = str(ROOT / "out" / out_name(corpus))
        print(f"CORPUS given without OUT: writing to {out}", flush=True)
    check_out(out)
    base = ROOT if out is None else Path(out).resolve()
    notebooks, figures = (
        (NOTEBOOKS, FIGURES) if out is None else (base / "notebooks", base / "figures")
    )
    paths = [Path(p).resolve() for p in args.notebooks] or notebook_paths()
    if corpus is not None and is_many_files(corpus):
        paths = partitioned_notebooks(paths)
        print(
            "CORPUS is a folder or a glob of files: running the notebooks that read it "
            "partition by partition on Dask: " + ", ".join(p.name for p in paths),
            flush=True,
        )
    base.mkdir(parents=True, exist_ok=True)
    # The staging folder sits beside the outputs, on the same file system, so that the final
    # moves are renames; it is removed whatever happens.
    stage = Path(tempfile.mkdtemp(prefix=".run-", dir=base))
    try:
        errors = run_all(paths, stage, corpus, notebooks, options)
        failed = [(path, error) for path, error in zip(paths, errors) if error is not None]
        if failed:
            for path, error in failed:
                print(f"{os.path.relpath(path, ROOT)} failed: {error}", file=sys.stderr)
            print(
                f"Nothing was written: the outputs in {os.path.relpath(base, ROOT)} are "
                f"those of the last good run.",
                file=sys.stderr,
                flush=True,
            )
            return 1
        publish(stage, notebooks, figures, every_notebook=not args.notebooks)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    for path in paths:
        print(f"  wrote {os.path.relpath(notebooks / path.name, ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
