"""Argument checks shared by the stage functions: short messages that say what to pass."""

from __future__ import annotations

import numbers

import pandas as pd


def check_count(function: str, name: str, value, minimum: int = 0, none_ok: bool = False):
    """``value`` as an int of at least ``minimum`` (None passes when ``none_ok``); else a
    ValueError naming the function and the argument ("kwic: window must be a whole number
    >= 0, not -1")."""
    if value is None and none_ok:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(
            f"{function}: {name} must be a whole number >= {minimum}"
            f"{' or None' if none_ok else ''}, not {value!r}"
        )
    return int(value)


def check_table(function: str, name: str, value, columns: tuple[str, ...], made_by: str) -> None:
    """``value`` must be a DataFrame holding ``columns``; else a ValueError naming the function,
    the argument, what it lacks and which function makes such a table."""
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise ValueError(
            f"{function}: {name} must be a DataFrame ({made_by}'s table), "
            f"not {type(value).__name__}"
        )
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ValueError(
            f"{function}: {name} lacks column(s) {missing}; pass {made_by}'s table "
            f"(columns {list(columns)} at least)"
        )
    if name == "corpus" and "sentence_id" in columns:
        check_corpus_ids(function, value)


def check_text(function: str, name: str, value, empty_ok: bool = False) -> str:
    """``value`` must be a string (non-blank unless ``empty_ok``); else a short ValueError."""
    if not isinstance(value, str):
        raise ValueError(f"{function}: {name} must be a string, not {type(value).__name__}")
    if not empty_ok and not value.strip():
        raise ValueError(f"{function}: {name} is empty; type a word, phrase or pattern")
    surrogate = next((ch for ch in value if "\ud800" <= ch <= "\udfff"), None)
    if surrogate is not None:
        raise ValueError(
            f"{function}: {name} holds a lone surrogate ({surrogate!a}), half of a character "
            f"that no text can contain; type the whole character"
        )
    return value


def check_corpus_ids(function: str, corpus) -> None:
    """A corpus's ``sentence_id`` must be whole numbers, each once: counts key on it (a
    repeated id would merge two sentences, a fractional one be cut to a whole one)."""
    ids = corpus["sentence_id"]
    if not pd.api.types.is_integer_dtype(ids.dtype):
        numbers = pd.to_numeric(ids, errors="coerce")
        whole = numbers.notna() & (numbers == numbers.round())
        if not whole.all():
            k = int((~whole.to_numpy()).argmax())
            value = ids.iloc[k]
            shown = repr(value) if isinstance(value, str) else value
            raise ValueError(
                f"{function}: corpus sentence_id {shown} (row {k}) is not a whole "
                f"number; number the rows 1, 2, 3... (load_corpus does)"
            )
    if not ids.is_unique:
        repeated = ids[ids.duplicated()].iloc[0]
        raise ValueError(
            f"{function}: corpus sentence_id {repeated} names more than one row; each row needs "
            f"an id of its own (load_corpus numbers them)"
        )


def check_spans(function: str, spans) -> None:
    """``spans`` must be a table of spans (``sentence_id``, ``start``, ``end``), as
    ``find_entities``, ``find_frames`` and ``kwic`` return."""
    columns = ("sentence_id", "start", "end")
    check_table(function, "spans", spans, columns, "find_entities, find_frames or kwic")
    starts = pd.to_numeric(spans["start"], errors="coerce").to_numpy()
    ends = pd.to_numeric(spans["end"], errors="coerce").to_numpy()
    bad = ~((starts >= 0) & (starts <= ends))  # (NaN compares False: bad too)
    if bad.any():
        k = int(bad.argmax())
        raise ValueError(
            f"{function}: span {k} (sentence_id {spans['sentence_id'].iloc[k]}) runs from "
            f"{spans['start'].iloc[k]} to {spans['end'].iloc[k]}; a span's start must be a "
            f"whole number >= 0 and at most its end"
        )
