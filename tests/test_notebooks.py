"""Every notebook executes without an error, and the committed outputs are a fresh run's.

The notebooks are rerun once per session into a temporary folder (OUT), so the committed
notebooks and figures/ are never touched by the tests. The comparison ignores only what papermill
adds for the rerun: the injected-parameters cell and execution counts shifted by it.
"""

import json
from pathlib import Path

import nbformat
import pytest

import helpers
import run_notebooks

pytestmark = pytest.mark.notebooks
NOTEBOOKS = run_notebooks.notebook_paths()


@pytest.fixture(scope="module")
def rerun(tmp_path_factory):
    out = tmp_path_factory.mktemp("rerun")
    assert run_notebooks.main(["--out", str(out)]) == 0
    return out


def _cells(nb):
    """(cell type, source, outputs) of every cell a reader sees, execution counts dropped."""
    cells = []
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            continue
        outputs = []
        for output in cell.get("outputs", []):
            output = {k: v for k, v in output.items() if k != "execution_count"}
            outputs.append(json.dumps(output, sort_keys=True))
        cells.append((cell.cell_type, cell.source, outputs))
    return cells


def test_there_are_numbered_notebooks():
    assert [p.name for p in NOTEBOOKS][:1] == ["01_corpus.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_is_executed_top_to_bottom_without_errors(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert "parameters" in code[0].metadata.get("tags", []), "first code cell holds parameters"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_outputs_equal_a_fresh_run(rerun, path):
    committed = nbformat.read(path, as_version=4)
    fresh = nbformat.read(rerun / "notebooks" / path.name, as_version=4)
    assert _cells(fresh) == _cells(committed), (
        f"{path.name} is stale: run `make` and commit the rendered notebooks"
    )


def test_committed_figures_equal_a_fresh_run(rerun):
    figures = Path(run_notebooks.ROOT / "figures")
    fresh = {p.name: p.read_bytes() for p in (rerun / "figures").glob("*.png")}
    committed = {p.name: p.read_bytes() for p in figures.glob("*.png")}
    assert sorted(fresh) == sorted(committed), "figures/ holds a stale or missing figure"
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert changed == []


def test_no_figure_is_a_copy_of_another(rerun):
    # Each notebook draws what it alone shows: no two figures of a run have the same bytes.
    by_bytes = {}
    for path in sorted((rerun / "figures").glob("*.png")):
        by_bytes.setdefault(path.read_bytes(), []).append(path.name)
    assert [names for names in by_bytes.values() if len(names) > 1] == []


def test_committed_tables_equal_a_fresh_run(rerun):
    tables = Path(run_notebooks.ROOT / "tables")
    fresh = {
        str(p.relative_to(rerun / "tables")): p.read_bytes()
        for p in (rerun / "tables").rglob("*.*")
    }
    committed = {str(p.relative_to(tables)): p.read_bytes() for p in tables.rglob("*.*")}
    assert sorted(fresh) == sorted(committed), "tables/ holds a stale or missing file"
    assert [name for name in fresh if fresh[name] != committed[name]] == []
    assert sorted({name.split("/")[0] for name in fresh}) == [p.stem for p in NOTEBOOKS]


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_rendered_table_holds_a_raw_index_or_a_missing_value_written_out(path):
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tag, self.headers, self.cells = None, [], []

        def handle_starttag(self, tag, attrs):
            self.tag = tag

        def handle_data(self, data):
            if self.tag == "th":
                self.headers.append(data.strip())
            elif self.tag == "td":
                self.cells.append(data.strip())

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            table = output.get("data", {}).get("text/html")
            if table is None:
                continue
            found = Cells()
            found.feed(table)
            assert not {"index", "level_0"} & set(found.headers), cell.source[:80]
            written_out = [c for c in found.cells if c in ("nan", "NaN", "None", "<NA>")]
            assert written_out == [], cell.source[:80]
            assert not [c for c in found.cells if c.startswith("[")], cell.source[:80]


def test_the_run_counts_the_tables_once_and_every_notebook_reads_that_count(rerun):
    # The runner counts before the notebooks start; a notebook that counted again (its key
    # differing from the runner's in any input) would have left a second entry.
    from conflict_corpus.partitioned import TableOptions, store_key

    entries = [p.name for p in (rerun / ".counts").iterdir()]
    options = TableOptions(group="source", period="year")
    assert entries == [store_key(helpers.DEFAULT_CORPUS, options)]
