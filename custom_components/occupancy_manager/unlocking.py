"""Back in line with the sensors once a location's last lock goes (pure).

A lock ignores every input of its location (README: "A lock freezes the location"),
the ends an edit gives included. What the sensors said meanwhile is read anew at the
unlock, as after a restart, and what an edit ended meanwhile ends then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Final

from .engine import Lock, Transition
from .sources import Clear, Input

ZERO: Final = timedelta(0)
SNAPSHOT_KEY: Final = "ended_while_locked"
"""Saved next to the engine's snapshot: a restart comes between edit and unlock too."""


class EndedWhileLocked:
    """Per location, the sources whose contribution an edit ended while it was locked.

    Unbound from the location, or filed under another kind (which starts afresh).
    """

    def __init__(self) -> None:
        """Nothing ended yet."""
        self._ended: dict[str, set[str]] = {}

    def add(self, location_id: str, entity_id: str) -> None:
        """The edit's end of this source's contribution was ignored by the lock."""
        self._ended.setdefault(location_id, set()).add(entity_id)

    def keep_only(self, location_ids: Iterable[str]) -> None:
        """Forget deleted locations."""
        kept = set(location_ids)
        for location_id in self._ended.keys() - kept:
            del self._ended[location_id]

    def take(self, location_id: str) -> set[str]:
        """What the unlock of this location must end (then forgotten)."""
        return self._ended.pop(location_id, set())

    def to_json(self) -> dict[str, list[str]]:
        """Plain JSON, sorted."""
        return {key: sorted(ids) for key, ids in sorted(self._ended.items()) if ids}

    def load(self, saved: object, location_ids: Iterable[str]) -> None:
        """Take what ``to_json`` saved; anything malformed or of a gone location is left."""
        kept = set(location_ids)
        self._ended = {}
        if not isinstance(saved, Mapping):
            return
        for location_id, ids in saved.items():
            if location_id in kept and isinstance(ids, list):
                if names := {one for one in ids if isinstance(one, str)}:
                    self._ended[location_id] = names


def lateness(locks: Iterable[Lock], now: datetime) -> timedelta:
    """How long after the lock was due its unlock comes (zero when on time).

    A timed lock ends when its last ``until`` passes; a timer that runs late (a
    blocked loop) or a start after it passed while Home Assistant was down unlocks
    at ``now``. A lock still without its end due (one taken off by hand) was on time.
    """
    due: datetime | None = None
    for lock in locks:
        if lock.until is None:
            return ZERO
        due = lock.until if due is None else max(due, lock.until)
    return ZERO if due is None else max(now - due, ZERO)


def unlock_inputs(
    resyncs: Iterable[tuple[str, Input | None]],
    ended: set[str],
    late: timedelta = ZERO,
) -> list[tuple[str, Input, bool]]:
    """``(source, input, config)``: what re-reads and ends the location's sources.

    ``resyncs`` are the location's bound sources with the input that re-synchronises
    each; ``ended`` what an edit ended during the lock (``config``: told as the
    edit's). The caller puts what holds first (``sensing.holds_first``). A sensor
    that went off under the lock lets go from when the lock was due: an unlock
    ``late`` starts its trailing time that much shorter (the engine's ``now`` never
    goes back), and one past it ends at once.
    """
    ended = set(ended)
    inputs: list[tuple[str, Input, bool]] = []
    for entity_id, resync in resyncs:
        if entity_id in ended:
            # Refiled under another kind: it starts afresh.
            ended.discard(entity_id)
            inputs.append((entity_id, Clear(ZERO), True))
        if isinstance(resync, Clear) and late:
            inputs.append((entity_id, Clear(max(resync.trailing - late, ZERO)), False))
        elif resync is not None:
            inputs.append((entity_id, resync, False))
    # Sources no longer bound here: their contribution ends now.
    inputs.extend((entity_id, Clear(ZERO), True) for entity_id in sorted(ended))
    return inputs


def merged(transitions: Sequence[Transition]) -> tuple[Transition, ...]:
    """One transition per location: from its first previous to its last current state.

    Told with the reason of its last flip (else of its last change); a location back
    where it started is not told at all.
    """
    first: dict[str, Transition] = {}
    last: dict[str, Transition] = {}
    flipped: dict[str, str] = {}
    for transition in transitions:
        first.setdefault(transition.location_id, transition)
        last[transition.location_id] = transition
        if transition.occupied_changed:
            flipped[transition.location_id] = transition.reason
    told: list[Transition] = []
    for location_id, start in first.items():
        end = last[location_id]
        if start is end:
            told.append(start)
        elif start.previous != end.current:
            told.append(
                Transition(
                    location_id=location_id,
                    reason=flipped.get(location_id, end.reason),
                    previous=start.previous,
                    current=end.current,
                )
            )
    return tuple(told)
