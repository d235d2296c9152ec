"""Replay a synthetic home through the occupancy engine and its two PyPI peers.

Run from the repository root, with the peers installed (see README.md):

    .venv-bench/bin/python benchmarks/engine.py

A seeded random home (up to 6 levels deep, 10 sources per location) produces days of
motion, presence and door events, compressed (the same number of events per location
per day at every size, and enough days for a stable median). Every engine replays the
same events and keeps the host's side of the wake-up protocol exactly as a Home
Assistant integration would: one timer at the engine's own next deadline, so before each
event the replay calls ``advance`` (``check_timeouts`` for the peers) at every deadline
that has passed. Each call is timed with ``perf_counter_ns``; "events/s" counts sensor
events per second of wall time, the advances they needed included. Peak memory is
measured in a second, separate replay under ``tracemalloc`` (tracing slows everything
down, so it never shares a run with the timings).

Our engine is loaded straight from ``custom_components/occupancy_manager/engine`` as a
standalone package, so the benchmark needs neither Home Assistant nor an install.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import gc
import importlib.util
from pathlib import Path
import platform
import random
import statistics
import sys
import time
import tracemalloc
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2025, 1, 1, tzinfo=UTC)
DAY = 86_400.0
EVENTS_PER_LOCATION = 20
"""Sensor events per location per simulated day."""
MAX_DEPTH = 5  # levels 0..5: six levels
SOURCES_PER_LOCATION = 10

TRIGGER, CLEAR = "trigger", "clear"


# -- the synthetic home and its event stream ----------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    parent: str | None
    follow: bool
    contributes: bool


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    location: str
    kind: str  # motion | presence | entry_door | state_door


@dataclass(frozen=True, slots=True)
class Input:
    op: str
    seconds: float
    location: str = ""
    source: str = ""
    duration: float | None = (
        None  # trigger timeout (None = indefinite) or clear trailing
    )


def build_home(size: int, rng: random.Random) -> list[Place]:
    """A random forest-shaped home: one root, every other place under a shallower one."""
    places = [Place("home", None, follow=False, contributes=True)]
    depth = {"home": 0}
    open_parents = ["home"]
    for index in range(1, size):
        parent = rng.choice(open_parents)
        place_id = f"loc{index}"
        depth[place_id] = depth[parent] + 1
        places.append(
            Place(
                place_id,
                parent,
                follow=rng.random() < 0.05,
                contributes=rng.random() >= 0.05,
            )
        )
        if depth[place_id] < MAX_DEPTH:
            open_parents.append(place_id)
    return places


def build_sources(places: Sequence[Place], rng: random.Random) -> list[Source]:
    targets = [place.id for place in places if not place.follow]
    kinds = ["motion"] * 6 + ["presence"] * 2 + ["entry_door", "state_door"]
    return [
        Source(f"sensor.{index}", rng.choice(targets), rng.choice(kinds))
        for index in range(len(places) * SOURCES_PER_LOCATION)
    ]


def build_stream(
    sources: Sequence[Source], events: int, rng: random.Random
) -> list[Input]:
    """``events`` sensor inputs spread over as many days as it takes."""
    days = max(
        1, -(-events // (len(sources) // SOURCES_PER_LOCATION * EVENTS_PER_LOCATION))
    )
    times = sorted(rng.uniform(0, DAY * days) for _ in range(events))
    active: set[str] = set()
    stream: list[Input] = []
    for seconds in times:
        source = rng.choice(sources)
        where, sid = source.location, source.id
        if source.kind == "motion":
            timeout = float(rng.choice((60, 120, 300, 600)))
            stream.append(Input(TRIGGER, seconds, where, sid, timeout))
        elif source.kind == "entry_door":
            stream.append(Input(TRIGGER, seconds, where, sid, 120.0))
        elif sid in active:
            active.discard(sid)
            trailing = 120.0 if source.kind == "presence" else 0.0
            stream.append(Input(CLEAR, seconds, where, sid, trailing))
        else:
            active.add(sid)
            stream.append(Input(TRIGGER, seconds, where, sid, None))
    return stream


# -- adapters: each turns the stream into zero-argument calls on one engine ----------


type Call = Callable[[], datetime | None]
"""One event applied to an engine; returns the engine's next deadline."""


