"""Every public function checks its arguments and says in one short line what to pass."""

import pandas as pd
import pytest

import helpers

SENTS = pd.DataFrame(
    {"sentence_id": [1, 2], "text": ["Sadr spoke in Najaf.", "The Mahdi Army agreed."]}
)
MENTIONS = pd.DataFrame(columns=["sentence_id", "entity", "start", "end"])
FRAMES = pd.DataFrame(columns=["sentence_id", "frame", "start", "end"])

CASES = [
    (lambda: helpers.kwic(SENTS, "Sadr", window=-1), r"kwic: window must be a whole number >= 0"),
    (lambda: helpers.kwic(SENTS, "Sadr", window=1.5), r"kwic: window must be a whole number"),
    (lambda: helpers.kwic(SENTS, "Sadr", window="3"), r"kwic: window must be .* not '3'"),
    (lambda: helpers.kwic(SENTS, "Sadr", limit=-2), r"kwic: limit must be a whole number >= 0"),
    (lambda: helpers.kwic(SENTS, 3), r"kwic: query must be a string, not int"),
    (lambda: helpers.kwic(SENTS, "  "), r"kwic: query is empty"),
    (lambda: helpers.kwic(["Sadr"], "Sadr"), r"kwic: corpus must be a DataFrame .*, not list"),
    (lambda: helpers.kwic_count(SENTS[["text"]], "x"), r"kwic_count: corpus lacks .*'sentence_id'"),
    (lambda: helpers.in_context(SENTS, MENTIONS, window=-1), r"in_context: window must be"),
    (lambda: helpers.in_context(SENTS, SENTS), r"in_context: spans lacks column\(s\) \['start'"),
    (lambda: helpers.find_entities("corpus.txt"), r"find_entities: corpus must be a DataFrame"),
    (lambda: helpers.find_frames(SENTS[["sentence_id"]]), r"find_frames: corpus lacks .*'text'"),
    (lambda: helpers.entity_frequency(SENTS, SENTS), r"entity_frequency: mentions lacks"),
    (lambda: helpers.entity_variants(FRAMES), r"entity_variants: mentions lacks .*'entity'"),
    (lambda: helpers.uncovered_names(SENTS, FRAMES), r"uncovered_names: mentions lacks"),
    (lambda: helpers.shared_name_words(None), r"shared_name_words: mentions must be a DataFrame"),
    (lambda: helpers.frame_summary(MENTIONS, SENTS), r"frame_summary: frames lacks .*'frame'"),
    (lambda: helpers.frames_by_entity(FRAMES, FRAMES), r"frames_by_entity: mentions lacks"),
    (lambda: helpers.cooccurrence(SENTS), r"cooccurrence: mentions lacks .*'entity'"),
    (lambda: helpers.incidence(SENTS), r"incidence: mentions lacks"),
    (lambda: helpers.named_with(pd.DataFrame(), "x", n=-1), r"named_with: n must be"),
    (lambda: helpers.cooccurrence_pairs(MENTIONS, SENTS, min_count=0.5), r"min_count must be"),
    (lambda: helpers.collocates(SENTS, MENTIONS, window=-1), r"collocates: window must be"),
    (lambda: helpers.collocates(SENTS, SENTS), r"collocates: spans lacks"),
    (lambda: helpers.word_frequency(SENTS["text"], n=-5), r"word_frequency: n must be"),
    (lambda: helpers.bigram_collocations(SENTS["text"], min_count=0), r"min_count must be .* >= 1"),
    (lambda: helpers.sentence_lengths(SENTS[["text"]]), r"sentence_lengths: corpus lacks"),
    (lambda: helpers.sentences(SENTS), r"sentences: corpus lacks column\(s\) \['kind'\]"),
    (lambda: helpers.corpus_summary(SENTS), r"corpus_summary: corpus lacks"),
    (lambda: helpers.plot_entity_frequency(pd.DataFrame(), top=0), r"top must be .* >= 1"),
    (lambda: helpers.plot_variants(pd.DataFrame(), per_entity=0), r"per_entity must be"),
    (lambda: helpers.plot_cooccurrence(pd.DataFrame(), top="5"), r"plot_cooccurrence: top must"),
    (lambda: helpers.plot_network(MENTIONS, max_edges=0), r"plot_network: max_edges must be"),
    (lambda: helpers.plot_frames_by_entity(pd.DataFrame(), top=-1), r"top must be"),
    (lambda: helpers.load_corpus(None, multiline="yes"), r"multiline must be True or False"),
]


@pytest.mark.parametrize("call, message", CASES, ids=[m for _, m in CASES])
def test_a_wrong_argument_gets_one_short_line(call, message):
    with pytest.raises((ValueError, TypeError), match=message) as error:
        call()
    assert "\n" not in str(error.value) and len(str(error.value)) < 160
