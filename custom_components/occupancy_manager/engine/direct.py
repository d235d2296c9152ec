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
Followers follow through the log, and a climb that meets occupants to carry is handed
to the general path from there; their transitions are merged with these by depth.

A timer that expires such a contribution, alone in its call, is a clear at its
moment; a ladder step changes its node alone (``fire``). A lock or an unlock always changes its node's locks, so the
node's transition is built directly too (``freeze``, ``thaw``); whatever else the
lock changes (a sleep hold, a thaw's climb) travels through the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Ladder, new_result
from .node import NOBODY
from .reporting import transition
from .schedule import EXPIRY, LADDER

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from .model import Contribution, LocationState, LockState, Result, Transition
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
    heap = schedule.heap
    if schedule.checked and heap:
        # A checked top stays live unless this change moved it: the node's ladder
        # step, or this source's expiry unless the entry is the one just scheduled
        # (what Runtime._resolve would find). The node's other entries are unchanged.
        deadline, _, location_id, kind, key = heap[0]
        if location_id != node.id or (
            kind == EXPIRY
            and (
                key != source_id
                or deadline == contribution.expires_at == node.expiry_heap.get(key)
            )
        ):
            return new_result((change,), deadline, None)
        schedule.checked = False
    return new_result((change,), runtime.next_deadline(), None)


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
    source_id = contribution.source_id
    schedule = runtime.schedule
    node.put(source_id, contribution, schedule)
    if node.trailing:
        node.stop_trailing(source_id)
    node.last_activity = at
    node.occupied = True
    node.occupied_since, node.vacant_since = at, None
    runtime.set_ladder(node, at)
    transitions = [transition(node, reason, previous)]
    changed = [node]
    for follower in node.followers:
        runtime.follow(follower, node, at)
    child = node
    # Each ancestor the child feeds gains its contribution (it has none: the child
    # was vacant) and carries no new occupant (the child has none).
    while child.feeds:
        parent = child.parent
        if parent is None or parent.locks:
            break
        if (
            child.occupants is not NOBODY
            or parent.child_occupants.get(child.id, NOBODY) is not NOBODY
            or child.key in parent.sources
        ):
            runtime.lift(child, at, activity=True)
            break
        previous = parent.cached or parent.state()
        parent.hold(child.key, child.as_source)
        parent.last_activity = at
        # An indefinite contribution holds it occupied (as set_ladder would say).
        parent.ladder = Ladder.OCCUPIED
        parent.ladder_due = None
        changed.append(parent)
        if parent.occupied:
            transitions.append(transition(parent, "child:" + child.id, previous))
            runtime.stamp(parent, at)
            break
        parent.occupied = True
        parent.occupied_since, parent.vacant_since = at, None
        transitions.append(transition(parent, "child:" + child.id, previous))
        for follower in parent.followers:
            runtime.follow(follower, parent, at)
        child = parent
    return _result(runtime, transitions, changed, _deadline(runtime, changed))


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
        transitions = [transition(node, reason, previous)]
        deadline = _deadline(runtime, changed, source_id)
        return _result(runtime, transitions, changed, deadline)
    node.occupied = False
    node.occupied_since, node.vacant_since = None, at
    runtime.set_ladder(node, at)
    transitions = [transition(node, reason, previous)]
    for follower in node.followers:
        runtime.follow(follower, node, at)
    child = node
    # Each ancestor the child feeds loses its contribution; it lent no occupant.
    while child.feeds:
        parent = child.parent
        if parent is None or parent.locks:
            break
        if (
            child.key not in parent.sources
            or parent.child_occupants.get(child.id, NOBODY) is not NOBODY
        ):
            runtime.lift(child, at, activity=False)
            break
        previous = parent.cached or parent.state()
        parent.drop(child.key)
        changed.append(parent)
        if parent.contributions:
            runtime.set_ladder(parent, at)
            transitions.append(transition(parent, "child:" + child.id, previous))
            break
        parent.occupied = False
        parent.occupied_since, parent.vacant_since = None, at
        runtime.set_ladder(parent, at)
        transitions.append(transition(parent, "child:" + child.id, previous))
        for follower in parent.followers:
            runtime.follow(follower, parent, at)
        child = parent
    deadline = _deadline(runtime, changed, source_id)
    return _result(runtime, transitions, changed, deadline)


def fire(runtime: Runtime, at: datetime) -> Result | None:
    """Apply the entry due at ``at`` if it is the only one, and a simple one.

    A host's timer fires at the deadline it was set for, so the entry's moment is
    ``at``: what applying it schedules counts from ``at`` and is later, and with no
    other entry due by then it is the whole call. An expiry of a contribution
    without an occupant is a clear at that moment (``shed``); a ladder step changes
    its node alone. Otherwise (None) ``run_due`` applies what is due.
    """
    if runtime.next_deadline() != at:
        return None
    schedule = runtime.schedule
    heap = schedule.heap
    _, _, location_id, kind, key = heap[0]
    # The earliest of the other entries is one of the top's two children.
    rest = heap[1:3]
    if rest and min(rest)[0] <= at:
        return None
    node = runtime.nodes[location_id]
    if kind == LADDER:
        schedule.pop()
        previous = node.cached or node.state()
        node.ladder_heap = None
        runtime.set_ladder(node, at)
        # A live step moves the ladder; were it not so, the log would report nothing.
        transitions = (
            []
            if node.ladder is previous.ladder
            else [transition(node, "ladder", previous)]
        )
        return _result(runtime, transitions, [node], runtime.next_deadline())
    if kind != EXPIRY:
        return None
    contribution = node.find(key)
    if contribution is None or contribution.occupant is not None:
        return None
    schedule.pop()
    return shed(runtime, node, key, at, "expired:" + key)


def freeze(
    runtime: Runtime,
    node: Node,
    source_id: str,
    at: datetime,
    *,
    state: LockState | None,
    until: datetime | None,
) -> Result:
    """Add or update a lock source (``Propagation.lock``), the node reported directly."""
    previous = node.cached or node.state()
    runtime.lock(node, source_id, state, until, at)
    return _relocked(runtime, node, "lock:" + source_id, previous)


def thaw(
    runtime: Runtime, node: Node, sources: Sequence[str], at: datetime, reason: str
) -> Result:
    """Remove lock sources (``Propagation.unlock``), the node reported directly."""
    previous = node.cached or node.state()
    runtime.unlock(node, sources, at)
    return _relocked(runtime, node, reason, previous)


def _relocked(
    runtime: Runtime, node: Node, reason: str, previous: LocationState
) -> Result:
    """The result of a lock change on ``node``: its locks always change.

    A state the lock applies, and a thaw, climb through the log (merged by
    ``_result``); the node itself is only changed there, never touched. Its queue
    entries may be stale now (suspended expiries, a frozen ladder, a lock's end
    replaced or removed), so a top of its own is checked again.
    """
    schedule = runtime.schedule
    heap = schedule.heap
    if heap and heap[0][2] == node.id:
        schedule.checked = False
    # The log's check: a top owned by no node changed since is still live.
    deadline = runtime.next_deadline()
    return _result(runtime, [transition(node, reason, previous)], [node], deadline)


def _result(
    runtime: Runtime,
    transitions: list[Transition],
    changed: list[Node],
    deadline: datetime | None,
) -> Result:
    """The result of a climb that changed ``changed`` (bottom up) without the log.

    ``deadline`` is found first: the log still shows which nodes it changed.

    Followers it let follow, or the general climb it handed over to, changed after
    every changed node of the same depth, so sorting both by depth (stable) gives
    the general path's order, children first.
    """
    if runtime.touched:
        depth = {one.id: one.depth for one in changed}
        depth.update((one.id, one.depth) for one in runtime.touched)
        transitions.extend(runtime.finish())
        transitions.sort(key=lambda t: depth[t.location_id], reverse=True)
    return new_result(tuple(transitions), deadline, None)


def _deadline(
    runtime: Runtime, changed: list[Node], dropped: str = ""
) -> datetime | None:
    """The next deadline, once ``changed`` changed without the log.

    Each changed node's ladder was set again, so a top that is one of their ladder
    steps is checked again, as is the expiry of the source ``dropped`` from the
    first. Their other expiries are as checked: a rising node had none before and
    the one it scheduled is live; ancestors only gained or lost a child's indefinite
    contribution. Any other top checked before is still live.
    """
    schedule = runtime.schedule
    heap = schedule.heap
    if heap and schedule.checked:
        deadline, _, location_id, kind, key = heap[0]
        if kind == LADDER:
            for node in changed:
                if node.id == location_id:
                    schedule.checked = False
                    break
        elif kind == EXPIRY and key == dropped and location_id == changed[0].id:
            schedule.checked = False
        if schedule.checked and not runtime.touched:
            return deadline
    return runtime.next_deadline()
