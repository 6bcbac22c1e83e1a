"""The runs of capitalised words behind the uncovered names: the compiled pass
(conflict_corpus/engine/capitals.py) finds what the regular expression finds on the text with
its mentions masked (tests/capitals_reference.py), on any text."""

import pandas as pd
from capitals_reference import capitalised_runs
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_corpus.entities import _capitalised_runs

# Pieces of the characters the rules read: capitals and dots (U.S.), hyphens and apostrophes
# inside names, the particles, word characters beyond ASCII (of either case), quotes and
# brackets a row may open with, punctuation beyond ASCII, and a mask's "|".
_PIECE = st.one_of(
    st.sampled_from(
        ["U.S.", "U.S", "Al-Sadr's", "al-", "el-", "bin ", "ibn ", "of ", "al ", "de ", "the ",
         "Ali", "Abu Bakr", "Émile", "ÉA", "Ωmega", "x٣", "A_b", "O'Neil", "A-b", "A--B",
         "“", "‘", "’", "—", "\u00a0", "(", '"', "'", " ", "  ", ".", "..", "|", "9"]
    ),
    # a name with each particle inside it, or a particle with no capital after it
    st.sampled_from(["al-", "el-", "bin ", "ibn ", "of ", "al ", "de ", "the "]).map(
        lambda particle: f"Ali {particle}Basra {particle}x"
    ),
    st.text(alphabet="AZaz .-'_éÉ’“", max_size=5),
)  # fmt: skip
_ROW = st.lists(_PIECE, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=5), st.data())
def test_the_compiled_runs_are_the_regular_expressions(texts, data):
    spans = []
    for row, text in enumerate(texts):
        for _ in range(data.draw(st.integers(0, 2))):
            if len(text) > 1:
                start = data.draw(st.integers(0, len(text) - 1))
                end = data.draw(st.integers(start + 1, len(text)))
                spans.append((row, start, end))
    ids = [10 * (k + 1) for k in range(len(texts))]
    corpus = pd.DataFrame({"sentence_id": ids, "text": texts})
    mentions = pd.DataFrame(
        {
            "sentence_id": [ids[row] for row, _, _ in spans],
            "start": [start for _, start, _ in spans],
            "end": [end for _, _, end in spans],
        }
    )
    runs, initials, rows = capitalised_runs(texts, spans)
    names, found_initials, found_ids = _capitalised_runs(corpus, mentions)
    assert names.tolist() == [text for _, text in runs]
    assert found_initials.tolist() == initials
    assert found_ids.tolist() == [ids[row] for row in rows]
