"""What the engine does when the host's clock goes backwards.

ENGINE.md never lets the engine read the clock, so it only sees a backward jump as a
``now`` earlier than the one before. The contract's rule is that nothing lasts longer
than its duration measured from the moment it started. The engine therefore treats
a jump of more than :data:`CLOCK_TOLERANCE` as a correction of its clock: the whole
timeline (expiries, lock ends, ladder timestamps) moves back by the size of the jump,
so every timer keeps exactly what was left of it and nothing gets stretched.

A smaller step back is jitter and changes nothing: deadlines already applied stay
applied, and new inputs start from the ``now`` they carry. ``advance`` never takes a
step back for a jump: Home Assistant calls a timer with the moment it was set for,
however late it runs, so an early ``now`` there is a late timer, not a new clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from .bounds import earlier
from .model import Contribution
from .schedule import EXPIRY, LOCK

if TYPE_CHECKING:
    from .runtime import Runtime

CLOCK_TOLERANCE: Final = timedelta(seconds=60)
"""A step back larger than this is a clock jump; smaller ones are timer jitter."""


def shift_back(runtime: Runtime, by: timedelta, at: datetime) -> None:
    """Move every timestamp and deadline of the engine ``by`` earlier: O(locations).

    Relative times are unchanged, so no location changes state and no transition is
    reported; the next result's ``next_deadline`` carries the moved deadline.
    """
    schedule = runtime.schedule
    schedule.clear()
    for node in runtime.order:
        node.cached = None
        node.occupied_since = _back(node.occupied_since, by)
        node.vacant_since = _back(node.vacant_since, by)
        node.last_activity = _back(node.last_activity, by)
        node.expiry_heap = {}
        moved_view: list[Contribution] = []
        for contribution in node.contributions:
            expires_at = contribution.expires_at
            if expires_at is None:
                moved_view.append(contribution)
                continue
            source_id = contribution.source_id
            moved = earlier(expires_at, by)
            moved_view.append(
                Contribution(
                    source_id=source_id,
                    expires_at=moved,
                    occupant=contribution.occupant,
                )
            )
            node.expiry_heap[source_id] = moved
            schedule.push(moved, node.id, EXPIRY, source_id)
        node.contributions = tuple(moved_view)
        for source_id, until in list(node.locks.items()):
            if until is not None:
                moved = earlier(until, by)
                node.set_lock(source_id, moved)
                schedule.push(moved, node.id, LOCK, source_id)
        node.ladder_heap = None
        if not node.locks:
            runtime.set_ladder(node, at)


def _back(moment: datetime | None, by: timedelta) -> datetime | None:
    return None if moment is None else earlier(moment, by)
