"""What a host's timer finds due, applied without the log when it is simple.

A host's timer fires at the deadline it was set for, so every entry due is due at
that very moment: an expiry is then a clear at once (``turnover.shed``), and a ladder
step changes its node alone. ``fire`` takes the call when the entries due are one
expiry (alone, or with its own node's ladder step) or ladder steps only; anything
else (a lock's end, entries of several kinds, more than a batch) ``run_due``
applies through the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import new_result
from .reporting import transition
from .schedule import EXPIRY, LADDER
from .turnover import shed

if TYPE_CHECKING:
    from datetime import datetime

    from .model import Result, Transition
    from .runtime import Runtime
    from .schedule import Entry


def fire(runtime: Runtime, at: datetime) -> Result | None:
    """Apply what is due at ``at`` if it is simple: an expiry, or ladder steps.

    A host's timer fires at the deadline it was set for, so every due entry's moment
    is ``at``: what applying them schedules counts from ``at`` and is later. An
    expiry is a clear at that moment (``shed``); a ladder step changes its node alone, so steps due together (rooms
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
        if key not in node.sources:
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
