"""Instructions per engine call, counted by callgrind (deterministic on a busy machine).

Wall-clock figures on shared cores move by 2x from one run to the next; the number of
instructions an input executes does not. Each stream of ``targets.py`` (built by
``measure.py``) runs twice under ``valgrind --tool=callgrind``: once only prepared,
once replayed. The
difference of the two totals, divided by the number of calls, is the cost of one call
(an event plus the advances the host's timer needs), interpreter included.

    python benchmarks/callgrind.py --sizes 10,1000 --events 2000 --reference
    python benchmarks/callgrind.py --streams hour-mark --sizes 1000,10000 --reference
    python benchmarks/callgrind.py --per-input --sizes 10,1000 --events 2000

``--per-input`` counts the instructions of the inputs only, by the number of
transitions they report, as issue 14's targets do: the stream runs once to learn each
input's count, then again on a fresh engine (the engine is deterministic) with the
inputs of one kind called through ``functools.partial``, and callgrind collects only
inside ``partial_vectorcall``. It prints the mean per input with one transition, and
per further transition the mean of (cost - that) / (k - 1) over inputs with k >= 2.
It first prints, counted the same way, the two floors of ``measure.py``: the
interpreter's (issue 14's yardstick) and the public values' (what an input with one
transition must build under ENGINE.md, and nothing else).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import timedelta
import functools
import gc
import os
from pathlib import Path
import random
import re
import subprocess
import sys
import tempfile

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import engine as bench  # noqa: E402


def child(
    stream: str, size: int, events: int, seed: int, replay: bool, reference: bool
) -> None:
    """Inside valgrind: build the engine and its calls, replay them if asked."""
    import measure

    mod = measure.load_engine(reference=reference)
    rng = random.Random(seed)
    if stream == "hour-mark":
        # An hour after start every never-occupied location reaches extended_vacant
        # at once (the engine's worst single call before the ladder batch).
        places = bench.build_home(size, rng)
        engine = mod.OccupancyEngine(measure.configs(mod, places), bench.T0)
        engine.advance(bench.T0 + timedelta(seconds=3599))
        if replay:
            # As the host does: again while the deadline is already due (one call per
            # batch of ladder steps; the reference does them all in one).
            now = bench.T0 + timedelta(seconds=3600)
            result = engine.advance(now)
            calls, transitions = 1, len(result.transitions)
            while result.next_deadline is not None and result.next_deadline <= now:
                result = engine.advance(result.next_deadline)
                calls, transitions = calls + 1, transitions + len(result.transitions)
            print(f"calls={calls} transitions={transitions}")
        return
    _, engine, calls = measure.stream_engine(mod, stream, size, events, rng)
    if not replay:
        return
    count = 0
    deadline = engine.next_deadline
    for now, call in calls:
        while deadline is not None and deadline <= now:
            deadline = engine.advance(deadline).next_deadline
            count += 1
        deadline = call().next_deadline
        count += 1
    print(f"calls={count}")


def child_per_input(
    stream: str, size: int, events: int, seed: int, kind: str, reference: bool
) -> None:
    """Inside valgrind: call the inputs of one ``kind`` through functools.partial."""
    import measure

    mod = measure.load_engine(reference=reference)
    counts: list[int] = []
    for measured in (False, True):
        rng = random.Random(seed)
        _, engine, calls = measure.stream_engine(mod, stream, size, events, rng)
        # As measure.replay times them: a collection falling inside a measured input
        # would move its count by whatever else the process allocated, so that a
        # change to one path moved every other path's count by up to 7 %.
        gc.collect()
        gc.disable()
        deadline = engine.next_deadline
        for index, (now, call) in enumerate(calls):
            while deadline is not None and deadline <= now:
                deadline = engine.advance(deadline).next_deadline
            if not measured:
                result = call()
                counts.append(len(result.transitions))
            elif (counts[index] == 1) == (kind == "one") and counts[index] >= 1:
                result = functools.partial(call)()
            else:
                result = call()
            deadline = result.next_deadline
    chosen = [
        count for count in counts if count >= 1 and (count == 1) == (kind == "one")
    ]
    print(f"inputs={len(chosen)} further={sum(count - 1 for count in chosen)}")


FLOOR_CALLS = 2_000

# Callgrind collects inside every ``partial`` call, and imports make some (dataclasses
# and typing call through them): ~1M instructions before the first input, which
# raised every figure by ~1,000 per input until the counts were zeroed at the
# ``gc.collect()`` that starts each measured pass.
PER_INPUT_OPTIONS = (
    "--collect-atstart=no",
    "--toggle-collect=partial_vectorcall",
    "--zero-before=gc_collect",
)


def child_floor(name: str) -> None:
    """Inside valgrind: call one floor's input through functools.partial."""
    import measure

    if name == "interpreter":
        one_input = measure.interpreter_floor()
    else:
        one_input = measure.public_values_floor(measure.load_engine())
    for moment in range(50):  # warmed up, as the engine's inputs are
        one_input(moment)
    gc.collect()
    gc.disable()
    for moment in range(FLOOR_CALLS):
        functools.partial(one_input, moment)()


