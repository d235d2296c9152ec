"""The common inputs, with their transitions built as they go instead of from the log.

The general path (propagation.py) records what each node showed before its first
change (``touch``), changes the nodes, then compares every touched node with its
record and sorts the transitions children first (``finish``). That is the price of
generality: a node may change several times in one call, and followers and occupants
travel in several directions.

Most inputs are simpler: a trigger or a clear without a new occupant on an unlocked
room, in a call where nothing else changed. An occupied room that stays occupied
changes alone (its contributions, ladder and activity: ``amend``). A vacant room
rises, with the vacant ancestors it feeds, up to the first occupied one, which gains
the child's contribution (``rise``); a room cleared of its last contribution falls
the same way (``shed``). Each of these nodes changes once, in order from the room up,
so its transition is built as soon as it has changed, from its cached state (or one
built before the change). Above, ancestors only get a trigger's activity stamp.
Followers follow through the log; their transitions are merged with these by depth.
The climbs rely on the invariant the log keeps: an unlocked ancestor is in step with
its children (it holds a contribution from each occupied one, and their occupants).

A timer that expires such a contribution (alone in its call, or with its node's own
ladder step) is a clear at its moment; ladder steps, one or several, change their
nodes alone (``fire``). A lock or an unlock always changes its node's locks, so the
node's transition is built directly too (``freeze``, ``thaw``); whatever else the
lock changes (a sleep hold, a thaw's climb) travels through the log. Every path
finds the next deadline through ``_deadline``, the one place that says which queue
entries a change without the log can make stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import new_result
from .reporting import transition
from .schedule import EXPIRY, LADDER

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from .model import Contribution, LocationState, LockState, Result, Transition
    from .node import Node
    from .runtime import Runtime
    from .schedule import Entry


def amend(
    runtime: Runtime,
    node: Node,
    contribution: Contribution,
    at: datetime,
    reason: str,
    *,
    clear: bool = False,
) -> Result:
    """Put a changed contribution on an occupied node that keeps its occupants.

    A trigger's (activity at ``at``), or with ``clear`` a trailing clear's.
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
        runtime.stamp(node, at)
    change = transition(node, reason, previous)
    return new_result((change,), _deadline(runtime, [node], source_id), None)


def rise(
    runtime: Runtime,
    node: Node,
    contribution: Contribution,
    at: datetime,
    reason: str,
) -> Result:
    """Put a contribution without an occupant on a vacant node, and climb.

    The node and the vacant ancestors it feeds become occupied, children first.
    """
    previous = node.cached or node.state()
    node.put(contribution.source_id, contribution, runtime.schedule)
    node.last_activity = at
    transitions = [_flip(runtime, node, at, reason, previous)]
    changed = [node]
    child = node
    # An unlocked ancestor is in step with its children (Propagation.lift): it holds
    # no contribution from the child, which was vacant, and the child lends no
    # occupant (it has none).
    while child.feeds:
        parent = child.parent
        if parent is None or parent.locks:
            break
        previous = parent.cached or parent.state()
        parent.hold(child.key, child.as_source)
        parent.last_activity = at
        changed.append(parent)
        reason = "child:" + child.id
        if parent.occupied:
            runtime.set_ladder(parent, at)
            transitions.append(transition(parent, reason, previous))
            runtime.stamp(parent, at)
            break
        transitions.append(_flip(runtime, parent, at, reason, previous))
        child = parent
    return _result(runtime, transitions, changed, contribution.source_id)


def shed(
    runtime: Runtime, node: Node, source_id: str, at: datetime, reason: str
) -> Result:
    """Clear a contribution without an occupant from a node at once, and climb down.

    If it was the node's last, the node and the ancestors it alone held occupied
    become vacant, children first, up to the first that stays occupied (which loses
    the child's contribution). A clear (or an expiry) is no activity: nothing is
    stamped.
    """
    previous = node.cached or node.state()
    node.drop(source_id)
    changed = [node]
    if node.contributions:
        runtime.set_ladder(node, at)
        return _result(
            runtime, [transition(node, reason, previous)], changed, source_id
        )
    transitions = [_flip(runtime, node, at, reason, previous)]
    child = node
    # An unlocked ancestor is in step with its children: it holds the child's
    # contribution and no occupant of the child's (the child had none).
    while child.feeds:
        parent = child.parent
        if parent is None or parent.locks:
            break
        previous = parent.cached or parent.state()
        parent.drop(child.key)
        changed.append(parent)
        reason = "child:" + child.id
        if parent.contributions:
            runtime.set_ladder(parent, at)
            transitions.append(transition(parent, reason, previous))
            break
        transitions.append(_flip(runtime, parent, at, reason, previous))
        child = parent
    return _result(runtime, transitions, changed, source_id)


def _flip(
    runtime: Runtime, node: Node, at: datetime, reason: str, previous: LocationState
) -> Transition:
    """Turn ``node``'s flag over at ``at`` (as ``Propagation.settle`` would) and report it.

    Its followers follow (through the log) once it shows its new state.
    """
    occupied = node.occupied = not node.occupied
    if occupied:
        node.occupied_since, node.vacant_since = at, None
    else:
        node.occupied_since, node.vacant_since = None, at
    runtime.set_ladder(node, at)
    change = transition(node, reason, previous)
    for follower in node.followers:
        runtime.follow(follower, node, at)
    return change


