"""Which calls make the slowest 1 % (the p99 of ``targets.py``), by kind of call.

Each stream of ``targets.py`` is replayed ``--rounds`` times on fresh engines (the
engine is deterministic, so call ``i`` does the same work every round) and each call
keeps its fastest time: what is left is the engine's cost, not the scheduler's. A
call's kind is what it is and what it met, read before it runs: the method, whether
an occupant is involved (the trigger's, or the contribution cleared or expiring),
what an advance finds due, which direct path took it (or ``log``, the general path)
and how many transitions it reported. The table lists the kinds among the slowest
1 % and, beside them, the same kinds over the whole stream.

    python benchmarks/tail.py --sizes 1000 --rounds 5
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Sequence
import functools
import gc
import random
import re
import statistics
import sys
import time
from typing import Any

import callgrind
import measure

DIRECT_PATHS = ("amend", "rise", "shed", "fire", "freeze", "thaw")


def paths(mod: Any, stream: str, size: int, events: int, seed: int) -> list[str]:
    """Which direct path took each call (``log`` for none), advances included."""
    module = sys.modules[mod.__name__ + ".engine"]
    taken: list[str] = []
    originals = {name: getattr(module, name) for name in DIRECT_PATHS}

    def spy(name: str) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            result = originals[name](*args, **kwargs)
            if result is not None:  # fire declines with None
                taken.append(name)
            return result

        return wrapped

    for name in DIRECT_PATHS:
        setattr(module, name, spy(name))
    try:
        labels: list[str] = []
        _, engine, calls = measure.stream_engine(
            mod, stream, size, events, random.Random(seed)
        )
        deadline = engine.next_deadline
        for now, call in calls:
            while deadline is not None and deadline <= now:
                taken.clear()
                deadline = engine.advance(deadline).next_deadline
                labels.append(taken[0] if taken else "log")
            taken.clear()
            deadline = call().next_deadline
            labels.append(taken[0] if taken else "log")
        return labels
    finally:
        for name in DIRECT_PATHS:
            setattr(module, name, originals[name])


def kinds(mod: Any, stream: str, size: int, events: int, seed: int) -> list[str]:
    """What each call is and meets (read before it runs), advances included."""
    _, engine, calls = measure.stream_engine(
        mod, stream, size, events, random.Random(seed)
    )
    runtime = engine._runtime
    labels: list[str] = []

    def due_kind(at: Any) -> str:
        heap = runtime.schedule.heap
        due = [entry for entry in heap if entry[0] <= at]
        names = set()
        for _, _, location_id, kind, key in due:
            if kind == 0:  # schedule.EXPIRY
                found = runtime.nodes[location_id].find(key)
                occupant = found is not None and found.occupant is not None
                names.add("expiry+occupant" if occupant else "expiry")
            else:
                names.add(("ladder", "lock")[kind - 1])
        return "advance " + ",".join(sorted(names))

    deadline = engine.next_deadline
    for now, call in calls:
        while deadline is not None and deadline <= now:
            label = due_kind(deadline)
            result = engine.advance(deadline)
            labels.append(f"{label} [{len(result.transitions)}]")
            deadline = result.next_deadline
        closure = call.__closure__ or ()
        cells = [cell.cell_contents for cell in closure]
        method = next(c for c in cells if callable(c)).__name__
        label = method
        if method in ("trigger", "clear"):
            location = next(
                c for c in cells if isinstance(c, str) and c in runtime.nodes
            )
            sources = [c for c in cells if isinstance(c, str) and c != location]
            node = runtime.nodes[location]
            found = node.find(sources[0]) if sources else None
            occupant = any(
                isinstance(c, str) and c in ("mike", "marla") for c in cells
            ) or (found is not None and found.occupant is not None)
            label += "+occupant" if occupant else ""
        result = call()
        labels.append(f"{label} [{len(result.transitions)}]")
        deadline = result.next_deadline
    return labels


def costs(mod: Any, stream: str, size: int, events: int, seed: int) -> list[int]:
    """Each call's time (ns), advances included, in the order of ``kinds``."""
    # measure.replay's host loop, but one list in call order (replay keeps inputs and
    # advances apart), so that each time lines up with its call's label.
    _, engine, calls = measure.stream_engine(
        mod, stream, size, events, random.Random(seed)
    )
    clock = time.perf_counter_ns
    out: list[int] = []
    deadline = engine.next_deadline
    gc.collect()
    gc.disable()
    try:
        for now, call in calls:
            while deadline is not None and deadline <= now:
                before = clock()
                result = engine.advance(deadline)
                out.append(clock() - before)
                deadline = result.next_deadline
            before = clock()
            result = call()
            out.append(clock() - before)
            deadline = result.next_deadline
    finally:
        gc.enable()
    return out


