"""Mutable runtime state of one location and the bookkeeping around its contributions.

This is the one deliberately mutable structure of the engine: updating a dict entry
and a few counters in place is what keeps one input O(depth) instead of rebuilding
immutable state per call. Nothing outside the engine package ever sees a ``Node``;
the host only gets the immutable :class:`LocationState` built by :meth:`Node.state`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .bounds import later
from .model import (
    CHILD_SOURCE_PREFIX,
    Contribution,
    Ladder,
    LocationConfig,
    LocationState,
    Lock,
)
from .schedule import EXPIRY, Schedule

NOBODY: frozenset[str] = frozenset()
_ZERO = timedelta(0)


@dataclass(slots=True, eq=False)
class Node:
    """One location's live state plus its links in the forest."""

    id: str
    config: LocationConfig
    occupied: bool = False
    ladder: Ladder = Ladder.VACANT
    occupied_since: datetime | None = None
    vacant_since: datetime | None = None
    last_activity: datetime | None = None

    # Links, rewired on every reconfiguration.
    parent: Node | None = None
    children: tuple[Node, ...] = ()
    followers: tuple[Node, ...] = ()
    depth: int = 0
    follower: bool = False
    """Mirrors its parent (``follow_parent`` with a parent)."""
    feeds: bool = False
    """Its occupancy holds its parent occupied."""
    key: str = ""
    """``location:<id>``: the source id of this node's contribution to its parent."""
    as_source: Contribution = field(init=False)
    """The indefinite contribution this node puts on its parent (and followers)."""

    contributions: dict[str, Contribution] = field(default_factory=dict)
    indefinite: int = 0
    """How many contributions are indefinite (suspended ones are not)."""
    trailing: set[str] = field(default_factory=set)
    """Sources cleared with a trailing time and not triggered since (§2 idempotence)."""
    child_occupants: dict[str, frozenset[str]] = field(default_factory=dict)
    """Occupants of each contributing child, as this node last saw them."""
    occupant_counts: dict[str, int] = field(default_factory=dict)
    occupants: frozenset[str] = NOBODY
    occupants_dirty: bool = False

    locks: dict[str, datetime | None] = field(default_factory=dict)
    lock_view: tuple[Lock, ...] = ()

    expiry_heap: dict[str, datetime] = field(default_factory=dict)
    """Deadline of the live heap entry of each timed contribution (may be earlier)."""
    ladder_due: datetime | None = None
    ladder_heap: datetime | None = None
    cached: LocationState | None = None

    def __post_init__(self) -> None:
        """Derive the parent-facing source id and contribution (shared, immutable)."""
        self.key = CHILD_SOURCE_PREFIX + self.id
        self.as_source = Contribution(source_id=self.key)

    # -- contributions ---------------------------------------------------------------

    def put(
        self, source_id: str, contribution: Contribution, schedule: Schedule
    ) -> None:
        """Add or replace ``source_id``'s contribution and schedule its expiry."""
        old = self.contributions.get(source_id)
        self.contributions[source_id] = contribution
        if old is not None:
            if old.expires_at is None and old.remaining is None:
                self.indefinite -= 1
            if old.occupant != contribution.occupant:
                self._count(old.occupant, -1)
                self._count(contribution.occupant, 1)
        else:
            self._count(contribution.occupant, 1)
        expires_at = contribution.expires_at
        if expires_at is None:
            if contribution.remaining is None:
                self.indefinite += 1
            return
        pending = self.expiry_heap.get(source_id)
        # A later expiry reuses the pending entry: it is postponed when it surfaces.
        if pending is None or expires_at < pending:
            self.expiry_heap[source_id] = expires_at
            schedule.push(expires_at, self.id, EXPIRY, source_id)

    def drop(self, source_id: str) -> Contribution | None:
        """Remove ``source_id``'s contribution, if any, and return it."""
        old = self.contributions.pop(source_id, None)
        if old is None:
            return None
        if old.expires_at is None and old.remaining is None:
            self.indefinite -= 1
        self._count(old.occupant, -1)
        self.expiry_heap.pop(source_id, None)
        self.trailing.discard(source_id)
        return old

    def own_sources(self) -> list[str]:
        """Sources of contributions that did not come from another location."""
        return [s for s in self.contributions if not s.startswith(CHILD_SOURCE_PREFIX)]

    def set_child_occupants(self, child_id: str, occupants: frozenset[str]) -> None:
        """Record a contributing child's occupants (empty to forget the child)."""
        old = self.child_occupants.get(child_id, NOBODY)
        if old is occupants or old == occupants:
            return
        for name in old - occupants:
            self._count(name, -1)
        for name in occupants - old:
            self._count(name, 1)
        if occupants:
            self.child_occupants[child_id] = occupants
        else:
            del self.child_occupants[child_id]

    def refresh_occupants(self) -> None:
        """Rebuild the occupant set after the counts changed."""
        if self.occupants_dirty:
            self.occupants_dirty = False
            self.occupants = frozenset(self.occupant_counts) or NOBODY

    def _count(self, name: str | None, delta: int) -> None:
        if name is None:
            return
        total = self.occupant_counts.get(name, 0) + delta
        if total > 0:
            self.occupant_counts[name] = total
        else:
            del self.occupant_counts[name]
        self.occupants_dirty = True

    # -- locks -------------------------------------------------------------------------

    def suspend(self, at: datetime) -> None:
        """Freeze every timed contribution, storing its remaining time."""
        for source_id, contribution in list(self.contributions.items()):
            if contribution.expires_at is not None:
                self.contributions[source_id] = Contribution(
                    source_id=source_id,
                    occupant=contribution.occupant,
                    remaining=max(contribution.expires_at - at, _ZERO),
                )
        self.expiry_heap.clear()
        self.ladder_due = None

    def resume(self, at: datetime, schedule: Schedule) -> None:
        """Restart every suspended contribution with its remaining time."""
        for source_id, contribution in list(self.contributions.items()):
            if contribution.remaining is not None:
                self.put(
                    source_id,
                    Contribution(
                        source_id=source_id,
                        expires_at=later(at, contribution.remaining),
                        occupant=contribution.occupant,
                    ),
                    schedule,
                )

    def set_lock(self, source_id: str, until: datetime | None) -> None:
        """Add or update one lock source."""
        self.locks[source_id] = until
        self._refresh_locks()

    def remove_lock(self, source_id: str) -> None:
        """Remove one lock source."""
        del self.locks[source_id]
        self._refresh_locks()

    def _refresh_locks(self) -> None:
        self.lock_view = tuple(
            Lock(source_id=source_id, until=self.locks[source_id])
            for source_id in sorted(self.locks)
        )

    # -- observation ---------------------------------------------------------------------

    def state(self) -> LocationState:
        """The immutable view of this node, built once per change."""
        cached = self.cached
        if cached is None:
            contributions = self.contributions
            cached = self.cached = LocationState(
                location_id=self.id,
                occupied=self.occupied,
                ladder=self.ladder,
                contributions=tuple([contributions[s] for s in sorted(contributions)]),
                locks=self.lock_view,
                occupants=self.occupants,
                occupied_since=self.occupied_since,
                vacant_since=self.vacant_since,
                last_activity=self.last_activity,
            )
        return cached


def same_observable(previous: LocationState, current: LocationState) -> bool:
    """True when nothing a transition reports differs between the two states.

    ``last_activity`` alone is not a change worth a transition: ancestors of every
    triggered location would otherwise report one per input.
    """
    return (
        previous.occupied == current.occupied
        and previous.ladder == current.ladder
        and previous.contributions == current.contributions
        and previous.locks == current.locks
        and previous.occupants == current.occupants
    )
