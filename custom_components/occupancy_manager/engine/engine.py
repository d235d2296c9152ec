"""The public occupancy engine: validated inputs in, results with transitions out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from .bounds import CENTURY, CENTURY_BEFORE_LATEST, LATEST, later
from .checks import check_duration, check_source, utc
from .compact_encode import encode as encode_compact
from .core import IGNORED_NOT_CONTRIBUTING, EngineCore
from .direct import amend, freeze, thaw
from .errors import UnknownLocationError
from .firing import fire
from .model import (
    CHILD_SOURCE_PREFIX,
    DEFAULT,
    LocationConfig,
    LockState,
    Result,
    _Default,
    new_contribution,
    new_result,
)
from .persistence import encode
from .prolong import prolong
from .restoring import restore
from .topology import build_topology
from .turnover import rise, shed

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


_ZERO = timedelta(0)


class OccupancyEngine(EngineCore):
    """Hierarchical, per-source occupancy for a forest of locations (ENGINE.md).

    ``OccupancyEngine(locations, now, *, batch=256)``; the protocol every call
    follows, the queries and the batch of ``advance`` are described in
    :class:`EngineCore`.
    """

    __slots__ = ()

    direct: ClassVar[bool] = True
    """The common inputs and timer expiries take the direct paths (direct.py).

    They are a second way to the general path's outcome: tests turn them off in a
    subclass and compare every result (tests/engine/test_direct.py).
    """

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
        # The hot path: the common valid case is checked inline, anything else by
        # the same helpers as the other inputs.
        last = self._last
        fresh = now.tzinfo is UTC and (now is last or last <= now < LATEST)
        at = now if fresh else utc(now)
        if not source_id or source_id.startswith(CHILD_SOURCE_PREFIX):
            check_source(source_id)
        runtime = self._runtime
        try:  # a subscript in the try costs less than ``get`` (a method call)
            node = runtime.nodes[location_id]
        except KeyError:
            raise UnknownLocationError(location_id) from None
        if timeout is DEFAULT:
            duration: timedelta | None = node.config.default_timeout
        else:
            duration = timeout  # type: ignore[assignment]
        if duration is not None and (
            type(duration) is not timedelta or duration <= _ZERO
        ):
            check_duration(duration, "timeout", allow_zero=False)
        if fresh:
            self._last = at
        else:
            self._clock(at)
        schedule = runtime.schedule
        heap = schedule.heap
        if heap and heap[0][0] <= at:
            runtime.run_due(at)
        if node.follower or node.locks:
            return self._ignored(node)

        sources = node.sources
        old = (
            node.contributions[sources.index(source_id)]
            if source_id in sources
            else None
        )
        if duration is None:
            expires_at = None
            if old is not None and old.indefinite and occupant in (None, old.occupant):
                return self._result()
        else:
            # ``later`` inlined: its first test settles every practical sum.
            if duration < CENTURY and at < CENTURY_BEFORE_LATEST:
                expires_at = at + duration
            else:
                expires_at = later(at, duration)
            if old is not None:
                if (old_expiry := old.expires_at) is None:
                    expires_at = None
                elif old_expiry >= expires_at:
                    expires_at = old_expiry
                elif (
                    (occupant is None or occupant == old.occupant)
                    and not runtime.touched
                    and self.direct
                ):
                    # A timed source made to expire later: prolong.py.
                    return prolong(runtime, node, source_id, old, expires_at, at)
        if old is None:
            # The commonest input, a new source on an occupied room that keeps its
            # occupants (timed, or a presence sensor turning on), on its own path
            # (prolong.py).
            if (
                occupant is None
                and node.occupied
                and not runtime.touched
                and self.direct
            ):
                return prolong(runtime, node, source_id, None, expires_at, at)
        elif occupant is None:
            occupant = old.occupant
        changed = (
            old is None or old.expires_at != expires_at or old.occupant != occupant
        )
        if changed and not runtime.touched and self.direct:
            # The common cases, with their transitions built as they go (direct.py).
            if not node.occupied:
                return rise(runtime, node, source_id, expires_at, occupant, at)
            return amend(
                runtime,
                node,
                new_contribution(source_id, expires_at, occupant),
                at,
                "trigger:" + source_id,
            )
        runtime.touch(node, "trigger:" + source_id)
        if changed:
            node.put(
                source_id, new_contribution(source_id, expires_at, occupant), schedule
            )
        if node.trailing:
            node.stop_trailing(source_id)
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
        # Checked inline like trigger's: a presence sensor clears as often as it triggers.
        last = self._last
        fresh = now.tzinfo is UTC and (now is last or last <= now < LATEST)
        at = now if fresh else utc(now)
        if not source_id or source_id.startswith(CHILD_SOURCE_PREFIX):
            check_source(source_id)
        runtime = self._runtime
        try:
            node = runtime.nodes[location_id]
        except KeyError:
            raise UnknownLocationError(location_id) from None
        if trailing is DEFAULT:
            duration = node.config.default_trailing_timeout
        else:
            duration = trailing  # type: ignore[assignment]
        if type(duration) is not timedelta or duration < _ZERO:
            check_duration(duration, "trailing", allow_zero=True)
        if fresh:
            self._last = at
        else:
            self._clock(at)
        if (ignored := self._catch_up_or_ignore(node, at)) is not None:
            return ignored
        old = node.find(source_id)
        if old is None:
            return self._result(IGNORED_NOT_CONTRIBUTING)

        if duration == _ZERO:
            if not runtime.touched and self.direct:
                return shed(runtime, node, source_id, at, "clear:" + source_id)
            runtime.touch(node, "clear:" + source_id)
            node.drop(source_id)
        else:
            expires_at = later(at, duration)
            if source_id in node.trailing and old.expires_at is not None:
                # Already trailing: a repeat may shorten the wait but never restart it.
                expires_at = min(expires_at, old.expires_at)
                if expires_at == old.expires_at:
                    return self._result()
            if not runtime.touched and expires_at != old.expires_at and self.direct:
                # The node stays occupied by the same people (direct.py).
                return amend(
                    runtime,
                    node,
                    new_contribution(source_id, expires_at, old.occupant),
                    at,
                    "clear:" + source_id,
                    clear=True,
                )
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
        node = self._runtime.nodes.get(location_id) or self._node(location_id)
        if until is not None:
            until = utc(until, "until", saturate=True)
            if until <= at:
                raise ValueError(f"lock until {until.isoformat()} is not after now")
        self._arrive(at)
        runtime = self._runtime
        if source_id in node.locks and node.locks[source_id] == until:
            return self._result()
        # A state applied to an unlocked location moves its ancestors: the log's
        # work (direct.py would only merge its transitions).
        if (state is None or node.locks) and not runtime.touched and self.direct:
            return freeze(runtime, node, source_id, at, state=state, until=until)
        runtime.touch(node, "lock:" + source_id)
        runtime.lock(node, source_id, state, until, at)
        return self._result()

    def unlock(self, location_id: str, source_id: str, now: datetime) -> Result:
        """Remove one lock source and any contribution it added; thaw if it was the last."""
        at = utc(now)
        node = self._runtime.nodes.get(location_id) or self._node(location_id)
        self._arrive(at)
        runtime = self._runtime
        if source_id in node.locks:
            reason = "unlock:" + source_id
            # Releasing a sleep hold moves the ancestors: the log's work, as in lock.
            if source_id not in node.sources and not runtime.touched and self.direct:
                return thaw(runtime, node, (source_id,), at, reason)
            runtime.release(node, (source_id,), at, reason)
        return self._result()

    def unlock_all(self, location_id: str, now: datetime) -> Result:
        """Remove every lock source; the reason lists them: ``unlock:a,b``."""
        at = utc(now)
        node = self._node(location_id)
        self._arrive(at)
        runtime = self._runtime
        if node.locks:
            sources = sorted(node.locks)
            reason = "unlock:" + ",".join(sources)
            if (
                node.locks.keys().isdisjoint(node.sources)
                and not runtime.touched
                and self.direct
            ):
                return thaw(runtime, node, sources, at, reason)
            runtime.release(node, sources, at, reason)
        return self._result()

    def advance(self, now: datetime) -> Result:
        """Apply every expiry, ladder threshold and lock ``until`` due by ``now``.

        A ``now`` before the latest one is a timer that fired late (Home Assistant
        passes the moment it was set for) and changes nothing; only inputs, which
        carry the host's current time, can show that the clock went back.

        When more than ``batch`` entries fall due together, the result carries the
        first ``batch`` of them and a ``next_deadline`` at or before ``now``: the host
        calls again (re-arming its one timer is enough) until it is later. A location
        may then report two transitions where one call would have reported one (the
        second starting where the first ended), as with a timer that fired twice.
        """
        # The idle timer is the most frequent call: its common case is checked
        # inline, as in trigger.
        last = self._last
        if now.tzinfo is UTC and (now is last or last <= now < LATEST):
            at = self._last = now
        else:
            at = utc(now)
            self._last = max(last, at)
        runtime = self._runtime
        heap = runtime.schedule.heap
        if heap and heap[0][0] <= at:
            if self.direct and (fired := fire(runtime, at)) is not None:
                return fired
            runtime.run_due(at, runtime.batch)
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
        self._arrive(at)
        runtime = self._runtime
        runtime.override = "config"
        try:
            runtime.rewire(topology, at)
        finally:
            runtime.override = None
        self._ids = None
        return self._result()

    def snapshot(self, *, compact: bool = False) -> dict[str, object]:
        """A versioned, JSON-serialisable copy of the whole engine state.

        ``compact=True`` writes version 3 (compact.py), about a fifth of the size;
        :meth:`restore` reads every version.
        """
        order, last = self._runtime.order, self._last
        return encode_compact(order, last) if compact else encode(order, last)

    def restore(
        self, snapshot: Mapping[str, object], now: datetime, *, report: bool = True
    ) -> Result:
        """Load a :meth:`snapshot`; what expired before ``now`` expires on the way.

        Never raises on bad data: unknown versions, unknown locations and malformed
        entries are skipped with a warning. Locations the snapshot does not mention
        keep their current state. Transitions carry the reason ``restore``.

        ``report=False`` leaves the same state but returns no transitions: a host
        restoring at start-up has no entity yet to tell, and building them is a
        third of a restore.
        """
        at = utc(now)
        self._clock(at)
        runtime = self._runtime
        runtime.override = "restore"
        try:
            restore(runtime, snapshot, at, report=report)
        finally:
            runtime.override = None
        if report:
            return self._result()
        deadline = runtime.next_deadline()
        runtime.discard_changes()
        return new_result((), deadline, None)
