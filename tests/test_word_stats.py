"""The compiled word statistics give exactly what plain Python gives.

``word_frequency``, ``bigram_collocations``, ``sentence_lengths`` and ``collocates`` count
every token of every row from one compiled tokenisation
(``conflict_corpus.engine.tokens.Words``). The references below are the obvious way: find
WORD_PATTERN in each text with Python's ``re``, count the strings with FreqDist, hand NLTK's
collocation finder the token lists, and compute every association measure from its
definition (logs by hand, Fisher's exact test from scipy, Benjamini-Hochberg by hand). Both
must give the same tables on generated, hand-written, seed and sample sentences.

(``re``, not NLTK's RegexpTokenizer: NLTK 3.10 runs the pattern with the ``regex`` module,
whose ``\\w`` differs from ``re``'s for a few characters such as "²"; the corpus counts have
always used ``re``.)
"""

import functools
import math
import re
import sys

import pandas as pd
import pytest
from nltk.collocations import BigramCollocationFinder
from nltk.probability import FreqDist
from scipy.stats import fisher_exact

import helpers
from conflict_corpus.engine.text import joined_text

sys.path.insert(0, str(helpers.ROOT / "benchmarks"))
import generate_corpus  # noqa: E402

HAND_WRITTEN = [
    "Sadr's men didn't go; the Sadrists' rally went on, rock'n'roll and Shi'ite Shi’ites too.",
    "Cease-fire, cease-fires, ceasefire; al-Sadr's al-Mahdi -- a - b, x-, -y, co--op.",
    "Ṣadr City, Şadr, ÉCOLE, Straße STRASSE, İstanbul, Ǆemal, ﬁre and ﬂag (ligatures).",
    "مقتدى الصدر said 应用推荐 ceasefire ١٢٣ 123 ²³ 4th 2008 1,000 3.5 seven-month-old",
    "it's it’s they're we've you'll he'd I'm can't o'clock O'Neill d'Arcy rock'n' 's 'tis",
    "ALL CAPS HEADLINE WORDS Mahdi Army MAHDI ARMY mahdi army",
    "",
    "   ",
    "snake_case under_score _lead trail_ a_b",
    "A\u00a0no-break space\u2028line separator and a\ttab and\rcarriage return",
]


def reference_tokens(text):
    return [t.lower() for t in re.findall(helpers.WORD_PATTERN, text)]


def reference_content(texts, stopwords):
    return [
        [t for t in reference_tokens(text) if t not in stopwords and not t.isdigit()]
        for text in texts
    ]


def reference_word_frequency(texts, n, stopwords):
    lists = reference_content(texts, stopwords)
    counts = FreqDist(t for tokens in lists for t in tokens)
    rows = FreqDist(t for tokens in lists for t in set(tokens))
    table = pd.DataFrame({"word": list(counts.keys()), "count": list(counts.values())})
    table["sentences"] = table["word"].map(rows).astype("int64")
    table = table.sort_values(["count", "word"], ascending=[False, True], kind="stable")
    return table.head(n).reset_index(drop=True)


def reference_q_values(p_values):
    """Benjamini-Hochberg by hand: p * m / rank, then the running minimum from the largest p."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q, running = [0.0] * m, 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = running
    return q


@functools.cache
def fisher_greater(o11, a, b, n):
    """scipy's one-sided Fisher exact test of the 2x2 table (once a table: many pairs share
    theirs)."""
    return fisher_exact([[o11, a - o11], [b - o11, n - a - b + o11]], alternative="greater").pvalue


def reference_measures(rows):
    """The measures of each 2x2 table (count, count_a, count_b, n) written out from their
    definitions: logs by hand, Fisher's exact test from scipy, BH by hand over all rows."""
    for r in rows:
        o11, a, b, n = r["count"], r["count_a"], r["count_b"], r["n"]
        cells = [o11, a - o11, b - o11, n - a - b + o11]
        fitted = [a * b / n, a * (n - b) / n, (n - a) * b / n, (n - a) * (n - b) / n]
        g2 = 2 * sum(o * math.log(o / e) for o, e in zip(cells, fitted) if o)
        r["expected"] = a * b / n
        r["pmi"] = math.log2(o11 * n / (a * b)) if o11 else float("-inf")
        r["npmi"] = (1.0 if o11 == n else r["pmi"] / -math.log2(o11 / n)) if o11 else -1.0
        r["llr"] = math.copysign(g2, o11 - r["expected"]) if o11 != r["expected"] else 0.0
        r["dice"] = 2 * o11 / (a + b)
        r["p_value"] = fisher_greater(o11, a, b, n)
        r["too_rare"] = fisher_greater(min(a, b), a, b, n) > 0.05
    for r, q in zip(rows, reference_q_values([r["p_value"] for r in rows])):
        r["q_value"] = q
    return rows


