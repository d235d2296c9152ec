"""Every engine target of issue 14, measured, next to the frozen reference engine.

    python benchmarks/targets.py            # scripts/bench targets
    python benchmarks/targets.py --quick    # fewer events, no 10,000-location run

Two streams: the synthetic one of ``engine.py`` (random sensors over a random forest)
and ``scenarios.py`` (ENGINE.md §9's scenarios, household after household). Each call
is timed with ``perf_counter_ns`` with the garbage collector off; the host's side of
the wake-up protocol is kept exactly (``advance`` at every deadline that passed).

Per input with one transition: the median cost of the sensor inputs (trigger, clear,
...) whose result carried exactly one transition. Per further transition: the median,
over inputs with k >= 2 transitions, of (cost - that median) / (k - 1).

The reference engine (``benchmarks/reference_engine``, the engine before this work)
runs the same calls in the same process, so both share whatever load the machine is
under. On shared cores absolute times vary by 2x between runs; the "load-adjusted"
column scales ours by the reference's figure in issue 14 (measured on a quiet machine)
over the reference's figure in this run. ``callgrind.py`` gives instruction counts.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import gc
import json
import os
from pathlib import Path
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from types import ModuleType
from typing import Any

import differential
import engine as bench
import scenarios

T0 = bench.T0


@dataclass
class Run:
    """Costs of one replay: each sensor input with its transition count, each advance."""

    inputs: list[tuple[int, int]] = field(default_factory=list)
    advances: list[tuple[int, int]] = field(default_factory=list)
    idle_ns: float = 0.0

    def one_transition_us(self) -> float:
        ones = [cost for cost, count in self.inputs if count == 1]
        return statistics.median(ones) / 1e3 if ones else float("nan")

    def further_transition_us(self) -> float:
        base = self.one_transition_us() * 1e3
        extra = [
            (cost - base) / (count - 1) for cost, count in self.inputs if count >= 2
        ]
        return statistics.median(extra) / 1e3 if extra else float("nan")

    def p99_us(self) -> float:
        costs = sorted(cost for cost, _ in self.inputs + self.advances)
        return costs[int(len(costs) * 0.99)] / 1e3

    def worst_advance_ms(self) -> float:
        """The slowest advance of the replay, preemption included (see hour_mark)."""
        return max((cost for cost, _ in self.advances), default=0) / 1e6


def configs(mod: ModuleType, places: Sequence[bench.Place]) -> list[Any]:
    strategy = mod.Strategy
    return [
        mod.LocationConfig(
            id=place.id,
            name=place.id,
            parent_id=place.parent,
            strategy=strategy.FOLLOW_PARENT if place.follow else strategy.INDEPENDENT,
            contributes_to_parent=place.contributes,
        )
        for place in places
    ]


type Call = Callable[[], Any]


def synthetic_calls(
    engine: Any, stream: Sequence[bench.Input]
) -> list[tuple[datetime, Call]]:
    out: list[tuple[datetime, Call]] = []
    for item in stream:
        now = T0 + timedelta(seconds=item.seconds)
        duration = None if item.duration is None else timedelta(seconds=item.duration)
        if item.op == bench.TRIGGER:
            call = _bind(
                engine.trigger, item.location, item.source, now, timeout=duration
            )
        else:
            call = _bind(
                engine.clear, item.location, item.source, now, trailing=duration
            )
        out.append((now, call))
    return out


def scenario_calls(
    mod: ModuleType, engine: Any, steps: Sequence[scenarios.Step]
) -> list[tuple[datetime, Call]]:
    out: list[tuple[datetime, Call]] = []
    for step in steps:
        now = T0 + timedelta(seconds=step.seconds)
        method = getattr(engine, step.method)
        kwargs: dict[str, object] = {}
        if step.method == "trigger":
            kwargs["occupant"] = step.occupant
            if step.timeout != -1.0:
                kwargs["timeout"] = (
                    None if step.timeout is None else timedelta(seconds=step.timeout)
                )
        elif step.method == "clear" and step.timeout not in (-1.0, None):
            kwargs["trailing"] = timedelta(seconds=step.timeout)  # type: ignore[arg-type]
        elif step.method == "lock" and step.lock_state is not None:
            kwargs["state"] = mod.LockState(step.lock_state)
        if step.method in ("vacate", "unlock_all"):
            args: tuple[object, ...] = (step.location, now)
        else:
            args = (step.location, step.source, now)
        out.append((now, _bind(method, *args, **kwargs)))
    return out


def _bind(method: Callable[..., Any], *args: object, **kwargs: object) -> Call:
    return lambda: method(*args, **kwargs)


def replay(engine: Any, calls: Sequence[tuple[datetime, Call]]) -> Run:
    """Drive ``engine`` like a host with one timer; time every call."""
    clock = time.perf_counter_ns
    run = Run()
    deadline = engine.next_deadline
    gc.collect()
    gc.disable()
    try:
        for now, call in calls:
            while deadline is not None and deadline <= now:
                before = clock()
                result = engine.advance(deadline)
                run.advances.append((clock() - before, len(result.transitions)))
                deadline = result.next_deadline
            before = clock()
            result = call()
            run.inputs.append((clock() - before, len(result.transitions)))
            deadline = result.next_deadline
        idle = []
        last = calls[-1][0]
        for _ in range(500):
            before = clock()
            engine.advance(last)
            idle.append(clock() - before)
        run.idle_ns = statistics.median(idle)
    finally:
        gc.enable()
    return run


def hour_mark(mod: ModuleType, size: int, repeats: int = 5) -> tuple[float, int, int]:
    """The worst single call of the hour mark at ``size`` locations (ms), calls, steps.

    An hour after start every never-occupied location reaches ``extended_vacant``;
    the host calls ``advance`` until the deadline is later than the hour mark. On
    shared cores one call now and then waits hundreds of milliseconds for a core, so
    the whole drain runs ``repeats`` times on fresh engines and each call keeps its
    fastest time: the worst call is then the engine's, not the scheduler's.
    """
    rng = random.Random(size)
    places = bench.build_home(size, rng)
    mark = T0 + timedelta(seconds=3600)
    best: list[int] = []
    steps = 0
    for _ in range(repeats):
        engine = mod.OccupancyEngine(configs(mod, places), T0)
        engine.advance(mark - timedelta(seconds=1))
        gc.collect()
        gc.disable()
        try:
            costs, steps, now = [], 0, mark
            while True:
                before = time.perf_counter_ns()
                result = engine.advance(now)
                costs.append(time.perf_counter_ns() - before)
                steps += len(result.transitions)
                now = result.next_deadline
                if now is None or now > mark:
                    break
        finally:
            gc.enable()
        best = (
            costs if not best else [min(a, b) for a, b in zip(best, costs, strict=True)]
        )
    return max(best) / 1e6, len(best), steps


# -- snapshot, restore, memory ----------------------------------------------------------


def persistence(
    mod: ModuleType,
    engine: Any,
    places: Sequence[bench.Place],
    now: datetime,
    *,
    compact: bool = False,
) -> tuple[float, float, int]:
    """Median snapshot and restore times (ms) and the JSON size of the snapshot."""
    snaps, restores = [], []
    text = ""
    for _ in range(15):
        gc.collect()
        gc.disable()
        before = time.perf_counter_ns()
        snapshot = engine.snapshot(compact=True) if compact else engine.snapshot()
        snaps.append(time.perf_counter_ns() - before)
        gc.enable()
        text = json.dumps(snapshot)
        fresh = mod.OccupancyEngine(configs(mod, places), now)
        data = json.loads(text)
        gc.collect()
        gc.disable()
        before = time.perf_counter_ns()
        fresh.restore(data, now)
        restores.append(time.perf_counter_ns() - before)
        gc.enable()
    return statistics.median(snaps) / 1e6, statistics.median(restores) / 1e6, len(text)


def memory_per_location(
    mod: ModuleType, places: Sequence[bench.Place], stream: Sequence[bench.Input]
) -> float:
    """Bytes the engine holds per location after building and replaying the stream.

    The location configs are counted (the engine keeps them); the prepared calls are
    not.
    """
    gc.collect()
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        engine = mod.OccupancyEngine(configs(mod, places), T0)
        built, _ = tracemalloc.get_traced_memory()
        calls = synthetic_calls(engine, stream)
        with_calls, _ = tracemalloc.get_traced_memory()
        deadline = engine.next_deadline
        for now, call in calls:
            while deadline is not None and deadline <= now:
                deadline = engine.advance(deadline).next_deadline
            deadline = call().next_deadline
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del calls
    return (held - (with_calls - built) - start) / len(places)


# -- the report ---------------------------------------------------------------------------

# The reference engine's figures in issue 14 (quiet machine), for the load adjustment.
ISSUE_REFERENCE = {
    "snapshot": 4.5,
    "restore": 15.7,
}


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    unit: str
    limit: float
    ours: float
    reference: float

    def line(self) -> str:
        ratio = self.ours / self.limit if self.limit else float("nan")
        met = "met" if self.ours <= self.limit else "MISSED"
        return (
            f"{self.name:<48} {self.ours:>10.2f} {self.unit:<3} {self.limit:>9.2f} "
            f"{ratio:>7.2f} {met:>6}   (reference {self.reference:.2f}, "
            f"{self.reference / self.ours if self.ours else float('nan'):.1f}x faster)"
        )


def both(size: int, events: int, seed: int, stream_name: str) -> tuple[Run, Run, Any]:
    new = differential.load_package("occupancy_engine_new", differential.ENGINE_DIR)
    old = differential.load_package(
        "occupancy_engine_reference", differential.REFERENCE_DIR
    )
    rng = random.Random(seed)
    runs = []
    for mod in (new, old):
        rng = random.Random(seed)
        if stream_name == "synthetic":
            places = bench.build_home(size, rng)
            stream = bench.build_stream(bench.build_sources(places, rng), events, rng)
            engine = mod.OccupancyEngine(configs(mod, places), T0)
            calls = synthetic_calls(engine, stream)
        else:
            places, steps = scenarios.build(size, events, rng)
            engine = mod.OccupancyEngine(configs(mod, places), T0)
            calls = scenario_calls(mod, engine, steps)
        runs.append((replay(engine, calls), engine, places, calls[-1][0]))
    return runs[0][0], runs[1][0], (runs[0], runs[1], new, old)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    sizes = (10, 100, 1000) if args.quick else (10, 100, 1000, 10_000)
    events = 5_000 if args.quick else 20_000

    started = time.monotonic()
    print(
        f"Python {platform.python_version()}, {platform.machine()}; seed {args.seed}; "
        f"{events:,} events per size and stream; commit {_commit()}; "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )
    targets: list[Target] = []
    print(
        f"\n{'stream':<10} {'locations':>9} | {'1 transition µs':>15} {'further µs':>10} "
        f"{'p99 µs':>8} {'idle µs':>7} {'worst advance ms':>16} | same, reference engine"
    )
    ones: dict[str, list[float]] = {}
    persisted: tuple[Any, ...] = ()
    for stream_name in ("synthetic", "scenarios"):
        for size in sizes:
            ours, ref, extra = both(size, events, args.seed, stream_name)
            ones.setdefault(stream_name, []).append(ours.one_transition_us())
            print(
                f"{stream_name:<10} {size:>9,} | {ours.one_transition_us():>15.2f} "
                f"{ours.further_transition_us():>10.2f} {ours.p99_us():>8.1f} "
                f"{ours.idle_ns / 1e3:>7.2f} {ours.worst_advance_ms():>16.2f} | "
                f"{ref.one_transition_us():.2f} {ref.further_transition_us():.2f} "
                f"{ref.p99_us():.1f} {ref.idle_ns / 1e3:.2f} {ref.worst_advance_ms():.2f}",
                flush=True,
            )
            label = f"{stream_name} {size:,}"
            targets.append(
                Target(
                    f"{label}: median per input, 1 transition",
                    "µs",
                    3.0,
                    ours.one_transition_us(),
                    ref.one_transition_us(),
                )
            )
            targets.append(
                Target(
                    f"{label}: median per further transition",
                    "µs",
                    2.0,
                    ours.further_transition_us(),
                    ref.further_transition_us(),
                )
            )
            if size == 1000:
                targets.append(
                    Target(
                        f"{label}: p99 per call",
                        "µs",
                        20.0,
                        ours.p99_us(),
                        ref.p99_us(),
                    )
                )
                if stream_name == "synthetic":
                    persisted = extra
            targets.append(
                Target(
                    f"{label}: idle advance",
                    "µs",
                    1.0,
                    ours.idle_ns / 1e3,
                    ref.idle_ns / 1e3,
                )
            )
        flat = max(ones[stream_name]) / min(ones[stream_name])
        targets.append(
            Target(
                f"{stream_name}: flatness, 1 transition, max/min",
                "x",
                1.3,
                flat,
                float("nan"),
            )
        )

    if 10_000 in sizes:
        new_mod = differential.load_package(
            "occupancy_engine_new", differential.ENGINE_DIR
        )
        old_mod = differential.load_package(
            "occupancy_engine_reference", differential.REFERENCE_DIR
        )
        worst, calls, steps = hour_mark(new_mod, 10_000)
        old_worst, _, _ = hour_mark(old_mod, 10_000, repeats=3)
        print(
            f"\nHour mark at 10,000 locations: {steps:,} ladder steps in {calls} calls, "
            f"the slowest {worst:.2f} ms (reference: one call, {old_worst:.2f} ms)"
        )
        targets.append(
            Target(
                "hour mark at 10,000: worst single advance",
                "ms",
                5.0,
                worst,
                old_worst,
            )
        )

    (ours_run, old_run, new, old) = persisted
    _, new_engine, places, now = ours_run
    _, old_engine, _, _ = old_run
    snap, restore, size_bytes = persistence(new, new_engine, places, now, compact=True)
    old_snap, old_restore, old_size = persistence(old, old_engine, places, now)
    targets.append(Target("snapshot at 1,000", "ms", 2.0, snap, old_snap))
    targets.append(Target("restore at 1,000", "ms", 5.0, restore, old_restore))
    targets.append(
        Target("snapshot JSON at 1,000", "KB", 100.0, size_bytes / 1e3, old_size / 1e3)
    )
    targets.append(
        Target(
            "snapshot at 1,000, load-adjusted",
            "ms",
            2.0,
            snap * ISSUE_REFERENCE["snapshot"] / old_snap,
            ISSUE_REFERENCE["snapshot"],
        )
    )
    targets.append(
        Target(
            "restore at 1,000, load-adjusted",
            "ms",
            5.0,
            restore * ISSUE_REFERENCE["restore"] / old_restore,
            ISSUE_REFERENCE["restore"],
        )
    )
    rng = random.Random(args.seed)
    places = bench.build_home(1000, rng)
    stream = bench.build_stream(bench.build_sources(places, rng), events, rng)
    targets.append(
        Target(
            "memory per location at 1,000",
            "B",
            1000.0,
            memory_per_location(new, places, stream),
            memory_per_location(old, places, stream),
        )
    )

    print(f"\n{'target':<48} {'measured':>14} {'limit':>9} {'ratio':>7} {'':>6}")
    for target in targets:
        print(target.line())
    missed = [t.name for t in targets if not t.ours <= t.limit]
    print(
        f"\n{len(targets) - len(missed)} of {len(targets)} targets met "
        f"({time.monotonic() - started:.0f} s; load average "
        f"{os.getloadavg()[0]:.1f} at the end)"
    )
    return 0


def _commit() -> str:
    """The checked-out commit, so that figures can be traced to the code."""
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
