"""The common inputs, with their transitions built as they go instead of from the log.

The general path (propagation.py) records what each node showed before its first
change (``touch``), changes the nodes, then compares every touched node with its
record and sorts the transitions children first (``finish``). That is the price of
generality: a node may change several times in one call.

Most inputs are simpler: a trigger or a clear on an unlocked room, in a call where
nothing else changed. An occupied room that stays occupied changes alone (its
contributions, ladder and activity: ``amend``). A vacant room rises, with the vacant
ancestors it feeds, up to the first occupied one, which gains the child's
contribution (``rise``); a room cleared of its last contribution falls the same way
(``shed``). Followers of a node that turns over follow it (``_follow``). An
occupant that arrives or leaves travels further, up the ancestors that stay occupied,
to the first whose occupants do not change (``_lend``). Each node changes once, so
its transition is built as soon as it has changed, from its cached state (or one
built before the change), and the transitions come out in the log's order of touch
(sorted children first when followers followed). Above, ancestors only get a
trigger's activity stamp. The climbs rely on the invariant the log keeps: an
unlocked ancestor is in step with its children (it holds a contribution from each
occupied one, and their occupants as it last saw them).

A timer's expiry is a ``shed`` at its moment (firing.py). A lock or an unlock always
changes its node's locks, so the node's transition is built directly too
(``freeze``, ``thaw``); whatever else the lock changes (a sleep hold, a thaw's
climb) travels through the log. Every path finds the next deadline through
``deadline_after``, the one place that says which queue entries a change without the
log can make stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Ladder, new_result
from .node import NOBODY
from .reporting import transition
from .schedule import LADDER

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
    """Put a changed contribution on an occupied node.

    A trigger's (activity at ``at``), or with ``clear`` a trailing clear's (which
    keeps the contribution's occupant). A trigger that brings an occupant or changes
    the one it carries lends the node's new occupants to its ancestors (``_lend``).
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
                top = _lend(runtime, node, at, transitions, changed, activity=True)
            runtime.stamp(top, at)
            return _result(runtime, transitions, changed, source_id)
        runtime.stamp(node, at)
    change = transition(node, reason, previous)
    return new_result((change,), deadline_after(runtime, [node], source_id), None)


def rise(
    runtime: Runtime,
    node: Node,
    contribution: Contribution,
    at: datetime,
    reason: str,
) -> Result:
    """Put a contribution on a vacant node, and climb.

    The node and the vacant ancestors it feeds become occupied, children first; the
    first occupied one gains the child's contribution and occupants, and lends what
    it gained further up (``_lend``).
    """
    previous = node.cached or node.state()
    node.put(contribution.source_id, contribution, runtime.schedule)
    node.last_activity = at
    if node.occupants_dirty:
        node.refresh_occupants()
    transitions: list[Transition] = []
    changed = [node]
    followed = _flip(runtime, node, at, reason, previous, transitions, changed)
    child = node
    # An unlocked ancestor is in step with its children (Propagation.lift): it holds
    # no contribution from the child, which was vacant, and no occupant of the
    # child's (a vacant child lends none).
    while child.feeds:
        parent = child.parent
        if parent is None or parent.locks:
            break
        previous = parent.cached or parent.state()
        parent.hold(child.key, child.as_source)
        lent = child.occupants
        if lent:
            parent.add_child_occupants(child.id, lent)
            parent.refresh_occupants()
        parent.last_activity = at
        changed.append(parent)
        reason = "child:" + child.id
        if parent.occupied:
            # ``set_ladder`` for a node holding an indefinite contribution (the
            # child's), without its call.
            parent.ladder = Ladder.OCCUPIED
            parent.ladder_due = None
            transitions.append(transition(parent, reason, previous))
            top = parent
            if lent and parent.occupants != previous.occupants:
                top = _lend(runtime, parent, at, transitions, changed, activity=True)
            runtime.stamp(top, at)
            break
        if _flip(runtime, parent, at, reason, previous, transitions, changed):
            followed = True
        child = parent
    return _result(runtime, transitions, changed, contribution.source_id, followed)


def shed(
    runtime: Runtime, node: Node, source_id: str, at: datetime, reason: str
) -> Result:
    """Clear a contribution from a node at once, and climb down.

    If it was the node's last, the node and the ancestors it alone held occupied
    become vacant, children first, up to the first that stays occupied (which loses
    the child's contribution and occupants). The first node that stays occupied
    lends its remaining occupants further up if they changed (``_lend``). A clear
    (or an expiry) is no activity: nothing is stamped.
    """
    previous = node.cached or node.state()
    node.drop(source_id)
    if node.occupants_dirty:
        node.refresh_occupants()
    changed = [node]
    if node.contributions:
        runtime.set_ladder(node, at)
        transitions = [transition(node, reason, previous)]
        # Identity first: the set is rebuilt only when the occupants' counts change.
        occupants = node.occupants
        if occupants is not previous.occupants and occupants != previous.occupants:
            _lend(runtime, node, at, transitions, changed, activity=False)
        return _result(runtime, transitions, changed, source_id)
    transitions = []
    followed = _flip(runtime, node, at, reason, previous, transitions, changed)
    child = node
    # An unlocked ancestor is in step with its children: it holds the child's
    # contribution and the occupants the child had.
    while child.feeds:
        parent = child.parent
        if parent is None or parent.locks:
            break
        previous = parent.cached or parent.state()
        parent.drop(child.key)
        if parent.child_occupants:
            parent.forget_child_occupants(child.id)
            parent.refresh_occupants()
        changed.append(parent)
        reason = "child:" + child.id
        if parent.contributions:
            runtime.set_ladder(parent, at)
            transitions.append(transition(parent, reason, previous))
            occupants = parent.occupants
            if occupants is not previous.occupants and occupants != previous.occupants:
                _lend(runtime, parent, at, transitions, changed, activity=False)
            break
        if _flip(runtime, parent, at, reason, previous, transitions, changed):
            followed = True
        child = parent
    return _result(runtime, transitions, changed, source_id, followed)


def _lend(
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


def _flip(  # noqa: PLR0917 - positional: keywords cost 1 % of a four-level climb
    runtime: Runtime,
    node: Node,
    at: datetime,
    reason: str,
    previous: LocationState,
    transitions: list[Transition],
    changed: list[Node],
) -> bool:
    """Turn ``node``'s flag over at ``at`` (as ``Propagation.settle`` would), report it.

    Its followers follow once it shows its new state (``_follow``), their
    transitions after its own, in the log's order of touch. Whether one followed:
    the transitions then need sorting children first (``_result``).
    """
    occupied = node.occupied = not node.occupied
    if occupied:
        node.occupied_since, node.vacant_since = at, None
        if node.indefinite:
            # ``set_ladder``'s first case without its call: every ancestor a room
            # rises through holds the child's indefinite contribution.
            node.ladder = Ladder.OCCUPIED
            node.ladder_due = None
        else:
            runtime.set_ladder(node, at)
    else:
        node.occupied_since, node.vacant_since = None, at
        runtime.set_ladder(node, at)
    transitions.append(transition(node, reason, previous))
    followed = False
    for follower in node.followers:
        if _follow(runtime, follower, node, at, transitions, changed):
            followed = True
    return followed


def _follow(  # noqa: PLR0917 - positional, as _flip's
    runtime: Runtime,
    node: Node,
    parent: Node,
    at: datetime,
    transitions: list[Transition],
    changed: list[Node],
) -> bool:
    """``Propagation.follow`` for a parent that just turned over, reported directly.

    A follower changes once per call, so its transition is built as soon as it has
    changed, as the climb's are; its own followers follow on. Whether it changed.
    """
    if node.locks:
        return False
    key = parent.key
    occupied = parent.occupied
    if occupied == (key in node.sources):
        return False
    previous = node.cached or node.state()
    if occupied:
        node.put(key, parent.as_source, runtime.schedule)
    else:
        node.drop(key)
    changed.append(node)
    # An unlocked follower holds nothing but the mirror, which names no occupant
    # (Propagation.resync drops anything else, and inputs on a follower are
    # ignored): it turns over with it, and its occupants stay none.
    _flip(runtime, node, at, "parent:" + parent.id, previous, transitions, changed)
    return True


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
    # ``_result``'s common case without its call: only the node changed.
    if runtime.touched:
        return _result(runtime, [change], [node], None)
    return new_result((change,), deadline_after(runtime, [node], None), None)


def thaw(
    runtime: Runtime, node: Node, sources: Sequence[str], at: datetime, reason: str
) -> Result:
    """Remove lock sources (``Propagation.unlock``), the node reported directly.

    As with ``freeze``, a transition always; a sleep hold released goes through the
    log, and a thaw's climb (a child changed while the node was locked) does.
    """
    previous = node.cached or node.state()
    runtime.unlock(node, sources, at)
    change = transition(node, reason, previous)
    if runtime.touched:
        return _result(runtime, [change], [node], None)
    return new_result((change,), deadline_after(runtime, [node], None), None)


def _result(
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
