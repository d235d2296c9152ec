"""Applying decoded snapshot records to live nodes (ENGINE.md §7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .bounds import earlier, later
from .model import CHILD_SOURCE_PREFIX, Contribution, Ladder, new_contribution
from .node import NOBODY, Node, Observation
from .schedule import LOCK
from .timeline import CLOCK_TOLERANCE

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .persistence import Record
    from .runtime import Runtime

_ZERO = timedelta(0)
_UNREPORTED: Observation = (
    None,
    False,
    Ladder.VACANT,
    (),
    (),
    NOBODY,
    None,
    None,
    None,
)
"""What a node showed before a restore whose changes are discarded: never read."""


def apply_records(
    runtime: Runtime,
    records: Mapping[str, Record],
    now: datetime,
    saved_at: datetime | None,
    *,
    report: bool = True,
) -> None:
    """Replace the state of each recorded location, then let time catch up to ``now``.

    Everything is loaded as it was when the snapshot was taken, expired contributions
    included; the neighbours are re-derived; then the normal deadline machinery runs
    up to ``now``, so what expired while the host was down expires at its own time
    (and the ladder timestamps come out as if the engine had kept running). A
    snapshot taken at a later ``saved_at`` than ``now`` met a clock that went back:
    its timeline moves back with it, as a running engine's would (timeline.py).

    Without ``report`` the caller discards this call's changes: every node is marked
    as changed up front, without the record of what it showed that a transition is
    built from (about 3 % of such a restore otherwise).
    """
    if not report:
        _mark_all(runtime)
    if saved_at is not None and saved_at - now > CLOCK_TOLERANCE:
        by = saved_at - now
        records = {key: _shift(record, by) for key, record in records.items()}
    nodes = runtime.nodes
    for location_id, record in records.items():
        node = nodes[location_id]
        if report:
            runtime.touch(node, "restore")
        _load(runtime, node, record, now)
        if node.locks:
            # Only a locked node keeps contributions from its children as saved, and
            # a child that stopped feeding it since must not hold it: the others were
            # consistent before (or are re-derived by sync_all).
            runtime.prune(node)
    runtime.sync_all(now)
    runtime.run_due(now)


def _mark_all(runtime: Runtime) -> None:
    """Mark every node as changed in this call, with nothing to compare it to.

    ``touch`` then only sets the reason, ``next_deadline`` checks the queue's top
    again (any node may have changed), and ``discard_changes`` unmarks them all.
    """
    touched = runtime.touched
    for node in runtime.order:
        if node.before is None:
            node.before = _UNREPORTED
            touched.append(node)
        node.cached = None


def _load(runtime: Runtime, node: Node, record: Record, now: datetime) -> None:
    # Once per location on every start: the record is unpacked at once, and the lock
    # work is skipped for the (usual) unlocked record.
    (
        occupied,
        ladder,
        since,
        vacant,
        activity,
        contributions,
        trailing,
        locks,
        child_occupants,
    ) = record
    node.forget()
    node.occupied = occupied
    # These say when something happened: never after now (a corrupt or foreign file).
    node.occupied_since = since if since is None or since <= now else now
    if vacant is None:
        node.vacant_since = None if occupied else now
    else:
        node.vacant_since = min(vacant, now)
    node.last_activity = activity if activity is None or activity <= now else now

    schedule = runtime.schedule
    locked = False
    if locks:
        for lock in locks:
            if lock.source_id.startswith(CHILD_SOURCE_PREFIX):
                continue
            node.set_lock(lock.source_id, lock.until)
            if lock.until is not None:
                schedule.push(lock.until, node.id, LOCK, lock.source_id)
        locked = bool(node.locks)

    for contribution in contributions:
        source_id = contribution.source_id
        if source_id.startswith(CHILD_SOURCE_PREFIX):
            if not locked:
                continue  # re-derived from the neighbours by sync_all
            # A child's contribution is always indefinite and carries no identity
            # (its occupants travel separately); a corrupt one must not outlive the
            # lock.
            contribution = new_contribution(source_id, None, None)  # noqa: PLW2901
        elif (
            contribution.expires_at is not None
            if locked
            else contribution.remaining is not None
        ):
            contribution = _fit(contribution, locked=locked, now=now)  # noqa: PLW2901
        node.put(source_id, contribution, schedule)
    for source in trailing:
        if node.find(source) is not None:
            node.start_trailing(source)

    if locked:
        # A frozen node keeps what it last saw of its children until it thaws.
        for child_id, names in child_occupants:
            if node.find(CHILD_SOURCE_PREFIX + child_id) is not None:
                node.set_child_occupants(child_id, names)
        node.refresh_occupants()
        if ladder is not None:
            node.ladder = ladder
        else:
            runtime.set_ladder(node, now)
            node.ladder_due = None


def _shift(record: Record, by: timedelta) -> Record:
    """The record with every timestamp ``by`` earlier."""

    def back(moment: datetime | None) -> datetime | None:
        return None if moment is None else earlier(moment, by)

    return record._replace(
        occupied_since=back(record.occupied_since),
        vacant_since=back(record.vacant_since),
        last_activity=back(record.last_activity),
        contributions=tuple(
            replace(c, expires_at=back(c.expires_at)) for c in record.contributions
        ),
        locks=tuple(replace(lock, until=back(lock.until)) for lock in record.locks),
    )


def _fit(contribution: Contribution, *, locked: bool, now: datetime) -> Contribution:
    """Make a contribution consistent with the node's lock state.

    A well-formed snapshot never needs this; a hand-edited or foreign one may pair a
    running expiry with a lock or a suspended remainder with no lock.
    """
    if locked and contribution.expires_at is not None:
        remaining = max(contribution.expires_at - now, _ZERO)
        return Contribution(
            source_id=contribution.source_id,
            occupant=contribution.occupant,
            remaining=remaining,
        )
    if not locked and contribution.remaining is not None:
        return Contribution(
            source_id=contribution.source_id,
            expires_at=later(now, contribution.remaining),
            occupant=contribution.occupant,
        )
    return contribution
