"""What ``ha_latency.py`` measures with: the probe of the write -> entity span, GC and loop watches.

``OccupancyProbe`` timestamps, from ``hass.states.async_set`` of a source, the write of
an expected state by an entity (ours or the floor's stand-in, ``ha_floor.py``) into the
state machine, and counts its instructions under callgrind (``ha_instructions.Span``).

The span ends when the state machine holds the new state (``StateMachine.
async_set_internal`` returned: the state is stored and its ``state_changed`` fired), the
same moment on both ends. When a ``@callback`` bus listener hears of it depends on the
end (``heard``): at once on 2025.4; on 2026.x, whose bus queues an event fired while it
is dispatching another, only after the callback that wrote it returns (for ours, the
whole change: ``ha_latency.py`` prints both).
"""

from __future__ import annotations

import asyncio
from contextlib import contextmanager
import gc
import time
from typing import TYPE_CHECKING, Any, Self

import ha_instructions

if TYPE_CHECKING:
    from collections.abc import Iterator

    from homeassistant.core import Event, EventStateChangedData, HomeAssistant

WATCH_INTERVAL = 0.005
STALL_LIMIT_MS = 50.0


def pct(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] / 1_000


def summary(values: list[int]) -> str:
    return (
        f"median {pct(values, 0.5):8.1f} µs   p99 {pct(values, 0.99):8.1f} µs   "
        f"max {pct(values, 1.0):8.1f} µs   (n={len(values)})"
    )


class GcWatch:
    """Counts the garbage collector's full runs and adds up its pauses."""

    def __init__(self) -> None:
        self.full = 0
        self.max_pause = 0.0
        self.paused = 0.0
        self._start = 0.0

    def __enter__(self) -> Self:
        gc.callbacks.append(self._on_gc)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
            return
        pause = time.perf_counter() - self._start
        self.paused += pause
        self.max_pause = max(self.max_pause, pause)
        if info["generation"] == 2:
            self.full += 1

    def __str__(self) -> str:
        return f"{self.full} full GC, longest GC pause {self.max_pause * 1_000:.0f} ms"


class LoopWatch:
    """A task that sleeps 5 ms in a loop and records the longest gap between wakes.

    ``max_net_gap`` leaves out the garbage collector's pauses inside each gap.

    While the loop always has work ready (a burst), such a gap spans three loop turns:
    the sleeper's timer is run after the turn's ready callbacks, its future's result
    wakes the task one turn later, and the next 5 ms pass during the turn after that.
    ``max_turn`` is the longest single loop turn, what any ready callback may wait at
    most: a callback that ``call_soon`` schedules again each turn records it
    (``turns``; it keeps the loop from ever waiting idle, so only for a burst).
    """

    def __init__(self, gc_watch: GcWatch, *, turns: bool = False) -> None:
        self.gc_watch = gc_watch
        self.turns = turns
        self.max_gap = 0.0
        self.max_net_gap = 0.0
        self.max_turn = 0.0
        self.max_net_turn = 0.0
        self.stalls = 0
        self._stop = False
        self._task: asyncio.Task[None] | None = None
        self._turn: tuple[float, float] = (0.0, 0.0)

    async def __aenter__(self) -> Self:
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._run())
        if self.turns:
            self._turn = (time.perf_counter(), self.gc_watch.paused)
            loop.call_soon(self._tick, loop)
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._stop = True
        assert self._task is not None
        await self._task

    def _tick(self, loop: asyncio.AbstractEventLoop) -> None:
        now, paused = time.perf_counter(), self.gc_watch.paused
        turn = now - self._turn[0]
        self.max_turn = max(self.max_turn, turn)
        self.max_net_turn = max(self.max_net_turn, turn - (paused - self._turn[1]))
        self._turn = (now, paused)
        if not self._stop:
            loop.call_soon(self._tick, loop)

    async def _run(self) -> None:
        last = time.perf_counter()
        paused = self.gc_watch.paused
        while not self._stop:
            await asyncio.sleep(WATCH_INTERVAL)
            now = time.perf_counter()
            gap = now - last
            net = gap - (self.gc_watch.paused - paused)
            last, paused = now, self.gc_watch.paused
            self.max_gap = max(self.max_gap, gap)
            self.max_net_gap = max(self.max_net_gap, net)
            if gap * 1_000 > STALL_LIMIT_MS:
                self.stalls += 1

    def __str__(self) -> str:
        gaps = (
            f"longest loop gap {self.max_gap * 1_000:.1f} ms, "
            f"{self.max_net_gap * 1_000:.1f} ms without GC pauses"
        )
        if not self.turns:
            return gaps
        return (
            f"{gaps}; longest loop turn {self.max_turn * 1_000:.1f} ms, "
            f"{self.max_net_turn * 1_000:.1f} ms without GC pauses"
        )


