"""A room that turns over, occupied or vacant, and the ancestors it carries with it.

The direct paths of direct.py for the inputs with more than one transition. A vacant
room rises, with the vacant ancestors it feeds, up to the first occupied one, which
gains the child's contribution (``rise``); a room cleared of its last contribution
falls the same way (``shed``, also a timer's expiry: firing.py). Followers of a node
that turns over follow it (``_follow``). Each node changes once, so its transition is
built as soon as it has changed, and the transitions come out in the log's order of
touch (sorted children first when followers followed: ``climb_result``).

The climbs rely on the invariants the log keeps, and write out for them what the
generic helpers (``Node.put`` / ``hold`` / ``drop``, ``Runtime.set_ladder``,
``ladder_at``) would find out case by case: an unlocked node is occupied exactly
when it holds a contribution, so a vacant one holds nothing; an unlocked ancestor is
in step with its children (it holds an indefinite contribution from each occupied
one, and their occupants as it last saw them). Each level a room's occupancy climbs
through runs this code, which is what an input with several transitions costs on
top of one with one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .bounds import CENTURY, CENTURY_BEFORE_LATEST, later
from .direct import climb_result, lend
from .model import (
    EXTENDED_VACANT,
    OCCUPIED,
    RECENTLY_OCCUPIED,
    VACANT,
    Contribution,
    _ContributionDraft,
)
from .reporting import transition
from .schedule import EXPIRY, LADDER

if TYPE_CHECKING:
    from datetime import datetime

    from .model import LocationState, Result, Transition
    from .node import Node
    from .runtime import Runtime


def rise(  # noqa: PLR0917 - positional: a room turning occupied
    runtime: Runtime,
    node: Node,
    source_id: str,
    expires_at: datetime | None,
    occupant: str | None,
    at: datetime,
) -> Result:
    """Put a contribution on a vacant node, and climb.

    The node and the vacant ancestors it feeds become occupied, children first; the
    first occupied one gains the child's contribution and occupants, and lends what
    it gained further up (``lend``).
    """
    previous = node.cached or node.state()
    # ``new_contribution`` and ``Node.put``, inlined for a node that holds nothing
    # (an unlocked node is vacant exactly when it holds no contribution).
    draft = _ContributionDraft()
    draft.source_id = source_id
    draft.expires_at = expires_at
    draft.occupant = occupant
    draft.remaining = None
    draft.__class__ = Contribution
    node.contributions, node.sources = (draft,), (source_id,)
    if occupant is not None:
        node.add_occupant(occupant)
    node.last_activity = at
    node.occupied = True
    node.occupied_since, node.vacant_since = at, None
    schedule = runtime.schedule
    if expires_at is None:
        node.indefinite = 1
        node.ladder = OCCUPIED
        node.ladder_due = None
    else:
        # A node that holds nothing has no pending expiry (``Node.drop`` forgets it).
        node.expiry_heap = {source_id: expires_at}
        schedule.push(expires_at, node.id, EXPIRY, source_id)
        # ``Runtime.set_ladder`` and ``ladder_at`` for a room occupied and active at
        # ``at``, as prolong.py writes them out, for the same reason: their calls and
        # the cases they test were 4 % of a rise.
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
                schedule.push(threshold, node.id, LADDER, "")
        else:
            node.ladder = RECENTLY_OCCUPIED
            node.ladder_due = None
    reason = "trigger:" + source_id
    transitions = [transition(node, reason, previous)]
    changed = [node]
    followed = False
    for follower in node.followers:
        if _follow(runtime, follower, node, at, transitions, changed):
            followed = True
    child = node
    # An unlocked ancestor is in step with its children (Propagation.lift): it holds
    # no contribution from the child, which was vacant, and no occupant of the
    # child's (a vacant child lends none).
    while child.feeds:
        parent = child.parent
        if parent is None or parent.locks:
            break
        previous = parent.cached or parent.state()
        lent = child.occupants
        if lent:
            parent.add_child_occupants(child.id, lent)
            parent.refresh_occupants()
        parent.last_activity = at
        # ``set_ladder`` for a node holding an indefinite contribution (the child's),
        # without its call.
        parent.ladder = OCCUPIED
        parent.ladder_due = None
        changed.append(parent)
        reason = "child:" + child.id
        if parent.occupied:
            parent.hold(child.key, child.as_source)
            transitions.append(transition(parent, reason, previous))
            top = parent
            if lent and parent.occupants != previous.occupants:
                top = lend(runtime, parent, at, transitions, changed, activity=True)
            runtime.stamp(top, at)
            break
        # ``Node.hold``, inlined for a vacant ancestor: it holds nothing.
        parent.contributions, parent.sources = (child.as_source,), (child.key,)
        parent.indefinite = 1
        parent.occupied = True
        parent.occupied_since, parent.vacant_since = at, None
        transitions.append(transition(parent, reason, previous))
        for follower in parent.followers:
            if _follow(runtime, follower, parent, at, transitions, changed):
                followed = True
        child = parent
    return climb_result(runtime, transitions, changed, source_id, followed)


def shed(
    runtime: Runtime, node: Node, source_id: str, at: datetime, reason: str
) -> Result:
    """Clear a contribution from a node at once, and climb down.

    If it was the node's last, the node and the ancestors it alone held occupied
    become vacant, children first, up to the first that stays occupied (which loses
    the child's contribution and occupants). The first node that stays occupied
    lends its remaining occupants further up if they changed (``lend``). A clear
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
            lend(runtime, node, at, transitions, changed, activity=False)
        return climb_result(runtime, transitions, changed, source_id)
    transitions = []
    followed = _fall(runtime, node, at, reason, previous, transitions, changed)
    child = node
    # An unlocked ancestor is in step with its children: it holds the child's
    # contribution and the occupants the child had.
    while child.feeds:
        parent = child.parent
        if parent is None or parent.locks:
            break
        previous = parent.cached or parent.state()
        if parent.child_occupants:
            parent.forget_child_occupants(child.id)
            parent.refresh_occupants()
        changed.append(parent)
        reason = "child:" + child.id
        if len(parent.sources) > 1:
            parent.drop(child.key)
            runtime.set_ladder(parent, at)
            transitions.append(transition(parent, reason, previous))
            occupants = parent.occupants
            if occupants is not previous.occupants and occupants != previous.occupants:
                lend(runtime, parent, at, transitions, changed, activity=False)
            break
        # ``Node.drop``, inlined for an ancestor that held nothing but the child's
        # contribution (indefinite, without an occupant: it needs no other change).
        parent.contributions = parent.sources = ()
        parent.indefinite = 0
        if _fall(runtime, parent, at, reason, previous, transitions, changed):
            followed = True
        child = parent
    return climb_result(runtime, transitions, changed, source_id, followed)


def _fall(  # noqa: PLR0917 - positional: keywords cost 1 % of a four-level climb
    runtime: Runtime,
    node: Node,
    at: datetime,
    reason: str,
    previous: LocationState,
    transitions: list[Transition],
    changed: list[Node],
) -> bool:
    """Mark ``node``, which held its last contribution, vacant since ``at``; report it.

    As ``Propagation.settle`` would, with ``Runtime.set_ladder`` and ``ladder_at``
    for a node vacant since ``at`` written out: every level a vacancy falls through
    runs them (with ``Node.drop`` written out for the ancestor, a level went from
    13.0K to 9.7K instructions; one helper shared with rise's block, a call, costs
    7 % of a level). Its followers follow once it shows its new state (``_follow``), their
    transitions after its own, in the log's order of touch. Whether one followed:
    the transitions then need sorting children first (``climb_result``).
    """
    node.occupied = False
    node.occupied_since, node.vacant_since = None, at
    after = node.config.extended_vacancy_after
    if after < CENTURY and at < CENTURY_BEFORE_LATEST:
        threshold = at + after
    else:
        threshold = later(at, after)
    if at < threshold:
        node.ladder = VACANT
        node.ladder_due = threshold
        queued = node.ladder_heap
        if queued is None or threshold < queued:
            node.ladder_heap = threshold
            runtime.schedule.push(threshold, node.id, LADDER, "")
    else:
        node.ladder = EXTENDED_VACANT
        node.ladder_due = None
    transitions.append(transition(node, reason, previous))
    followed = False
    for follower in node.followers:
        if _follow(runtime, follower, node, at, transitions, changed):
            followed = True
    return followed


def _follow(  # noqa: PLR0917 - positional, as _fall's
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
    changed.append(node)
    reason = "parent:" + parent.id
    # An unlocked follower holds nothing but the mirror, which names no occupant
    # (Propagation.resync drops anything else, and inputs on a follower are
    # ignored): it turns over with it, and its occupants stay none.
    if not occupied:
        node.drop(key)
        _fall(runtime, node, at, reason, previous, transitions, changed)
        return True
    node.put(key, parent.as_source, runtime.schedule)
    node.occupied = True
    node.occupied_since, node.vacant_since = at, None
    # ``set_ladder``'s first case without its call: the mirror is indefinite.
    node.ladder = OCCUPIED
    node.ladder_due = None
    transitions.append(transition(node, reason, previous))
    for follower in node.followers:
        _follow(runtime, follower, node, at, transitions, changed)
    return True
