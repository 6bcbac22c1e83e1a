"""Export the rendered notebooks of a run to HTML for readers without Jupyter, with an index.

    python scripts/export_html.py                  # notebooks/ -> html/ (make html)
    python scripts/export_html.py --run OUT        # OUT/notebooks/ -> OUT/html/ (make html OUT=...)

Each notebook becomes ``<name>.html`` (nbconvert's lab template) and ``index.html`` links them,
one line each: the notebook's title and the first sentence under it. A page is a report: its
code is left out (the question, the Findings and every result come first, as the notebook tells
them), its title is the notebook's, and it links back to the index, whose title names the corpus
the run read. The pages work offline: the figures travel inside them (data: URLs), and the
scripts nbconvert would fetch from a CDN (require.js, MathJax; none of the notebooks uses them)
are left out, so no request leaves the machine. Every figure gets alt text from its title:
``save_figure`` (and ``show_figure``, which calls it) writes the title into the PNG (tEXt
``Title``), and the figure a cell saves is matched to the image that cell shows."""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from run_notebooks import notebook_paths  # noqa: E402

SAVED = re.compile(r"(?:save|show)_figure\(\s*fig\s*,\s*[\"']([A-Za-z0-9_.-]+)[\"']")


def figure_title(name: str, figures: Path) -> str:
    """The title ``save_figure`` wrote into ``<figures>/<name>.png``, or the name."""
    try:
        with Image.open(figures / f"{name}.png") as image:
            return image.text.get("Title") or name.replace("_", " ")
    except OSError:
        return name.replace("_", " ")


def summary(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """(title, question) of a notebook: its first heading and the paragraph after it, without
    its bold label ("**Question.** Who appears with whom?" -> "Who appears with whom?")."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        head, _, rest = cell.source.strip().partition("\n")
        if head.startswith("#"):
            paragraph = rest.strip().split("\n\n", 1)[0]
            paragraph = re.sub(r"^\*\*[^*]+\*\*\s*", "", paragraph)  # the bold label
            plain = re.sub(r"[*_`]", "", re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", paragraph))
            return head.lstrip("#").strip(), " ".join(plain.split())
    return nb.metadata.get("title", "notebook"), ""


def corpus_of(paths) -> str:
    """How a run's index names its corpus: the file or folder name the notebooks' injected
    parameters give (``CORPUS = '...'``), else the seed's."""
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if "injected-parameters" in cell.metadata.get("tags", []):
                found = re.search(r"^CORPUS = (['\"])(.+?)\1$", cell.source, re.MULTILINE)
                if found:
                    return Path(found[2]).name
    return "the seed corpus (mahdi_army_sentences.txt)"


def export(path: Path, out: Path, figures: Path) -> tuple[str, str]:
    nb = nbformat.read(path, as_version=4)
    # The alt text of each cell's images: the titles of the figures that cell saves.
    alts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        shown = sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        titles = [figure_title(n, figures) for n in SAVED.findall(cell.source)]
        alts += [f"Figure: {titles[k]}" if k < len(titles) else "Figure" for k in range(shown)]
    title, question = summary(nb)
    # A report: the code is left out; what the notebook says and shows stays, in its order.
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True)
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    soup = BeautifulSoup(body, features="html.parser")
    if soup.title is not None:
        soup.title.string = title
    back = soup.new_tag("p")
    link = soup.new_tag("a", href="index.html")
    link.string = "All notebooks of this run"
    back.append(link)
    if soup.body is not None:
        soup.body.insert(0, back)
    for script in soup.find_all("script", src=True):  # require.js, MathJax: from a CDN
        script.decompose()
    for script in soup.find_all("script"):  # MathJax's set-up, mermaid's import from a CDN
        if "MathJax" in (script.string or "") or "https://" in (script.string or ""):
            script.decompose()
    for image, alt in zip(soup.select(".jp-OutputArea-output img"), alts):
        image["alt"] = alt
    (out / f"{path.stem}.html").write_text(str(soup), encoding="utf-8")
    return title, question


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--run",
        type=Path,
        default=os.environ.get("NOTEBOOK_OUT") or None,
        help="the OUT folder of a run (default: $NOTEBOOK_OUT, which `make html OUT=...` sets, "
        "else the committed notebooks)",
    )
    parser.add_argument("--out", type=Path, default=None, help="where the pages go")
    parser.add_argument("--figures", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.run is not None:
        run = Path(args.run)
        paths = sorted((run / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        if not paths:
            raise SystemExit(f"{run}: no rendered notebooks in {run / 'notebooks'}; run make first")
        out, figures = args.out or run / "html", args.figures or run / "figures"
    else:
        paths = notebook_paths()
        out, figures = args.out or ROOT / "html", args.figures or ROOT / "figures"
    args.out, args.figures = out, figures
    args.out.mkdir(parents=True, exist_ok=True)
    items = []
    for path in paths:
        title, sentence = export(path, args.out, args.figures)
        items.append(
            f'<li><a href="{html.escape(path.stem)}.html">{html.escape(title)}</a>'
            f"{' — ' + html.escape(sentence) if sentence else ''}</li>"
        )
        print(f"wrote {os.path.relpath(args.out / (path.stem + '.html'), ROOT)}", flush=True)
    name = html.escape(corpus_of(paths))
    index = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{name}: the notebooks</title>\n</head>\n<body>\n"
        f"<h1>{name}: the notebooks</h1>\n<p>Rendered with their outputs; read them in "
        "order.</p>\n"
        "<ol>\n" + "\n".join(items) + "\n</ol>\n</body>\n</html>\n"
    )
    (args.out / "index.html").write_text(index, encoding="utf-8")
    print(f"wrote {os.path.relpath(args.out / 'index.html', ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
