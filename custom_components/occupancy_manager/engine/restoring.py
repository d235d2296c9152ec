"""Applying a snapshot to live nodes (ENGINE.md §7).

A snapshot is decoded into one :class:`Record` per location (persistence.py,
compact.py), then each record replaces its node's state. A compact snapshot's usual
entry (moments and held sensors, no lock) is loaded into its node as it is read
instead: building and unpacking a record per location, and the calls around it, were
a tenth of a restore at start-up. Both ways read alike and warn alike, through the
decoder's functions and logger (compact.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .bounds import earlier, later
from .compact import (
    _LOGGER,
    COMPACT_VERSIONS,
    Moments,
    _decode_contributions,
    _decode_record,
    decode,
)
from .model import CHILD_SOURCE_PREFIX, Contribution, Ladder, new_contribution
from .node import NOBODY, Node, Observation
from .persistence import _MalformedError, _time, saved_at
from .schedule import LOCK
from .timeline import CLOCK_TOLERANCE

if TYPE_CHECKING:
    from .persistence import Record
    from .runtime import Runtime

_ZERO = timedelta(0)
_NOTHING: tuple[tuple[Contribution, ...], frozenset[str], None] = (
    (),
    frozenset(),
    None,
)
"""The contributions, trailing and held sources of an entry without any."""
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


def restore(
    runtime: Runtime, snapshot: object, now: datetime, *, report: bool = True
) -> None:
    """Read ``snapshot`` (any version) into the nodes it names, then catch up to ``now``.

    Never raises on bad data: what is malformed is skipped with a warning.
    """
    if (
        isinstance(snapshot, Mapping)
        and (version := snapshot.get("version")) in COMPACT_VERSIONS
        and isinstance(locations := snapshot.get("locations"), Mapping)
    ):
        try:
            saved = _time(snapshot.get("now"), "now")
        except _MalformedError:
            saved = None
        # A clock that went back (timeline.py) moves every record: the general way.
        if saved is not None and saved - now <= CLOCK_TOLERANCE:
            moments = Moments(saved, version)
            _load_compact(runtime, locations, moments, now, report=report)
            return
    # The general way, which also says what is wrong with the file's header.
    records = decode(snapshot, runtime.nodes)
    apply_records(runtime, records, now, saved_at(snapshot), report=report)


def _load_compact(
    runtime: Runtime,
    locations: Mapping[str, object],
    moments: Moments,
    now: datetime,
    *,
    report: bool,
) -> None:
    """``apply_records(decode(...))`` for a compact snapshot, one location at a time.

    Every location is read in file order and loaded as soon as it is read: the
    warnings and the order of the changes are those of decoding everything first.
    """
    if not report:
        _mark_all(runtime)
    nodes = runtime.nodes
    stamp = moments.stamp
    for location_id, entry in locations.items():
        node = nodes.get(location_id)
        if node is None:
            _LOGGER.warning("Snapshot: skipping unknown location %r", location_id)
            continue
        usual = False
        try:
            if type(entry) is dict:
                # By method, not through a bound ``get``: 600 instructions less per
                # location on Python 3.13 (the call is specialised).
                since, vacant, activity, items = (
                    entry.get("s"),
                    entry.get("v"),
                    entry.get("a"),
                    entry.get("c"),
                )
                # No lock, no stated flag, no explicit null: the usual entry, read as
                # the decoder reads it (its warnings come in the same order). The
                # test is compact._decode_record's, inline: a shared function cost
                # 2 % of a restore; test_restore_reading.py keeps the two in step.
                usual = len(entry) == (
                    (since is not None)
                    + (vacant is not None)
                    + (activity is not None)
                    + (items is not None)
                )
            if usual:
                contributions, trailing, held = (
                    _NOTHING
                    if items is None
                    else _decode_contributions(location_id, items, moments)
                )
            else:
                record = _decode_record(location_id, entry, moments)
        except _MalformedError as err:
            _LOGGER.warning("Snapshot: skipping location %r: %s", location_id, err)
            continue
        if usual:
            occupied = since is not None
            if occupied:
                since = stamp(location_id, since, "s")
            if vacant is not None:
                vacant = stamp(location_id, vacant, "v")
            if activity is not None:
                activity = stamp(location_id, activity, "a")
            if report:
                runtime.touch(node, "restore")
            _set_moments(node, occupied, since, vacant, activity, now=now)
            if held:
                # Held sensors in order, nobody named: what ``put`` would build from
                # them one by one (a put per sensor was 6 % of a quiet restore).
                node.contributions, node.sources = contributions, held
                node.indefinite = len(held)
            elif contributions:
                _load_contributions(runtime, node, contributions, trailing, now)
            continue
        _apply(runtime, node, record, now, report=report)
    runtime.sync_all(now)
    runtime.run_due(now)


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
        _apply(runtime, node, record, now, report=report)
    runtime.sync_all(now)
    runtime.run_due(now)


def _apply(
    runtime: Runtime, node: Node, record: Record, now: datetime, *, report: bool
) -> None:
    """Replace ``node``'s state with a decoded record (both ways of reading use it)."""
    if report:
        runtime.touch(node, "restore")
    _load(runtime, node, record, now)
    if node.locks:
        # Only a locked node keeps contributions from its children as saved, and
        # a child that stopped feeding it since must not hold it: the others were
        # consistent before (or are re-derived by sync_all).
        runtime.prune(node)


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
    _set_moments(node, occupied, since, vacant, activity, now=now)
    if not locks:
        _load_contributions(runtime, node, contributions, trailing, now)
        return
    schedule = runtime.schedule
    for lock in locks:
        if lock.source_id.startswith(CHILD_SOURCE_PREFIX):
            continue
        node.set_lock(lock.source_id, lock.until)
        if lock.until is not None:
            schedule.push(lock.until, node.id, LOCK, lock.source_id)
    if not node.locks:
        _load_contributions(runtime, node, contributions, trailing, now)
        return

    for contribution in contributions:
        source_id = contribution.source_id
        if source_id.startswith(CHILD_SOURCE_PREFIX):
            # A child's contribution is always indefinite and carries no identity
            # (its occupants travel separately); a corrupt one must not outlive the
            # lock.
            contribution = new_contribution(source_id, None, None)  # noqa: PLW2901
        elif contribution.expires_at is not None:
            contribution = _fit(contribution, locked=True, now=now)  # noqa: PLW2901
        node.put(source_id, contribution, schedule)
    for source in trailing:
        if node.find(source) is not None:
            node.start_trailing(source)
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