def fire(runtime: Runtime, at: datetime) -> Result | None:
    """Apply what is due at ``at`` if it is simple: an expiry, or ladder steps.

    A host's timer fires at the deadline it was set for, so every due entry's moment
    is ``at``: what applying them schedules counts from ``at`` and is later. An
    expiry of a contribution without an occupant is a clear at that moment
    (``shed``); a ladder step changes its node alone, so steps due together (rooms
    vacated together reaching extended vacancy together) are applied one by one.
    Otherwise (None) ``run_due`` applies what is due.
    """
    if runtime.next_deadline() != at:
        return None
    schedule = runtime.schedule
    heap = schedule.heap
    _, _, location_id, kind, key = heap[0]
    # What the top itself refuses first: the company's walk need not be paid for it.
    if kind == EXPIRY:
        node = runtime.nodes[location_id]
        contribution = node.find(key)
        if contribution is None or contribution.occupant is not None:
            return None
    elif kind != LADDER:
        return None  # a lock's until
    # The earliest of the other entries is one of the top's two children.
    rest = heap[1:3]
    if rest and min(rest)[0] <= at and not _company_allowed(runtime, at, heap[0]):
        return None
    if kind == LADDER:
        return _steps(runtime, at)
    schedule.pop()
    return shed(runtime, node, key, at, "expired:" + key)


def _company_allowed(runtime: Runtime, at: datetime, top: Entry) -> bool:
    """Whether the other entries due at ``at`` leave ``top`` to ``fire``.

    Ladder steps may come with ladder steps. An expiry may come with its own node's
    ladder step (the default timeout equals recently_occupied_after, both 300 s):
    the clear sets that node's ladder again at ``at``, which puts its next step
    after ``at``, so ``run_due`` would postpone or drop the entry unapplied. More
    entries than one ``run_due`` batch applies are left to it.
    """
    together = runtime.schedule.due_below_top(at, runtime.batch - 1)
    if together is None:
        return False
    _, _, location_id, kind, _ = top
    if kind == LADDER:
        return all(entry[3] == LADDER for entry in together)
    return all(entry[3] == LADDER and entry[2] == location_id for entry in together)


def _steps(runtime: Runtime, at: datetime) -> Result:
    """Apply the ladder steps due at ``at`` (every entry due is one), in queue order.

    The transitions come children first, each depth in queue order, as the log's
    ``finish`` sorts them. A step touches nothing else and schedules nothing, so the
    deadline found once the last is applied is the result's.
    """
    schedule = runtime.schedule
    nodes = runtime.nodes
    transitions: list[Transition] = []
    while True:
        _, _, location_id, _, _ = schedule.pop()
        node = nodes[location_id]
        previous = node.cached or node.state()
        node.ladder_heap = None
        runtime.set_ladder(node, at)
        # A live step moves the ladder; were it not so, the log would report nothing.
        if node.ladder is not previous.ladder:
            transitions.append(transition(node, "ladder", previous))
        # Every entry due is one of those found before the first step; stale or
        # postponed ones are dropped or moved on the way.
        deadline = runtime.next_deadline()
        if deadline is None or deadline > at:
            break
    if len(transitions) > 1:
        transitions.sort(
            key=lambda change: nodes[change.location_id].depth, reverse=True
        )
    return new_result(tuple(transitions), deadline, None)


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
    would climb through the log (merged by ``_result``).
    """
    previous = node.cached or node.state()
    runtime.lock(node, source_id, state, until, at)
    change = transition(node, "lock:" + source_id, previous)
    return _result(runtime, [change], [node], None)


def thaw(
    runtime: Runtime, node: Node, sources: Sequence[str], at: datetime, reason: str
) -> Result:
    """Remove lock sources (``Propagation.unlock``), the node reported directly.

    As with ``freeze``, a transition always; a sleep hold released goes through the
    log, and a thaw's climb (a child changed while the node was locked) does.
    """
    previous = node.cached or node.state()
    runtime.unlock(node, sources, at)
    return _result(runtime, [transition(node, reason, previous)], [node], None)


def _result(
    runtime: Runtime,
    transitions: list[Transition],
    changed: list[Node],
    source_id: str | None,
) -> Result:
    """The result of a climb that changed ``changed`` (bottom up) without the log.

    The deadline is found first (see ``_deadline``), while the log still shows the
    nodes it touched. Followers it let follow, or the climb a lock change hands to
    the log, changed after every changed node of the same depth, so sorting both by
    depth (stable) gives the general path's order, children first.
    """
    deadline = _deadline(runtime, changed, source_id)
    if runtime.touched:
        depth = {one.id: one.depth for one in changed}
        depth.update((one.id, one.depth) for one in runtime.touched)
        transitions.extend(runtime.finish())
        transitions.sort(key=lambda t: depth[t.location_id], reverse=True)
    return new_result(tuple(transitions), deadline, None)


def _deadline(
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