def ties(column):
    """Measures equal to 9 decimals are a tie (broken by count, then name)."""
    return column.round(9) if column.dtype.kind == "f" else column


MEASURE_COLUMNS = ["expected", "pmi", "npmi", "llr", "dice", "p_value", "q_value", "too_rare"]


def reference_bigrams(texts, n, min_count, stopwords):
    # NLTK's finder on every token, the stopword filter applied to the pairs (apply_word_filter).
    finder = BigramCollocationFinder.from_documents([reference_tokens(t) for t in texts])
    finder.apply_word_filter(lambda w: w in stopwords or w.isdigit())
    total = finder.word_fd.N()
    rows = [
        {
            "bigram": " ".join(pair),
            "count": count,
            "count_a": finder.word_fd[pair[0]],
            "count_b": finder.word_fd[pair[1]],
            "n": total,
        }
        for pair, count in finder.ngram_fd.items()
    ]
    columns = ["bigram", "count", "count_a", "count_b", "n", *MEASURE_COLUMNS]
    table = pd.DataFrame(reference_measures(rows), columns=columns).astype({"bigram": "str"})
    table = table[table["count"] >= min_count].sort_values(
        ["llr", "count", "bigram"], ascending=[False, False, True], kind="stable", key=ties
    )
    return table.head(n).reset_index(drop=True)


def reference_collocates(corpus, spans, window, min_count, stopwords, sort_by, attracted_only):
    """Token by token: each node's window of words either side, in one sentence; every total
    counts content words only."""
    texts = dict(zip(corpus["sentence_id"], corpus["text"]))
    nodes_of = {}
    for sid, start, end in zip(spans["sentence_id"], spans["start"], spans["end"]):
        nodes_of.setdefault(sid, []).append((start, end))
    frequency, near, window_tokens = FreqDist(), FreqDist(), 0
    for sid, text in texts.items():
        tokens = helpers.word_spans(text)
        words = [text[s:e].lower() for s, e in tokens]
        frequency.update(w for w in words if w not in stopwords and not w.isdigit())
        nodes = nodes_of.get(sid, [])
        inside = [any(s >= ns and e <= ne for ns, ne in nodes) for s, e in tokens]
        in_window = set()
        for ns, ne in nodes:
            first = next((k for k, (s, e) in enumerate(tokens) if e > ns), len(tokens))
            last = max((k for k, (s, e) in enumerate(tokens) if s < ne), default=first - 1)
            in_window.update(range(max(0, first - window), first))
            in_window.update(range(last + 1, min(len(tokens), last + 1 + window)))
        for k in sorted(in_window):
            if not inside[k] and words[k] not in stopwords and not words[k].isdigit():
                window_tokens += 1
                near[words[k]] += 1
    total = sum(frequency.values())
    rows = [
        {
            "word": w,
            "count": c,
            "window_tokens": window_tokens,
            "frequency": frequency[w],
            "n": total,
            "count_a": window_tokens,
            "count_b": frequency[w],
        }
        for w, c in near.items()
    ]
    reference_measures(rows)
    rows = [r for r in rows if r["count"] >= min_count]
    if attracted_only:
        rows = [r for r in rows if r["count"] > r["expected"]]
    columns = ["word", "count", "window_tokens", "frequency", "n", *MEASURE_COLUMNS]
    table = pd.DataFrame({c: [r[c] for r in rows] for c in columns}).astype(
        {
            "word": "str",
            "count": "int64",
            "window_tokens": "int64",
            "frequency": "int64",
            "n": "int64",
            "too_rare": "bool",
        }
        | {c: "float64" for c in MEASURE_COLUMNS[:-1]}
    )
    table = table.sort_values(
        [sort_by, "count", "word"], ascending=[False, False, True], kind="stable", key=ties
    )
    return table.reset_index(drop=True)


def corpora():
    seed = helpers.sentences(helpers.load_corpus())
    sample = helpers.sentences(
        helpers.load_corpus(helpers.DATA / "examples" / "mahdi_army_news_sample.csv")
    )
    texts = generate_corpus.generate(3000, seed=31) + HAND_WRITTEN
    generated = pd.DataFrame(
        {"sentence_id": range(1, len(texts) + 1), "text": texts, "kind": "sentence"}
    )
    return {"seed": seed, "sample": sample, "generated": generated}


CORPORA = corpora()


