"""Execute the numbered notebooks top to bottom and write them with their outputs.

    python scripts/run_notebooks.py                      # in place: notebooks/, figures/, tables/
    python scripts/run_notebooks.py --corpus C --out D   # D/notebooks/, D/figures/, D/tables/

A corpus given as a folder or a glob pattern of files may be larger than memory: the notebooks
that read it partition by partition on Dask (those declaring ``SCHEDULER``: every numbered
notebook) run on it, one after another in one kernel, their Dask work on one cluster: the one
named by ``--scheduler`` or ``DASK_SCHEDULER_ADDRESS``, else a local cluster this script starts
for the run (one single-threaded worker process per core) and passes to the kernel as
``DASK_SCHEDULER_ADDRESS``.

Notebooks get their parameters as papermill gives them (its ``parameters`` cell convention) and
run with nbclient, one kernel per core, each kernel taking the next notebook whenever it is free:
a notebook starts from an empty namespace (``RESET``), but the kernel's imports, and the
compiled matchers they load, are paid once per kernel, not once per notebook. Every run writes
into a staging folder first: the notebooks get ``OUT=<staging folder>`` as a parameter, and their
figures, tables and rendered copies land there. Only when every notebook has run without error
are the files moved into place, one ``os.replace`` each (atomic on one file system), so a failed,
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
import compileall
import contextlib
import glob
import json
import math
import multiprocessing
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from conflict_corpus.files import is_many_files, out_name
from conflict_corpus.lab import normalise_metadata

if TYPE_CHECKING:
    import nbformat

# nbformat validates notebooks with jsonschema, which builds its format checkers when it is
# imported. One of them, rfc3987-syntax's (the "iri" formats), compiles some 35 Lark parsers at
# import: 1.6 s of this script's start here, an eighth of a warm `make`, for formats no notebook
# schema uses (jsonschema issue #1428; its maintained fork loads lazily, but jsonschema 4.26
# does not use it). None in sys.modules makes that optional import fail as if the package were
# absent, which jsonschema expects and skips; in this process only (a kernel never imports
# jsonschema). nbformat itself is imported where it is used, after the kernels have started.
sys.modules.setdefault("rfc3987_syntax", None)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
TABLES = ROOT / "tables"
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
def _assignments(path: Path) -> list[tuple[str, ast.expr | None]]:
    """(name, value) of each name a notebook's parameters cell assigns, in order."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if PARAMETERS in c.metadata.get("tags", [])]
    tree = ast.parse(cells[0].source) if cells else ast.Module(body=[], type_ignores=[])
    return [
        (target.id, node.value)
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    ]


def declared_parameters(path: Path) -> set[str]:
    """The names a notebook's parameters cell assigns."""
    return {name for name, _ in _assignments(path)}


def parameter_defaults(path: Path) -> dict:
    """The values a notebook's parameters cell assigns (those written as literals)."""
    found = {}
    for name, value in _assignments(path):
        with contextlib.suppress(ValueError, TypeError, SyntaxError):
            found[name] = ast.literal_eval(value)
    return found


def count_once(paths: list[Path], corpus: str | None, options: dict, base: Path, env: dict):
    """Count the run's tables once, before any notebook starts, into the store every notebook
    of the run reads (``conflict_corpus.partitioned.store``): the notebooks' own parameters
    (``UNIT``, ``GROUP``, ``PERIOD``, ``TARGET``) with ``options`` over them. Returns the kernels'
    environment naming that store, and whether the tables were counted. Notebooks that do not
    declare the run's parameters read no tables: nothing is counted for them. A count that
    fails is left to the notebooks: each that reads the tables then counts them itself, and the
    run names the one that fails, as for any error in a notebook."""
    from conflict_corpus.partitioned import TableOptions, store_folder
    from conflict_corpus.partitioned.store import STORE_VARIABLE

    defaults = parameter_defaults(paths[0])
    if "UNIT" not in defaults:  # (notebooks that do not read the run's tables)
        return env, False
    given = {**defaults, **options}
    tables = TableOptions(
        unit=given.get("UNIT") or "line",
        group=given.get("GROUP"),
        period=given.get("PERIOD"),
        target=given.get("TARGET"),
    )
    folder = store_folder(base)
    address = options.get("SCHEDULER") or env.get("DASK_SCHEDULER_ADDRESS")
    # In a process of its own, which ends with the count: the tables it held (the explorer's
    # sample of 100,000 sentences among them) do not stay in this one's memory while the
    # notebooks run beside it.
    spawn = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(1, mp_context=spawn) as counter:
            where = corpus and str(Path(corpus).resolve())
            counter.submit(_count, where, tables, address, str(folder)).result()
    except Exception as error:  # (any error: the notebook that meets it names it, with the fix)
        print(
            f"The tables were not counted before the notebooks ({error}): each notebook that "
            f"reads them counts them itself, and one that fails says why.",
            file=sys.stderr,
            flush=True,
        )
        return {**env, STORE_VARIABLE: str(folder)}, False
    return {**env, STORE_VARIABLE: str(folder)}, True


