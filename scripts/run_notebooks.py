"""Execute the numbered notebooks top to bottom and write them with their outputs.

    python scripts/run_notebooks.py                      # in place: notebooks/ and figures/
    python scripts/run_notebooks.py --corpus C --out D   # D/notebooks/*.ipynb and D/figures/

A corpus given as a folder or a glob pattern of files may be larger than memory: the notebooks
that read it partition by partition on Dask (those declaring ``SCHEDULER``: every numbered
notebook) run on it, one after another in one kernel, their Dask work on one cluster: the one
named by ``--scheduler`` or ``DASK_SCHEDULER_ADDRESS``, else a local cluster this script starts
for the run (one single-threaded worker process per core) and passes to the kernel as
``DASK_SCHEDULER_ADDRESS``.

Notebooks get their parameters as papermill gives them (its ``parameters`` cell convention) and
run with nbclient, one kernel per core, each kernel running its share of the notebooks one after
another: a notebook starts from an empty namespace (``RESET``), but the kernel's imports, and
the compiled matchers they load, are paid once per kernel, not once per notebook. Every run
writes into a
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
import ast
import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from conflict_corpus.lab import normalise_metadata
from conflict_corpus.load import GLOB_CHARACTERS, is_many_files

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
WIDGET_NOTE = "[interactive explorer: open this notebook in JupyterLab (make lab) and run it]"
INJECTED = "injected-parameters"  # papermill's tag for the cell it adds (kept: its convention)
PARAMETERS = "parameters"  # the tag of a notebook's own parameters cell (papermill's too)
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
    fit in memory (a notebook without it would hold every sentence)."""
    return [path for path in paths if "SCHEDULER" in declared_parameters(path)]


# The parameters are read and injected here as papermill does (the cell tagged "parameters"
# declares them; a cell tagged "injected-parameters" after it sets them), by hand: importing
# papermill costs 2.5 s, an eighth of a whole `make`, for what these ten lines do.
def declared_parameters(path: Path) -> set[str]:
    """The names a notebook's parameters cell assigns."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if PARAMETERS in c.metadata.get("tags", [])]
    tree = ast.parse(cells[0].source) if cells else ast.Module(body=[], type_ignores=[])
    return {
        target.id
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }


def inject(nb: nbformat.NotebookNode, parameters: dict[str, str]) -> nbformat.NotebookNode:
    """A cell setting ``parameters`` after the parameters cell (first, if there is none)."""
    cell = nbformat.v4.new_code_cell(
        "# Parameters\n" + "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    )
    cell.metadata["tags"] = [INJECTED]
    tagged = [k for k, c in enumerate(nb.cells) if PARAMETERS in c.metadata.get("tags", [])]
    nb.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return nb


def out_name(corpus: str) -> str:
    """The folder under out/ for a corpus given without OUT: the file's stem, or the folder's
    name (for a glob pattern, the name of the folder it starts in)."""
    path = Path(corpus)
    while any(c in path.name for c in GLOB_CHARACTERS) and path.name:
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


# Run first in every notebook, in the kernel the notebooks of a group share, and removed from
# the rendered notebook: each notebook starts with none of the names an earlier one defined,
# pandas' display options at their defaults and no figure open, as in a fresh kernel; the
# imported modules (and the matchers' compiled code they loaded) stay, which is what sharing the
# kernel is for. (Not IPython's %reset: it also deletes __main__'s __spec__, which
# multiprocessing needs to start the Dask workers of a notebook's local cluster.)
RESET = """def _reset(shell=get_ipython()):
    import matplotlib.pyplot
    import pandas

    hidden = shell.user_ns_hidden
    dunder = [n for n in shell.user_ns if n.startswith("__") and n.endswith("__")]
    for name in [n for n in shell.user_ns if n not in hidden and n not in dunder]:
        del shell.user_ns[name]  # (this function's own name among them)
    pandas.reset_option("^display")
    matplotlib.pyplot.close("all")


_reset()"""


def prepare(
    path: Path, stage: Path, corpus: str | None, options: dict[str, str] | None = None
) -> tuple[nbformat.NotebookNode, dict[str, str]]:
    """The notebook ready to run: the injected parameters (``OUT`` the staging folder,
    ``CORPUS``, and those of ``options``, e.g. ``{"GROUP": "genre"}``, that its parameters cell
    declares: passed to no other), and the reset cell first. Returns it and the options
    passed."""
    parameters = {"OUT": str(stage)}
    if corpus is not None:
        parameters = {"CORPUS": str(Path(corpus).resolve()), **parameters}
    declared = declared_parameters(path) if options else set()
    chosen = {name: value for name, value in (options or {}).items() if name in declared}
    parameters.update(chosen)
    nb = inject(nbformat.read(path, as_version=4), parameters)
    nb.cells.insert(0, nbformat.v4.new_code_cell(RESET))
    return nb, chosen


def _numbered(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The code cells numbered 1, 2, ... in order, as in a fresh kernel (the shared kernel's
    counter went on from the notebooks it ran before)."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.execution_count is None:
            continue
        count += 1
        cell.execution_count = count
        for output in cell.outputs:
            if output.get("execution_count") is not None:
                output["execution_count"] = count
    return nb


def finish(
    nb: nbformat.NotebookNode,
    staged: Path,
    corpus: str | None,
    target: Path,
    chosen: dict[str, str],
) -> Path:
    """Write a notebook that ran as a reader should see it: the reset cell gone, volatile
    metadata removed, the cells numbered from 1; for a run in place the injected parameters
    gone too, else shown with the paths relative to ``target``'s folder."""
    nb.cells = nb.cells[1:]  # (the reset cell)
    nb = clean(nb)
    if target.parent == NOTEBOOKS:
        nb.cells = [c for c in nb.cells if INJECTED not in c.metadata.get("tags", [])]
    else:
        here = target.parent
        shown = {"OUT": os.path.relpath(here.parent, here)}
        if corpus is not None:
            shown = {"CORPUS": os.path.relpath(Path(corpus).resolve(), here), **shown}
        nb = _show_injected(nb, {**shown, **chosen})
    staged.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(_numbered(nb), staged)
    return staged


