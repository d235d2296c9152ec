"""Mutable runtime state of one location and the bookkeeping around its contributions.

This is the one deliberately mutable structure of the engine: replacing one tuple
and a few counters in place is what keeps one input O(depth) instead of rebuilding
immutable state per call. Nothing outside the engine package ever sees a ``Node``;
the host only gets the immutable :class:`LocationState` built by :meth:`Node.state`
(or by reporting.py for a transition).

Building a ``LocationState`` is the most expensive thing an input does, so a node
builds one only when asked (a query, or a transition to report): before a change the
change log records an :data:`Observation`, a plain tuple of the same fields, and
compares that with the node afterwards. The contributions are stored as what every
state shows, one tuple sorted by source id, with the tuple of their source ids beside
it: a lookup searches that in C (``in``, ``index``, ``bisect``), and a put or a drop
builds the next tuples (a room holds a few, a parent one per occupied child). No
dict is kept: that was a fifth of a location's memory.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter

from .bounds import later
from .model import (
    CHILD_SOURCE_PREFIX,
    Contribution,
    Ladder,
    LocationConfig,
    LocationState,
    Lock,
    _StateDraft,
    new_contribution,
    new_lock,
)
from .schedule import EXPIRY, Schedule

NOBODY: frozenset[str] = frozenset()
_ZERO = timedelta(0)
# Shared empty containers (see the fields of Node): never written to.
_NONE_TRAILING: set[str] = set()
_NO_CHILD_OCCUPANTS: dict[str, frozenset[str]] = {}
_NO_COUNTS: dict[str, int] = {}
_NO_LOCKS: dict[str, datetime | None] = {}
_NO_EXPIRIES: dict[str, datetime] = {}
_SOURCE_ID = attrgetter("source_id")


type Observation = tuple[
    LocationState | None,
    bool,
    Ladder,
    tuple[Contribution, ...],
    tuple[Lock, ...],
    frozenset[str],
    datetime | None,
    datetime | None,
    datetime | None,
]
"""A node's observable fields at one moment, and its state object if one was built:
``(state, occupied, ladder, contributions, locks, occupants, occupied_since,
vacant_since, last_activity)``."""


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
    reach: tuple[Node, ...] = ()
    """The ancestors it feeds, nearest first, each feeding the next: where a trigger's
    activity stamp goes, up to the first locked one. Siblings share one tuple."""
    key: str = ""
    """``location:<id>``: the source id of this node's contribution to its parent."""
    as_source: Contribution = field(init=False)
    """The indefinite contribution this node puts on its parent (and followers)."""

    contributions: tuple[Contribution, ...] = ()
    """One per source, sorted by source id: the tuple its states show."""
    sources: tuple[str, ...] = ()
    """The source id of each contribution, in the same order: searched in C."""
    indefinite: int = 0
    """How many contributions are indefinite (suspended ones are not)."""
    # Most locations never see a lock, an occupant or a trailing clear, and most are
    # vacant at any moment: these containers start as one shared empty container, a
    # node gets its own on its first write (in the one method that writes each), and
    # expiries go back to the shared one when they empty (a dict never shrinks).
    # That is most of a location's memory otherwise.
    trailing: set[str] = field(default_factory=lambda: _NONE_TRAILING)
    """Sources cleared with a trailing time and not triggered since (§2 idempotence)."""
    child_occupants: dict[str, frozenset[str]] = field(
        default_factory=lambda: _NO_CHILD_OCCUPANTS
    )
    """Occupants of each contributing child, as this node last saw them."""
    occupant_counts: dict[str, int] = field(default_factory=lambda: _NO_COUNTS)
    occupants: frozenset[str] = NOBODY
    occupants_dirty: bool = False

    locks: dict[str, datetime | None] = field(default_factory=lambda: _NO_LOCKS)
    lock_view: tuple[Lock, ...] = ()

    expiry_heap: dict[str, datetime] = field(default_factory=lambda: _NO_EXPIRIES)
    """Deadline of the live heap entry of each timed contribution (may be earlier)."""
    ladder_due: datetime | None = None
    ladder_heap: datetime | None = None
    cached: LocationState | None = None
    """The state last built, while it is still true (None once anything changed)."""
    before: Observation | None = None
    """What the node showed before its first change in the current call."""
    reason: str = ""
    """Reason code of its last change in the current call."""

    def __post_init__(self) -> None:
        """Derive the parent-facing source id and contribution (shared, immutable)."""
        self.key = CHILD_SOURCE_PREFIX + self.id
        self.as_source = Contribution(source_id=self.key)

    def forget(self) -> None:
        """Drop every contribution, lock and deadline (before loading saved state)."""
        self.contributions = self.sources = ()
        self.indefinite = 0
        self.trailing = _NONE_TRAILING
        self.child_occupants = _NO_CHILD_OCCUPANTS
        self.occupant_counts = _NO_COUNTS
        self.occupants = NOBODY
        self.occupants_dirty = False
        self.expiry_heap = _NO_EXPIRIES
        self.ladder_due = None
        self.ladder_heap = None
        self.locks = _NO_LOCKS
        self.lock_view = ()

    # -- contributions ---------------------------------------------------------------

    def find(self, source_id: str) -> Contribution | None:
        """``source_id``'s contribution, if it has one."""
        sources = self.sources
        if source_id in sources:
            return self.contributions[sources.index(source_id)]
        return None

    def put(
        self, source_id: str, contribution: Contribution, schedule: Schedule
    ) -> None:
        """Add or replace ``source_id``'s contribution and schedule its expiry."""
        view, sources = self.contributions, self.sources
        old: Contribution | None = None
        if len(view) == 1:  # the most common: a room's one sensor, a parent's one child
            (only,) = view
            if only.source_id == source_id:
                old, self.contributions = only, (contribution,)
            elif only.source_id < source_id:
                self.contributions = (only, contribution)
                self.sources = (sources[0], source_id)
            else:
                self.contributions = (contribution, only)
                self.sources = (source_id, sources[0])
        elif not view:
            self.contributions, self.sources = (contribution,), (source_id,)
        else:
            index = bisect_left(sources, source_id)
            if index < len(sources) and sources[index] == source_id:
                old = view[index]
                self.contributions = (*view[:index], contribution, *view[index + 1 :])
            else:
                self.contributions = (*view[:index], contribution, *view[index:])
                self.sources = (*sources[:index], source_id, *sources[index:])
        occupant = contribution.occupant
        if old is not None:
            if old.expires_at is None and old.remaining is None:
                self.indefinite -= 1
            if old.occupant != occupant:
                self._count(old.occupant, -1)
                self._count(occupant, 1)
        elif occupant is not None:
            self._count(occupant, 1)
        expires_at = contribution.expires_at
        if expires_at is None:
            if contribution.remaining is None:
                self.indefinite += 1
            return
        expiries = self.expiry_heap
        if expiries is _NO_EXPIRIES:
            self.expiry_heap = {source_id: expires_at}
        else:
            pending = expiries.get(source_id)
            # A later expiry reuses the pending entry: it is postponed when it surfaces.
            if pending is not None and pending <= expires_at:
                return
            expiries[source_id] = expires_at
        schedule.push(expires_at, self.id, EXPIRY, source_id)

    def hold(self, source_id: str, contribution: Contribution) -> None:
        """Add an indefinite contribution without an occupant from a new source.

        ``put`` for the one case of the occupied ancestor a room's occupancy rises
        to (turnover.py writes out the vacant ones, which hold nothing).
        """
        view, sources = self.contributions, self.sources
        if len(view) == 1:  # the commonest: a parent another child holds (as in put)
            (only,), (only_id,) = view, sources
            if only_id < source_id:
                self.contributions, self.sources = (
                    (only, contribution),
                    (only_id, source_id),
                )
            else:
                self.contributions, self.sources = (
                    (contribution, only),
                    (source_id, only_id),
                )
        else:
            index = bisect_left(sources, source_id)
            self.contributions = (*view[:index], contribution, *view[index:])
            self.sources = (*sources[:index], source_id, *sources[index:])
        self.indefinite += 1

    def hold_all(self, held: list[Contribution]) -> None:
        """``hold`` for several contributions from new sources at once.

        A node's children's, in ``Propagation.resync`` (once per parent on every
        restore): one sort, where a ``hold`` each rebuilt both tuples each time.
        """
        view = [*self.contributions, *held]
        view.sort(key=_SOURCE_ID)
        self.contributions = tuple(view)
        self.sources = tuple([contribution.source_id for contribution in view])
        self.indefinite += len(held)

    def drop(self, source_id: str) -> Contribution | None:
        """Remove ``source_id``'s contribution, if any, and return it."""
        sources = self.sources
        if source_id not in sources:
            return None
        view = self.contributions
        if len(view) == 1:
            (old,) = view
            self.contributions = self.sources = ()
        else:
            index = sources.index(source_id)
            old = view[index]
            self.contributions = view[:index] + view[index + 1 :]
            self.sources = sources[:index] + sources[index + 1 :]
        if old.expires_at is None and old.remaining is None:
            self.indefinite -= 1
        if old.occupant is not None:
            self._count(old.occupant, -1)
        # Skipped on a node without pending expiries, as every parent that holds
        # only its children's (indefinite) contributions is.
        if self.expiry_heap:
            self.forget_expiry(source_id)
        if self.trailing:
            self.stop_trailing(source_id)
        return old

    def forget_expiry(self, source_id: str) -> None:
        """Forget the pending queue entry of ``source_id``'s expiry, if any."""
        expiries = self.expiry_heap
        if source_id in expiries:
            del expiries[source_id]
            if not expiries:
                self.expiry_heap = _NO_EXPIRIES

    def start_trailing(self, source_id: str) -> None:
        """Remember that ``source_id`` was cleared with a trailing time."""
        if self.trailing is _NONE_TRAILING:
            self.trailing = set()
        self.trailing.add(source_id)

    def stop_trailing(self, source_id: str) -> None:
        """Forget that ``source_id`` was cleared with a trailing time."""
        trailing = self.trailing
        trailing.discard(source_id)
        if not trailing:
            self.trailing = _NONE_TRAILING

    def own_sources(self) -> list[str]:
        """Sources of contributions that did not come from another location."""
        return [
            c.source_id
            for c in self.contributions
            if not c.source_id.startswith(CHILD_SOURCE_PREFIX)
        ]

    def set_child_occupants(self, child_id: str, occupants: frozenset[str]) -> None:
        """Record a contributing child's occupants (empty to forget the child)."""
        old = self.child_occupants.get(child_id, NOBODY)
        if old is occupants or old == occupants:
            return
        for name in old - occupants:
            self._count(name, -1)
        for name in occupants - old:
            self._count(name, 1)
        if not occupants:
            del self.child_occupants[child_id]
        elif self.child_occupants is _NO_CHILD_OCCUPANTS:
            self.child_occupants = {child_id: occupants}
        else:
            self.child_occupants[child_id] = occupants

    def add_child_occupants(self, child_id: str, occupants: frozenset[str]) -> None:
        """Record the occupants of a child that lent none (it was vacant).

        ``set_child_occupants`` without its set arithmetic, for each ancestor an
        occupant rises through (direct.py).
        """
        if self.child_occupants is _NO_CHILD_OCCUPANTS:
            self.child_occupants = {child_id: occupants}
        else:
            self.child_occupants[child_id] = occupants
        for name in occupants:
            self._count(name, 1)

    def forget_child_occupants(self, child_id: str) -> None:
        """Forget the occupants of a child that fell vacant, if it lent any.

        ``set_child_occupants(child_id, NOBODY)`` without its set arithmetic, for
        each ancestor an occupant leaves on the way down (direct.py).
        """
        if child_id in self.child_occupants:
            for name in self.child_occupants.pop(child_id):
                self._count(name, -1)

    def add_occupant(self, name: str) -> None:
        """Count the occupant of a contribution put on a node that held none."""
        self._count(name, 1)
        self.refresh_occupants()

    def refresh_occupants(self) -> None:
        """Rebuild the occupant set after the counts changed."""
        if self.occupants_dirty:
            self.occupants_dirty = False
            self.occupants = frozenset(self.occupant_counts) or NOBODY

    def _count(self, name: str | None, delta: int) -> None:
        if name is None:
            return
        counts = self.occupant_counts
        total = counts.get(name, 0) + delta
        if total > 0:
            if counts is _NO_COUNTS:
                counts = self.occupant_counts = {}
            counts[name] = total
        else:
            del counts[name]
        self.occupants_dirty = True

    # -- locks -------------------------------------------------------------------------

    def suspend(self, at: datetime) -> None:
        """Freeze every timed contribution, storing its remaining time."""
        self.contributions = tuple(
            [
                c
                if c.expires_at is None
                else new_contribution(
                    c.source_id, None, c.occupant, max(c.expires_at - at, _ZERO)
                )
                for c in self.contributions
            ]
        )
        self.expiry_heap = _NO_EXPIRIES
        self.ladder_due = None

    def resume(self, at: datetime, schedule: Schedule) -> None:
        """Restart every suspended contribution with its remaining time."""
        for contribution in self.contributions:
            if contribution.remaining is not None:
                source_id = contribution.source_id
                self.put(
                    source_id,
                    new_contribution(
                        source_id,
                        later(at, contribution.remaining),
                        contribution.occupant,
                    ),
                    schedule,
                )

    def set_lock(self, source_id: str, until: datetime | None) -> None:
        """Add or update one lock source; the others keep their values."""
        locks = self.locks
        if locks is _NO_LOCKS:
            locks = self.locks = {}
        locks[source_id] = until
        lock = new_lock(source_id, until)
        if len(locks) == 1:  # the commonest: the location's only lock
            self.lock_view = (lock,)
            return
        others = self._other_locks(source_id)
        insort(others, lock, key=_SOURCE_ID)
        self.lock_view = tuple(others)

    def remove_lock(self, source_id: str) -> None:
        """Remove one lock source; the others keep their values."""
        locks = self.locks
        del locks[source_id]
        self.lock_view = tuple(self._other_locks(source_id)) if locks else ()

    def _other_locks(self, source_id: str) -> list[Lock]:
        """The locks the node shows, but ``source_id``'s (still sorted by source id).

        Kept as they are: rebuilding them all on each change built a new value for
        every other source (a bathroom's second lock), ~2,000 instructions each.
        """
        return [lock for lock in self.lock_view if lock.source_id != source_id]

    # -- observation ---------------------------------------------------------------------

    def state(self) -> LocationState:
        """The immutable view of this node, built once per change."""
        cached = self.cached
        if cached is None:
            # ``new_state`` written out: a trigger's stamp clears its ancestors'
            # states, so a turnover builds one for most levels it climbs, and a call
            # with nine arguments costs a fifth of the value.
            draft = _StateDraft()
            draft.location_id = self.id
            draft.occupied = self.occupied
            draft.ladder = self.ladder
            draft.contributions = self.contributions
            draft.locks = self.lock_view
            draft.occupants = self.occupants
            draft.occupied_since = self.occupied_since
            draft.vacant_since = self.vacant_since
            draft.last_activity = self.last_activity
            draft.__class__ = LocationState
            cached = self.cached = draft
        return cached
