"""The public occupancy engine: validated inputs in, results with transitions out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .bounds import later
from .checks import check_duration, check_source, utc
from .compact import decode, encode as encode_compact
from .errors import UnknownLocationError
from .model import (
    CHILD_SOURCE_PREFIX,
    DEFAULT,
    LocationConfig,
    LocationState,
    LockState,
    Result,
    _Default,
    new_contribution,
    new_result,
)
from .persistence import encode, saved_at
from .restoring import apply_records
from .runtime import Runtime
from .schedule import LOCK
from .timeline import CLOCK_TOLERANCE, shift_back
from .topology import build_topology

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from .node import Node

_ZERO = timedelta(0)

LADDER_BATCH = 256
"""Default of ``batch``: about a millisecond of ladder steps on a quiet machine."""

IGNORED_FOLLOW_PARENT = "follow_parent"
IGNORED_LOCKED = "locked"
IGNORED_NOT_CONTRIBUTING = "not_contributing"


class OccupancyEngine:
    """Hierarchical, per-source occupancy for a forest of locations (ENGINE.md).

    Pure and deterministic: every method takes ``now`` (an aware datetime) and the
    engine never reads the clock. The host keeps one timer for :attr:`next_deadline`
    and calls :meth:`advance` when it fires. Every input first applies whatever fell
    due before its ``now``, so a late timer never changes the outcome.
    """

    __slots__ = ("_ids", "_last", "_quiet", "_runtime")

    def __init__(
        self,
        locations: Iterable[LocationConfig],
        now: datetime,
        *,
        batch: int = LADDER_BATCH,
    ) -> None:
        """Build the forest; every location starts vacant at ``now``.

        ``batch`` bounds the ladder steps one call applies (see :meth:`advance`).

        Raises:
            ConfigError: on a cycle, a duplicate id or an unknown parent.
            ValueError: if ``now`` is naive or ``batch`` < 1.
        """
        at = utc(now)
        if batch < 1:
            raise ValueError(f"batch must be >= 1, got {batch}")
        topology = build_topology(locations)
        self._runtime = Runtime(batch)
        self._runtime.rewire(topology, at)
        self._runtime.discard_changes()
        self._runtime.next_deadline()
        self._ids = frozenset(topology.configs)
        self._last = at
        """The latest ``now`` seen: an earlier one is a clock that went back."""
        self._quiet = Result()
        """The last result that changed nothing (immutable, so it can be handed out again)."""

    # -- queries -----------------------------------------------------------------------

    @property
    def next_deadline(self) -> datetime | None:
        """When :meth:`advance` must next be called, or None if nothing is pending."""
        runtime = self._runtime
        if runtime.schedule.waiting:
            return runtime.next_deadline()
        heap = runtime.schedule.heap
        return heap[0][0] if heap else None

    def location_ids(self) -> frozenset[str]:
        """Ids of every configured location (a method: the set is rebuilt on reconfigure)."""
        return self._ids

    def config(self, location_id: str) -> LocationConfig:
        """The configuration of one location."""
        return self._node(location_id).config

    def children(self, location_id: str) -> tuple[str, ...]:
        """Ids of a location's direct children, in configuration order."""
        return tuple(child.id for child in self._node(location_id).children)

    def state(self, location_id: str) -> LocationState:
        """The current state of one location (cached between changes).

        A ladder step of this location that fell due but waits for the next call (see
        the class) is applied first; its transition comes with the next result.
        """
        node = self._node(location_id)
        if node.overdue:
            self._runtime.touch(node, "ladder")
        return node.state()

    # -- events ------------------------------------------------------------------------

    def trigger(
        self,
        location_id: str,
        source_id: str,
        now: datetime,
        *,
        timeout: timedelta | _Default | None = DEFAULT,
        occupant: str | None = None,
    ) -> Result:
        """``source_id`` contributes to the location's occupancy.

        ``timeout=None`` contributes until cleared; ``DEFAULT`` uses the location's
        ``default_timeout``. A timed trigger only ever extends the expiry, and an
        indefinite contribution stays indefinite. ``occupant`` replaces the identity the
        contribution carries (None keeps the current one).

        Raises:
            ValueError: on a naive ``now``, a timeout <= 0 or a reserved source id.
            UnknownLocationError: if the location does not exist.
        """
        at = utc(now)
        if not source_id or source_id.startswith(CHILD_SOURCE_PREFIX):
            check_source(source_id)
        runtime = self._runtime
        node = runtime.nodes.get(location_id) or self._node(location_id)
        if timeout is DEFAULT:
            duration: timedelta | None = node.config.default_timeout
        else:
            assert not isinstance(timeout, _Default)
            duration = timeout
        # The checks are spelled out for the common valid case: this is the hot path.
        if duration is not None and (
            type(duration) is not timedelta or duration <= _ZERO
        ):
            check_duration(duration, "timeout", allow_zero=False)
        self._clock(at)
        if (ignored := self._catch_up_or_ignore(node, at)) is not None:
            return ignored

        old = node.contributions.get(source_id)
        if duration is None:
            expires_at = None
            if old is not None and old.indefinite and occupant in (None, old.occupant):
                return self._result()
        else:
            expires_at = later(at, duration)
            if old is not None:
                if old.expires_at is None:
                    expires_at = None
                elif old.expires_at > expires_at:
                    expires_at = old.expires_at
        if occupant is None and old is not None:
            occupant = old.occupant
        runtime.touch(node, "trigger:" + source_id)
        if old is None or old.expires_at != expires_at or old.occupant != occupant:
            node.put(
                source_id,
                new_contribution(source_id, expires_at, occupant),
                runtime.schedule,
            )
        node.trailing.discard(source_id)
        node.last_activity = at
        runtime.climb(node, at, activity=True)
        return self._result()

    def clear(
        self,
        location_id: str,
        source_id: str,
        now: datetime,
        *,
        trailing: timedelta | _Default = DEFAULT,
    ) -> Result:
        """``source_id`` stops contributing, after ``trailing`` (0 = at once).

        The first clear sets the expiry to ``now + trailing`` even if that is sooner;
        repeating it never pushes the expiry later. Ignored (``not_contributing``) when
        the source has no contribution.

        Raises:
            ValueError: on a naive ``now``, a negative trailing time or a reserved id.
            UnknownLocationError: if the location does not exist.
        """
        at = utc(now)
        check_source(source_id)
        node = self._node(location_id)
        if isinstance(trailing, _Default):
            duration = node.config.default_trailing_timeout
        else:
            duration = trailing
        check_duration(duration, "trailing", allow_zero=True)
        self._clock(at)
        runtime = self._runtime
        if (ignored := self._catch_up_or_ignore(node, at)) is not None:
            return ignored
        old = node.contributions.get(source_id)
        if old is None:
            return self._result(IGNORED_NOT_CONTRIBUTING)

        if duration == _ZERO:
            runtime.touch(node, "clear:" + source_id)
            node.drop(source_id)
        else:
            expires_at = later(at, duration)
            if source_id in node.trailing and old.expires_at is not None:
                # Already trailing: a repeat may shorten the wait but never restart it.
                expires_at = min(expires_at, old.expires_at)
                if expires_at == old.expires_at:
                    return self._result()
            runtime.touch(node, "clear:" + source_id)
            node.put(
                source_id,
                new_contribution(source_id, expires_at, old.occupant),
                runtime.schedule,
            )
            node.start_trailing(source_id)
        runtime.climb(node, at, activity=False)
        return self._result()

    # -- commands ----------------------------------------------------------------------

    def vacate(self, location_id: str, now: datetime) -> Result:
        """Remove every contribution of the location's own at once.

        Contributions from occupied children stay: vacate a subtree from the leaves up.
        """
        at = utc(now)
        node = self._node(location_id)
        self._clock(at)
        runtime = self._runtime
        if (ignored := self._catch_up_or_ignore(node, at)) is not None:
            return ignored
        own = node.own_sources()
        if not own:
            return self._result()
        runtime.touch(node, "vacate")
        for source_id in own:
            node.drop(source_id)
        runtime.climb(node, at, activity=False)
        return self._result()

    def lock(
        self,
        location_id: str,
        source_id: str,
        now: datetime,
        *,
        state: LockState | None = None,
        until: datetime | None = None,
    ) -> Result:
        """Freeze the location under ``source_id``, optionally until ``until``.

        On an unlocked location, ``state=OCCUPIED`` first adds an indefinite
        contribution under ``source_id`` (sleep mode) and ``state=VACANT`` first
        vacates (vacation mode). On an already locked location the state is frozen
        and ``state`` is ignored. Locking again with the same source only updates
        ``until``.

        Raises:
            ValueError: on a naive datetime, ``until`` not after ``now``, or a
                reserved source id.
            UnknownLocationError: if the location does not exist.
        """
        at = utc(now)
        check_source(source_id)
        node = self._node(location_id)
        if until is not None:
            until = utc(until, "until", saturate=True)
            if until <= at:
                raise ValueError(f"lock until {until.isoformat()} is not after now")
        self._clock(at)
        runtime = self._runtime
        runtime.run_due(at)
        reason = "lock:" + source_id
        if source_id in node.locks:
            if node.locks[source_id] == until:
                return self._result()
            runtime.touch(node, reason)
        else:
            runtime.touch(node, reason)
            if not node.locks:
                self._force(node, source_id, state, at)
                node.suspend(at)
        node.set_lock(source_id, until)
        if until is not None:
            runtime.schedule.push(until, node.id, LOCK, source_id)
        return self._result()

    def unlock(self, location_id: str, source_id: str, now: datetime) -> Result:
        """Remove one lock source and any contribution it added; thaw if it was the last."""
        at = utc(now)
        node = self._node(location_id)
        self._clock(at)
        runtime = self._runtime
        runtime.run_due(at)
        if source_id in node.locks:
            runtime.release(node, (source_id,), at, "unlock:" + source_id)
        return self._result()

    def unlock_all(self, location_id: str, now: datetime) -> Result:
        """Remove every lock source; the reason lists them: ``unlock:a,b``."""
        at = utc(now)
        node = self._node(location_id)
        self._clock(at)
        runtime = self._runtime
        runtime.run_due(at)
        if node.locks:
            sources = sorted(node.locks)
            runtime.release(node, sources, at, "unlock:" + ",".join(sources))
        return self._result()

    def advance(self, now: datetime) -> Result:
        """Apply every expiry, ladder threshold and lock ``until`` due by ``now``.

        A ``now`` before the latest one is a timer that fired late (Home Assistant
        passes the moment it was set for) and changes nothing; only inputs, which
        carry the host's current time, can show that the clock went back.

        When more than ``batch`` ladder steps fall due together, the result carries
        the first ``batch`` and a ``next_deadline`` at or before ``now``: the host
        calls again (re-arming its one timer is enough) until it is later.
        """
        at = utc(now)
        self._last = max(self._last, at)
        self._runtime.run_due(at)
        return self._result()

    # -- configuration and persistence -------------------------------------------------

    def reconfigure(self, locations: Iterable[LocationConfig], now: datetime) -> Result:
        """Adopt a new configuration, keeping the state of locations that still exist.

        Costs O(locations). Transitions carry the reason ``config``; removed locations
        simply disappear (with their contribution to their old parent).

        Raises:
            ConfigError: as for the constructor; the engine is then unchanged.
        """
        at = utc(now)
        topology = build_topology(locations)
        self._clock(at)
        runtime = self._runtime
        runtime.run_due(at)
        runtime.override = "config"
        try:
            runtime.rewire(topology, at)
        finally:
            runtime.override = None
        self._ids = frozenset(topology.configs)
        return self._result()

    def snapshot(self, *, compact: bool = False) -> dict[str, object]:
        """A versioned, JSON-serialisable copy of the whole engine state.

        ``compact=True`` writes version 2 (compact.py), about a fifth of the size;
        :meth:`restore` reads both versions.
        """
        order, last = self._runtime.order, self._last
        return encode_compact(order, last) if compact else encode(order, last)

    def restore(self, snapshot: Mapping[str, object], now: datetime) -> Result:
        """Load a :meth:`snapshot`; what expired before ``now`` expires on the way.

        Never raises on bad data: unknown versions, unknown locations and malformed
        entries are skipped with a warning. Locations the snapshot does not mention
        keep their current state. Transitions carry the reason ``restore``.
        """
        at = utc(now)
        self._clock(at)
        records = decode(snapshot, self._runtime.nodes)
        runtime = self._runtime
        runtime.override = "restore"
        try:
            apply_records(runtime, records, at, saved_at(snapshot))
        finally:
            runtime.override = None
        return self._result()

    # -- helpers -----------------------------------------------------------------------

    def _clock(self, at: datetime) -> None:
        """Follow the host's clock; a jump back moves the timeline with it (timeline.py).

        Called once the input is validated, so a refused call changes nothing.
        """
        last = self._last
        if at is last or at >= last:
            self._last = at
        elif last - at > CLOCK_TOLERANCE:
            self._runtime.catch_up_all()
            shift_back(self._runtime, last - at, at)
            self._last = at

    def _node(self, location_id: str) -> Node:
        try:
            return self._runtime.nodes[location_id]
        except KeyError:
            raise UnknownLocationError(location_id) from None

    def _force(
        self, node: Node, source_id: str, state: LockState | None, at: datetime
    ) -> None:
        """Apply a lock's ``state`` to an unlocked node before it freezes."""
        runtime = self._runtime
        if state is LockState.OCCUPIED:
            old = node.contributions.get(source_id)
            if old is not None and old.indefinite:
                return
            node.put(
                source_id,
                new_contribution(
                    source_id, None, None if old is None else old.occupant
                ),
                runtime.schedule,
            )
            node.trailing.discard(source_id)
        elif state is LockState.VACANT:
            own = node.own_sources()
            if not own:
                return
            for own_source in own:
                node.drop(own_source)
        else:
            return
        runtime.climb(node, at, activity=False)

    def _catch_up_or_ignore(self, node: Node, at: datetime) -> Result | None:
        """Apply what fell due before ``at``; say why an input is ignored, if it is.

        A follower mirrors its parent and a locked location is frozen: sensor inputs
        and vacate reach neither.
        """
        runtime = self._runtime
        schedule = runtime.schedule
        heap = schedule.heap
        if (heap and heap[0][0] <= at) or schedule.waiting:
            runtime.run_due(at)
        if node.follower:
            return self._result(IGNORED_FOLLOW_PARENT)
        if node.locks:
            return self._result(IGNORED_LOCKED)
        return None

    def _result(self, ignored: str | None = None) -> Result:
        runtime = self._runtime
        transitions = runtime.finish()
        deadline = runtime.next_deadline()
        if transitions or ignored is not None:
            return new_result(transitions, deadline, ignored)
        quiet = self._quiet
        if quiet.next_deadline != deadline:
            quiet = self._quiet = new_result((), deadline, None)
        return quiet
