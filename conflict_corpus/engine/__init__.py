"""The compiled machinery behind the stages; it imports no stage module.

- ``jit``: how a loop is declared and compiled (numba, its code cached on disk), and small
  shared kernels.
- ``parallel``: ``Threads``, the pool that runs a scan on pieces of the text at once.
- ``lines``: the loader's passes over a file's bytes.
- ``image``: the one-byte-a-character ASCII image of a text that the matchers scan.
- ``arrow``: Arrow string columns read and written in place.
- ``intern``: numbers for distinct byte strings.
- ``tokens``: the word tokenizer compiled, and numbered word tokens (``Words``).
- ``text``: ``JoinedText`` (the rows joined once) and ``TextCache``.
- ``trie``: an alias table as byte tries, and the entity scan.
- ``dfa``: expressions compiled to a DFA, and the lexicon, cue and phrase scans.
- ``sentences``: the sentence segmenter's rules as one pass over the documents.
- ``windows``: collocate, stance and KWIC context windows around matches.
- ``tables``: the co-occurrence pair counts.
- ``hypergeom``: exact hypergeometric tails (the Fisher tests' p-values).
- ``store``: built matchers kept on disk between processes, as numba keeps the loops.

Each loop is compared with a plain, obviously correct reference in ``tests/``.
"""
