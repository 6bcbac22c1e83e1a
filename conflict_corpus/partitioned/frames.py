"""Notebook 04's tables: the frames used (their summary, by entity, their events coded CAMEO and
PLOVER), the first KWIC lines of each frame, and each phrase searched (``TableOptions.searches``).
A frame summary by group (notebook 05's) is counted by the same three steps, ``frame_counts``,
``added_frame_counts`` and ``frame_table``, with the groups' labels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..cooccurrence import collocates_of, near_counts
from ..groups import Grouping, whole
from ..kwic import (
    first_forms,
    in_context,
    kwic,
    ranked_forms,
    spellings,
)
from ..load import _id_list
from ..tokens import load_stopwords
from ..wording import (
    EVENT_KEYS,
    EVENT_LINES,
    frame_events,
    frames_by_entity,
    ranked_by_entity,
    ranked_frames,
)
from .options import WHERE_IDS, CorpusTables, Part, SearchTables, TableOptions
from .sums import add_counts, first_rows, inferred

# The label of a corpus counted as one group (``frame_counts`` without groups).
WHOLE = ""


def kwic_lines(sents: pd.DataFrame, frames: pd.DataFrame, options: TableOptions) -> dict:
    """The first ``options.kwic_rows`` KWIC lines of each of ``options.kwic_frames``."""
    lines = {}
    for frame in options.kwic_frames:
        first = frames[frames["frame"] == frame].head(options.kwic_rows)
        # A missing stance is None whatever else the lines hold (pandas would read a column of
        # strings and None as strings with NaN, and one of None alone as objects: two parts'
        # lines would then not add up to the whole's).
        stance = [s if isinstance(s, str) else None for s in first["stance"]]
        lines[frame] = in_context(sents, first, options.window).assign(
            stance=pd.Series(stance, dtype=object)
        )
    return lines


def frame_counts(frames: pd.DataFrame, labels) -> pd.DataFrame:
    """Per (group label, frame), ``labels`` giving each match's group: ``matches``,
    ``sentences``, the set of CAMEO codes (``cameo``) and the first sentence ids (``ids``):
    what ``frame_summary`` is finished from (``frame_table``)."""
    grouped = frames.assign(_label=labels).groupby(["_label", "frame"], sort=False)
    return pd.DataFrame(
        {
            "matches": grouped.size(),
            "sentences": grouped["sentence_id"].nunique(),
            "cameo": grouped["cameo"].agg(lambda c: frozenset(c.dropna())),
            "ids": grouped["sentence_id"].agg(lambda i: np.unique(i.to_numpy())[: WHERE_IDS + 1]),
        }
    )


def added_frame_counts(a: pd.DataFrame, b: pd.DataFrame, shift: int) -> pd.DataFrame:
    """Two neighbouring parts' ``frame_counts`` as one's (``b``'s ids shifted by ``shift``)."""
    later = b.assign(ids=[ids + shift for ids in b["ids"]])
    grouped = pd.concat([a, later]).groupby(level=[0, 1], sort=False)
    return pd.DataFrame(
        {
            "matches": grouped["matches"].sum(),
            "sentences": grouped["sentences"].sum(),
            "cameo": grouped["cameo"].agg(lambda sets: frozenset().union(*sets)),
            "ids": grouped["ids"].agg(lambda lists: np.concatenate(list(lists))[: WHERE_IDS + 1]),
        }
    )


def frame_table(counts: pd.DataFrame, groups: Grouping) -> pd.DataFrame:
    """``frame_summary``'s table (by ``groups``; ``whole(n)``: the corpus as one group, counted
    under ``WHOLE``) from the sums of ``frame_counts``."""
    if groups.by is None:
        code = {WHOLE: 0}
    else:
        code = {label: k for k, label in enumerate(groups.labels)}
    labels = counts.index.get_level_values(0)
    table = pd.DataFrame(
        {
            "_group": np.array([code[label] for label in labels], dtype=np.int64),
            "frame": counts.index.get_level_values(1).to_numpy(dtype=object),
            "matches": counts["matches"].to_numpy(dtype=np.int64),
            "sentences": counts["sentences"].to_numpy(dtype=np.int64),
            "cameo": [", ".join(sorted(codes)) for codes in counts["cameo"]],
            "where": [
                _id_list(ids, WHERE_IDS, total)
                for ids, total in zip(counts["ids"], counts["sentences"])
            ],
        }
    )
    return ranked_frames(table, groups)


def count(part: Part, options: TableOptions) -> dict:
    sents, frames = part.sents, part.frames
    return {
        "frames": frame_counts(frames, np.full(len(frames), WHOLE, dtype=object)),
        "frames_by_entity": frames_by_entity(frames, part.mentions).stack().rename("sentences"),
        "kwic": kwic_lines(sents, frames, options),
        "events": frame_events(frames),
        "searches": {name: _search_counts(sents, p, options) for name, p in options.searches},
    }


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
        "cells": spelled.groupby(["source", "spelling"]).size(),
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
    tables.events = counts["events"]
    frequency = counts["words"]["count"]
    tables.searches = {
        name: SearchTables(
            lines=found["lines"],
            matches=found["matches"],
            rows=found["rows"],
            forms=ranked_forms(found["forms"]),
            table=(
                found["cells"].unstack("spelling", fill_value=0).rename_axis(columns=None)
                if len(found["cells"])
                else pd.DataFrame()
            ),
            collocates=collocates_of(found["near"], found["window_tokens"], frequency),
        )
        for name, found in counts["searches"].items()
    }