def _count(corpus: str | None, options, address: str | None, folder: str) -> None:
    from conflict_corpus.partitioned import stored_tables

    stored_tables(corpus, options, address, folder=folder)


def inject(nb: nbformat.NotebookNode, parameters: dict[str, str]) -> nbformat.NotebookNode:
    """A cell setting ``parameters`` after the parameters cell (first, if there is none)."""
    import nbformat

    cell = nbformat.v4.new_code_cell(
        "# Parameters\n" + "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    )
    cell.metadata["tags"] = [INJECTED]
    tagged = [k for k, c in enumerate(nb.cells) if PARAMETERS in c.metadata.get("tags", [])]
    nb.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return nb


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
    import nbformat

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
    import nbformat

    nbformat.write(_numbered(nb), staged)
    return staged


def start_kernel(threads: int, sockets: str, env: dict[str, str] | None = None):
    """A started kernel (in notebooks/, its scans on ``threads`` threads, ``env`` added to its
    environment, its channels the Unix sockets named ``sockets``-1 to -5); it becomes ready
    while the caller goes on."""
    from jupyter_client.manager import KernelManager

    from conflict_corpus.engine.parallel import THREADS_VARIABLE

    # An asynchronous client: nbclient then waits for the kernel's messages without blocking
    # its own loop, so its check that the kernel is alive runs, and a kernel killed (or out of
    # memory) ends the notebook within seconds instead of leaving the run waiting. Its channels
    # are Unix sockets in a folder of the run's own, not TCP ports: a TCP port is picked free,
    # let go and bound again by the kernel, and another process (a second run, another kernel)
    # may take it in between ("Address already in use": the kernel dies before it answers).
    kernel = KernelManager(
        kernel_name="python3",
        client_class="jupyter_client.asynchronous.AsyncKernelClient",
        transport="ipc",
        ip=sockets,
    )
    kernel.start_kernel(
        cwd=str(NOTEBOOKS),
        env={**os.environ, THREADS_VARIABLE: str(threads), **(env or {})},
        # A batch run adds nothing to the user's IPython input history (its SQLite writes
        # also cost a kernel about 0.2 s of CPU here).
        extra_arguments=["--HistoryManager.enabled=False"],
    )
    return kernel


def run_group(
    kernel, jobs: queue.SimpleQueue, stop: threading.Event, halt=lambda: None, timeout: int = 900
) -> dict:
    """Run notebooks in ``kernel`` one after another, each taken from ``jobs`` when the one
    before has ended, until ``jobs`` is empty or ``stop`` is set (a kernel died). A job is
    ``(index, path, nb, stage, corpus, target, chosen)``, ``nb`` and ``chosen`` as
    ``prepare`` returns them; ``halt()`` stops every kernel of the run (called when this
    one dies); returns each index's error as text (None: it ran) and the seconds it took."""
    from jupyter_core.utils import ensure_event_loop
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    results = {}
    # One client (its channels to the kernel) serves every notebook of the kernel: a new one
    # waits for the kernel to answer and its output channel to fall quiet, 0.2 s a notebook.
    channels = None
    try:
        while not stop.is_set():
            try:
                index, path, nb, stage, corpus, target, chosen = jobs.get_nowait()
            except queue.Empty:
                return results
            began = time.perf_counter()
            client = NotebookClient(nb, km=kernel, timeout=timeout, kernel_name="python3")
            client.kc = channels  # None the first time: the client starts its own
            try:
                client.execute()
            except (CellExecutionError, CellTimeoutError) as error:
                results[index] = (str(error), time.perf_counter() - began)
                continue
            except DeadKernelError:
                # Killed, or out of memory: the run is over (its other notebooks would not be
                # published either), so the other kernels are stopped too (halt).
                first = not stop.is_set()
                stop.set()
                reason = (
                    "its kernel died (killed, or out of memory) while it ran"
                    if first
                    else "stopped: another notebook's kernel died"
                )
                results[index] = (reason, time.perf_counter() - began)
                if first:
                    halt()
                return results
            finally:
                channels = client.kc
            try:
                finish(nb, stage / "notebooks" / path.name, corpus, target, chosen)
            except OSError as error:  # a full disk (ENOSPC), a folder that went away
                results[index] = (f"its rendered copy cannot be written: {error}", 0.0)
                continue
            seconds = time.perf_counter() - began
            print(f"  ran {path.name} in {seconds:.1f} s", flush=True)
            results[index] = (None, seconds)
        return results
    finally:
        if channels is not None:
            channels.stop_channels()
        # nbclient ran this thread's notebooks on the thread's own event loop (jupyter_core's
        # ensure_event_loop makes one per thread): closed with the thread's work, its sockets
        # are let go now, not left to the garbage collector ("unclosed event loop").
        ensure_event_loop().close()


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
    """Refuse an output folder that would overwrite the committed notebooks, figures or tables:
    the project's root, notebooks/, figures/ or tables/ (or a folder inside them)."""
    if out is None:
        return
    target = Path(out).resolve()
    # OUT itself and the folders a run writes in it, each resolved through symbolic links: a
    # link OUT/figures -> the project's figures/ would otherwise pass and be written through.
    written = [target, *(Path(out, name).resolve() for name in ("notebooks", "figures", "tables"))]
    for forbidden in (NOTEBOOKS, FIGURES, TABLES):
        if any(t == forbidden or forbidden in t.parents for t in written):
            raise SystemExit(
                f"OUT={out}: is {forbidden.relative_to(ROOT)}/ or inside it, where the committed "
                f"outputs live; choose a folder of its own, e.g. OUT=out/mycorpus."
            )
    if target == ROOT:
        raise SystemExit(
            f"OUT={out}: is the project's root, whose notebooks/, figures/ and tables/ are the "
            f"committed outputs; choose a folder of its own, e.g. OUT=out/mycorpus."
        )


def publish(stage: Path, base: Path, every_notebook: bool) -> None:
    """Move the staged notebooks, figures and tables into place (``base``: the project, or
    OUT), one atomic rename per file.

    After a run of every notebook, a figure in ``figures`` that this run did not draw is
    removed: it belongs to an earlier run (perhaps of another corpus) and would mix the two.
    Each notebook's tables folder is replaced by this run's (``export.write_tables`` keeps a
    folder to one run's files).
    """
    notebooks, figures, tables = _outputs(base)
    notebooks.mkdir(parents=True, exist_ok=True)
    figures.mkdir(parents=True, exist_ok=True)
    drawn = sorted((stage / "figures").glob("*.png"))
    for staged in sorted((stage / "notebooks").glob("*.ipynb")):
        os.replace(staged, notebooks / staged.name)
    for staged in drawn:
        os.replace(staged, figures / staged.name)
    for folder in sorted(p for p in (stage / "tables").glob("*") if p.is_dir()):
        target = tables / folder.name
        target.mkdir(parents=True, exist_ok=True)
        written = {p.name for p in folder.iterdir()}
        for staged in sorted(folder.iterdir()):
            os.replace(staged, target / staged.name)
        for old in target.iterdir():
            if old.name not in written:
                old.unlink()
    if every_notebook:
        names = {p.name for p in drawn}
        for old in figures.glob("*.png"):
            if old.name not in names:
                old.unlink()


def _outputs(base: Path) -> tuple[Path, Path, Path]:
    """Where a run's notebooks, figures and tables go: the committed folders when ``base`` is
    the project, else ``base``'s."""
    if base == ROOT:
        return NOTEBOOKS, FIGURES, TABLES
    return base / "notebooks", base / "figures", base / "tables"


def run_all(
    paths,
    stage: Path,
    corpus,
    notebooks: Path,
    options,
    cap: int | None = None,
    env=None,
) -> list[str | None]:
    """Run the notebooks in one kernel per core (``kernel_cap()`` at most), its scans on its
    share of the cores, each kernel taking the next notebook from one queue whenever it is
    free; return each notebook's error (None: it ran), in the order given.

    The queue holds the notebooks longest first, by the seconds each took in the last run on
    the same corpus (``COSTS``; those never timed come first, in the reader's order), as CTest
    orders tests by its recorded costs: a long notebook taken last would keep one kernel busy
    while the others idle. Sharing a kernel saves starting one and loading the compiled
    matchers for every notebook; the reset cell (``RESET``) gives each notebook a fresh
    namespace. The outputs do not depend on which kernel ran a notebook, nor on the order they
    finish in: each writes its own notebook and figures into ``stage``, and nothing is
    published before all end."""
    from concurrent.futures import ThreadPoolExecutor

    from conflict_corpus.engine.parallel import THREADS_VARIABLE, cores, worker_count

    kernels = max(1, min(len(paths), cores(), kernel_cap(), cap or len(paths)))
    threads = (
        worker_count(os.environ) if THREADS_VARIABLE in os.environ else max(1, cores() // kernels)
    )
    # The kernels import the project's own modules. Written here once, their bytecode spares
    # each kernel compiling them from source (0.17 s of CPU a kernel, measured), which it would
    # do on every run where PYTHONDONTWRITEBYTECODE is set (it is on our machines): that setting
    # stops Python writing bytecode, not reading it. (Into __pycache__/, which git ignores.)
    compileall.compile_dir(ROOT / "conflict_corpus", quiet=1)
    compileall.compile_file(ROOT / "helpers.py", quiet=1)
    started = []
    # (In the system's temporary folder: a Unix socket's path is limited to about 100 bytes.)
    sockets = tempfile.mkdtemp(prefix="kernels-")
    try:
        # The kernels start first: the notebooks are read while they become ready.
        for k in range(kernels):
            started.append(start_kernel(threads, os.path.join(sockets, str(k)), env))
        costs = recorded_costs()
        keys = [cost_key(corpus, path) for path in paths]
        jobs = queue.SimpleQueue()
        for index in longest_first(keys, costs):
            path = paths[index]
            nb, chosen = prepare(path, stage, corpus, options)
            jobs.put((index, path, nb, stage, corpus, notebooks / path.name, chosen))
        for path in paths:
            print(f"running {os.path.relpath(path, ROOT)}", flush=True)
        stop = threading.Event()

        def halt():
            for kernel in started:
                kernel.shutdown_kernel(now=True)

        with ThreadPoolExecutor(kernels) as pool:
            done = list(pool.map(lambda kernel: run_group(kernel, jobs, stop, halt), started))
    finally:
        for kernel in started:
            kernel.shutdown_kernel(now=True)
        shutil.rmtree(sockets, ignore_errors=True)
    ran = {index: result for kernel_results in done for index, result in kernel_results.items()}
    record_costs({keys[i]: seconds for i, (error, seconds) in ran.items() if error is None})
    # A notebook no kernel took (a kernel died first) did not run.
    missed = ("not run: another notebook's kernel died", 0.0)
    return [ran.get(index, missed)[0] for index in range(len(paths))]


# The seconds each notebook took in the last run on each corpus, which orders the next run's
# queue (run_all). Only the speed of a run depends on it, never its outputs; git ignores it.
COSTS = ROOT / ".notebook-seconds.json"


def cost_key(corpus: str | None, path: Path) -> str:
    """The name a notebook's cost is recorded under: the corpus (empty: the seed) and the
    notebook's file."""
    return f"{Path(corpus).resolve() if corpus else ''}|{path.resolve()}"


def longest_first(keys: list[str], costs: dict[str, float]) -> list[int]:
    """The positions of ``keys`` in the order the queue holds them: those with no recorded
    cost first, in the order given, then the others by their cost, longest first."""
    return sorted(range(len(keys)), key=lambda i: -costs.get(keys[i], math.inf))


def recorded_costs(path: Path | None = None) -> dict[str, float]:
    """The costs ``path`` holds (default ``COSTS``); none if it is missing or unreadable (it is
    only a hint)."""
    path = COSTS if path is None else path
    try:
        costs = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(costs, dict):
        return {}
    return {k: float(v) for k, v in costs.items() if isinstance(v, (int, float))}


def record_costs(seconds: dict[str, float], path: Path | None = None, still_there=None) -> None:
    """Add ``seconds`` to the costs ``path`` holds (default ``COSTS``), dropping those whose
    key ``still_there`` says is gone (default: the notebooks and the corpora that no longer
    exist: a run on a temporary corpus leaves no record behind once it is gone); one atomic
    rename; a file system error leaves it as it was."""
    if not seconds:
        return
    path = COSTS if path is None else path
    still_there = still_there or _still_there
    costs = {**recorded_costs(path), **{k: round(v, 2) for k, v in seconds.items()}}
    costs = {k: v for k, v in costs.items() if still_there(k)}
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem.lstrip('.')}-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(costs, file, indent=1, sort_keys=True)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def _still_there(key: str) -> bool:
    """Whether the notebook of a cost's key exists, and its corpus (empty: the seed; a folder, a
    file or a glob pattern that still matches a file)."""
    corpus, _, notebook = key.rpartition("|")
    if not Path(notebook).is_file():
        return False
    return not corpus or Path(corpus).exists() or bool(glob.glob(corpus))


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
        "--unit",
        choices=("line", "document"),
        default=os.environ.get("NOTEBOOK_UNIT") or None,
        help="how the corpus is read: line (each line or row is one unit) or document (each row "
        "or text file is an article, split into sentences) (default: $NOTEBOOK_UNIT, which "
        "`make UNIT=...` sets, else line)",
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
            ("UNIT", args.unit),
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
    check_scheduler(options.get("SCHEDULER"))
    with run_lock(base):
        return run_and_publish(paths, base, corpus, options, partitioned, not args.notebooks)


def run_and_publish(paths, base: Path, corpus, options, partitioned: bool, every: bool) -> int:
    """Run ``paths`` into a staging folder beside ``base``'s outputs, and publish them only
    when every notebook ran and the corpus is the one they began with; 0, or 1 after saying
    why nothing was written."""
    notebooks = _outputs(base)[0]
    before = corpus_stamp(corpus)
    # The staging folder sits beside the outputs, on the same file system, so that the final
    # moves are renames; it is removed whatever happens.
    stage = Path(tempfile.mkdtemp(prefix=".run-", dir=base))
    try:
        with contextlib.ExitStack() as cluster:
            env = (
                cluster.enter_context(dask_cluster(options.get("SCHEDULER"))) if partitioned else {}
            )
            env, counted = count_once(paths, corpus, options, base, env)
            if counted and "DASK_SCHEDULER_ADDRESS" in env:
                # The notebooks read what was counted: the run's own cluster, and the memory its
                # workers grew to, is let go before they start.
                cluster.close()
                env = {k: v for k, v in env.items() if k != "DASK_SCHEDULER_ADDRESS"}
            errors = run_all(
                paths, stage, corpus, notebooks, options, cap=1 if partitioned else None, env=env
            )
        failed = [(path, error) for path, error in zip(paths, errors) if error is not None]
        if corpus_stamp(corpus) != before:
            failed.append((Path(corpus), "the corpus changed while the notebooks read it"))
        if failed:
            for path, error in failed:
                print(f"{os.path.relpath(path, ROOT)} failed: {error}", file=sys.stderr)
            print(NOTHING_WRITTEN.format(os.path.relpath(base, ROOT)), file=sys.stderr, flush=True)
            return 1
        publish(stage, base, every_notebook=every)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    for path in paths:
        print(f"  wrote {os.path.relpath(notebooks / path.name, ROOT)}", flush=True)
    return 0


NOTHING_WRITTEN = "Nothing was written: the outputs in {} are those of the last good run."


def corpus_stamp(corpus: str | None) -> tuple:
    """What identifies the corpus's files now: each file's path, size, modification time and
    inode (a file replaced or rewritten during a run changes it); the seed's when None."""
    from conflict_corpus.files import DEFAULT_CORPUS
    from conflict_corpus.load import corpus_files

    files = corpus_files(corpus) if corpus is not None else [DEFAULT_CORPUS]
    found = []
    for file in files:
        info = Path(file).stat()
        found.append((str(file), info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(found)


@contextlib.contextmanager
def run_lock(base: Path):
    """One run at a time writes into ``base`` (the project, or OUT): a second one stops at once
    with a message, instead of failing deep inside on the first's files or ports."""
    import fcntl

    # The folder itself is locked (flock on its descriptor), so no lock file is left in it.
    descriptor = os.open(base, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(
                f"Another run is writing to {os.path.relpath(base, ROOT)}: wait for it to end, "
                f"or give this run another OUT."
            ) from None
        yield
    finally:
        os.close(descriptor)  # (closing it releases the lock)


def check_scheduler(address: str | None, seconds: float = 5.0) -> None:
    """Refuse at once a Dask scheduler address that nothing answers at (each notebook would
    otherwise wait for it in turn)."""
    import socket
    from urllib.parse import urlsplit

    if not address:
        return
    where = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = where.hostname, where.port
    except ValueError:
        host = port = None
    if not host or not port:
        raise SystemExit(
            f"SCHEDULER={address}: not an address; write it as tcp://host:port "
            f"(dask scheduler prints it)."
        )
    try:
        socket.create_connection((host, port), timeout=seconds).close()
    except OSError as error:
        raise SystemExit(
            f"SCHEDULER={address}: no Dask scheduler answers at {host}:{port} ({error}); start "
            f"one (dask scheduler) or leave SCHEDULER unset for a local cluster."
        ) from None


if __name__ == "__main__":
    sys.exit(main())
