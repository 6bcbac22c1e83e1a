"""The disk cache of built matchers (engine.store): a hit returns what was built, any change of
an input file builds again, and a broken or unwritable cache only costs the build."""

import numpy as np
import pandas as pd
import pytest

from conflict_corpus.engine.store import built
from conflict_corpus.entities import EntityMatcher, load_gazetteer
from conflict_corpus.files import GAZETTEER_FILE, LEXICON_FILE, STANCE_FILE, curated_files
from conflict_corpus.wording import FrameMatcher, load_lexicon, load_stance_cues


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_second_call_reads_what_the_first_built(tmp_path):
    source = tmp_path / "table.csv"
    source.write_text("alias\nSadr\n", encoding="utf-8")
    build, calls = _counting({"rows": [1, 2, 3]})
    first = built("probe", build, [source], folder=tmp_path / "cache")
    second = built("probe", build, [source], folder=tmp_path / "cache")
    assert first == second == {"rows": [1, 2, 3]} and len(calls) == 1
    assert second is not first  # read from the file, not kept in memory
    assert [p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()] == ["probe"]


def test_an_edited_input_is_built_again_and_the_files_used_last_are_kept(tmp_path, monkeypatch):
    import conflict_corpus.engine.store as store

    source = tmp_path / "table.csv"
    folder = tmp_path / "cache"

    def probe(text: str, value: str) -> tuple[str, int]:
        """What ``built`` returns for the file holding ``text``, and how many builds it ran."""
        source.write_text(text, encoding="utf-8")
        build, calls = _counting(value)
        return built("probe", build, [source], folder=folder), len(calls)

    assert probe("alias\nSadr\n", "one") == ("one", 1)
    assert probe("alias\nal-Sadr\n", "two") == ("two", 1)  # edited: built again
    assert probe("alias\nSadr\n", "not") == ("one", 0)  # back: read, not built
    # (Every value pickles to the same size.) Room for two files: a third new one removes the
    # one used longest ago (al-Sadr's; Sadr's was read after it).
    (first, *_) = folder.glob("probe-*.pickle")
    monkeypatch.setattr(store, "KEEP_BYTES", 2 * first.stat().st_size)
    assert probe("alias\nSayyid\n", "six") == ("six", 1)
    assert len(list(folder.glob("probe-*.pickle"))) == 2
    assert probe("alias\nSadr\n", "not") == ("one", 0)
    assert probe("alias\nal-Sadr\n", "ten") == ("ten", 1)
    # Room for none but the new file: it stays, alone.
    monkeypatch.setattr(store, "KEEP_BYTES", 0)
    assert probe("alias\nMuqtada\n", "new") == ("new", 1)
    assert len(list(folder.glob("probe-*.pickle"))) == 1
    assert probe("alias\nMuqtada\n", "not") == ("new", 0)


def test_a_broken_cache_file_is_built_again(tmp_path):
    source = tmp_path / "table.csv"
    source.write_text("alias\nSadr\n", encoding="utf-8")
    build, calls = _counting([1])
    built("probe", build, [source], folder=tmp_path)
    (cached,) = tmp_path.glob("probe-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert built("probe", build, [source], folder=tmp_path) == [1]
    assert len(calls) == 2


def test_a_failed_write_leaves_no_file_behind(tmp_path, monkeypatch):
    import conflict_corpus.engine.store as store

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    source = tmp_path / "table.csv"
    source.write_text("alias\nSadr\n", encoding="utf-8")
    monkeypatch.setattr(store.pickle, "dump", disk_full)
    build, calls = _counting("value")
    assert built("probe", build, [source], folder=tmp_path / "cache") == "value"
    assert list((tmp_path / "cache").iterdir()) == []  # neither the file nor its temporary


def test_a_missing_folder_is_made_and_a_file_in_its_way_only_costs_the_build(tmp_path):
    source = tmp_path / "table.csv"
    source.write_text("alias\nSadr\n", encoding="utf-8")
    blocked = tmp_path / "a file"
    blocked.write_text("", encoding="utf-8")
    build, calls = _counting("value")
    assert built("probe", build, [source], folder=blocked / "cache") == "value"
    assert built("probe", build, [source], folder=tmp_path / "new" / "cache") == "value"
    assert built("probe", build, [source], folder=tmp_path / "new" / "cache") == "value"
    assert len(calls) == 2


def _same(a, b):
    """Every array and table of a and b equal, and those of their automata and tries."""
    assert type(a) is type(b)
    for name, value in vars(a).items():
        other = getattr(b, name)
        if isinstance(value, np.ndarray):
            assert np.array_equal(value, other), name
        elif isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(value, other)
        elif type(value).__module__.startswith("conflict_corpus"):
            _same(value, other)
        else:  # sets, lists, dicts, numbers (repr: a NaN read back is another object)
            assert value == other or repr(value) == repr(other), name


# (The frame matcher of the lexicon's first 80 rows: the same classes and automata as the
# shipped one's, built in a fraction of its seconds.)
@pytest.mark.parametrize(
    "make, inputs",
    [
        (
            lambda: FrameMatcher(load_lexicon().head(80), load_stance_cues()),
            [LEXICON_FILE, STANCE_FILE],
        ),
        (lambda: EntityMatcher(load_gazetteer()), [GAZETTEER_FILE]),
    ],
)
def test_a_matcher_read_from_the_cache_equals_a_fresh_build(make, inputs, tmp_path):
    inputs = [*inputs, *curated_files()]
    fresh = built("matcher", make, inputs, folder=tmp_path)  # (built here: the store was empty)
    read = built("matcher", lambda: pytest.fail("built again"), inputs, folder=tmp_path)
    _same(fresh, read)