def run_group(
    jobs: list[tuple], threads: int, env: dict[str, str] | None = None, timeout: int = 900
) -> list[str | None]:
    """Run notebooks one after another in one kernel (started in notebooks/, its scans on
    ``threads`` threads, ``env`` added to its environment); each notebook's error as text, or
    None. A job is ``(path, stage, corpus, target, options)``."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    from conflict_corpus.engine.parallel import THREADS_VARIABLE

    kernel = KernelManager(kernel_name="python3")
    kernel.start_kernel(
        cwd=str(NOTEBOOKS), env={**os.environ, THREADS_VARIABLE: str(threads), **(env or {})}
    )
    errors = []
    try:
        for path, stage, corpus, target, options in jobs:
            nb, chosen = prepare(path, stage, corpus, options)
            began = time.perf_counter()
            try:
                NotebookClient(nb, km=kernel, timeout=timeout, kernel_name="python3").execute()
            except (CellExecutionError, CellTimeoutError) as error:
                errors.append(str(error))
                continue
            finish(nb, stage / "notebooks" / path.name, corpus, target, chosen)
            print(f"  ran {path.name} in {time.perf_counter() - began:.1f} s", flush=True)
            errors.append(None)
    finally:
        kernel.shutdown_kernel(now=True)
    return errors


@contextlib.contextmanager
def dask_cluster(address: str | None):
    """The kernel environment that sends the notebooks' Dask work to one cluster for the whole
    run. With ``address`` or ``DASK_SCHEDULER_ADDRESS`` naming a cluster: nothing added. Else a
    local cluster started here (``conflict_corpus.partitioned.local_cluster``) and closed after
    the run. One cluster, not one per notebook: two at once would hold twice the memory.

    (Its workers are not restarted between notebooks, though a worker keeps the memory its
    last partitions grew it to: ``Client.restart`` timed out, its workers not back after 120 s,
    in a test run on a loaded machine, and a run that fails for that is worse.)"""
    from conflict_corpus.partitioned import local_cluster, scheduler_address

    if scheduler_address(address) is not None:
        yield {}
        return
    with local_cluster() as cluster:
        yield {"DASK_SCHEDULER_ADDRESS": cluster.scheduler_address}


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


def run_all(
    paths,
    stage: Path,
    corpus,
    notebooks: Path,
    options,
    cap: int | None = None,
    env=None,
) -> list[str | None]:
    """Run the notebooks in one kernel per core (``kernel_cap()`` at most), each kernel taking
    every k-th notebook one after another, its scans on its share of the cores; return each
    notebook's error (None: it ran), in the order given. Sharing a kernel saves starting one and
    loading the compiled matchers for every notebook; the reset cell (``RESET``) gives each
    notebook a fresh namespace. The outputs do not depend on which kernel ran a notebook, nor on
    the order they finish in: each writes its own notebook and figures into ``stage``, and
    nothing is published before all end."""
    from concurrent.futures import ThreadPoolExecutor

    from conflict_corpus.engine.parallel import THREADS_VARIABLE, cores, worker_count

    kernels = max(1, min(len(paths), cores(), kernel_cap(), cap or len(paths)))
    threads = (
        worker_count(os.environ) if THREADS_VARIABLE in os.environ else max(1, cores() // kernels)
    )
    jobs = [(path, stage, corpus, notebooks / path.name, options) for path in paths]
    for path in paths:
        print(f"running {os.path.relpath(path, ROOT)}", flush=True)
    groups = [jobs[k::kernels] for k in range(kernels)]
    with ThreadPoolExecutor(kernels) as pool:
        done = list(pool.map(lambda group: run_group(group, threads, env), groups))
    errors = [None] * len(jobs)
    for k, group_errors in enumerate(done):
        errors[k::kernels] = group_errors
    return errors


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
        help="a Dask scheduler's address for the notebooks (default: $NOTEBOOK_SCHEDULER, which "
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
    partitioned = corpus is not None and is_many_files(corpus)
    if partitioned:
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
        if partitioned:
            with dask_cluster(options.get("SCHEDULER")) as env:
                errors = run_all(paths, stage, corpus, notebooks, options, cap=1, env=env)
        else:
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