class OccupancyProbe:
    """Timestamps the write of an expected state by one occupancy sensor."""

    def __init__(self, entity_ids: set[str]) -> None:
        self.entity_ids = entity_ids
        self.target: tuple[str, str] | None = None
        self.seen_ns: int | None = None
        """When the state machine held the target state (the span's end)."""
        self.seen_cpu_ns: int | None = None
        self.heard_ns: int | None = None
        """When a ``@callback`` bus listener heard of it."""
        self.writes = 0
        self.span = ha_instructions.Span()
        # False: the span goes on after the write (ha_latency.py's ``--change``).
        self.stop_at_write = True

    @contextmanager
    def watching_writes(self) -> Iterator[None]:
        """While inside, every state machine write of the target ends the span.

        Patched on the class (the state machine has slots): each write of any entity
        pays one Python call more, ours and the floor's stand-ins alike.
        """
        from homeassistant.core import StateMachine

        original = StateMachine.async_set_internal
        probe = self

        def async_set_internal(
            machine: StateMachine, entity_id: str, new_state: str, *args: Any
        ) -> None:
            original(machine, entity_id, new_state, *args)
            if probe.seen_ns is None and (entity_id, new_state) == probe.target:
                probe.on_written()

        StateMachine.async_set_internal = async_set_internal  # type: ignore[method-assign]
        try:
            yield
        finally:
            StateMachine.async_set_internal = original  # type: ignore[method-assign]

    def on_written(self) -> None:
        now = time.perf_counter_ns()
        cpu = time.thread_time_ns()
        if self.stop_at_write:
            self.span.stop()
        self.seen_ns = now
        self.seen_cpu_ns = cpu

    def wanted(self, event_data: EventStateChangedData) -> bool:
        return event_data["entity_id"] in self.entity_ids

    def on_change(self, event: Event[EventStateChangedData]) -> None:
        now = time.perf_counter_ns()
        self.writes += 1
        new_state = event.data["new_state"]
        if (
            self.heard_ns is None
            and new_state is not None
            and (event.data["entity_id"], new_state.state) == self.target
        ):
            self.heard_ns = now

    async def sample(
        self,
        hass: HomeAssistant,
        source: str,
        state: str,
        occupancy: str,
        expected: str,
        loops: list[int],
        cpu: list[int],
        heard: list[int] | None = None,
    ) -> int:
        """Write ``state`` to ``source``; ns until ``occupancy`` shows ``expected``.

        The event loop thread's CPU time over the same span goes to ``cpu``: on a
        loaded machine the wall clock also counts the time other processes ran. The ns
        until a bus listener heard of it go to ``heard``.
        """
        self.target = (occupancy, expected)
        self.seen_ns = self.heard_ns = None
        start_cpu = time.thread_time_ns()
        start = time.perf_counter_ns()
        self.span.start()
        hass.states.async_set(source, state)
        turns = 0
        while self.seen_ns is None and turns < 100:
            await asyncio.sleep(0)  # one loop iteration: the tracker's call_soon
            turns += 1
        if self.seen_ns is None:
            await hass.async_block_till_done()
        assert self.seen_ns is not None, (source, state, occupancy, expected)
        loops.append(turns)
        assert self.seen_cpu_ns is not None
        cpu.append(self.seen_cpu_ns - start_cpu)
        if self.heard_ns is None:
            await hass.async_block_till_done()
        assert self.heard_ns is not None, (source, state, occupancy, expected)
        if heard is not None:
            heard.append(self.heard_ns - start)
        self.target = None
        return self.seen_ns - start
