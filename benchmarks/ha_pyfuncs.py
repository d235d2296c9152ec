"""Where a span's instructions go, by Python function (profiles ``ha_instructions`` kept).

Run ``ha_latency.py --callgrind`` with ``OM_CALLGRIND_KEEP=<dir>``: the script then runs
under ``python -X perf`` and every span's profile is kept, with the perf map naming each
Python function's trampoline. This reads the spans of one kind, takes those around the
median (a GC or a timer in a span's loop turn would swamp a mean) and prints each
Python function's inclusive instructions per span, largest first:

    OM_CALLGRIND_KEEP=/tmp/cg .venv-py3.13.0/bin/python benchmarks/ha_latency.py --callgrind
    python benchmarks/ha_pyfuncs.py /tmp/cg              # ours
    python benchmarks/ha_pyfuncs.py /tmp/cg "floor: entity" --top 40

A function called recursively is listed once per level (``'2``); the trampolines add a
few instructions per call, so the totals are a little above ``--callgrind``'s.
"""

from __future__ import annotations

import argparse
import bisect
from pathlib import Path
import re
import subprocess

ROOT = Path(__file__).resolve().parents[1]
_ANNOTATED = re.compile(r"\s*([\d,]+) \([^)]*\)\s+\?\?\?:0x([0-9a-f]+)('\d+)? ")


def _trampolines(directory: Path) -> tuple[list[int], list[tuple[int, int, str]]]:
    entries = []
    for perf_map in directory.glob("perf-*.map"):
        for line in perf_map.read_text().splitlines():
            start, size, name = line.split(" ", 2)
            entries.append((int(start, 16), int(size, 16), name.removeprefix("py::")))
    entries.sort()
    return [entry[0] for entry in entries], entries


def _spans(directory: Path, kind: str) -> list[tuple[int, Path]]:
    """(instructions, profile) of each span of ``kind``, the loop's thread (-01).

    ``kind`` may be the start of the kinds wanted: ``ours`` takes every label's
    spans (``ours: presence on``, ...).
    """
    found = []
    for profile in directory.glob("callgrind.out.*-01"):
        text = profile.read_text()
        if f"desc: Trigger: Client Request: {kind}" not in text:
            continue
        total = re.search(r"^totals:\s+(\d+)", text, re.MULTILINE)
        if total is not None:
            found.append((int(total.group(1)), profile))
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("kind", nargs="?", default="ours")
    parser.add_argument(
        "--around", type=int, default=21, help="spans around the median"
    )
    parser.add_argument("--top", type=int, default=100)
    args = parser.parse_args()
    starts, entries = _trampolines(args.directory)
    spans = _spans(args.directory, args.kind)
    middle = len(spans) // 2
    chosen = spans[max(0, middle - args.around // 2) :][: args.around]
    totals: dict[str, int] = {}
    for _, profile in chosen:
        out = subprocess.run(
            ["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(profile)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for line in out.splitlines():
            if (match := _ANNOTATED.match(line)) is None:
                continue
            address = int(match.group(2), 16)
            i = bisect.bisect_right(starts, address) - 1
            if i < 0 or address >= entries[i][0] + entries[i][1]:
                continue  # not a Python function's trampoline
            name = entries[i][2] + (match.group(3) or "")
            totals[name] = totals.get(name, 0) + int(match.group(1).replace(",", ""))
    mean = sum(total for total, _ in chosen) / len(chosen)
    print(
        f"{args.kind}: {len(chosen)} spans around the median of {len(spans)} "
        f"({chosen[0][0]:,} to {chosen[-1][0]:,} instructions)"
    )
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    # The frames the whole span ran inside (pytest, the test) tell nothing.
    inside = [
        (name, cost / len(chosen)) for name, cost in ranked if cost / len(chosen) < mean
    ]
    for name, cost in inside[: args.top]:
        print(f"{cost:12,.0f}  {_short(name)}")


def _short(name: str) -> str:
    """The function and its file, from the repository or the installed package."""
    function, _, path = name.partition(":")
    path = re.sub(r"^.*/(site-packages|lib/python3\.\d+)/", "", path)
    return f"{function}  {path.removeprefix(f'{ROOT}/')}"


if __name__ == "__main__":
    main()
