"""How one change travels: the change log, settling a node, and propagation.

Every public input follows the same shape: run whatever fell due before ``now``,
``touch`` each node before changing it (capturing its previous state once), change
it, ``climb`` the effects up the tree (and down to ``follow_parent`` children), then
``finish`` turns the touched nodes into transitions. Only touched nodes are ever
rebuilt, so one input costs O(depth), not O(locations).
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

from .ladder import ladder_at
from .model import (
    CHILD_SOURCE_PREFIX,
    OCCUPIED,
    Contribution,
    LockState,
    Transition,
    new_contribution,
)
from .node import NOBODY, Node
from .reporting import report
from .schedule import LADDER, LOCK, Schedule

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime


_DEPTH = attrgetter("depth")


class Propagation:
    """Live nodes, the transitions of the current call, and how a change travels."""

    __slots__ = ("nodes", "order", "override", "schedule", "touched")

    def __init__(self) -> None:
        """Start with no locations; ``Runtime.rewire`` adds them."""
        self.nodes: dict[str, Node] = {}
        self.order: tuple[Node, ...] = ()
        self.schedule = Schedule()
        self.touched: list[Node] = []
        """Nodes changed in the current call, in the order of their first change."""
        self.override: str | None = None
        """Reason that replaces every other one (``config``, ``restore``)."""

    # -- change log ----------------------------------------------------------------------

    def touch(self, node: Node, reason: str) -> None:
        """Record what ``node`` shows before its first change in this call."""
        if node.before is None:
            # What the node shows, cheaply (an Observation): no state object is built.
            node.before = (
                node.cached,
                node.occupied,
                node.ladder,
                node.contributions,
                node.lock_view,
                node.occupants,
                node.occupied_since,
                node.vacant_since,
                node.last_activity,
            )
            self.touched.append(node)
        node.reason = self.override or reason
        node.cached = None

    def finish(self) -> tuple[Transition, ...]:
        """Turn the touched nodes that changed into transitions, children first."""
        touched = self.touched
        if not touched:
            return ()
        self.touched = []
        if len(touched) == 1:
            # The common case (one location changed): skip the sorting machinery.
            transition = report(touched[0])
            return () if transition is None else (transition,)
        # Children first; the sort is stable, so equal depths keep the touch order.
        touched.sort(key=_DEPTH, reverse=True)
        return tuple([t for node in touched if (t := report(node)) is not None])

    def discard_changes(self) -> None:
        """Forget a half-recorded call (used before raising or re-initialising)."""
        for node in self.touched:
            node.before = None
        self.touched = []

    # -- settling one node and carrying the change along -------------------------------

    def set_ladder(self, node: Node, at: datetime) -> None:
        """Recompute ``node``'s ladder at ``at`` and schedule its next threshold."""
        occupied = node.occupied
        if occupied and node.indefinite:
            # The common case on every ancestor of an occupied room, kept call-free.
            node.ladder = OCCUPIED
            node.ladder_due = None
            return
        ladder, due = ladder_at(
            node.config, occupied, False, node.last_activity, node.vacant_since, at
        )
        node.ladder = ladder
        node.ladder_due = due
        if due is not None:
            pending = node.ladder_heap
            if pending is None or due < pending:
                node.ladder_heap = due
                self.schedule.push(due, node.id, LADDER, "")

    def settle(self, node: Node, at: datetime) -> None:
        """Derive an unlocked node's flag, occupants and ladder from its contributions."""
        occupied = bool(node.contributions)
        flipped = occupied != node.occupied
        if flipped:
            node.occupied = occupied
            if occupied:
                node.occupied_since, node.vacant_since = at, None
            else:
                node.occupied_since, node.vacant_since = None, at
        if node.occupants_dirty:
            node.refresh_occupants()
        self.set_ladder(node, at)
        if flipped:
            for follower in node.followers:
                self.follow(follower, node, at)

    def follow(self, node: Node, parent: Node, at: datetime) -> None:
        """Bring a ``follow_parent`` node in line with its parent's flag."""
        if node.locks:
            return
        key = parent.key
        if parent.occupied == (node.find(key) is not None):
            return
        self.touch(node, "parent:" + parent.id)
        if parent.occupied:
            node.put(key, parent.as_source, self.schedule)
        else:
            node.drop(key)
        self.settle(node, at)

    def climb(self, node: Node, at: datetime, *, activity: bool) -> None:
        """Settle a changed, unlocked node, then repair each ancestor it feeds.

        Stops at the first ancestor that is locked or already in step, except that a
        trigger (``activity``) still stamps ``last_activity`` on the ancestors it
        reaches. Such a stamp alone never changes an ancestor's ladder: the triggered
        child is occupied, so the ancestor holds its indefinite contribution.
        """
        if node.occupied and node.contributions and not node.occupants_dirty:
            # Still occupied by the same occupants (the common retrigger): followers
            # and ancestors still see what they saw (they were in step before this
            # change), so settling is only the ladder, and only a trigger's activity
            # stamp travels up.
            self.set_ladder(node, at)
            if activity:
                self.stamp(node, at)
            return
        self.settle(node, at)
        if node.parent is not None:
            self.lift(node, at, activity=activity)

    def stamp(self, node: Node, at: datetime) -> None:
        """Stamp ``at`` as the last activity of each ancestor ``node`` reaches.

        Such a stamp alone never changes an ancestor's ladder: the triggered child is
        occupied, so the ancestor holds its indefinite contribution.
        """
        for parent in node.reach:
            if parent.locks:
                return
            parent.last_activity = at
            parent.cached = None

    def lift(self, node: Node, at: datetime, *, activity: bool) -> None:
        """Repair each ancestor ``node`` feeds, up to the first one in step (see climb).

        Also called on its own for a node that stays locked but lost an occupant: its
        flag is frozen, its occupants are not (ENGINE.md §3: no ghosts).
        """
        child = node
        while True:
            parent = child.parent
            if parent is None or not child.feeds or parent.locks:
                return
            occupied = child.occupied
            present = child.key in parent.sources
            seen = parent.child_occupants.get(child.id, NOBODY)
            # Identity travels with the contribution: a vacant child lends none.
            carried = child.occupants if occupied else NOBODY
            if present == occupied and (seen is carried or seen == carried):
                if not activity:
                    return
                parent.last_activity = at
                parent.cached = None
                child = parent
                continue
            self.touch(parent, "child:" + child.id)
            if occupied and not present:
                parent.put(child.key, child.as_source, self.schedule)
            elif present and not occupied:
                parent.drop(child.key)
            if seen is not carried:
                parent.set_child_occupants(child.id, carried)
            if activity:
                parent.last_activity = at
            self.settle(parent, at)
            child = parent

    def resync(self, node: Node) -> None:
        """Rebuild a node's contributions from its neighbours (O(children))."""
        schedule = self.schedule
        if node.follower:
            parent = node.parent
            assert parent is not None  # a follower always has one
            # Only the mirror may hold a follower: anything else (left from before it
            # became one, or a sleep hold) could never be cleared by an event.
            for contribution in node.contributions:
                if contribution.source_id != parent.key:
                    node.drop(contribution.source_id)
            mirrored = node.find(parent.key) is not None
            if parent.occupied and not mirrored:
                node.put(parent.key, parent.as_source, schedule)
            elif not parent.occupied and mirrored:
                node.drop(parent.key)
            return
        # Once per child on every start (restore), so ``put`` and
        # ``set_child_occupants`` are skipped where their cases are known: the
        # missing children's contributions are held in one go (``hold_all``), and
        # most children lend nobody to a node that recorded nobody.
        missing: list[Contribution] = []
        for child in node.children:
            if not child.feeds:
                continue
            if child.occupied:
                if child.key not in node.sources:
                    missing.append(child.as_source)
                carried = child.occupants
            else:
                if child.key in node.sources:
                    node.drop(child.key)
                carried = NOBODY
            if carried or node.child_occupants:
                node.set_child_occupants(child.id, carried)
        if missing:
            node.hold_all(missing)

    def prune(self, node: Node) -> None:
        """Drop contributions from locations that no longer feed ``node``."""
        if node.follower:
            assert node.parent is not None
            valid = {node.parent.key}
        else:
            valid = {child.key for child in node.children if child.feeds}
        stale = [
            c.source_id
            for c in node.contributions
            if c.source_id.startswith(CHILD_SOURCE_PREFIX) and c.source_id not in valid
        ]
        stale_children = [
            child_id
            for child_id in node.child_occupants
            if CHILD_SOURCE_PREFIX + child_id not in valid
        ]
        if not stale and not stale_children:
            return
        self.touch(node, "config")
        for source in stale:
            node.drop(source)
        for child_id in stale_children:
            node.set_child_occupants(child_id, NOBODY)
        node.refresh_occupants()

    # -- locks -------------------------------------------------------------------------

    def lock(
        self,
        node: Node,
        source_id: str,
        state: LockState | None,
        until: datetime | None,
        at: datetime,
    ) -> None:
        """Add or update a lock source; the first freezes the node after its ``state``.

        Like :meth:`unlock`, it leaves logging the node itself to the caller.
        """
        if not node.locks:
            self.force(node, source_id, state, at)
            node.suspend(at)
        node.set_lock(source_id, until)
        if until is not None:
            self.schedule.push(until, node.id, LOCK, source_id)

    def release(
        self, node: Node, sources: Iterable[str], at: datetime, reason: str
    ) -> None:
        """:meth:`unlock`, logged."""
        self.touch(node, reason)
        self.unlock(node, sources, at)

    def unlock(self, node: Node, sources: Iterable[str], at: datetime) -> None:
        """Remove lock sources (and their sleep-mode contributions); thaw if none left.

        Followers and ancestors are logged as they change; the node is the caller's
        to log (``release``) or to report directly (direct.py).
        """
        for source in sources:
            node.remove_lock(source)
            # Only a sleep hold has a contribution to drop (the calls are skipped on
            # the common unlock: a room's door lock).
            if source in node.sources:
                node.drop(source)
        if node.locks:
            node.refresh_occupants()
            self.lift(node, at, activity=False)
            return
        node.resume(at, self.schedule)
        if node.children or node.follower:
            self.resync(node)
        self.climb(node, at, activity=False)

    def force(
        self, node: Node, source_id: str, state: LockState | None, at: datetime
    ) -> None:
        """Apply a lock's ``state`` to an unlocked node before it freezes."""
        if state is LockState.OCCUPIED:
            old = node.find(source_id)
            if old is not None and old.indefinite:
                return
            occupant = None if old is None else old.occupant
            node.put(
                source_id, new_contribution(source_id, None, occupant), self.schedule
            )
            if node.trailing:
                node.stop_trailing(source_id)
        elif state is LockState.VACANT:
            own = node.own_sources()
            if not own:
                return
            for own_source in own:
                node.drop(own_source)
        else:
            return
        self.climb(node, at, activity=False)
