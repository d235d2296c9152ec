"""The engine's mechanics: propagation, the deadline queue and the change log.

Every public input follows the same shape: run whatever fell due before ``now``,
``touch`` each node before changing it (capturing its previous state once), change
it, ``climb`` the effects up the tree (and down to ``follow_parent`` children), then
``finish`` turns the touched nodes into transitions. Only touched nodes are ever
rebuilt, so one input costs O(depth), not O(locations).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .ladder import ladder_at
from .model import (
    CHILD_SOURCE_PREFIX,
    Ladder,
    Strategy,
    Transition,
    new_state,
    new_transition,
)
from .node import NOBODY, Node
from .schedule import EXPIRY, LADDER, Entry, Schedule

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from .topology import Topology


class Runtime:
    """Live nodes, their deadline queue, and the transitions of the current call."""

    __slots__ = ("batch", "nodes", "order", "override", "schedule", "touched")

    def __init__(self, batch: int) -> None:
        """Start with no locations; :meth:`rewire` adds them."""
        self.batch = batch
        """The most ladder steps of otherwise untouched locations one call applies."""
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
            node.before = node.observe()
            self.touched.append(node)
            if node.overdue:
                self._catch_up(node)
        node.reason = self.override or reason
        node.cached = None
        # The change that follows may make the top of the queue stale.
        self.schedule.checked = False

    def finish(self) -> tuple[Transition, ...]:
        """Turn the touched nodes that changed into transitions, children first."""
        touched = self.touched
        if not touched:
            return ()
        self.touched = []
        if len(touched) == 1:
            # The common case (one location changed): skip the sorting machinery.
            return _transition_of(touched[0])
        found: list[tuple[int, Transition]] = []
        for node in touched:
            changed = _transition_of(node)
            if changed:
                found.append((-node.depth, changed[0]))
        if len(found) > 1:
            found.sort(key=_first)
        return tuple([transition for _, transition in found])

    def discard_changes(self) -> None:
        """Forget a half-recorded call (used before raising or re-initialising)."""
        for node in self.touched:
            node.before = None
        self.touched = []

    # -- settling one node and carrying the change along -------------------------------

    def set_ladder(self, node: Node, at: datetime) -> None:
        """Recompute ``node``'s ladder at ``at`` and schedule its next threshold."""
        if node.occupied and node.indefinite:
            # The common case on every ancestor of an occupied room, kept call-free.
            node.ladder = Ladder.OCCUPIED
            node.ladder_due = None
            return
        ladder, due = ladder_at(
            node.config,
            occupied=node.occupied,
            held=node.indefinite > 0,
            last_activity=node.last_activity,
            vacant_since=node.vacant_since,
            at=at,
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
        if parent.occupied == (key in node.contributions):
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
        self.settle(node, at)
        if node.parent is not None:
            self.lift(node, at, activity=activity)

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
            present = child.key in parent.contributions
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
            parent.set_child_occupants(child.id, carried)
            if activity:
                parent.last_activity = at
            self.settle(parent, at)
            child = parent

    def resync(self, node: Node) -> None:
        """Rebuild a node's contributions from its neighbours (O(children))."""
        schedule = self.schedule
        contributions = node.contributions
        if node.follower:
            parent = node.parent
            assert parent is not None  # a follower always has one
            # Only the mirror may hold a follower: anything else (left from before it
            # became one, or a sleep hold) could never be cleared by an event.
            for source_id in [s for s in contributions if s != parent.key]:
                node.drop(source_id)
            if parent.occupied and parent.key not in contributions:
                node.put(parent.key, parent.as_source, schedule)
            elif not parent.occupied and parent.key in contributions:
                node.drop(parent.key)
            return
        for child in node.children:
            if not child.feeds:
                continue
            present = child.key in contributions
            if child.occupied and not present:
                node.put(child.key, child.as_source, schedule)
            elif present and not child.occupied:
                node.drop(child.key)
            node.set_child_occupants(
                child.id, child.occupants if child.occupied else NOBODY
            )

    def prune(self, node: Node) -> None:
        """Drop contributions from locations that no longer feed ``node``."""
        if node.follower:
            assert node.parent is not None
            valid = {node.parent.key}
        else:
            valid = {child.key for child in node.children if child.feeds}
        stale = [
            source
            for source in node.contributions
            if source.startswith(CHILD_SOURCE_PREFIX) and source not in valid
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

    def release(
        self, node: Node, sources: Iterable[str], at: datetime, reason: str
    ) -> None:
        """Remove lock sources (and their sleep-mode contributions); thaw if none left."""
        self.touch(node, reason)
        for source in sources:
            node.remove_lock(source)
            node.drop(source)
        if node.locks:
            node.refresh_occupants()
            self.lift(node, at, activity=False)
            return
        node.resume(at, self.schedule)
        self.resync(node)
        self.climb(node, at, activity=False)

    # -- deadlines ---------------------------------------------------------------------

    def next_deadline(self) -> datetime | None:
        """The earliest live deadline: a ladder step set aside, or the queue's top."""
        deadline = self._top()
        waiting = self.schedule.waiting
        while waiting:
            entry = waiting[0]
            if self._overdue(entry):
                return entry[0] if deadline is None else min(entry[0], deadline)
            waiting.popleft()
        return deadline

    def run_due(self, now: datetime) -> None:
        """Apply everything due at or before ``now``, each at its own deadline.

        Except for the batch: once ``batch`` ladder steps of locations nothing else in
        this call touched have run, further such steps are set aside (``waiting``),
        and the result's ``next_deadline`` (<= now) asks the host to call again. A
        ladder step changes nothing but its own location's ladder, so it may run
        later than steps due after it; a location touched in the meantime catches up
        first (:meth:`touch`), so every location shows exactly what it would have
        shown, and reports the same transitions, only in a later call.
        """
        schedule = self.schedule
        heap, waiting = schedule.heap, schedule.waiting
        if not waiting and (not heap or heap[0][0] > now):
            return
        budget = self.batch
        while waiting and budget and waiting[0][0] <= now:
            entry = waiting.popleft()
            if self._overdue(entry):
                budget -= 1
                node = self.nodes[entry[2]]
                node.overdue = False
                self._fire(node, LADDER, "", entry[0])
        while True:
            deadline = self._top()
            if deadline is None or deadline > now:
                return
            entry = schedule.pop()
            node = self.nodes[entry[2]]
            kind = entry[3]
            if kind == LADDER and node.before is None:
                if not budget:
                    node.overdue = True
                    waiting.append(entry)
                    continue
                budget -= 1
            self._fire(node, kind, entry[4], deadline)

    def catch_up_all(self) -> None:
        """Apply every ladder step set aside (before the timeline moves, timeline.py)."""
        waiting = self.schedule.waiting
        while waiting:
            entry = waiting.popleft()
            if self._overdue(entry):
                self.touch(self.nodes[entry[2]], "ladder")

    def _top(self) -> datetime | None:
        """The queue's earliest live deadline, after discarding stale and postponed entries."""
        schedule = self.schedule
        heap = schedule.heap
        if schedule.checked:
            return heap[0][0] if heap else None
        while heap:
            entry = heap[0]
            actual = self._resolve(entry)
            if actual is None:
                schedule.pop()
            elif actual != entry[0]:
                self._postpone(entry, actual)
            else:
                break
        # Valid until a node changes (touch) or an entry is pushed.
        schedule.checked = True
        return heap[0][0] if heap else None

    def _overdue(self, entry: Entry) -> bool:
        """True while a set-aside ladder entry still stands for its location's step."""
        node = self.nodes.get(entry[2])
        return node is not None and node.overdue and node.ladder_heap == entry[0]

    def _catch_up(self, node: Node) -> None:
        """Apply a set-aside ladder step at its own moment (the node was just touched)."""
        node.overdue = False
        due = node.ladder_due
        assert due is not None  # unchanged since it was set aside: nothing touched it
        node.ladder_heap = None
        self.set_ladder(node, due)

    def _resolve(self, entry: Entry) -> datetime | None:
        """When the entry's item is really due, or None if the entry is stale."""
        deadline, _, node_id, kind, key = entry
        node = self.nodes.get(node_id)
        if node is None:
            return None
        if kind == EXPIRY:
            if node.expiry_heap.get(key) != deadline:
                return None
            contribution = node.contributions.get(key)
            if contribution is None or contribution.expires_at is None:
                del node.expiry_heap[key]
                return None
            return contribution.expires_at
        if kind == LADDER:
            if node.ladder_heap != deadline:
                return None
            if node.ladder_due is None:
                node.ladder_heap = None
            return node.ladder_due
        return deadline if node.locks.get(key) == deadline else None

    def _postpone(self, entry: Entry, actual: datetime) -> None:
        _, _, node_id, kind, key = entry
        node = self.nodes[node_id]
        if kind == EXPIRY:
            node.expiry_heap[key] = actual
        else:
            node.ladder_heap = actual
        self.schedule.replace_top(actual)

    def _fire(self, node: Node, kind: int, key: str, at: datetime) -> None:
        if kind == EXPIRY:
            del node.expiry_heap[key]
            self.touch(node, "expired:" + key)
            node.drop(key)
            self.climb(node, at, activity=False)
        elif kind == LADDER:
            node.ladder_heap = None
            self.touch(node, "ladder")
            self.set_ladder(node, at)
        else:
            self.release(node, (key,), at, "unlock:" + key)

    # -- whole-forest operations (configuration, restore) ------------------------------

    def rewire(self, topology: Topology, at: datetime) -> None:
        """Adopt a new forest, keeping the state of every location that still exists."""
        old = self.nodes
        nodes: dict[str, Node] = {}
        for node_id in topology.order:
            config = topology.configs[node_id]
            node = old.get(node_id)
            if node is None:
                node = Node(id=node_id, config=config, vacant_since=at)
            else:
                self.touch(node, "config")
                node.config = config
            nodes[node_id] = node
        for node_id, node in nodes.items():
            parent_id = node.config.parent_id
            parent = nodes[parent_id] if parent_id is not None else None
            node.parent = parent
            node.depth = topology.depth[node_id]
            node.children = tuple(nodes[child] for child in topology.children[node_id])
            node.follower = parent is not None and (
                node.config.strategy is Strategy.FOLLOW_PARENT
            )
        for node in nodes.values():
            parent = node.parent
            node.feeds = (
                parent is not None
                and node.config.contributes_to_parent
                and not node.follower
                and not parent.follower
            )
            node.followers = tuple(child for child in node.children if child.follower)
        self.nodes = nodes
        self.order = tuple(nodes[node_id] for node_id in topology.order)
        # A removed location reports nothing, even if it changed earlier in this call.
        for node in self.touched:
            if nodes.get(node.id) is not node:
                node.before = None
        self.touched = [node for node in self.touched if node.before is not None]
        for node in self.order:
            self.prune(node)
        self.sync_all(at)

    def sync_all(self, at: datetime) -> None:
        """Re-derive every unlocked node from its neighbours: O(locations).

        Children feed parents and parents feed followers, and nothing feeds back, so
        one pass children-first over the independent nodes and one pass parents-first
        over the followers reaches a fixed point.
        """
        for node in reversed(self.order):
            if not node.follower and not node.locks:
                self.touch(node, "config")
                self.resync(node)
                self.settle(node, at)
        for node in self.order:
            if node.follower and not node.locks:
                self.touch(node, "config")
                self.resync(node)
                self.settle(node, at)


def _first(item: tuple[int, Transition]) -> int:
    return item[0]


def _transition_of(node: Node) -> tuple[Transition, ...]:
    """The node's transition in this call, if it changed (and forget its observation)."""
    before = node.before
    assert before is not None  # every touched node has one
    node.before = None
    if not node.changed_since(before):
        return ()
    previous = before[0] or new_state(node.id, *before[1:])
    return (new_transition(node.id, node.reason, previous, node.state()),)
