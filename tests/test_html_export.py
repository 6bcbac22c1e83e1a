"""`make html` exports the rendered notebooks for readers without Jupyter."""

import nbformat
import pytest
from nbconvert import HTMLExporter

import run_notebooks


@pytest.mark.parametrize("path", run_notebooks.notebook_paths(), ids=lambda p: p.name)
def test_rendered_notebook_exports_to_html_with_its_figures_and_prose(path):
    html, _ = HTMLExporter().from_notebook_node(nbformat.read(path, as_version=4))
    assert "data:image/png;base64" in html  # the figures travel inside the page
    assert "<strong>Reading.</strong>" in html  # the written reading, computed from the data
