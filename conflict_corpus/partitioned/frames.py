"""Notebook 04's tables: the frames used (their summary, by entity, their events coded CAMEO and
PLOVER, and the first ceasefire or disarmament mentions with their parties,
``parties.event_list``), the first KWIC lines of each frame, and each phrase searched
(``TableOptions.searches``).
The frame summary (here, by group in notebook 05, and ``wording.frame_summary``) is counted by
one set of three steps, ``wording.frame_counts``, ``added_frame_counts`` and ``frame_table``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..cooccurrence import collocates_of, near_counts
from ..groups import whole
from ..kwic import (
    first_forms,
    in_context,
    kwic,
    ranked_forms,
    spelling_cells,
    spelling_table_of,
    spellings,
)
from ..parties import PARTY_FRAMES, event_list
from ..tokens import load_stopwords
from ..wording import (
    EVENT_KEYS,
    EVENT_LINES,
    WHOLE,
    added_frame_counts,
    frame_counts,
    frame_events,
    frame_table,
    frames_by_entity,
    named_events,
    ranked_by_entity,
)
from .options import CorpusTables, Part, SearchTables, TableOptions
from .sums import add_counts, first_rows, inferred


def kwic_lines(sents: pd.DataFrame, frames: pd.DataFrame, options: TableOptions) -> dict:
    """The first ``options.kwic_rows`` KWIC lines of each of ``options.kwic_frames``, with the
    stance of each match and the ``cue`` that decided it."""
    lines = {}
    for frame in options.kwic_frames:
        first = frames[frames["frame"] == frame].head(options.kwic_rows)
        # A missing stance is None whatever else the lines hold (pandas would read a column of
        # strings and None as strings with NaN, and one of None alone as objects: two parts'
        # lines would then not add up to the whole's).
        stance = [s if isinstance(s, str) else None for s in first["stance"]]
        cue = [c if isinstance(c, str) else None for c in first["cue"]]
        lines[frame] = in_context(sents, first, options.window).assign(
            stance=pd.Series(stance, dtype=object), cue=pd.Series(cue, dtype=object)
        )
    return lines


def count(part: Part, options: TableOptions) -> dict:
    sents, frames = part.sents, part.frames
    return {
        "frames": frame_counts(frames, np.full(len(frames), WHOLE, dtype=object)),
        "frames_by_entity": frames_by_entity(frames, part.mentions).stack().rename("sentences"),
        "kwic": kwic_lines(sents, frames, options),
        "events": frame_events(frames),
        "event_list": event_list(sents, part.mentions, _first_events(frames, options)),
        "searches": {name: _search_counts(sents, p, options) for name, p in options.searches},
    }


def _first_events(frames: pd.DataFrame, options: TableOptions) -> pd.DataFrame:
    """The first ``options.event_rows`` ceasefire and disarmament matches of a partition, whose
    parties the event list reads (the rules read the words around each match, a few
    microseconds each: the first ones, as the explorer's sample holds the first sentences)."""
    return frames[frames["frame"].isin(PARTY_FRAMES)].head(options.event_rows)


def _search_counts(sents: pd.DataFrame, pattern: str, options: TableOptions) -> dict:
    """One partition's counts of a phrase searched (what ``SearchTables`` is finished from)."""
    found = kwic(sents, pattern, regex=True)
    spelled = spellings(sents, found)
    near, window_tokens = near_counts(sents, found, options.collocate_window, load_stopwords())
    return {
        "lines": found.head(options.search_rows),
        "matches": len(found),
        "rows": found["sentence_id"].nunique(),
        "forms": first_forms(spelled),
        "cells": spelling_cells(spelled),
        "near": near,
        "window_tokens": window_tokens,
    }


def add(a: dict, b: dict, shift: int, options: TableOptions) -> dict:
    return {
        "frames": added_frame_counts(a["frames"], b["frames"], shift),
        "frames_by_entity": add_counts(a["frames_by_entity"], b["frames_by_entity"]),
        "kwic": {
            frame: first_rows(lines, b["kwic"][frame], shift, options.kwic_rows)
            for frame, lines in a["kwic"].items()
        },
        "events": _added_events(a["events"], b["events"], shift),
        "event_list": first_rows(a["event_list"], b["event_list"], shift, options.event_rows),
        "searches": {
            name: _added_search(found, b["searches"][name], shift, options)
            for name, found in a["searches"].items()
        },
    }


def _added_events(a: pd.DataFrame, b: pd.DataFrame, shift: int) -> pd.DataFrame:
    """Two parts' ``frame_events`` as one's: counts added, first lines kept in corpus order."""
    shifted = b.assign(first_lines=[[i + shift for i in ids] for ids in b["first_lines"]])
    grouped = pd.concat([a, shifted], ignore_index=True).groupby(EVENT_KEYS)
    return pd.DataFrame(
        {
            "matches": grouped["matches"].sum(),
            "sentences": grouped["sentences"].sum(),
            "first_lines": grouped["first_lines"].agg(lambda lists: sum(lists, [])[:EVENT_LINES]),
        }
    ).reset_index()


def _added_search(a: dict, b: dict, shift: int, options: TableOptions) -> dict:
    forms = pd.concat(
        [a["forms"], b["forms"].assign(sentence_id=b["forms"]["sentence_id"] + shift)]
    )
    grouped = forms.groupby(level=0)  # (a's rows first: its first match is the earlier)
    return {
        "lines": first_rows(a["lines"], b["lines"], shift, options.search_rows),
        "matches": a["matches"] + b["matches"],
        "rows": a["rows"] + b["rows"],
        "forms": pd.DataFrame(
            {
                "count": grouped["count"].sum(),
                "sentence_id": grouped["sentence_id"].first(),
                "start": grouped["start"].first(),
            }
        ).rename_axis("spelling"),
        "cells": add_counts(a["cells"], b["cells"]),
        "near": add_counts(a["near"], b["near"]),
        "window_tokens": a["window_tokens"] + b["window_tokens"],
    }


def finish(counts: dict, tables: CorpusTables, options: TableOptions) -> None:
    tables.frame_summary = frame_table(counts["frames"], whole(counts["sentences"]))
    tables.frames_by_entity = ranked_by_entity(
        counts["frames_by_entity"].unstack("frame", fill_value=0).astype(np.int64)
    )
    # (A column of a partition with no KWIC line has no type: inferred again on the whole.)
    tables.kwic = {f: inferred(lines) for f, lines in counts["kwic"].items()}
    tables.events = named_events(counts["events"])
    tables.event_list = inferred(counts["event_list"])
    frequency = counts["words"]["count"]
    tables.searches = {
        name: SearchTables(
            lines=found["lines"],
            matches=found["matches"],
            rows=found["rows"],
            forms=ranked_forms(found["forms"]),
            table=spelling_table_of(found["cells"]),
            collocates=collocates_of(found["near"], found["window_tokens"], frequency),
        )
        for name, found in counts["searches"].items()
    }