class Adapter:
    name = ""

    def build(self, places: Sequence[Place], now: datetime) -> datetime | None:
        """Create the engine; return its first deadline."""
        raise NotImplementedError

    def calls(self, stream: Sequence[Input]) -> list[Call]:
        raise NotImplementedError

    def advance(self, now: datetime) -> datetime | None:
        """The host's timer fired at ``now``; return the next deadline."""
        raise NotImplementedError


def load_our_engine() -> ModuleType:
    """Import the engine package without the Home Assistant integration around it."""
    package = ROOT / "custom_components" / "occupancy_manager" / "engine"
    spec = importlib.util.spec_from_file_location(
        "occupancy_engine_bench",
        package / "__init__.py",
        submodule_search_locations=[str(package)],
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Ours(Adapter):
    name = "this engine"

    def __init__(self) -> None:
        self.mod = load_our_engine()

    def build(self, places: Sequence[Place], now: datetime) -> datetime | None:
        mod = self.mod
        strategy = mod.Strategy
        configs = [
            mod.LocationConfig(
                id=place.id,
                name=place.id,
                parent_id=place.parent,
                strategy=strategy.FOLLOW_PARENT
                if place.follow
                else strategy.INDEPENDENT,
                contributes_to_parent=place.contributes,
            )
            for place in places
        ]
        self.engine = mod.OccupancyEngine(configs, now)
        return self.engine.next_deadline

    def calls(self, stream: Sequence[Input]) -> list[Call]:
        trigger, clear = self.engine.trigger, self.engine.clear
        out: list[Call] = []
        for item in stream:
            now = T0 + timedelta(seconds=item.seconds)
            duration = (
                None if item.duration is None else timedelta(seconds=item.duration)
            )
            if item.op == TRIGGER:
                out.append(
                    _deadline_of(
                        trigger, item.location, item.source, now, timeout=duration
                    )
                )
            else:
                out.append(
                    _deadline_of(
                        clear, item.location, item.source, now, trailing=duration
                    )
                )
        return out

    def advance(self, now: datetime) -> datetime | None:
        return self.engine.advance(now).next_deadline


def _deadline_of(method: Callable[..., Any], *args: object, **kwargs: object) -> Call:
    return lambda: method(*args, **kwargs).next_deadline


def _expiration_of(method: Callable[..., Any], *args: object) -> Call:
    return lambda: method(*args).next_expiration


class OccupancyManagerPeer(Adapter):
    """occupancy-manager 0.1.0: ``handle_event`` with MOMENTARY / HOLD_START / HOLD_END.

    It has no "clear at once": a state door closing is a HOLD_END with a 1 µs trailing
    time (a zero duration is falsy there and falls back to the category timeout).
    """

    name = "occupancy-manager 0.1.0"

    def __init__(self) -> None:
        import occupancy_manager as om

        self.om = om

    def build(self, places: Sequence[Place], now: datetime) -> datetime | None:
        om = self.om
        strategy = om.OccupancyStrategy
        configs = [
            om.LocationConfig(
                id=place.id,
                parent_id=place.parent,
                occupancy_strategy=strategy.FOLLOW_PARENT
                if place.follow
                else strategy.INDEPENDENT,
                contributes_to_parent=place.contributes,
                timeouts={"default": 5, "motion": 5, "presence": 2},
            )
            for place in places
        ]
        self.engine = om.OccupancyEngine(configs)
        return None

    def calls(self, stream: Sequence[Input]) -> list[Call]:
        om, handle = self.om, self.engine.handle_event
        out: list[Call] = []
        for item in stream:
            now = T0 + timedelta(seconds=item.seconds)
            if item.op == TRIGGER and item.duration is not None:
                kind, duration = (
                    om.EventType.MOMENTARY,
                    timedelta(seconds=item.duration),
                )
            elif item.op == TRIGGER:
                kind, duration = om.EventType.HOLD_START, None
            else:
                kind = om.EventType.HOLD_END
                duration = timedelta(seconds=item.duration or 0) or timedelta(
                    microseconds=1
                )
            event = om.OccupancyEvent(
                location_id=item.location,
                event_type=kind,
                category="motion" if kind is om.EventType.MOMENTARY else "presence",
                source_id=item.source,
                timestamp=now,
                duration=duration,
            )
            out.append(_expiration_of(handle, event, now))
        return out

    def advance(self, now: datetime) -> datetime | None:
        return self.engine.check_timeouts(now).next_expiration


class HomeTopologyPeer(Adapter):
    """home-topology 1.0.7: its occupancy ``OccupancyEngine`` (TRIGGER / CLEAR events)."""

    name = "home-topology 1.0.7"

    def __init__(self) -> None:
        from home_topology.modules import occupancy

        self.ht = occupancy

    def build(self, places: Sequence[Place], now: datetime) -> datetime | None:
        ht = self.ht
        strategy = ht.OccupancyStrategy
        configs = [
            ht.LocationConfig(
                id=place.id,
                parent_id=place.parent,
                occupancy_strategy=strategy.FOLLOW_PARENT
                if place.follow
                else strategy.INDEPENDENT,
                contributes_to_parent=place.contributes,
            )
            for place in places
        ]
        self.engine = ht.OccupancyEngine(configs)
        return None

    def calls(self, stream: Sequence[Input]) -> list[Call]:
        ht, handle = self.ht, self.engine.handle_event
        out: list[Call] = []
        for item in stream:
            now = T0 + timedelta(seconds=item.seconds)
            event = ht.OccupancyEvent(
                location_id=item.location,
                event_type=ht.EventType.TRIGGER
                if item.op == TRIGGER
                else ht.EventType.CLEAR,
                source_id=item.source,
                timestamp=now,
                timeout=None if item.duration is None else int(item.duration),
                timeout_set=True,
            )
            out.append(_expiration_of(handle, event, now))
        return out

    def advance(self, now: datetime) -> datetime | None:
        return self.engine.check_timeouts(now).next_expiration


# -- measurement -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figures:
    events: int
    calls: int
    per_second: float
    median_us: float
    p99_us: float
    idle_advance_us: float
    peak_mib: float


def prepare(
    adapter: Adapter, places: Sequence[Place], stream: Sequence[Input]
) -> tuple[datetime | None, list[datetime], list[Call]]:
    """Build the engine and its calls; nothing here is timed."""
    deadline = adapter.build(places, T0)
    times = [T0 + timedelta(seconds=item.seconds) for item in stream]
    return deadline, times, adapter.calls(stream)


def drive(
    adapter: Adapter,
    deadline: datetime | None,
    times: Sequence[datetime],
    calls: Sequence[Call],
    costs: list[int] | None,
) -> None:
    """Replay like a host with one timer at the engine's deadline; record each call's cost."""
    clock = time.perf_counter_ns
    advance = adapter.advance
    for now, call in zip(times, calls, strict=True):
        while deadline is not None and deadline <= now:
            before = clock()
            following = advance(deadline)
            if costs is not None:
                costs.append(clock() - before)
            # A deadline that does not move would spin forever; treat it as served.
            deadline = (
                None if following is not None and following <= deadline else following
            )
        before = clock()
        deadline = call()
        if costs is not None:
            costs.append(clock() - before)


def replay(
    adapter: Adapter, places: Sequence[Place], stream: Sequence[Input]
) -> Figures:
    clock = time.perf_counter_ns
    costs: list[int] = []
    deadline, times, calls = prepare(adapter, places, stream)
    gc.collect()
    gc.disable()  # a collection landing in one call would be charged to it
    try:
        drive(adapter, deadline, times, calls, costs)
        idle_costs = []
        for _ in range(300):
            before = clock()
            adapter.advance(times[-1])
            idle_costs.append(clock() - before)
    finally:
        gc.enable()
    spent = sum(costs)
    costs.sort()
    return Figures(
        events=len(stream),
        calls=len(costs),
        per_second=len(stream) / (spent / 1e9),
        median_us=statistics.median(costs) / 1e3,
        p99_us=costs[min(len(costs) - 1, int(len(costs) * 0.99))] / 1e3,
        idle_advance_us=statistics.median(idle_costs) / 1e3,
        peak_mib=peak_memory(adapter, places, stream) / 2**20,
    )


def peak_memory(
    adapter: Adapter, places: Sequence[Place], stream: Sequence[Input]
) -> int:
    """Peak traced memory of the engine: built, then replaying the stream.

    The prepared calls are traced too (they hold the engine), so their size is
    measured and taken off.
    """
    gc.collect()
    tracemalloc.start()
    try:
        deadline = adapter.build(places, T0)
        _, build_peak = tracemalloc.get_traced_memory()
        before, _ = tracemalloc.get_traced_memory()
        times = [T0 + timedelta(seconds=item.seconds) for item in stream]
        calls = adapter.calls(stream)
        after, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        drive(adapter, deadline, times, calls, None)
        _, replay_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return max(build_peak, replay_peak - (after - before))


def available_peers() -> tuple[list[Adapter], list[str]]:
    peers: list[Adapter] = []
    missing: list[str] = []
    for factory in (OccupancyManagerPeer, HomeTopologyPeer):
        try:
            peers.append(factory())
        except ImportError as err:
            missing.append(f"{factory.name}: not installed ({err})")
    return peers, missing


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10,100,1000", help="location counts, comma separated"
    )
    parser.add_argument(
        "--events", type=int, default=20_000, help="sensor events replayed per size"
    )
    parser.add_argument(
        "--peer-events",
        type=int,
        default=4_000,
        help="the peers replay the first this-many events of the same stream",
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args(argv)

    ours = Ours()
    peers, missing = ([], []) if args.no_peers else available_peers()
    print(
        f"Python {platform.python_version()} ({platform.machine()}, {platform.system()})"
    )
    print(
        f"seed {args.seed}; {EVENTS_PER_LOCATION} events per location per simulated day; "
        f"{SOURCES_PER_LOCATION} sources per location"
    )
    for line in missing:
        print(f"skipped peer {line}")
    header = (
        f"{'locations':>9} {'engine':<26} {'events':>6} {'calls':>6} {'events/s':>9} "
        f"{'median µs':>9} {'p99 µs':>8} {'idle adv µs':>11} {'peak MiB':>8} {'ours x':>6}"
    )
    print(header)
    print("-" * len(header))
    for size in (int(part) for part in args.sizes.split(",")):
        rng = random.Random(args.seed)
        places = build_home(size, rng)
        sources = build_sources(places, rng)
        stream = build_stream(sources, args.events, rng)
        print(row(size, ours.name, replay(ours, places, stream), None))
        if not peers:
            continue
        prefix = stream[: args.peer_events]
        mine = replay(ours, places, prefix)
        print(row(size, ours.name + " (peer prefix)", mine, None))
        for peer in peers:
            theirs = replay(peer, places, prefix)
            print(row(size, peer.name, theirs, mine.per_second / theirs.per_second))
    return 0


def row(size: int, name: str, figures: Figures, ratio: float | None) -> str:
    ratio_text = "" if ratio is None else f"{ratio:.1f}"
    return (
        f"{size:>9} {name:<26} {figures.events:>6} {figures.calls:>6} "
        f"{figures.per_second:>9,.0f} {figures.median_us:>9.1f} {figures.p99_us:>8.1f} "
        f"{figures.idle_advance_us:>11.2f} {figures.peak_mib:>8.2f} {ratio_text:>6}"
    )


if __name__ == "__main__":
    sys.exit(main())
