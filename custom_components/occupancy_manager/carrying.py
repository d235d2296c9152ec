"""A renamed source carries on as it was: what its old id held, its new id holds.

A rename in the entity registry reaches the configuration as an edit (live,
``live.py``) or at the next setup (made while the home was not loaded,
``renames.py``). Either way the edit or the start ends the old id's contribution and
reads the new id as a source newly bound; read so, a presence sensor in its trailing
time would end it, and a source still on after a vacate would hold the room again.
The shell notes the renames it is told of (``RenameNotes``) until the edit or start
that follows them, which carries each renamed source over (``carried``).

A locked location ignores the carry as it ignores the old id's end: both wait for
its unlock, which carries the source over then (``RenameNotes.at_unlock``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime
from typing import Final

from .engine import LocationState
from .sensing import Sensing, Step, holds_first
from .sources import Clear, Source, Trigger, unavailable

SNAPSHOT_KEY: Final = "renamed_while_locked"
"""Saved next to the engine's snapshot: a restart comes between rename and unlock too."""


class RenameNotes:
    """The renames not carried yet, and the new ids whose first write is no news."""

    def __init__(self, state: Callable[[str], LocationState], sensing: Sensing) -> None:
        """``state``: a location's engine state; ``sensing``: the home's (its bindings)."""
        self._state = state
        self._sensing = sensing
        # Entities renamed (old id → new) since the configuration was last applied:
        # their locations keep what the old ids held (``carried``).
        self._renamed: dict[str, str] = {}
        # New ids of renamed sources whose state is not written anew yet: their
        # first write is the same sensor in the same state, not news.
        self._reappearing: set[str] = set()
        # Per locked location, the renames (old id → new) whose carry its lock
        # ignored: its unlock carries them.
        self._locked: dict[str, dict[str, str]] = {}

    def note(self, renamed: Mapping[str, str]) -> None:
        """Entities renamed in the registry: the edit that follows carries them."""
        self._renamed.update(renamed)
        self._reappearing.update(renamed.values())

    def restore(self, saved: object, renamed: Mapping[str, str]) -> None:
        """What ``to_json`` saved, and the entities renamed while the home was down.

        The start carries the renames. A source renamed under a lock and again while
        down is carried to what it is called now.
        """
        self._renamed = dict(renamed)
        self._locked = {}
        if not isinstance(saved, Mapping):
            return
        for location_id, pairs in saved.items():
            if isinstance(location_id, str) and isinstance(pairs, Mapping):
                if kept := {
                    old: renamed.get(new, new)
                    for old, new in pairs.items()
                    if isinstance(old, str) and isinstance(new, str)
                }:
                    self._locked[location_id] = kept

    def to_json(self) -> dict[str, dict[str, str]]:
        """The renames locked locations wait to carry (saved with the snapshot)."""
        return {
            location_id: dict(sorted(pairs.items()))
            for location_id, pairs in sorted(self._locked.items())
        }

    def reappears(self, entity_id: str) -> bool:
        """Whether a renamed source's write with no old state is no news (asked once).

        Written anew under its new id after the edit that follows the rename, it is
        the same sensor in the same state, not one coming back.
        """
        if entity_id not in self._reappearing:
            return False
        self._reappearing.discard(entity_id)
        return True

    def at_start(  # noqa: PLR0917 - the start's steps and what it read
        self,
        steps: list[Step],
        unbound: Iterable[tuple[str, str]],
        saved: Mapping[str, tuple[str, float]],
        states: Mapping[str, Source],
        unlocked: Iterable[str],
        now: datetime,
    ) -> list[Step]:
        """The start's ``steps``, the sources renamed while down carried over.

        ``unbound``: the (location, old id) pairs the start ends; ``saved``: each
        source's state as heard when the home saved; ``states``: the live ones;
        ``unlocked``: the locations whose lock ended while down (the start is their
        unlock).
        """
        renamed = unchanged_while_down(self._renamed, saved, states)
        for location_id in unlocked:
            renamed.update(self._locked.pop(location_id, {}))
        self._renamed = {}
        # Those the unlocks among the steps end too, each once.
        unbound = list(dict.fromkeys([*unbound, *_ended(steps)]))
        self._note_locked(renamed, unbound)
        return self._carried(steps, renamed, unbound, now)

    def at_edit(
        self,
        steps: list[Step],
        written: Callable[[str], bool],
        locations: Collection[str],
        now: datetime,
    ) -> list[Step]:
        """An edit's ``steps``, the renamed sources it follows carried over.

        ``written``: whether an entity has a state now; ``locations``: the home's
        locations after the edit.
        """
        for location_id in self._locked.keys() - locations:
            del self._locked[location_id]
        if not (renamed := self._renamed):
            return steps
        # Written anew before the edit: nothing more to wait for.
        self._reappearing -= {new for new in renamed.values() if written(new)}
        # A note whose old id is still bound waits for its own edit (one made
        # before the rename may come first).
        bound_now = self._sensing.source_entities
        self._renamed = {old: new for old, new in renamed.items() if old in bound_now}
        unbound = _ended(steps)
        self._reappearing -= held_before(renamed, unbound, self._state, self._bound)
        self._note_locked(renamed, unbound)
        return holds_first(self._carried(steps, renamed, unbound, now))

    def at_unlock(
        self, location_id: str, steps: Iterable[Step], now: datetime
    ) -> Iterable[Step]:
        """An unlock's ``steps`` (``Sensing.after_unlock``), what its lock ignored carried.

        The old id's end waited for the unlock too: without the carry it ended the
        old id's hold at once, and a sensor off under the lock lost its trailing time.
        """
        if (renamed := self._locked.pop(location_id, None)) is None:
            return steps
        steps = list(steps)
        return holds_first(self._carried(steps, renamed, _ended(steps), now))

    def _carried(
        self,
        steps: list[Step],
        renamed: Mapping[str, str],
        unbound: Iterable[tuple[str, str]],
        now: datetime,
    ) -> list[Step]:
        return carried(
            steps, renamed, unbound, self._state, self._bound, now, self._sensing.heard
        )

    def _note_locked(
        self, renamed: Mapping[str, str], unbound: Iterable[tuple[str, str]]
    ) -> None:
        """Keep for their unlock the renames locked locations ignore."""
        for location_id, old in unbound:
            new = renamed.get(old)
            if (
                new is None
                or not self._bound(location_id, new)
                or not self._state(location_id).locked
            ):
                continue
            pairs = self._locked.setdefault(location_id, {})
            # Renamed again under the same lock: what it held goes to its last id.
            for first, then in pairs.items():
                if then == old:
                    pairs[first] = new
            pairs[old] = new

    def _bound(self, location_id: str, entity_id: str) -> bool:
        """Whether the entity is one of the location's sources now."""
        return self._sensing.kind(location_id, entity_id) is not None


