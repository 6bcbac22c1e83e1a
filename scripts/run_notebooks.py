"""Execute the numbered notebooks top to bottom and write them with their outputs.

    python scripts/run_notebooks.py                      # in place: notebooks/ and figures/
    python scripts/run_notebooks.py --corpus C --out D   # D/notebooks/*.ipynb and D/figures/

Notebooks run with papermill (its ``parameters`` cell convention); parameters are injected only
when given, so a plain run leaves the committed notebooks' cells as they are. Volatile metadata
(papermill timestamps, durations, widget model ids) is removed so that a rerun writes the same
bytes. A notebook is written only after it ran without error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import nbformat
import papermill

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WIDGET_NOTE = "[interactive explorer: open this notebook in JupyterLab (make lab) and run it]"


def notebook_paths() -> list[Path]:
    """The numbered notebooks in the order a reader takes them."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes on every run and means nothing to a reader."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
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


def run(path: Path, corpus: str | None = None, out: str | None = None, timeout: int = 900) -> Path:
    """Execute one notebook; return the path written (in place unless ``out`` is given)."""
    parameters = {}
    if corpus is not None:
        parameters["CORPUS"] = str(Path(corpus).resolve())
    if out is not None:
        parameters["OUT"] = str(Path(out).resolve())
    target = path if out is None else Path(out).resolve() / "notebooks" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / path.name
        papermill.execute_notebook(
            str(path),
            str(scratch),
            parameters=parameters,
            kernel_name="python3",
            cwd=str(NOTEBOOKS),
            progress_bar=False,
            execution_timeout=timeout,
        )
        nb = clean(nbformat.read(scratch, as_version=4))
    nbformat.write(nb, target)
    return target


def check_out(out: str | None) -> None:
    """Refuse an output folder that would overwrite the committed notebooks or figures: the
    project's root, notebooks/ or figures/ (or a folder inside them)."""
    if out is None:
        return
    target = Path(out).resolve()
    for forbidden in (NOTEBOOKS, ROOT / "figures"):
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
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: all)")
    args = parser.parse_args(argv)
    corpus = args.corpus or None
    out = args.out or None
    if corpus is not None and out is None:
        # Never overwrite the committed notebooks with another corpus's results.
        out = str(ROOT / "out" / Path(corpus).stem)
        print(f"CORPUS given without OUT: writing to {out}", flush=True)
    check_out(out)
    paths = [Path(p).resolve() for p in args.notebooks] or notebook_paths()
    for path in paths:
        print(f"running {path.relative_to(ROOT)}", flush=True)
        written = run(path, corpus=corpus, out=out)
        print(f"  wrote {written}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