def _set_moments(
    node: Node,
    occupied: bool,
    since: datetime | None,
    vacant: datetime | None,
    activity: datetime | None,
    *,
    now: datetime,
) -> None:
    """Empty ``node`` and set its flag and ladder moments (never after ``now``)."""
    node.forget()
    node.occupied = occupied
    # These say when something happened: never after now (a corrupt or foreign file).
    node.occupied_since = since if since is None or since <= now else now
    if vacant is None:
        node.vacant_since = None if occupied else now
    else:
        node.vacant_since = min(vacant, now)
    node.last_activity = activity if activity is None or activity <= now else now


def _load_contributions(
    runtime: Runtime,
    node: Node,
    contributions: tuple[Contribution, ...],
    trailing: frozenset[str],
    now: datetime,
) -> None:
    """An unlocked node's own contributions (its children's are derived again)."""
    schedule = runtime.schedule
    for contribution in contributions:
        source_id = contribution.source_id
        if source_id.startswith(CHILD_SOURCE_PREFIX):
            continue  # re-derived from the neighbours by sync_all
        if contribution.remaining is not None:
            contribution = _fit(contribution, locked=False, now=now)  # noqa: PLW2901
        node.put(source_id, contribution, schedule)
    for source in trailing:
        if node.find(source) is not None:
            node.start_trailing(source)


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
