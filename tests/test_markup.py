"""Corpus text reaches a reader as text, never as markup: every HTML table escapes its cells and
headers, every Markdown sentence escapes the values it quotes, and a page exported by `make html`
from such outputs holds no element the corpus wrote."""

from html.parser import HTMLParser

import mistune
import nbformat
import pandas as pd
import pytest
from nbconvert import HTMLExporter

import helpers
from conflict_corpus.markup import md_code, md_text
from conftest import write

# What an attacker or a careless scrape puts in a sentence, a source's name or a file name.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "</td></tr></table><iframe src=javascript:alert(3)>",
    "[click](javascript:alert(4))",
    "<a href='javascript:alert(5)'>x</a>",
    "&lt;script&gt; already escaped",
    "**bold** _under_ `code` ``two`` | pipe ~strike~ \\ back # hash ![img](x)",
]
# The elements a table the notebooks show is made of.
TABLE_TAGS = {"style", "table", "thead", "tbody", "tr", "th", "td"}


class Elements(HTMLParser):
    """The elements and the text of an HTML fragment, as a browser's parser reads them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text = [], [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_show_table_escapes_cells_and_headers(hostile):
    table = pd.DataFrame({"entity": [hostile, "Mahdi Army"], hostile: [3, 4], "n": [1.5, None]})
    html = helpers.show_table(table, empty="none").data
    parsed = Elements(html)
    assert set(parsed.tags) <= TABLE_TAGS
    assert set(parsed.attributes) <= {"id", "class", "type"}
    text = "".join(parsed.text)
    assert text.count(hostile) == 2  # the cell and the header, exactly as written


@pytest.mark.parametrize("hostile", HOSTILE)
def test_show_kwic_escapes_every_column(tmp_path, hostile):
    path = write(tmp_path, "corpus.txt", f"The ceasefire {hostile} was announced in Najaf today.\n")
    corpus = helpers.load_corpus(path)
    lines = helpers.kwic(corpus, "ceasefire", window=8).assign(stance=hostile)
    html = helpers.show_kwic(lines, extra=("stance",)).data
    parsed = Elements(html)
    assert set(parsed.tags) <= TABLE_TAGS
    text = "".join(parsed.text)
    # The stance column, as a reader reads stances (an underscore read as a space).
    assert hostile.replace("_", " ") in text
    assert "ceasefire" in text


def render(markdown: str) -> str:
    """Markdown as nbconvert's exporter renders it (mistune, raw HTML passed through)."""
    return mistune.create_markdown(escape=False, plugins=["strikethrough", "table"])(markdown)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_md_text_renders_as_the_text_itself(hostile):
    html = render(f"The largest group is *{md_text(hostile)}* with 3 sentences.")
    parsed = Elements(html)
    assert set(parsed.tags) == {"p", "em"}
    assert "".join(parsed.text) == f"The largest group is {hostile} with 3 sentences.\n"


@pytest.mark.parametrize(
    "value", [*HOSTILE, "`", "a`b", "``x``", "ends with `", "`starts", "plain file.csv"]
)
def test_md_code_shows_the_value_exactly(value):
    parsed = Elements(render(f"This run reads {md_code(value)}: 3 lines."))
    assert set(parsed.tags) == {"p", "code"}
    assert "".join(parsed.text) == f"This run reads {value}: 3 lines.\n"


def test_a_line_break_in_a_value_starts_no_heading_or_list():
    parsed = Elements(render("Group *" + md_text("x\n# heading\n- item") + "*."))
    assert set(parsed.tags) == {"p", "em"}


def test_prose_quotes_group_names_and_file_names_as_text():
    hostile = "<img src=x onerror=alert(1)>"
    sizes = pd.DataFrame({"source": [hostile, "AP"], "sentences": [3, 2]})
    sentence = helpers.groups_sentence(f"{hostile}.csv", 5, "source", sizes)
    findings = helpers.corpus_read(
        f"`{hostile}`.csv", pd.DataFrame({"kind": ["sentence"], "text": ["x"]})
    )
    for markdown in (sentence, findings):
        parsed = Elements(render(markdown))
        assert "img" not in parsed.tags
        assert hostile in "".join(parsed.text)


def test_an_exported_page_holds_no_element_the_corpus_wrote(tmp_path):
    # The chain a reader meets: a hostile sentence, its KWIC table and a sentence of prose in a
    # notebook's outputs, exported to HTML as `make html` does.
    hostile = "<img src=x onerror=alert(1)> ceasefire <script>alert(2)</script>"
    corpus = helpers.load_corpus(write(tmp_path, "c.txt", f"The {hostile} held in Basra.\n"))
    table = helpers.show_kwic(helpers.kwic(corpus, "ceasefire", window=8))
    prose = helpers.search_example(hostile, 1, 1, 1)
    cell = nbformat.v4.new_code_cell("helpers.show_kwic(lines)")
    cell.outputs = [
        nbformat.v4.new_output("display_data", {"text/html": table.data}),
        nbformat.v4.new_output("display_data", {"text/markdown": prose}),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    page, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    assert "onerror=alert" not in page.replace("&lt;img src=x onerror=alert", "")
    assert "<script>alert" not in page
    assert page.count("&lt;script&gt;alert(2)&lt;/script&gt;") == 2  # shown, in both outputs


def test_p_values_have_one_format_in_tables_and_prose():
    from conflict_corpus.prose import p_number

    assert [p_number(p) for p in (0.5, 0.04213, 0.001157, 8.123e-30, 0.0, 1.0)] == [
        "0.5",
        "0.0421",
        "0.00116",
        "8.12e-30",
        "< 1e-300",
        "1",
    ]
    table = pd.DataFrame(
        {"item": ["a", "b"], "p_value": [0.001157, 0.0], "q_value": [1.0, 8.123e-30]}
    )
    text = "".join(Elements(helpers.show_table(table, empty="none").data).text)
    assert "0.00116" in text and "< 1e-300" in text and "8.12e-30" in text and "0.001\n" not in text