def _ended(steps: Iterable[Step]) -> list[tuple[str, str]]:
    """The (location, source) pairs whose contribution the steps end as an edit's."""
    return [
        (step.location_id, step.source_id)
        for step in steps
        if step.config and isinstance(step.input, Clear)
    ]


def unchanged_while_down(
    renamed: Mapping[str, str],
    heard: Mapping[str, tuple[str, float]],
    states: Mapping[str, Source],
) -> dict[str, str]:
    """The renames a start carries: those whose entity reads as the old id was heard.

    A sensor that also changed while the home was not loaded is read as it is now,
    as one that only changed is: carried, a presence sensor turned off meanwhile
    held its room for good, and one turned on was dropped (the room left empty).
    Its last change is not compared: the rename writes the entity anew. Without a
    saved state of it (an earlier release's file), or while the new id says nothing
    (not written yet, its integration not back), the rename is carried.
    """
    return {
        old: new
        for old, new in renamed.items()
        if (seen := heard.get(old)) is None
        or (now := states.get(new)) is None
        or unavailable(now.state)
        or now.state == seen[0]
    }


def carried(  # noqa: PLR0917 - the edit's steps and what they end, then lookups
    steps: list[Step],
    renamed: Mapping[str, str],
    unbound: Iterable[tuple[str, str]],
    state: Callable[[str], LocationState],
    bound: Callable[[str, str], bool],
    now: datetime,
    heard: Mapping[str, Source],
) -> list[Step]:
    """``steps`` (an edit's or a start's), the renamed sources going on as they were.

    ``unbound``: (location, old id) pairs the steps end; ``state``: a location's
    engine state; ``bound``: whether a location has a source now. Where a location
    follows a rename, the new id takes over the old id's contribution as it is (its
    time left), and the steps' own reading of the new id is dropped: it is the same
    sensor, not a new one. A presence sensor in its trailing time would end it, and
    a held source still on after a vacate would hold the room again (README "Known
    limitations"). Only a hold is kept, where the old id contributed: the old id's
    may have been timed by its grace while the registry moved it; and, where the old
    id held for good, whatever the new id reads (``heard``, sensing's) if it reads a
    state: turned off in the moments the rename took, it held its room for good.
    The takeover comes before the old id's end (``sensing.holds_first``): the room
    does not flip. A locked location ignores it: the old id's contribution ends at
    the unlock, as any end an edit made under a lock does.
    """
    carry: list[Step] = []
    followed: set[tuple[str, str]] = set()
    holding: set[tuple[str, str]] = set()
    reading: set[tuple[str, str]] = set()
    for location_id, old in unbound:
        if (new := renamed.get(old)) is None or not bound(location_id, new):
            continue
        followed.add((location_id, new))
        for contribution in state(location_id).contributions:
            if contribution.source_id != old:
                continue
            holding.add((location_id, new))
            if contribution.remaining is not None:
                continue
            expires_at = contribution.expires_at
            if expires_at is None and not unavailable(
                None if (read := heard.get(new)) is None else read.state
            ):
                reading.add((location_id, new))
            if expires_at is not None and expires_at <= now:
                continue
            timeout = None if expires_at is None else expires_at - now
            carry.append(
                Step(
                    location_id,
                    new,
                    Trigger(timeout, occupant=contribution.occupant),
                    config=True,
                )
            )
    if not followed:
        return steps
    return [
        *carry,
        *(
            step
            for step in steps
            if (pair := (step.location_id, step.source_id)) not in followed
            or (pair in holding and isinstance(step.input, Trigger))
            or pair in reading
        ),
    ]


def held_before(
    renamed: Mapping[str, str],
    unbound: Iterable[tuple[str, str]],
    state: Callable[[str], LocationState],
    bound: Callable[[str, str], bool],
) -> set[str]:
    """New ids whose old id contributed in every location that follows the rename.

    Their first write under the new id is read as news: the hold it carried may be
    timed by the grace the old id's removal started, and a sensor still on must hold
    again. Only where the old id held nothing (a door still open after a vacate) is
    that write the same sensor in the same state (``RenameNotes.reappears``).
    """
    followed: dict[str, bool] = {}
    for location_id, old in unbound:
        if (new := renamed.get(old)) is None or not bound(location_id, new):
            continue
        contributed = any(
            held.source_id == old for held in state(location_id).contributions
        )
        followed[new] = followed.get(new, True) and contributed
    return {new for new, everywhere in followed.items() if everywhere}
