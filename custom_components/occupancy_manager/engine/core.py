"""The engine's state and the protocol every call follows (ENGINE.md §6).

Every public call (engine.py) validates its input, follows the host's clock
(:meth:`EngineCore._clock`), applies what fell due before its ``now``, changes the
nodes, and ends with :meth:`EngineCore._result`: the transitions of the locations that
changed and the next deadline. The queries live here too.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Final

from .checks import utc
from .errors import UnknownLocationError
from .model import LocationConfig, LocationState, Result, new_result
from .runtime import Runtime
from .timeline import CLOCK_TOLERANCE, shift_back
from .topology import build_topology

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .node import Node

ADVANCE_BATCH: Final = 256
"""Default of ``batch``: about a millisecond of queue entries on a quiet machine."""

IGNORED_FOLLOW_PARENT: Final = "follow_parent"
IGNORED_LOCKED: Final = "locked"
IGNORED_NOT_CONTRIBUTING: Final = "not_contributing"


class EngineCore:
    """What every call of :class:`~.engine.OccupancyEngine` shares: state, clock, results.

    Pure and deterministic: every method takes ``now`` (an aware datetime) and the
    engine never reads the clock. The host keeps one timer for :attr:`next_deadline`
    and calls ``advance`` when it fires. Every input first applies whatever fell due
    before its ``now``, so a late timer never changes the outcome.

    ``advance`` does a bounded amount of work: when more than ``batch`` entries of
    the queue (expiries, ladder thresholds, lock ends) fall due together (an hour
    after start, every location never occupied becomes ``extended_vacant``), it
    applies the first ``batch`` of them in deadline order and returns a
    ``next_deadline`` that is already due. The host re-arms its timer as always, so
    the rest follows on its next turns. Each entry still applies at its own moment
    and in the same order; only the grouping into calls changes. Inputs are never
    cut short: one first applies everything due before its ``now`` (as with a late
    timer), so nothing it changes can jump ahead of what fell due before it.
    """

    __slots__ = ("_ids", "_last", "_quiet", "_runtime")

    def __init__(
        self,
        locations: Iterable[LocationConfig],
        now: datetime,
        *,
        batch: int = ADVANCE_BATCH,
    ) -> None:
        """Build the forest; every location starts vacant at ``now``.

        ``batch`` bounds the queue entries one ``advance`` applies (see the class).

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
        self._ids: frozenset[str] | None = None
        """Built when first asked for (a set of every id is memory worth saving)."""
        self._last = at
        """The latest ``now`` seen: an earlier one is a clock that went back."""
        self._quiet = Result()
        """The last result that changed nothing (immutable, so it can be handed out again)."""

    # -- queries -----------------------------------------------------------------------

    @property
    def next_deadline(self) -> datetime | None:
        """When :meth:`advance` must next be called, or None if nothing is pending."""
        heap = self._runtime.schedule.heap
        return heap[0][0] if heap else None

    def location_ids(self) -> frozenset[str]:
        """Ids of every configured location (a method: the set is rebuilt on reconfigure)."""
        if self._ids is None:
            self._ids = frozenset(self._runtime.nodes)
        return self._ids

    def config(self, location_id: str) -> LocationConfig:
        """The configuration of one location."""
        return self._node(location_id).config

    def children(self, location_id: str) -> tuple[str, ...]:
        """Ids of a location's direct children, in configuration order."""
        return tuple(child.id for child in self._node(location_id).children)

    def state(self, location_id: str) -> LocationState:
        """The current state of one location (cached between changes)."""
        return self._node(location_id).state()

    # -- helpers -----------------------------------------------------------------------

    def _clock(self, at: datetime) -> None:
        """Follow the host's clock; a jump back moves the timeline with it (timeline.py).

        Called once the input is validated, so a refused call changes nothing. What a
        batched ``advance`` left due before the jump is applied first, at its own
        moment and reported with this call: moving the timeline re-derives every
        ladder without reporting, as nothing is due at that point.
        """
        last = self._last
        if at is last or at >= last:
            self._last = at
        elif last - at > CLOCK_TOLERANCE:
            self._runtime.run_due(last)
            shift_back(self._runtime, last - at, at)
            self._last = at

    def _arrive(self, at: datetime) -> None:
        """Follow the host's clock to ``at``, then apply what fell due before it."""
        if at >= self._last:
            self._last = at
        else:
            self._clock(at)
        heap = self._runtime.schedule.heap
        if heap and heap[0][0] <= at:
            self._runtime.run_due(at)

    def _node(self, location_id: str) -> Node:
        try:
            return self._runtime.nodes[location_id]
        except KeyError:
            raise UnknownLocationError(location_id) from None

    def _catch_up_or_ignore(self, node: Node, at: datetime) -> Result | None:
        """Apply what fell due before ``at``; say why an input is ignored, if it is.

        A follower mirrors its parent and a locked location is frozen: sensor inputs
        and vacate reach neither.
        """
        runtime = self._runtime
        schedule = runtime.schedule
        heap = schedule.heap
        if heap and heap[0][0] <= at:
            runtime.run_due(at)
        if node.follower or node.locks:
            return self._ignored(node)
        return None

    def _ignored(self, node: Node) -> Result:
        return self._result(IGNORED_FOLLOW_PARENT if node.follower else IGNORED_LOCKED)

    def _result(self, ignored: str | None = None) -> Result:
        runtime = self._runtime
        # The deadline first: it trusts the queue's top while no touched node owns it.
        deadline = runtime.next_deadline()
        if runtime.touched or ignored is not None:
            transitions = runtime.finish()
            if transitions or ignored is not None:
                return new_result(transitions, deadline, ignored)
        quiet = self._quiet
        if quiet.next_deadline != deadline:
            quiet = self._quiet = new_result((), deadline, None)
        return quiet
