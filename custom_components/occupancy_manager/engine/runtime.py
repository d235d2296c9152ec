"""The engine's runtime: propagation plus the deadline queue and whole-forest work.

What falls due (expiries, ladder thresholds, lock ends) is applied in deadline order,
each at its own moment (``run_due``; ``advance`` at most a batch of entries per call);
a reconfiguration or a restore re-derives the whole forest (``rewire``, ``sync_all``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Strategy
from .node import Node
from .propagation import Propagation
from .schedule import EXPIRY, LADDER, Entry

if TYPE_CHECKING:
    from datetime import datetime

    from .topology import Topology


class Runtime(Propagation):
    """Adds to :class:`Propagation` the deadline queue and whole-forest operations."""

    __slots__ = ("batch",)

    def __init__(self, batch: int) -> None:
        """Start with no locations; :meth:`rewire` adds them."""
        super().__init__()
        self.batch = batch
        """The most queue entries (expiries, ladder steps, lock ends) one ``advance`` applies."""

    # -- deadlines ---------------------------------------------------------------------

    def next_deadline(self) -> datetime | None:
        """The earliest live deadline, after discarding stale and postponed entries.

        Only a change to its own location can make an entry stale: a top checked
        before whose location nobody has touched since is still live (the common
        case, answered at once). The direct paths touch nothing: they check their
        nodes' entries first (``direct.deadline_after``).
        """
        schedule = self.schedule
        heap = schedule.heap
        if schedule.checked and heap:
            node = self.nodes.get(heap[0][2])
            if node is not None and node.before is None:
                return heap[0][0]
        while heap:
            entry = heap[0]
            actual = self._resolve(entry)
            if actual is None:
                schedule.pop()
            elif actual != entry[0]:
                self._postpone(entry, actual)
            else:
                break
        schedule.checked = True
        return heap[0][0] if heap else None

    def run_due(self, now: datetime, budget: int | None = None) -> None:
        """Apply what is due at or before ``now`` in deadline order, each at its own moment.

        With a ``budget`` (``advance`` passes ``batch``) at most that many entries
        run; the rest stay queued, so the result's ``next_deadline`` is at or before
        ``now`` and the host calls again. What ran is a prefix of the same order, so
        each call ends in the state the engine would have had if the timer had fired
        at that entry's moment.
        """
        heap = self.schedule.heap
        if not heap or heap[0][0] > now:
            return
        while True:
            deadline = self.next_deadline()
            if deadline is None or deadline > now:
                return
            if budget is not None:
                if not budget:
                    return
                budget -= 1
            _, _, node_id, kind, key = self.schedule.pop()
            self._fire(self.nodes[node_id], kind, key, deadline)

    def _resolve(self, entry: Entry) -> datetime | None:
        """When the entry's item is really due, or None if the entry is stale."""
        deadline, _, node_id, kind, key = entry
        node = self.nodes.get(node_id)
        if node is None:
            return None
        if kind == EXPIRY:
            if node.expiry_heap.get(key) != deadline:
                return None
            contribution = node.find(key)
            if contribution is None or contribution.expires_at is None:
                node.forget_expiry(key)
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
            # drop forgets the entry (_resolve found the contribution still there).
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
        # Parents first, so each parent's own reach is known; one tuple per parent.
        reaches: dict[str, tuple[Node, ...]] = {}
        for node_id in topology.order:
            node = nodes[node_id]
            parent = node.parent
            if parent is None or not node.feeds:
                node.reach = ()
            elif (reach := reaches.get(parent.id)) is None:
                reach = reaches[parent.id] = (parent, *parent.reach)
                node.reach = reach
            else:
                node.reach = reach
        self.nodes = nodes
        # Entries of removed locations are stale now, the top's included.
        self.schedule.checked = False
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
                # Once per location on every start (restore): a node without
                # children has nothing to resync.
                if node.children:
                    self.resync(node)
                self.settle(node, at)
        for node in self.order:
            if node.follower and not node.locks:
                self.touch(node, "config")
                self.resync(node)
                self.settle(node, at)