def floor(name: str) -> float:
    """Instructions per input of a floor (``interpreter`` or ``values``)."""
    total, _ = instructions(
        ["--floor", name],
        PER_INPUT_OPTIONS,
    )
    return total / FLOOR_CALLS


def per_input(
    stream: str, size: int, events: int, seed: int, *, reference: bool = False
) -> tuple[float, float]:
    """Mean instructions per input with one transition, and per further transition."""
    found: dict[str, tuple[int, int, int]] = {}
    for kind in ("one", "many"):
        args = [stream, str(size), str(events), str(seed), kind] + (
            ["--reference"] if reference else []
        )
        total, output = instructions(
            ["--per-input", *args],
            PER_INPUT_OPTIONS,
        )
        match = re.search(r"inputs=(\d+) further=(\d+)", output)
        assert match is not None, output
        found[kind] = (total, int(match.group(1)), int(match.group(2)))
    one_total, ones, _ = found["one"]
    many_total, manies, further = found["many"]
    one = one_total / ones
    return one, (many_total - manies * one) / further if further else float("nan")


def instructions(
    args: list[str],
    options: Sequence[str] = (),
    *,
    script: str = __file__,
) -> tuple[int, str]:
    """Run ``script`` (this one) with ``args`` under callgrind; total Ir and output.

    This script's arguments start with ``--child``; another script passes its own.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        proc = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                *options,
                sys.executable,
                str(Path(script).resolve()),
                *(["--child"] if script == __file__ else []),
                *args,
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        match = re.search(r"^summary:\s+(\d+)", out.read_text(), re.MULTILINE)
        assert match is not None, proc.stderr
        return int(match.group(1)), proc.stdout


def per_call(
    stream: str, size: int, events: int, seed: int, *, reference: bool = False
) -> float:
    """Instructions per call (input or advance) at ``size`` locations."""
    common = [stream, str(size), str(events), str(seed)] + (
        ["--reference"] if reference else []
    )
    base, _ = instructions([*common, "--prepare-only"])
    total, output = instructions(common)
    calls = int(re.search(r"calls=(\d+)", output).group(1))  # type: ignore[union-attr]
    return (total - base) / calls


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["--child", "--floor"]:
        child_floor(argv[2])
        return 0
    if argv[:2] == ["--child", "--per-input"]:
        size, events, seed = (int(value) for value in argv[3:6])
        child_per_input(argv[2], size, events, seed, argv[6], "--reference" in argv)
        return 0
    if argv and argv[0] == "--child":
        size, events, seed = (int(value) for value in argv[2:5])
        child(
            argv[1],
            size,
            events,
            seed,
            "--prepare-only" not in argv,
            "--reference" in argv,
        )
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--events", type=int, default=4_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--streams", default="synthetic,scenarios")
    parser.add_argument("--reference", action="store_true", help="also the reference")
    parser.add_argument(
        "--per-input", action="store_true", help="inputs only, by transitions"
    )
    args = parser.parse_args(argv)
    if args.per_input:
        print(
            f"floors: interpreter {floor('interpreter'):,.0f} per input (dict update, "
            f"heap push, 6-level climb, result tuple); public values "
            f"{floor('values'):,.0f} (the contribution, state, transition and result "
            f"of an input with one transition, as the engine builds them)",
            flush=True,
        )
    for stream in args.streams.split(","):
        for size in (int(part) for part in args.sizes.split(",")):
            if args.per_input:
                one, further = per_input(stream, size, args.events, args.seed)
                line = (
                    f"{stream:<10} {size:>6} locations: {one:>9,.0f} per input with "
                    f"one transition, {further:>9,.0f} per further transition"
                )
                if args.reference:
                    old_one, old_further = per_input(
                        stream, size, args.events, args.seed, reference=True
                    )
                    line += f" (reference {old_one:,.0f} / {old_further:,.0f})"
                print(line, flush=True)
                continue
            ours = per_call(stream, size, args.events, args.seed)
            line = (
                f"{stream:<10} {size:>6} locations: {ours:>9,.0f} instructions per call"
            )
            if args.reference:
                old = per_call(stream, size, args.events, args.seed, reference=True)
                line += f" (reference {old:,.0f}, {old / ours:.2f}x fewer)"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