def labelled(mod: Any, stream: str, size: int, events: int, seed: int) -> list[str]:
    """Each call's kind, what it reported and the path that took it."""
    shape = (stream, size, events, seed)
    return [
        f"{kind} {path}"
        for kind, path in zip(kinds(mod, *shape), paths(mod, *shape), strict=True)
    ]


def child(stream: str, size: int, events: int, seed: int, label: str) -> None:
    """Inside valgrind: call the calls of kind ``label`` through functools.partial."""
    mod = measure.load_engine()
    labels = labelled(mod, stream, size, events, seed)
    _, engine, calls = measure.stream_engine(
        mod, stream, size, events, random.Random(seed)
    )
    index = 0
    deadline = engine.next_deadline
    for now, call in calls:
        while deadline is not None and deadline <= now:
            if labels[index] == label:
                result = functools.partial(engine.advance, deadline)()
            else:
                result = engine.advance(deadline)
            deadline, index = result.next_deadline, index + 1
        result = functools.partial(call)() if labels[index] == label else call()
        deadline, index = result.next_deadline, index + 1
    print(f"calls={labels.count(label)}")


def instructions(stream: str, size: int, events: int, seed: int, label: str) -> float:
    """Mean instructions per call of kind ``label`` (callgrind, inside the calls)."""
    total, output = callgrind.instructions(
        ["--child", stream, str(size), str(events), str(seed), label],
        ["--collect-atstart=no", "--toggle-collect=partial_vectorcall"],
        script=__file__,
    )
    calls = int(re.search(r"calls=(\d+)", output).group(1))  # type: ignore[union-attr]
    return total / calls


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        size, events, seed = (int(value) for value in argv[2:5])
        child(argv[1], size, events, seed, argv[5])
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--streams", default="synthetic,scenarios")
    parser.add_argument(
        "--instructions",
        type=int,
        default=0,
        metavar="N",
        help="also count the instructions of the N commonest kinds in the tail",
    )
    parser.add_argument(
        "--all", action="store_true", help="list every kind, not only the tail's"
    )
    args = parser.parse_args(argv)
    mod = measure.load_engine()
    for stream in args.streams.split(","):
        for size in (int(part) for part in args.sizes.split(",")):
            shape = (stream, size, args.events, args.seed)
            labels = labelled(mod, *shape)
            best = costs(mod, *shape)
            for _ in range(args.rounds - 1):
                best = [
                    min(a, b) for a, b in zip(best, costs(mod, *shape), strict=True)
                ]
            order = sorted(best)
            p99 = order[int(len(order) * 0.99)]
            slow = [
                label for label, cost in zip(labels, best, strict=True) if cost >= p99
            ]
            by_kind: dict[str, list[int]] = defaultdict(list)
            for label, cost in zip(labels, best, strict=True):
                by_kind[label].append(cost)
            print(
                f"\n{stream} at {size:,}: {len(best):,} calls, p99 {p99 / 1e3:.1f} µs "
                f"(best of {args.rounds} rounds per call); median "
                f"{statistics.median(best) / 1e3:.1f} µs"
            )
            print(
                f"{'kind [transitions] path':<40} {'in tail':>7} {'of all':>7} "
                f"{'median µs':>9} {'instructions':>12}"
            )
            listed = Counter(labels if args.all else slow)
            for rank, (label, count) in enumerate(listed.most_common()):
                counted = (
                    f"{instructions(*shape, label):>12,.0f}"
                    if rank < args.instructions
                    else ""
                )
                print(
                    f"{label:<40} {count:>7} {len(by_kind[label]):>7} "
                    f"{statistics.median(by_kind[label]) / 1e3:>9.1f} {counted}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
