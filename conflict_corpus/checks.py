"""Argument checks shared by the stage functions: short messages that say what to pass."""

from __future__ import annotations

import numbers


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
