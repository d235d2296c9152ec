"""How ``targets.py`` measures an engine: replays, the hour mark, persistence, memory.

Each call is timed with ``perf_counter_ns`` with the garbage collector off; the host's
side of the wake-up protocol is kept exactly (``advance`` at every deadline that
passed). ``callgrind.py`` builds the same calls to count their instructions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import gc
import heapq
import json
import random
import statistics
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
                engine.trigger,
                item.location,
                item.source,
                now,
                timeout=duration,
                occupant=None,
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
        # As pipeline.py calls: a trigger names its timeout and occupant and a clear
        # its trailing time, DEFAULT where the step has none.
        if step.method == "trigger":
            kwargs["timeout"] = (
                mod.DEFAULT
                if step.timeout == -1.0
                else None
                if step.timeout is None
                else timedelta(seconds=step.timeout)
            )
            kwargs["occupant"] = step.occupant
        elif step.method == "clear":
            kwargs["trailing"] = (
                mod.DEFAULT
                if step.timeout in (-1.0, None)
                else timedelta(seconds=step.timeout)  # type: ignore[arg-type]
            )
        elif step.method == "lock" and step.lock_state is not None:
            kwargs["state"] = mod.LockState(step.lock_state)
        if step.method in ("vacate", "unlock_all"):
            args: tuple[object, ...] = (step.location, now)
        else:
            args = (step.location, step.source, now)
        out.append((now, _bind(method, *args, **kwargs)))
    return out


def _bind(method: Callable[..., Any], *args: object, **kwargs: object) -> Call:
    """The call as the host writes it: arguments by position, keywords by name.

    ``method(*args, **kwargs)`` would build a dict and unpack it on every call, which
    the host never pays (pipeline.py names its keywords): 1,000-1,500 instructions
    per input, ours and the reference's alike. So each shape of call gets a closure
    of its own.
    """
    if len(args) == 2:  # vacate, unlock_all
        location, now = args
        assert not kwargs
        return lambda: method(location, now)
    location, source, now = args
    match sorted(kwargs):
        case []:  # unlock, lock without a state
            return lambda: method(location, source, now)
        case ["occupant", "timeout"]:
            timeout, occupant = kwargs["timeout"], kwargs["occupant"]
            return lambda: method(
                location, source, now, timeout=timeout, occupant=occupant
            )
        case ["trailing"]:
            trailing = kwargs["trailing"]
            return lambda: method(location, source, now, trailing=trailing)
        case ["state"]:
            state = kwargs["state"]
            return lambda: method(location, source, now, state=state)
    raise ValueError(f"no call of this shape: {sorted(kwargs)}")


def load_engine(*, reference: bool = False) -> ModuleType:
    """This engine, or the frozen reference one, each loaded as a package of its own."""
    if reference:
        return differential.load_package(
            "occupancy_engine_reference", differential.REFERENCE_DIR
        )
    return differential.load_package("occupancy_engine_new", differential.ENGINE_DIR)


def stream_engine(
    mod: ModuleType, stream: str, size: int, events: int, rng: random.Random
) -> tuple[Sequence[bench.Place], Any, list[tuple[datetime, Call]]]:
    """A fresh engine of ``size`` locations and the prepared calls of one stream.

    ``stream`` is ``synthetic`` (``engine.py``'s random sensors) or ``scenarios``.
    """
    if stream == "synthetic":
        places = bench.build_home(size, rng)
        inputs = bench.build_stream(bench.build_sources(places, rng), events, rng)
        engine = mod.OccupancyEngine(configs(mod, places), T0)
        return places, engine, synthetic_calls(engine, inputs)
    places, steps = scenarios.build(size, events, rng)
    engine = mod.OccupancyEngine(configs(mod, places), T0)
    return places, engine, scenario_calls(mod, engine, steps)


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


# -- floors: the least an input can cost here, whatever the engine does --------------


class _Place:
    __slots__ = ("activity", "parent", "sources")

    def __init__(self, parent: _Place | None) -> None:
        self.parent, self.activity, self.sources = parent, 0, {}


def interpreter_floor() -> Callable[[int], object]:
    """One input of issue 14's yardstick: the least any input must do in Python.

    A dict update, a heap push, a 6-level climb to the root and a result tuple.
    """
    leaf = None
    for _ in range(7):
        leaf = _Place(leaf)
    assert leaf is not None
    heap: list[tuple[int, str]] = []

    def one_input(moment: int) -> tuple[int, _Place, None]:
        leaf.sources["motion"] = moment
        heapq.heappush(heap, (moment, "motion"))
        child = leaf
        while (parent := child.parent) is not None:
            parent.activity = moment
            child = parent
        return (moment, leaf, None)

    return one_input


def public_values_floor(mod: ModuleType) -> Callable[[int], object]:
    """One input's public values: what an input with one transition must build.

    Under ENGINE.md a trigger that changes one room returns a Result holding one
    Transition from the state already built to a new LocationState, which holds the
    new Contribution. Nothing else: no lookup, check, decision or deadline. Each
    value is built the cheapest way Python allows for these frozen slotted
    dataclasses, the engine's own (model.py's drafts, filled in inline: a writable
    subclass, then ``__class__`` switched), measured against the alternatives with
    callgrind (instructions for the four, an empty call's 0.5K included): keyword
    constructors 49.9K, ``object.__new__`` and ``object.__setattr__`` 32.6K, drafts
    with a Python ``__init__`` 11.8K, model.py's ``new_*`` helpers 9.3K, inline
    drafts 7.0K (of which the four ``__class__`` switches 2.5K, the four allocations
    2.9K).
    """
    model = sys.modules[mod.__name__ + ".model"]
    contribution_draft, state_draft = model._ContributionDraft, model._StateDraft
    transition_draft, result_draft = model._TransitionDraft, model._ResultDraft
    contribution, state_class = model.Contribution, model.LocationState
    transition_class, result_class = model.Transition, model.Result
    occupied, nobody = model.OCCUPIED, frozenset[str]()
    since = T0
    held = model.new_contribution("presence", None, None)
    previous = model.new_state(
        "kitchen", True, occupied, (held,), (), nobody, since, None, since
    )
    deadlines = [T0 + timedelta(seconds=second) for second in range(600)]

    def one_input(moment: int) -> object:
        at = deadlines[moment % 600]
        new = contribution_draft()
        new.source_id = "motion"
        new.expires_at = at
        new.occupant = None
        new.remaining = None
        new.__class__ = contribution
        current = state_draft()
        current.location_id = "kitchen"
        current.occupied = True
        current.ladder = occupied
        current.contributions = (new, held)
        current.locks = ()
        current.occupants = nobody
        current.occupied_since = since
        current.vacant_since = None
        current.last_activity = at
        current.__class__ = state_class
        change = transition_draft()
        change.location_id = "kitchen"
        change.reason = "trigger:motion"
        change.previous = previous
        change.current = current
        change.__class__ = transition_class
        result = result_draft()
        result.transitions = (change,)
        result.next_deadline = at
        result.ignored = None
        result.__class__ = result_class
        return result

    return one_input


def floor_us(one_input: Callable[[int], object], calls: int = 100_000) -> float:
    """Median µs of one call of a floor's ``one_input``, timed like the engine's."""
    clock = time.perf_counter_ns
    costs = []
    gc.disable()
    try:
        for moment in range(calls):
            before = clock()
            one_input(moment)
            costs.append(clock() - before)
    finally:
        gc.enable()
    return statistics.median(costs) / 1e3


# -- snapshot, restore, memory ----------------------------------------------------------


def persistence(
    mod: ModuleType,
    engine: Any,
    places: Sequence[bench.Place],
    now: datetime,
    *,
    compact: bool = False,
) -> tuple[float, float, float, int]:
    """Median snapshot and restore times (ms), and the JSON size of the snapshot.

    With ``compact`` (this engine) the third figure is the restore the Home
    Assistant layer runs, ``restore(report=False)``: the same state without the
    transitions it would discard (``saved_state.py``); NaN otherwise.
    """
    snaps: list[int] = []
    restores: list[int] = []
    quiet: list[int] = []
    text = ""
    for _ in range(15):
        gc.collect()
        gc.disable()
        before = time.perf_counter_ns()
        snapshot = engine.snapshot(compact=True) if compact else engine.snapshot()
        snaps.append(time.perf_counter_ns() - before)
        gc.enable()
        text = json.dumps(snapshot)
        restores.append(_restore_ns(mod, places, text, now))
        if compact:
            quiet.append(_restore_ns(mod, places, text, now, report=False))
    return (
        statistics.median(snaps) / 1e6,
        statistics.median(restores) / 1e6,
        statistics.median(quiet) / 1e6 if quiet else float("nan"),
        len(text),
    )


def _restore_ns(
    mod: ModuleType,
    places: Sequence[bench.Place],
    text: str,
    now: datetime,
    **kwargs: bool,
) -> int:
    """One restore of ``text`` into a fresh engine, timed with the collector off."""
    fresh = mod.OccupancyEngine(configs(mod, places), now)
    data = json.loads(text)
    gc.collect()
    gc.disable()
    try:
        before = time.perf_counter_ns()
        fresh.restore(data, now, **kwargs)
        return time.perf_counter_ns() - before
    finally:
        gc.enable()


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
