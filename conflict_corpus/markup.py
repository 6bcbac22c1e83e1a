"""Corpus text in the notebooks' outputs: always shown as text, never read as markup.

Corpus text (a sentence, a source's name, a word, a file name) reaches a reader through two kinds
of output, and both are markup languages: HTML tables (``text/html``) and Markdown sentences
(``text/markdown``). A sentence holding ``<img src=x onerror=...>`` would run in the reader's
browser when the rendered notebook or its HTML export is opened, and one holding
``[link](javascript:...)`` would become a link. So:

- every table a notebook shows is written by ``html_table`` (each cell and each header escaped
  after it is formatted);
- every value the prose interpolates into Markdown goes through ``md_text`` (Markdown's and
  HTML's special characters backslash-escaped) or, inside a code span, ``md_code``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

import pandas as pd

# The ASCII characters that can start or end Markdown (CommonMark and GitHub's tables and
# strikethrough) or HTML: each is escaped with a backslash, which CommonMark defines for every
# ASCII punctuation character, so the reader sees the character itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!#])")
_BACKTICKS = re.compile(r"`+")


def md_text(value) -> str:
    """``value`` as literal text inside Markdown: ``str(value)`` with every character that
    Markdown or HTML would read as markup (``\\ ` * _ [ ] < > & | ~ ! #``) backslash-escaped,
    and line breaks folded to spaces (a line break could start a heading or a list)."""
    text = " ".join(str(value).splitlines()) if value is not None else ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_code(value) -> str:
    """``value`` as a Markdown code span: shown exactly as it is (a code span's content is
    never markup), fenced by one backtick more than its longest run of backticks, so no
    backtick inside it can end the span (CommonMark, section 6.1)."""
    text = " ".join(str(value).splitlines())
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    # A span that starts or ends with a backtick needs a space beside its fence; CommonMark
    # strips one space on each side when both are there.
    padded = f" {text} " if longest and (text.startswith("`") or text.endswith("`")) else text
    return f"{fence}{padded}{fence}"


def html_table(
    table: pd.DataFrame,
    name: str,
    cell: Callable[[object], str] = str,
    properties: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """``table`` as an HTML ``<table>`` (and its ``<style>``) whose bytes are the same on every
    run: no index, the fixed table id ``name``, each cell written by ``cell`` and then
    HTML-escaped, each column header escaped, and ``properties`` (column -> CSS properties)
    applied to whole columns. The one way the notebooks turn a table into HTML."""
    styler = (
        table.style.hide(axis="index")
        .set_uuid(name)
        .format(lambda v: _escape(cell(v)))
        .format_index(lambda v: _escape(str(v)), axis=1)
    )
    for column, css in (properties or {}).items():
        styler = styler.set_properties(subset=[column], **css)
    return styler.to_html()


def text_cell(value) -> str:
    """A cell of text as a reader wants it: the value, or blank where it is missing (None,
    NaN), never the words "None" or "nan"."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def stance_label(stance) -> str:
    """A stance as a reader reads it ("called for", not ``called_for``); blank when missing."""
    return stance.replace("_", " ") if isinstance(stance, str) else ""


def _escape(text: str) -> str:
    # A cell is element content, never an attribute value: "&", "<" and ">" are all HTML can
    # read as markup there, and leaving quotes as they are keeps "al-Sadr's" readable in the
    # saved notebook.
    return html.escape(text, quote=False)
