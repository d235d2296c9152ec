"""How a changed node becomes a transition: the log's comparison, and the values built.

A node changed in the current call reports one transition, from what it showed
before its first change to what it shows now. The general path (propagation.py)
compares its record (``Node.before``) with the node; the direct paths (direct.py)
know the node changed and pass what it showed before. Either way the current state
is built here once, and cached on the node until its next change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import (
    LocationState,
    Result,
    Transition,
    _ResultDraft,
    _StateDraft,
    _TransitionDraft,
    new_state,
)

if TYPE_CHECKING:
    from datetime import datetime

    from .node import Node


def report(node: Node) -> Transition | None:
    """This call's transition, if what the node shows changed; ends the call's record.

    ``last_activity`` alone is not a change worth a transition: ancestors of every
    triggered location would otherwise report one per input. Identity is tried
    first because unchanged parts are the very same objects.
    """
    before = node.before
    assert before is not None  # only touched nodes report
    # Unpacked at once: the indexings and a star call to build the previous state
    # cost more (4 % of a restore, which reports every location).
    (state, occupied, ladder, view, locks, occupants, since, vacant, activity) = before
    # The transition keeps the reason, not the node.
    reason, node.before, node.reason = node.reason, None, ""
    # The contributions last: comparing them calls each one's __eq__.
    if (
        occupied is node.occupied
        and ladder is node.ladder
        and (locks is node.lock_view or locks == node.lock_view)
        and (occupants is node.occupants or occupants == node.occupants)
        and (view is node.contributions or view == node.contributions)
    ):
        return None
    if state is None:
        state = new_state(
            node.id, occupied, ladder, view, locks, occupants, since, vacant, activity
        )
    return transition(node, reason, state)


def transition(node: Node, reason: str, previous: LocationState) -> Transition:
    """The transition of ``node`` from ``previous`` to what it shows now."""
    # The builders of model.py, inlined: a call costs a fifth of what a value does.
    location_id = node.id
    current = _StateDraft()
    current.location_id = location_id
    current.occupied = node.occupied
    current.ladder = node.ladder
    current.contributions = node.contributions
    current.locks = node.lock_view
    current.occupants = node.occupants
    current.occupied_since = node.occupied_since
    current.vacant_since = node.vacant_since
    current.last_activity = node.last_activity
    current.__class__ = LocationState
    node.cached = current
    draft = _TransitionDraft()
    draft.location_id = location_id
    draft.reason = reason
    draft.previous = previous
    draft.current = current
    draft.__class__ = Transition
    value: Transition = draft
    return value


def single(
    node: Node, reason: str, previous: LocationState, deadline: datetime | None
) -> Result:
    """The result of a call in which ``node`` alone changed, from ``previous``.

    ``transition`` and ``new_result`` written out in one function: most inputs end
    here, and a call of either costs about as much as filling in its value.
    """
    location_id = node.id
    current = _StateDraft()
    current.location_id = location_id
    current.occupied = node.occupied
    current.ladder = node.ladder
    current.contributions = node.contributions
    current.locks = node.lock_view
    current.occupants = node.occupants
    current.occupied_since = node.occupied_since
    current.vacant_since = node.vacant_since
    current.last_activity = node.last_activity
    current.__class__ = LocationState
    node.cached = current
    change = _TransitionDraft()
    change.location_id = location_id
    change.reason = reason
    change.previous = previous
    change.current = current
    change.__class__ = Transition
    result = _ResultDraft()
    result.transitions = (change,)
    result.next_deadline = deadline
    result.ignored = None
    result.__class__ = Result
    value: Result = result
    return value
