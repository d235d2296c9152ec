"""The commonest input, on a path of its own: a trigger on an occupied room.

A sensor firing in a room that is already occupied (a motion sensor in a room held by
a presence sensor, a sensor retriggering the room it holds, any sensor of a floor
whose rooms are occupied) is most of what a home sends: three in four of the inputs
with one transition in the benchmarks' streams. Its effect is small and known in
advance: one contribution added or made to expire later, the room's ladder
threshold moved, the ancestors' activity stamp, one transition, and the next
deadline. ``direct.amend`` does the same work through the generic helpers
(``Node.put``, ``Runtime.set_ladder``, ``ladder_at``, ``deadline_after``), each of
which first finds out which case it is in; here the case is known, so their
branches for it are written out, which is about a quarter of the input's cost.

The case: a timed trigger on an unlocked, occupied room, from a new source without an
occupant, or from a source whose timed contribution it makes expire later, with the
same occupant (or none named); or an indefinite one from a new source without an
occupant (a presence sensor turning on in an occupied room: it only holds the
room's ladder); in a call where nothing else changed. The room's occupants stay as
they are, so its ancestors see what they saw and only get the activity stamp.
tests/engine/test_direct.py compares its results with the general path's.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from .bounds import CENTURY, CENTURY_BEFORE_LATEST, later
from .model import OCCUPIED, RECENTLY_OCCUPIED, Contribution, _ContributionDraft
from .reporting import single
from .schedule import EXPIRY, LADDER

if TYPE_CHECKING:
    from datetime import datetime

    from .model import Result
    from .node import Node
    from .runtime import Runtime


def prolong(  # noqa: PLR0917 - positional: the commonest input
    runtime: Runtime,
    node: Node,
    source_id: str,
    old: Contribution | None,
    expires_at: datetime | None,
    at: datetime,
) -> Result:
    """Put ``source_id``'s contribution, expiring at ``expires_at``, on ``node``.

    ``old`` is the contribution it replaces (timed, expiring earlier, with the same
    occupant), or None for a new source without an occupant, whose contribution may
    be indefinite (``expires_at`` None: a presence sensor turning on).
    """
    previous = node.cached or node.state()
    # new_contribution, inlined (see model.py's drafts).
    draft = _ContributionDraft()
    draft.source_id = source_id
    draft.expires_at = expires_at
    draft.occupant = None if old is None else old.occupant
    draft.remaining = None
    draft.__class__ = Contribution
    view = node.contributions
    if old is None:
        # ``Node.hold``'s insertion: the counts stay.
        sources = node.sources
        if len(view) == 1:  # the commonest: a room held by one sensor
            (only,), (only_id,) = view, sources
            if only_id < source_id:
                node.contributions, node.sources = (only, draft), (only_id, source_id)
            else:
                node.contributions, node.sources = (draft, only), (source_id, only_id)
        else:
            index = bisect_left(sources, source_id)
            node.contributions = (*view[:index], draft, *view[index:])
            node.sources = (*sources[:index], source_id, *sources[index:])
    elif len(view) == 1:
        node.contributions = (draft,)
    else:
        index = node.sources.index(source_id)
        node.contributions = (*view[:index], draft, *view[index + 1 :])
    # ``Node.put``'s expiry. A source's pending entry is at or before its old expiry,
    # so it is reused, and postponed when it surfaces (the expiries are not even
    # read: at 10,000 locations they are two cold objects); a new source has none.
    if expires_at is None:
        node.indefinite += 1
    elif old is None:
        if expiries := node.expiry_heap:
            expiries[source_id] = expires_at
        else:  # perhaps the nodes' shared empty dict (see Node's fields)
            node.expiry_heap = {source_id: expires_at}
        runtime.schedule.push(expires_at, node.id, EXPIRY, source_id)
    if node.trailing:
        node.stop_trailing(source_id)
    node.last_activity = at
    # ``Runtime.set_ladder`` and ``ladder_at`` for an occupied room active at ``at``.
    if node.indefinite:
        node.ladder = OCCUPIED
        node.ladder_due = None
    else:
        after = node.config.recently_occupied_after
        if after < CENTURY and at < CENTURY_BEFORE_LATEST:
            threshold = at + after
        else:
            threshold = later(at, after)
        if at < threshold:
            node.ladder = OCCUPIED
            node.ladder_due = threshold
            queued = node.ladder_heap
            if queued is None or threshold < queued:
                node.ladder_heap = threshold
                runtime.schedule.push(threshold, node.id, LADDER, "")
        else:
            node.ladder = RECENTLY_OCCUPIED
            node.ladder_due = None
    # ``Propagation.stamp``, without its call.
    for parent in node.reach:
        if parent.locks:
            break
        parent.last_activity = at
        parent.cached = None
    # ``_deadline``'s commonest case without its call: another location's checked
    # top is still live, as only this room changed.
    schedule = runtime.schedule
    heap = schedule.heap
    deadline: datetime | None
    if heap and schedule.checked and (top := heap[0])[2] != node.id:
        deadline = top[0]
    else:
        deadline = _deadline(runtime, node, source_id, expires_at)
    return single(node, "trigger:" + source_id, previous, deadline)


def _deadline(
    runtime: Runtime, node: Node, source_id: str, expires_at: datetime | None
) -> datetime | None:
    """The next deadline once ``node`` was prolonged (``deadline_after``, specialised).

    Only the node's own entries can have gone stale. Another location's checked top is
    still live. The node's own, on top, are settled here as
    ``Runtime.next_deadline`` would settle them, without its general lookups: the
    source's pending expiry moves to ``expires_at``, the ladder's entry to
    ``ladder_due`` (or goes), a stale one goes; another source's checked expiry
    stands (a lock's entry is never checked on an unlocked node). In a small home
    a room's retrigger finds its own entries on top most of the time: 7 % of its
    cost at 10 locations.
    """
    schedule = runtime.schedule
    heap = schedule.heap
    node_id = node.id
    actual: datetime | None
    while heap:
        deadline, _, location_id, kind, key = heap[0]
        if location_id != node_id:
            return deadline if schedule.checked else runtime.next_deadline()
        if kind == EXPIRY and key == source_id:
            if node.expiry_heap.get(key) != deadline:
                schedule.pop()
                continue
            # Live, so the source had a timed contribution: it is timed still.
            assert expires_at is not None
            actual = expires_at
        elif kind == LADDER:
            if node.ladder_heap != deadline:
                schedule.pop()
                continue
            actual = node.ladder_due
            if actual is None:
                node.ladder_heap = None
                schedule.pop()
                continue
        elif schedule.checked:
            return deadline  # another source's expiry, unchanged
        else:
            return runtime.next_deadline()
        if actual == deadline:
            schedule.checked = True
            return deadline
        if kind == EXPIRY:
            node.expiry_heap[key] = actual
        else:
            node.ladder_heap = actual
        schedule.replace_top(actual)
    return runtime.next_deadline()  # the queue emptied: nothing is pending
