"""Differential run: the engine against its frozen reference on random call sequences.

``benchmarks/reference_engine/`` is a verbatim copy of the engine as it was before the
performance work (issue 14): main at 203d1ce, with the correctness fixes of that day.
It is kept only for this comparison and never shipped. Both
engines get the same random forest and the same calls; every call's result (each
transition with both states, the next deadline, the ignored reason, or the exception
raised) and every location's state at the end of each sequence must agree.

Snapshots are compared by behaviour, not by text (the new format is more compact): each
engine restores its own snapshot into a fresh engine, and the new engine also restores
the reference's snapshot (an old-format file from before the upgrade); all three must
then give the same results and states.

The sequences stay in the domain where the reference is defined: durations from one
second to a day, time that never runs backwards.

**Batched advance.** The new engine's ``advance`` applies at most ``batch`` queue
entries per call and asks to be called again (a ``next_deadline`` at or before
``now``). Three sequences in four run it with a batch of 1, 2 or 3 (the forests have
up to 9 locations), driven as the host drives it: after each ``advance``, again at
``next_deadline`` until that is later than ``now``. Those calls together must report
what the reference's one call reports, location by location: a location may report
several transitions, each starting where the one before ended, whose first state,
last state and last reason are the reference's one transition (or which end where
they started, when the reference reports none). Every other call must give the very
same result, in the same order.

    python benchmarks/differential.py --sequences 100000    # scripts/bench diff
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
import importlib.util
import json
from pathlib import Path
import random
import sys
import time
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ENGINE_DIR = ROOT / "custom_components" / "occupancy_manager" / "engine"
REFERENCE_DIR = Path(__file__).resolve().parent / "reference_engine"
T0 = datetime(2025, 1, 1, tzinfo=UTC)

SOURCES = ("motion", "presence", "door", "wasp")
LOCK_SOURCES = ("sleep", "party")
OCCUPANTS = (None, None, "mike", "marla")


def load_package(name: str, directory: Path) -> ModuleType:
    """Import an engine package by path, standalone (no Home Assistant around it)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, directory / "__init__.py", submodule_search_locations=[str(directory)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# -- observing results as plain data -----------------------------------------------------


def plain_state(state: Any) -> tuple[object, ...]:
    return (
        state.location_id,
        state.occupied,
        str(state.ladder),
        tuple(
            (c.source_id, c.expires_at, c.occupant, c.remaining, c.indefinite)
            for c in state.contributions
        ),
        tuple((lock.source_id, lock.until) for lock in state.locks),
        state.occupants,
        state.occupied_since,
        state.vacant_since,
        state.last_activity,
        state.locked_by,
        state.locked,
    )


def plain_result(result: Any) -> tuple[object, ...]:
    return (
        tuple(
            (
                t.location_id,
                t.reason,
                plain_state(t.previous),
                plain_state(t.current),
                t.occupied_changed,
            )
            for t in result.transitions
        ),
        result.next_deadline,
        result.ignored,
    )


def outcome(call: Callable[[], Any]) -> object:
    try:
        return ("ok", plain_result(call()))
    except Exception as err:  # noqa: BLE001 - the exception itself is the outcome
        return ("raised", type(err).__name__, str(err))


def plain_states(engine: Any) -> object:
    return (
        engine.next_deadline,
        tuple(plain_state(engine.state(i)) for i in sorted(engine.location_ids())),
    )


# -- random forests and calls ------------------------------------------------------------


def random_configs(mod: ModuleType, rng: random.Random, size: int) -> list[Any]:
    configs = []
    for index in range(size):
        parent = rng.choice([None, *range(index)]) if index else None
        configs.append(
            mod.LocationConfig(
                id=f"n{index}",
                name=f"n{index}",
                parent_id=None if parent is None else f"n{parent}",
                strategy=mod.Strategy.FOLLOW_PARENT
                if rng.random() < 0.2
                else mod.Strategy.INDEPENDENT,
                contributes_to_parent=rng.random() < 0.85,
                default_timeout=timedelta(seconds=rng.randint(1, 400)),
                default_trailing_timeout=timedelta(seconds=rng.randint(0, 200)),
                recently_occupied_after=timedelta(seconds=rng.randint(0, 300)),
                extended_vacancy_after=timedelta(seconds=rng.randint(0, 900)),
            )
        )
    return configs


def seconds(rng: random.Random) -> timedelta:
    return timedelta(seconds=rng.choice((1, 5, 30, 60, 120, 300, 600, 3600, 86_400)))


def random_call(rng: random.Random, ids: Sequence[str], now: datetime) -> tuple:
    """One call as data: (method, args, kwargs); engine-independent values only."""
    location = rng.choice(ids)
    roll = rng.random()
    if roll < 0.38:
        timeout = rng.choice(("default", None, "timed", "timed"))
        kwargs: dict[str, object] = {"occupant": rng.choice(OCCUPANTS)}
        if timeout != "default":
            kwargs["timeout"] = None if timeout is None else seconds(rng)
        return ("trigger", (location, rng.choice(SOURCES), now), kwargs)
    if roll < 0.58:
        trailing = rng.choice(("default", 0, "timed"))
        kwargs = {}
        if trailing == 0:
            kwargs["trailing"] = timedelta(0)
        elif trailing == "timed":
            kwargs["trailing"] = seconds(rng)
        return ("clear", (location, rng.choice(SOURCES), now), kwargs)
    if roll < 0.63:
        return ("vacate", (location, now), {})
    if roll < 0.71:
        until = now + seconds(rng) if rng.random() < 0.4 else None
        state = rng.choice((None, "occupied", "vacant"))
        return (
            "lock",
            (location, rng.choice(LOCK_SOURCES), now),
            {"state": state, "until": until},
        )
    if roll < 0.77:
        return ("unlock", (location, rng.choice(LOCK_SOURCES), now), {})
    if roll < 0.79:
        return ("unlock_all", (location, now), {})
    if roll < 0.96:
        return ("advance", (now,), {})
    if roll < 0.98:
        return ("reconfigure", (now,), {"seed": rng.random()})
    return ("roundtrip", (now,), {})


def apply(mod: ModuleType, engine: Any, call: tuple) -> object:
    method, args, kwargs = call
    if method == "reconfigure":
        # Another random forest over mostly the same ids: some kept, moved, retimed,
        # removed or added.
        seed = kwargs["seed"]
        configs = random_configs(
            mod, random.Random(seed), random.Random(seed).randint(1, 9)
        )
        return outcome(lambda: engine.reconfigure(configs, *args))
    if method == "lock" and kwargs["state"] is not None:
        kwargs = {**kwargs, "state": mod.LockState(kwargs["state"])}
    return outcome(lambda: getattr(engine, method)(*args, **kwargs))


# -- one sequence ------------------------------------------------------------------------


BATCHES = (1, 2, 3, None)
"""The new engine's batch, by sequence (None: the default, never reached here)."""


def composed(results: Sequence[Any]) -> object:
    """What calls reported together, one net change per location (None if chained wrong).

    ``results`` are plain results in call order; a location's transitions must chain
    (each starts where the one before ended).
    """
    changes: dict[object, tuple[object, object, object]] = {}
    for transitions, _, _ in results:
        for location, reason, previous, current, _ in transitions:
            start = previous
            if location in changes:
                start, last, _ = changes[location]
                if last != previous:
                    return None
            changes[location] = (start, current, reason)
    return sorted(
        (location, reason, previous, current, previous[1] != current[1])  # type: ignore[index]
        for location, (previous, current, reason) in changes.items()
        if previous != current
    )


def run_sequence(new: ModuleType, old: ModuleType, seed: int) -> str | None:
    """Run one random sequence on both engines; describe the first disagreement."""
    rng = random.Random(seed)
    size = rng.randint(1, 9)
    config_seed = rng.random()
    batch = BATCHES[seed % len(BATCHES)]
    extra = {} if batch is None else {"batch": batch}
    new_engine = new.OccupancyEngine(
        random_configs(new, random.Random(config_seed), size), T0, **extra
    )
    old_engine = old.OccupancyEngine(
        random_configs(old, random.Random(config_seed), size), T0
    )
    ids = [f"n{index}" for index in range(9)]
    now = T0
    for step in range(rng.randint(5, 40)):
        now += timedelta(seconds=rng.choice((0, 0, 1, 10, 60, 200, 600, 4000)))
        call = random_call(rng, ids, now)
        if call[0] == "reconfigure":
            config_seed = call[2]["seed"]
            size = random.Random(config_seed).randint(1, 9)
        if call[0] == "roundtrip":
            problem = roundtrip(
                new, old, new_engine, old_engine, size, config_seed, now, rng, extra
            )
            if problem is not None:
                return f"seed {seed} step {step}: {problem}"
            continue
        got, want = apply(new, new_engine, call), apply(old, old_engine, call)
        if batch is not None and call[0] == "advance" and got[0] == "ok":  # type: ignore[index]
            problem = catch_up(new_engine, got, want, now)
            if problem is not None:
                return f"seed {seed} step {step} {call}: {problem}"
        elif got != want:
            return f"seed {seed} step {step} {call}:\n  new {got}\n  ref {want}"
    if plain_states(new_engine) != plain_states(old_engine):
        return f"seed {seed}: final states differ"
    return None


def catch_up(new_engine: Any, got: Any, want: Any, now: datetime) -> str | None:
    """Call ``advance`` until nothing is due; compare with the reference's one call."""
    results = [got[1]]
    while (deadline := new_engine.next_deadline) is not None and deadline <= now:
        results.append(plain_result(new_engine.advance(deadline)))
    if want[0] != "ok" or results[-1][1] != want[1][1] or got[1][2] != want[1][2]:
        return f"batched advance differs:\n  new {results}\n  ref {want}"
    if composed(results) != composed([want[1]]):
        return f"batched transitions differ:\n  new {results}\n  ref {want}"
    return None


def roundtrip(
    new: ModuleType,
    old: ModuleType,
    new_engine: Any,
    old_engine: Any,
    size: int,
    config_seed: float,
    now: datetime,
    rng: random.Random,
    extra: dict[str, int],
) -> str | None:
    """Snapshot both engines; restore each into a fresh one and compare the results."""
    later = now + timedelta(seconds=rng.choice((0, 30, 600, 5000)))
    new_snapshot = json.loads(json.dumps(new_engine.snapshot(compact=True)))
    old_snapshot = json.loads(json.dumps(old_engine.snapshot()))
    fresh_new = new.OccupancyEngine(
        random_configs(new, random.Random(config_seed), size), later, **extra
    )
    fresh_old = old.OccupancyEngine(
        random_configs(old, random.Random(config_seed), size), later
    )
    upgraded = new.OccupancyEngine(
        random_configs(new, random.Random(config_seed), size), later
    )
    want = outcome(lambda: fresh_old.restore(old_snapshot, later))
    got = outcome(lambda: fresh_new.restore(new_snapshot, later))
    from_old = outcome(lambda: upgraded.restore(old_snapshot, later))
    if got != want:
        return f"restore of own snapshot differs:\n  new {got}\n  ref {want}"
    if from_old != want:
        return f"restore of an old snapshot differs:\n  new {from_old}\n  ref {want}"
    states = plain_states(fresh_old)
    if plain_states(fresh_new) != states or plain_states(upgraded) != states:
        return "states after restore differ"
    # Restoring into the running engine must agree too (it is usually silent).
    got = outcome(lambda: new_engine.restore(new_snapshot, now))
    want = outcome(lambda: old_engine.restore(old_snapshot, now))
    if got != want:
        return f"restore into the same engine differs:\n  new {got}\n  ref {want}"
    return None


def run(sequences: int, seed: int = 0, *, progress: bool = False) -> list[str]:
    """Run ``sequences`` random sequences; return the disagreements (empty = all agree)."""
    new = load_package("occupancy_engine_new", ENGINE_DIR)
    old = load_package("occupancy_engine_reference", REFERENCE_DIR)
    problems: list[str] = []
    started = time.monotonic()
    for index in range(sequences):
        problem = run_sequence(new, old, seed * 1_000_003 + index)
        if problem is not None:
            problems.append(problem)
        if progress and (index + 1) % 10_000 == 0:
            print(
                f"  {index + 1:,} sequences, {len(problems)} disagreements, "
                f"{time.monotonic() - started:.0f} s",
                flush=True,
            )
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sequences", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.monotonic()
    problems = run(args.sequences, args.seed, progress=True)
    for problem in problems[:5]:
        print(problem)
    print(
        f"differential: {args.sequences:,} sequences, {len(problems)} disagreements "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