@pytest.mark.parametrize("name", list(CORPORA))
def test_tokens_counts_and_bigrams_equal_the_reference(name):
    corpus = CORPORA[name]
    stopwords = helpers.load_stopwords()
    texts = corpus["text"]
    lengths = helpers.sentence_lengths(corpus)
    assert lengths["words"].tolist() == [len(reference_tokens(t)) for t in texts]
    expected = reference_word_frequency(texts, 60, stopwords)
    assert len(expected) == 60
    pd.testing.assert_frame_equal(helpers.word_frequency(texts, n=60), expected)
    for min_count in (1, 2):
        expected = reference_bigrams(texts, 40, min_count, stopwords)
        assert len(expected) >= (40 if min_count == 1 else 3)
        pd.testing.assert_frame_equal(
            helpers.bigram_collocations(texts, n=40, min_count=min_count), expected
        )


def test_hand_written_tokens_are_the_tokenizers():
    corpus = pd.DataFrame(
        {"sentence_id": range(len(HAND_WRITTEN)), "text": HAND_WRITTEN, "kind": "sentence"}
    )
    words = joined_text(HAND_WRITTEN).words()
    for r, text in enumerate(HAND_WRITTEN):
        ids = words.ids[words.row_ptr[r] : words.row_ptr[r + 1]]
        assert words.vocab[ids].tolist() == reference_tokens(text), text
    # Read by hand: a split-off 's and 't, a trailing apostrophe dropped, hyphens joining words
    # only between letters.
    assert words.vocab[words.ids[: words.row_ptr[2]]].tolist() == [
        "sadr",
        "s",
        "men",
        "didn",
        "t",
        "go",
        "the",
        "sadrists",
        "rally",
        "went",
        "on",
        "rock'n'roll",
        "and",
        "shi'ite",
        "shi’ites",
        "too",
        "cease-fire",
        "cease-fires",
        "ceasefire",
        "al-sadr",
        "s",
        "al-mahdi",
        "a",
        "b",
        "x",
        "y",
        "co",
        "op",
    ]
    assert helpers.sentence_lengths(corpus)["words"].tolist()[:2] == [16, 12]


@pytest.mark.parametrize("name", list(CORPORA))
def test_collocates_equal_the_reference(name):
    corpus = CORPORA[name]
    stopwords = helpers.load_stopwords()
    mentions = helpers.find_entities(corpus)
    spans = [mentions[mentions["entity"] == e] for e in mentions["entity"].value_counts().index[:3]]
    spans.append(helpers.kwic(corpus, r"\bcease[-\s]?fires?\b", regex=True))
    # Nodes that overlap, repeat, sit at a row's edge, and name a sentence not in the corpus.
    spans.append(
        pd.DataFrame(
            {
                "sentence_id": [1, 1, 1, 2, 10**9],
                "start": [0, 0, 3, 5, 0],
                "end": [4, 4, 12, 200, 3],
            }
        )
    )
    checked = 0
    for span in spans:
        for kwargs in (
            dict(window=5, min_count=1, sort_by="llr", attracted_only=True),
            dict(window=2, min_count=2, sort_by="pmi", attracted_only=False),
        ):
            expected = reference_collocates(corpus, span, stopwords=stopwords, **kwargs)
            pd.testing.assert_frame_equal(helpers.collocates(corpus, span, **kwargs), expected)
            checked += len(expected)
    assert checked > 40


def test_length_summary_describes_from_counts_alone_by_hand():
    # Four sentences of 3, 5, 5 and 10 words. Mean 23 / 4 = 5.75; squared deviations 7.5625,
    # 0.5625, 0.5625 and 18.0625 sum to 26.75, so the sample std is sqrt(26.75 / 3). Quartiles
    # by linear interpolation at positions q * 3 of the sorted lengths: 0.75 -> 3 + 0.75 * 2 =
    # 4.5; 1.5 -> 5; 2.25 -> 5 + 0.25 * 5 = 6.25.
    lengths = pd.DataFrame({"words": [10, 5, 3, 5], "characters": [60, 30, 20, 31]})
    counts = helpers.length_counts(lengths)
    assert counts["words"].to_dict() == {3: 1, 5: 2, 10: 1}
    words = helpers.length_summary(counts).loc["words"]
    assert words.to_dict() == pytest.approx(
        {
            "count": 4.0,
            "mean": 5.75,
            "std": (26.75 / 3) ** 0.5,
            "min": 3.0,
            "25%": 4.5,
            "50%": 5.0,
            "75%": 6.25,
            "max": 10.0,
        }
    )
    # Counts of two parts added are the whole's counts.
    halves = [helpers.length_counts(lengths.iloc[:2]), helpers.length_counts(lengths.iloc[2:])]
    added = halves[0]["words"].add(halves[1]["words"], fill_value=0)
    assert added.to_dict() == {3: 1, 5: 2, 10: 1}
