"""`make html` exports the rendered notebooks for readers without Jupyter: an index page, alt
text on every figure, and pages that work offline."""

import html
import shutil

import nbformat
import pytest

import export_html
import helpers
import run_notebooks

NOTEBOOKS = run_notebooks.notebook_paths()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    assert export_html.main(["--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_page_has_its_figures_with_alt_text_and_no_cdn_script(exported, path):
    page = (exported / f"{path.stem}.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in page  # the figures travel inside the page
    assert "<h2" in page and "Findings" in page  # the answer first, computed from the data
    assert "No description has been provided" not in page
    assert 'alt="Figure: ' in page
    assert "<script src=" not in page and "cdnjs" not in page and "cdn.jsdelivr" not in page


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_page_is_a_report_titled_by_its_notebook_with_no_code(exported, path):
    page = (exported / f"{path.stem}.html").read_text(encoding="utf-8")
    title, _ = export_html.summary(nbformat.read(path, as_version=4))
    assert f"<title>{html.escape(title)}</title>" in page
    assert '<a href="index.html">All notebooks of this run</a>' in page
    # No code: the question and the Findings are the first things a reader meets.
    assert "import helpers" not in page and "helpers.show_table" not in page
    body = page[page.index("<body") :]
    assert body.index("Question") < body.index("Findings") < body.index("<table")


def test_the_index_links_every_notebook_with_its_question(exported):
    index = (exported / "index.html").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f'<a href="{path.stem}.html">' in index
    assert "Which actors are named in the same sentence" in index  # notebook 03's question


@pytest.mark.browser
@pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")),
    reason="Chromium is not installed (.ci/run installs Debian's package)",
)
def test_the_pages_load_with_the_network_blocked(exported, tmp_path):
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    asked, failed = [], []
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            headless=True,
        )

        def block(route):
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:  # anything else would leave the machine
                asked.append(url)
                route.abort()

        context.route("**/*", block)
        page = context.new_page()
        page.on("requestfailed", lambda request: failed.append(request.url))
        shown = 0
        for name in ["index"] + [p.stem for p in NOTEBOOKS]:
            page.goto((exported / f"{name}.html").as_uri(), wait_until="load")
            assert page.title()
            images = page.locator("img")
            assert all(
                images.nth(k).evaluate("i => i.complete && i.naturalWidth > 0")
                for k in range(images.count())
            )
            shown += images.count()
        context.close()
    assert asked == [] and failed == []
    assert shown == len(list((helpers.ROOT / "figures").glob("*.png")))  # every figure, drawn


def test_a_run_elsewhere_is_exported_under_out_titled_by_its_corpus(tmp_path):
    # `make html OUT=...`: a run's reports under OUT/html/, the index titled by the corpus the
    # run read (its notebooks' injected CORPUS), here a run of one notebook.
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    cell = nbformat.v4.new_code_cell("CORPUS = '../../mahdi_army_articles.csv'\nOUT = '..'")
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(2, cell)
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks" / NOTEBOOKS[0].name)
    assert export_html.main(["--run", str(tmp_path)]) == 0
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "<title>mahdi_army_articles.csv: the notebooks</title>" in index
    assert sorted(p.name for p in (tmp_path / "html").glob("0*.html")) == ["01_corpus.html"]
