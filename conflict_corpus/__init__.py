"""Who is mentioned, who appears with whom, and how ceasefire and disarmament are worded, in a
corpus of news sentences.

One module per stage, in the order the data flows: ``files`` (where data lives, the loader's
error), ``load``, ``tokens``, ``entities``, ``cooccurrence``, ``wording``, ``kwic``,
``figures``, ``explore``. Each stage checks its arguments and states what it returns; the
compiled machinery it calls lives in ``conflict_corpus.engine``, which imports no stage.
Notebooks use the short door ``helpers.py`` at the project's root.
"""
