"""The common inputs, with their transitions built as they go instead of from the log.

The general path (propagation.py) records what each node showed before its first
change (``touch``), changes the nodes, then compares every touched node with its
record and sorts the transitions children first (``finish``). That is the price of
generality: a node may change several times in one call.

Most inputs are simpler: a trigger or a clear on an unlocked room, in a call where
nothing else changed. An occupied room that stays occupied changes alone (its
contributions, ladder and activity: ``amend``; the commonest case of it has a path
of its own, prolong.py). A room that turns over carries its ancestors with it
(turnover.py). An occupant that arrives or leaves travels further, up the ancestors
that stay occupied, to the first whose occupants do not change (``lend``). Each
node changes once, so its transition is built as soon as it has changed, from its
cached state (or one built before the change), and the transitions come out in the
log's order of touch. Above, ancestors only get a trigger's activity stamp. The
climbs rely on the invariant the log keeps: an unlocked ancestor is in step with its
children (it holds a contribution from each occupied one, and their occupants as it
last saw them).

A lock or an unlock always changes its node's locks, so the node's transition is
built directly too (``freeze``, ``thaw``); whatever else the lock changes (a sleep
hold, a thaw's climb) travels through the log. Every path finds the next deadline
through ``deadline_after``, the one place that says which queue entries a change
without the log can make stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import new_result
from .node import NOBODY
from .reporting import single, transition
from .schedule import LADDER

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from .model import Contribution, LockState, Result, Transition
    from .node import Node
    from .runtime import Runtime


def amend(
    runtime: Runtime,
    node: Node,
    contribution: Contribution,
    at: datetime,
    reason: str,
    *,
    clear: bool = False,
) -> Result:
    """Put a changed contribution on an occupied node.

    A trigger's (activity at ``at``), or with ``clear`` a trailing clear's (which
    keeps the contribution's occupant). A trigger that brings an occupant or changes
    the one it carries lends the node's new occupants to its ancestors (``lend``).
    """
    previous = node.cached or node.state()
    source_id = contribution.source_id
    schedule = runtime.schedule
    node.put(source_id, contribution, schedule)
    if clear:
        node.start_trailing(source_id)
        runtime.set_ladder(node, at)
    else:
        if node.trailing:
            node.stop_trailing(source_id)
        node.last_activity = at
        runtime.set_ladder(node, at)
        if node.occupants_dirty:
            node.refresh_occupants()
            transitions = [transition(node, reason, previous)]
            changed = [node]
            top = node
            if node.occupants != previous.occupants:
                top = lend(runtime, node, at, transitions, changed, activity=True)
            runtime.stamp(top, at)
            return climb_result(runtime, transitions, changed, source_id)
        runtime.stamp(node, at)
    return single(node, reason, previous, deadline_after(runtime, [node], source_id))


def lend(
    runtime: Runtime,
    node: Node,
    at: datetime,
    transitions: list[Transition],
    changed: list[Node],
    *,
    activity: bool,
) -> Node:
    """Carry the new occupants of ``node`` (occupied, and staying so) up its ancestors.

    Each unlocked ancestor it feeds records them (``Propagation.lift``), up to the
    first that already sees them; one whose own occupants did not change (another
    child, or its own contribution, names the same people) shows no change and is
    the last. With ``activity`` each ancestor reached gets the trigger's stamp. The
    node reached last, for ``Propagation.stamp`` to carry a trigger's stamp on.
    """
    child = node
    while child.feeds:
        parent = child.parent
        if parent is None or parent.locks:
            break
        carried = child.occupants
        seen = parent.child_occupants.get(child.id, NOBODY)
        if seen is carried or seen == carried:
            break
        previous = parent.cached or parent.state()
        parent.set_child_occupants(child.id, carried)
        parent.refresh_occupants()
        if activity:
            parent.last_activity = at
            parent.cached = None
        runtime.set_ladder(parent, at)
        changed.append(parent)
        if parent.occupants == previous.occupants and parent.ladder is previous.ladder:
            return parent  # it lends its own parent what it lent before
        transitions.append(transition(parent, "child:" + child.id, previous))
        child = parent
    return child


def freeze(
    runtime: Runtime,
    node: Node,
    source_id: str,
    at: datetime,
    *,
    state: LockState | None,
    until: datetime | None,
) -> Result:
    """Add or update a lock source (``Propagation.lock``), the node reported directly.

    Its locks change, so it always reports a transition. The engine sends a lock
    whose state would move the ancestors through the log; were one sent here, it
    would climb through the log (merged by ``climb_result``).
    """
    previous = node.cached or node.state()
    runtime.lock(node, source_id, state, until, at)
    reason = "lock:" + source_id
    # ``climb_result``'s common case without its call: only the node changed.
    if runtime.touched:
        return climb_result(runtime, [transition(node, reason, previous)], [node], None)
    return single(node, reason, previous, deadline_after(runtime, [node], None))


def thaw(
    runtime: Runtime, node: Node, sources: Sequence[str], at: datetime, reason: str
) -> Result:
    """Remove lock sources (``Propagation.unlock``), the node reported directly.

    As with ``freeze``, a transition always; a sleep hold released goes through the
    log, and a thaw's climb (a child changed while the node was locked) does.
    """
    previous = node.cached or node.state()
    runtime.unlock(node, sources, at)
    if runtime.touched:
        return climb_result(runtime, [transition(node, reason, previous)], [node], None)
    return single(node, reason, previous, deadline_after(runtime, [node], None))


def climb_result(
    runtime: Runtime,
    transitions: list[Transition],
    changed: list[Node],
    source_id: str | None,
    followed: bool = False,
) -> Result:
    """The result of a climb that changed ``changed`` (bottom up) without the log.

    The deadline is found first (see ``deadline_after``), while the log still shows the
    nodes it touched. ``transitions`` are in the log's order of touch (each node,
    then its followers); the climb a lock change hands to the log changed after
    every changed node of the same depth. So sorting all by depth (stable) gives the
    general path's order, children first, as ``Propagation.finish`` sorts.
    """
    deadline = deadline_after(runtime, changed, source_id)
    if runtime.touched:
        depth = {one.id: one.depth for one in changed}
        depth.update((one.id, one.depth) for one in runtime.touched)
        transitions.extend(runtime.finish())
        transitions.sort(key=lambda t: depth[t.location_id], reverse=True)
    elif followed:
        nodes = runtime.nodes
        transitions.sort(key=lambda t: nodes[t.location_id].depth, reverse=True)
    return new_result(tuple(transitions), deadline, None)


def deadline_after(
    runtime: Runtime, changed: list[Node], source_id: str | None
) -> datetime | None:
    """The next deadline once ``changed`` changed without the log.

    ``Runtime.next_deadline`` trusts a checked top whose node the log has not
    touched; these nodes changed untouched, so the top is checked again if the
    change can have made it stale. Only a node's own entries can go stale: its
    ladder step (each changed node's ladder was set again), and on the first node
    the expiry of ``source_id`` (its contribution put or dropped) unless the entry
    is the one just scheduled, or with ``source_id`` None (a lock change) any entry.
    tests/engine/test_direct.py recomputes the deadline after every call.
    """
    schedule = runtime.schedule
    heap = schedule.heap
    if heap and schedule.checked:
        deadline, _, location_id, kind, key = heap[0]
        first = changed[0]
        if kind == LADDER:
            for node in changed:
                if node.id == location_id:
                    schedule.checked = False
                    break
        elif location_id == first.id and (source_id is None or key == source_id):
            kept = first.find(key)
            schedule.checked = (
                source_id is not None
                and kept is not None
                and deadline == kept.expires_at == first.expiry_heap.get(key)
            )
        if schedule.checked and not runtime.touched:
            return deadline
    return runtime.next_deadline()
