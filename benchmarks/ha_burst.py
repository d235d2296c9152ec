"""What holds the loop during ``ha_latency.py``'s burst: the longest gaps, opened up.

Runs ``ha_latency.py``'s plain home (without the floor's stand-ins) and, during the
burst of source changes, records every loop callback longer than 1 ms, every source
change of ours longer than 1 ms (the source, its new state, the locations it
changed), every garbage collection and every wake of a 5 ms sleeper. It prints the
longest gaps between the sleeper's wakes with what ran inside each, so a stall can
be put on its owner (our change, a save, a GC pause, Home Assistant):

    .venv-py3.13.0/bin/python benchmarks/ha_burst.py
    # the newest end, in your sid root (scripts/bench has no case for it):
    SID_ROOT=... ../shared/tools/sid-python . env VENV_HOME=/root/.cache/occupancy-manager \
        bash -c 'source scripts/_env.sh; ensure_env; "$VENV/bin/python" benchmarks/ha_burst.py'

What it showed (both ends): a 5 ms sleeper wakes 34 times in a burst of 100 chunks of
100 writes, every gap holding three chunks (300 changes of ours): the timer runs
after the turn's ready callbacks, its future wakes the task a turn later, and the
next 5 ms pass during the turn after. The longest gap is three loop turns;
``ha_latency.py`` now also reports the longest single turn.

The timing wrappers cost about a microsecond per callback: the burst runs a little
slower than under ``ha_latency.py``; compare its stretches with each other.
"""

from __future__ import annotations

import asyncio
from asyncio import events
import gc
from itertools import pairwise
from pathlib import Path
import sys
import time
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ha_latency
import ha_probe
import in_pytest

SLOW_S = 0.001
GAPS = 5

# (start, seconds, what) of each slow stretch; None while not recording.
_slow: list[tuple[float, float, str]] | None = None
_wakes: list[float] = []
# (start, wall seconds, CPU seconds) of every change of ours while recording.
_changes: list[tuple[float, float, float]] = []
_collections: list[tuple[float, float, int]] = []


def _record_handles() -> None:
    """Time every loop callback (Task steps and timers included)."""
    original = events.Handle._run

    def timed(self: events.Handle) -> None:
        slow = _slow  # the recording may end inside this callback
        if slow is None:
            original(self)
            return
        start, cpu = time.perf_counter(), time.thread_time()
        original(self)
        took, cpu = time.perf_counter() - start, time.thread_time() - cpu
        if took > SLOW_S:
            what = f"loop callback (CPU {cpu * 1_000:.1f} ms) {self._callback!r}"
            slow.append((start, took, what[:150]))

    events.Handle._run = timed  # type: ignore[method-assign]


def _record_changes() -> None:
    """Time each source change of ours, naming it."""
    from custom_components.occupancy_manager import coordinator

    owner = coordinator.OccupancyCoordinator
    original = owner._async_source_changed

    def timed(self: Any, event: Any) -> None:
        slow = _slow
        if slow is None:
            original(self, event)
            return
        start, cpu = time.perf_counter(), time.thread_time()
        original(self, event)
        took, cpu = time.perf_counter() - start, time.thread_time() - cpu
        _changes.append((start, took, cpu))
        if took > SLOW_S:
            new = event.data["new_state"]
            slow.append(
                (
                    start,
                    took,
                    (
                        f"  our change {event.data['entity_id']} -> {new.state} "
                        f"(CPU {cpu * 1_000:.1f} ms)"
                    ),
                )
            )

    # Keeps Home Assistant's @callback mark: the tracker calls it in the loop.
    timed._hass_callback = True  # type: ignore[attr-defined]
    owner._async_source_changed = timed  # type: ignore[method-assign]


def _on_gc(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        if _slow is None:
            return
        _collections.append((time.perf_counter(), 0.0, info["generation"]))
        return
    if not _collections or _collections[-1][1]:
        return  # started before the recording
    start, _, generation = _collections[-1]
    _collections[-1] = (start, time.perf_counter() - start, generation)


def _watch_burst() -> None:
    """Record from the burst's LoopWatch (the second one: the first is the setup's)."""
    watch = ha_probe.LoopWatch
    enter, leave = watch.__aenter__, watch.__aexit__
    seen = 0

    async def entered(self: Any) -> Any:
        global _slow  # noqa: PLW0603 - the one burst being recorded
        nonlocal seen
        seen += 1
        if seen == 2:
            _slow = []
            asyncio.get_running_loop().create_task(_sleeper(self))
        return await enter(self)

    async def left(self: Any, *exc: object) -> None:
        global _slow  # noqa: PLW0603
        await leave(self, *exc)
        if _slow is not None and seen == 2:
            _report(_slow)
            _slow = None

    watch.__aenter__ = entered  # type: ignore[method-assign]
    watch.__aexit__ = left  # type: ignore[method-assign]


async def _sleeper(watch: Any) -> None:
    while _slow is not None and not watch._stop:
        _wakes.append(time.perf_counter())
        await asyncio.sleep(ha_probe.WATCH_INTERVAL)


def _report(slow: list[tuple[float, float, str]]) -> None:
    gaps = sorted(
        ((b - a, a, b) for a, b in pairwise(_wakes)),
        reverse=True,
    )[:GAPS]
    origin = _wakes[0] if _wakes else 0.0
    ours = [took for _, took, what in slow if what.startswith("  our")]
    callbacks = sorted(
        (took, what) for _, took, what in slow if what.startswith("loop")
    )[-3:]
    for took, what in reversed(callbacks):
        print(f"longest loop callbacks: {took * 1_000:.1f} ms {what}")
    print(
        f"\nburst: {len(_wakes)} sleeper wakes, {len(ours)} changes of ours over "
        f"{SLOW_S * 1_000:.0f} ms (longest {max(ours, default=0) * 1_000:.1f} ms), "
        f"{len(_collections)} collections"
    )
    for gap, a, b in gaps:
        inside = [(took, cpu) for start, took, cpu in _changes if a <= start < b]
        print(
            f"gap {gap * 1_000:6.1f} ms at +{(a - origin) * 1_000:7.1f} ms: "
            f"{len(inside)} changes of ours, {sum(t for t, _ in inside) * 1_000:.1f} ms "
            f"wall, {sum(c for _, c in inside) * 1_000:.1f} ms CPU"
        )
        for start, took, what in slow:
            if a <= start < b:
                print(
                    f"  +{(start - origin) * 1_000:7.1f} {took * 1_000:6.1f} ms {what}"
                )
        for start, took, generation in _collections:
            if a <= start < b and took > SLOW_S:
                print(
                    f"  +{(start - origin) * 1_000:7.1f} {took * 1_000:6.1f} ms "
                    f"GC generation {generation}"
                )


@pytest.fixture(autouse=True)
def repo_custom_components() -> None:
    """As in ha_latency.py: this repository's integration before ``hass`` is built."""
    import custom_components  # noqa: F401


async def test_burst(hass: Any, enable_custom_integrations: None) -> None:
    _record_handles()
    _record_changes()
    _watch_burst()
    gc.callbacks.append(_on_gc)
    loop = asyncio.get_running_loop()
    debug = loop.get_debug()
    loop.set_debug(False)
    try:
        await ha_latency._run(hass, harness_debug=debug, advanced=False, floor=False)
    finally:
        loop.set_debug(debug)
        gc.callbacks.remove(_on_gc)


if __name__ == "__main__":
    sys.exit(in_pytest.run(__file__, sys.argv[1:]))
