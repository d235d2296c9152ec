"""A small, slow, independent model of ENGINE.md, to test the engine against.

Written from the specification, not from the engine: no heap, no incremental
propagation, no caches. After every input the whole forest is re-derived from the
contributions (children first, then followers parents first), and time moves on by
applying the earliest pending deadline, one at a time. Locations are plain dicts of
plain values so a difference shows up in a readable assertion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from custom_components.occupancy_manager.engine import (
    CHILD_SOURCE_PREFIX,
    Ladder,
    LocationConfig,
    LockState,
    Strategy,
)

ZERO = timedelta(0)
JITTER = timedelta(seconds=60)


@dataclass
class Held:
    """One contribution: ``expires`` for a running timer, ``remaining`` when frozen."""

    expires: datetime | None = None
    occupant: str | None = None
    remaining: timedelta | None = None


@dataclass
class Place:
    """One location in the model."""

    config: LocationConfig
    held: dict[str, Held] = field(default_factory=dict)
    trailing: set[str] = field(default_factory=set)
    locks: dict[str, datetime | None] = field(default_factory=dict)
    seen: dict[str, frozenset[str]] = field(default_factory=dict)
    """Occupants of each contributing child, as last seen while unlocked."""
    occupied: bool = False
    ladder: Ladder = Ladder.VACANT
    occupied_since: datetime | None = None
    vacant_since: datetime | None = None
    last_activity: datetime | None = None


class Model:
    """ENGINE.md §1 to §6 for one forest, time given by the caller."""

    def __init__(self, configs: tuple[LocationConfig, ...], now: datetime) -> None:
        self.places = {c.id: Place(config=c, vacant_since=now) for c in configs}
        self.now = now
        self.settle(now)

    # -- structure (§3) -------------------------------------------------------------

    def parent(self, location_id: str) -> str | None:
        return self.places[location_id].config.parent_id

    def follower(self, location_id: str) -> bool:
        config = self.places[location_id].config
        return (
            config.strategy is Strategy.FOLLOW_PARENT and config.parent_id is not None
        )

    def feeds(self, location_id: str) -> bool:
        parent = self.parent(location_id)
        return (
            parent is not None
            and self.places[location_id].config.contributes_to_parent
            and not self.follower(location_id)
            and not self.follower(parent)
        )

    def depth(self, location_id: str) -> int:
        parent = self.parent(location_id)
        return 0 if parent is None else 1 + self.depth(parent)

    def ancestors(self, location_id: str) -> list[str]:
        """The chain a trigger's activity reaches: feeding links, unlocked parents."""
        found = []
        while self.feeds(location_id):
            parent = self.parent(location_id)
            assert parent is not None
            if self.places[parent].locks:
                break
            found.append(parent)
            location_id = parent
        return found

    # -- derived state -----------------------------------------------------------------

    def occupants(self, location_id: str) -> frozenset[str]:
        place = self.places[location_id]
        own = {
            h.occupant
            for s, h in place.held.items()
            if h.occupant is not None and not s.startswith(CHILD_SOURCE_PREFIX)
        }
        return frozenset(own).union(*place.seen.values())

    def ladder_and_due(
        self, place: Place, at: datetime
    ) -> tuple[Ladder, datetime | None]:
        """§5, with the moment the ladder would next move by itself."""
        config = place.config
        if place.occupied:
            if any(
                h.expires is None and h.remaining is None for h in place.held.values()
            ):
                return Ladder.OCCUPIED, None
            if place.last_activity is not None:
                threshold = place.last_activity + config.recently_occupied_after
                if at < threshold:
                    return Ladder.OCCUPIED, threshold
            return Ladder.RECENTLY_OCCUPIED, None
        if place.vacant_since is None:
            return Ladder.VACANT, None
        threshold = place.vacant_since + config.extended_vacancy_after
        if at < threshold:
            return Ladder.VACANT, threshold
        return Ladder.EXTENDED_VACANT, None

    def settle(self, at: datetime, forcing: str | None = None) -> None:
        """Re-derive every unlocked location: children first, then followers.

        ``forcing`` is a location a sleep-mode lock is about to freeze: its hold
        stays even on a follower (it goes with the lock).
        """
        ids = sorted(self.places, key=self.depth, reverse=True)
        for location_id in ids:
            if not self.follower(location_id):
                self._derive(location_id, at)
        for location_id in reversed(ids):
            if self.follower(location_id):
                self._derive(location_id, at, keep=location_id == forcing)

    def _derive(self, location_id: str, at: datetime, *, keep: bool = False) -> None:
        place = self.places[location_id]
        if place.locks:
            return
        wanted: set[str] = set()
        place.seen = {}
        if self.follower(location_id):
            parent = self.parent(location_id)
            assert parent is not None
            if self.places[parent].occupied:
                wanted.add(CHILD_SOURCE_PREFIX + parent)
            # A follower holds nothing but the mirror (ENGINE.md §3).
            for source in [s for s in place.held if s not in wanted and not keep]:
                self._drop(place, source)
        else:
            for child_id, child in self.places.items():
                if child.config.parent_id == location_id and self.feeds(child_id):
                    if child.occupied:
                        wanted.add(CHILD_SOURCE_PREFIX + child_id)
                    # Identity travels with the contribution (§3).
                    if child.occupied and (names := self.occupants(child_id)):
                        place.seen[child_id] = names
        for source in [s for s in place.held if s.startswith(CHILD_SOURCE_PREFIX)]:
            if source not in wanted:
                self._drop(place, source)
        for source in wanted:
            if source not in place.held:
                place.held[source] = Held()
        occupied = bool(place.held)
        if occupied != place.occupied:
            place.occupied = occupied
            if occupied:
                place.occupied_since, place.vacant_since = at, None
            else:
                place.occupied_since, place.vacant_since = None, at
        place.ladder, _ = self.ladder_and_due(place, at)

    @staticmethod
    def _drop(place: Place, source: str) -> None:
        place.held.pop(source, None)
        place.trailing.discard(source)

    # -- time (§6) -----------------------------------------------------------------------

    def deadlines(self) -> list[tuple[datetime, str, str]]:
        """Every pending (moment, location, what) that can change something by itself."""
        found: list[tuple[datetime, str, str]] = []
        for location_id, place in self.places.items():
            for source, until in place.locks.items():
                if until is not None:
                    found.append((until, location_id, "lock:" + source))
            if place.locks:
                continue
            for source, held in place.held.items():
                if held.expires is not None:
                    found.append((held.expires, location_id, "expiry:" + source))
            _, due = self.ladder_and_due(place, self.now)
            if due is not None:
                found.append((due, location_id, "ladder"))
        return found

    def next_deadline(self) -> datetime | None:
        return min((d for d, _, _ in self.deadlines()), default=None)

    def jump_back(self, now: datetime) -> None:
        """The contract's rule for a clock that goes back: nothing lasts longer.

        A step back of more than a minute moves every moment back by the jump (a
        smaller one is a late timer and changes nothing).
        """
        by = self.now - now
        if by <= JITTER:
            return
        for place in self.places.values():
            for name in ("occupied_since", "vacant_since", "last_activity"):
                moment = getattr(place, name)
                if moment is not None:
                    setattr(place, name, moment - by)
            for held in place.held.values():
                if held.expires is not None:
                    held.expires -= by
            place.locks = {
                s: None if until is None else until - by
                for s, until in place.locks.items()
            }
        self.now = now

    def advance(self, now: datetime) -> None:
        """The host's timer: an earlier moment is a timer that fired late, nothing more."""
        if now >= self.now:
            self.catch_up(now)

    def catch_up(self, now: datetime) -> None:
        """Follow the clock an input or a restore carries, then apply what fell due."""
        self.jump_back(now)
        while True:
            due = [d for d in self.deadlines() if d[0] <= now]
            if not due:
                break
            moment = min(d for d, _, _ in due)
            self.now = max(self.now, moment)
            for _, location_id, what in sorted(d for d in due if d[0] == moment):
                place = self.places[location_id]
                if what.startswith("expiry:"):
                    source = what.removeprefix("expiry:")
                    held = place.held.get(source)
                    if held is not None and held.expires == moment and not place.locks:
                        self._drop(place, source)
                elif what.startswith("lock:"):
                    source = what.removeprefix("lock:")
                    if place.locks.get(source, ...) == moment:
                        self._release(location_id, [source], moment)
            self.settle(moment)
        self.now = max(self.now, now)
        self.settle(self.now)

    # -- inputs (§2, §4) ----------------------------------------------------------------

    def _open(self, location_id: str) -> bool:
        return not self.follower(location_id) and not self.places[location_id].locks

    def trigger(
        self,
        location_id: str,
        source: str,
        now: datetime,
        timeout: timedelta | None,
        occupant: str | None,
    ) -> None:
        self.catch_up(now)
        if not self._open(location_id):
            return
        place = self.places[location_id]
        old = place.held.get(source)
        if timeout is None:
            if (
                old is not None
                and old.expires is None
                and occupant in (None, old.occupant)
            ):
                return  # a duplicate indefinite trigger changes nothing
            expires = None
        else:
            expires = now + timeout
            if old is not None and (old.expires is None or old.expires > expires):
                expires = old.expires
        if occupant is None and old is not None:
            occupant = old.occupant
        place.held[source] = Held(expires=expires, occupant=occupant)
        place.trailing.discard(source)
        for location in [location_id, *self.ancestors(location_id)]:
            self.places[location].last_activity = now
        self.settle(now)

    def clear(
        self, location_id: str, source: str, now: datetime, trailing: timedelta
    ) -> None:
        self.catch_up(now)
        if not self._open(location_id):
            return
        place = self.places[location_id]
        old = place.held.get(source)
        if old is None:
            return
        if trailing == ZERO:
            self._drop(place, source)
        else:
            expires = now + trailing
            if source in place.trailing and old.expires is not None:
                expires = min(expires, old.expires)  # a repeat never restarts the wait
            place.held[source] = Held(expires=expires, occupant=old.occupant)
            place.trailing.add(source)
        self.settle(now)

    def vacate(self, location_id: str, now: datetime) -> None:
        self.catch_up(now)
        if not self._open(location_id):
            return
        place = self.places[location_id]
        for source in [s for s in place.held if not s.startswith(CHILD_SOURCE_PREFIX)]:
            self._drop(place, source)
        self.settle(now)

    def lock(
        self,
        location_id: str,
        source: str,
        now: datetime,
        state: LockState | None,
        until: datetime | None,
    ) -> None:
        self.catch_up(now)
        place = self.places[location_id]
        if not place.locks:
            if state is LockState.OCCUPIED:
                old = place.held.get(source)
                if old is None or old.expires is not None:
                    place.held[source] = Held(
                        occupant=None if old is None else old.occupant
                    )
                    place.trailing.discard(source)
            elif state is LockState.VACANT:
                for own in [
                    s for s in place.held if not s.startswith(CHILD_SOURCE_PREFIX)
                ]:
                    self._drop(place, own)
            self.settle(now, forcing=location_id)
            # Freeze: timers keep what they had left.
            for held in place.held.values():
                if held.expires is not None:
                    held.remaining = max(held.expires - now, ZERO)
                    held.expires = None
        place.locks[source] = until

    def unlock(self, location_id: str, source: str, now: datetime) -> None:
        self.catch_up(now)
        if source in self.places[location_id].locks:
            self._release(location_id, [source], now)
        self.settle(now)

    def unlock_all(self, location_id: str, now: datetime) -> None:
        self.catch_up(now)
        self._release(location_id, sorted(self.places[location_id].locks), now)
        self.settle(now)

    def _release(self, location_id: str, sources: list[str], at: datetime) -> None:
        place = self.places[location_id]
        for source in sources:
            del place.locks[source]
            self._drop(place, source)  # a sleep-mode hold goes with its lock
        if place.locks:
            # Still frozen, but whoever left is gone (no ghost occupants, §3).
            return
        for held in place.held.values():
            if held.remaining is not None:
                held.expires, held.remaining = at + held.remaining, None
