"""Where the write -> entity span of ``ha_latency.py`` goes, segment by segment.

Runs ``ha_latency.py``'s plain home with timestamps (wall clock and the loop thread's
CPU time) taken on entering and leaving the functions the span passes through, and
prints the median of each stretch between two consecutive marks, in the order they
are passed:

    .venv-py3.13.0/bin/python benchmarks/ha_segments.py              # the main stages
    .venv-py3.13.0/bin/python benchmarks/ha_segments.py --shell      # + the shell's
    .venv-py3.13.0/bin/python benchmarks/ha_segments.py --shown      # + the sensor's
    .venv-py3.13.0/bin/python benchmarks/ha_segments.py --ha         # + HA's write

Each mark costs about 1 µs (two clock reads, one of them a system call), so the
total is inflated by about that per mark: compare segments with each other, and the
uninstrumented total with ``ha_latency.py`` (``--none``: only the span's two ends).
Stretches passed by fewer than a quarter of the samples (a bounce's advice, say) are
listed after the total.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
import functools
from itertools import pairwise
from pathlib import Path
import statistics
import sys
import time
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ha_latency
import in_pytest

GROUPS = ("--none", "--shell", "--shown", "--ha")

_marks: list[tuple[str, int, int]] | None = None
_spans: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)


def _mark(label: str) -> None:
    if _marks is not None:
        _marks.append((label, time.perf_counter_ns(), time.thread_time_ns()))


def _wrap(owner: Any, name: str, label: str) -> None:
    """Mark entering and leaving ``owner.name`` (keeps Home Assistant's @callback)."""
    original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)

    @functools.wraps(original)
    def marked(*args: Any, **kwargs: Any) -> Any:
        _mark(f"{label}>")
        try:
            return original(*args, **kwargs)
        finally:
            _mark(f"<{label}")

    setattr(owner, name, marked)


def _instrument(groups: set[str]) -> None:
    from homeassistant.core import EventBus, StateMachine
    from homeassistant.helpers.entity import Entity

    from custom_components.occupancy_manager import (
        binary_sensor,
        coordinator,
        entity,
        insight,
        pipeline,
        reader,
        sensing,
        tuning,
    )
    from custom_components.occupancy_manager.engine import OccupancyEngine
    from custom_components.occupancy_manager.engine.core import EngineCore

    if "--none" in groups:
        return
    _wrap(StateMachine, "async_set", "async_set")
    _wrap(coordinator.OccupancyCoordinator, "_async_source_changed", "source_changed")
    _wrap(OccupancyEngine, "trigger", "engine")
    _wrap(OccupancyEngine, "clear", "engine")
    _wrap(pipeline.Pipeline, "_apply", "apply")
    _wrap(tuning.Tuning, "record", "tuning")
    _wrap(entity.OccupancyEntity, "_handle_change", "entity")
    _wrap(binary_sensor.OccupancyBinarySensor, "_shown", "shown")
    _wrap(Entity, "async_write_ha_state", "write")
    if "--shell" in groups:
        _wrap(sensing.Sensing, "locations_of", "locations_of")
        _wrap(pipeline.Pipeline, "catch_up", "catch_up")
        _wrap(sensing.Sensing, "availability_changed", "availability")
        _wrap(reader.HomeReader, "_sleeping", "sleeping")
        _wrap(pipeline.Pipeline, "_step", "step")
        _wrap(sensing.Sensing, "admit", "admit")
    if "--shown" in groups:
        _wrap(EngineCore, "state", "state")
        _wrap(insight.ContributionsMemo, "get", "memo")
        _wrap(insight, "source_name", "source_name")
        _wrap(insight, "_format", "format")
    if "--ha" in groups:
        _wrap(Entity, "_Entity__async_calculate_state", "calculate")
        _wrap(StateMachine, "async_set_internal", "set_internal")
        _wrap(EventBus, "async_fire_internal", "fire")


def _segment(sample: Callable[..., Any], on_written: Callable[..., Any]) -> None:
    """Mark each sample's start and the probe's sight of the state, keep the stretches."""

    def seen(self: ha_latency.OccupancyProbe) -> None:
        on_written(self)
        _mark("END")

    async def timed(self: ha_latency.OccupancyProbe, *args: Any) -> int:
        global _marks  # noqa: PLW0603 - the marks of the one sample in flight
        if not self.span.enabled:
            return await sample(self, *args)  # the warm-up: not counted
        _marks = []
        _mark("START")
        result: int = await sample(self, *args)
        marks, _marks = _marks, None
        end = next(i for i, mark in enumerate(marks) if mark[0] == "END")
        passed: defaultdict[str, int] = defaultdict(int)
        for (a, wall_a, cpu_a), (b, wall_b, cpu_b) in pairwise(marks[: end + 1]):
            passed[key := f"{a} -> {b}"] += 1
            _spans[f"{key} #{passed[key]}"].append((wall_b - wall_a, cpu_b - cpu_a))
        _spans["TOTAL"].append(
            (marks[end][1] - marks[0][1], marks[end][2] - marks[0][2])
        )
        return result

    ha_latency.OccupancyProbe.sample = timed  # type: ignore[method-assign]
    ha_latency.OccupancyProbe.on_written = seen  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def repo_custom_components() -> None:
    """As in ha_latency.py: this repository's integration before ``hass`` is built."""
    import custom_components  # noqa: F401


async def test_segments(hass: Any, enable_custom_integrations: None) -> None:
    groups = {arg for arg in sys.argv if arg in GROUPS}
    _instrument(groups)
    _segment(ha_latency.OccupancyProbe.sample, ha_latency.OccupancyProbe.on_written)
    loop = asyncio.get_running_loop()
    debug = loop.get_debug()
    loop.set_debug(False)
    try:
        # Without the floor's stand-ins: their samples would mix with ours.
        await ha_latency._run(hass, harness_debug=debug, advanced=False, floor=False)
    finally:
        loop.set_debug(debug)
    samples = len(_spans["TOTAL"])
    # Every sample's stretches in the order passed, the total, then the rare ones.
    rows = sorted(
        _spans.items(),
        key=lambda item: (len(item[1]) < samples // 4, item[0] == "TOTAL"),
    )
    print(f"\nsegments of {samples} samples: median wall / loop CPU µs (samples)")
    for key, values in rows:
        wall = statistics.median(value[0] for value in values) / 1_000
        cpu = statistics.median(value[1] for value in values) / 1_000
        print(f"  {key:44s} {wall:7.1f} {cpu:7.1f}  ({len(values)})")


if __name__ == "__main__":
    sys.exit(
        in_pytest.run(__file__, (arg for arg in sys.argv[1:] if arg not in GROUPS))
    )
