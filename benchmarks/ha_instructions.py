"""Instructions of chosen spans inside a Home Assistant benchmark, counted by callgrind.

Wall-clock and even CPU-time medians move by 2x on the shared 2-core machine (other
processes share the cores and their caches); the instructions a span executes do not.
``run()`` starts a benchmark script under ``valgrind --tool=callgrind`` with collection
off; the script switches it on and off around each span it measures (``Span``), through
``CALLGRIND_TOGGLE_COLLECT`` in a tiny C library compiled for the run, and dumps each
span's count under its kind (``CALLGRIND_DUMP_STATS_AT``: ours, or the floor of Home
Assistant alone). ``run()`` gives each kind's median and mean per span, interpreter and
Home Assistant included. The median is the figure to compare: a span's loop turn also
runs whatever else was due then (the garbage collector, a delayed save's timer, which
the test harness's mocked storage serialises in the loop), rarely but at great cost,
and a mean is mostly those.

Only the event loop's thread is counted (``--separate-threads``): the executor's
threads (a delayed store write) run whenever valgrind schedules them, also while
collection is on, and would otherwise be counted in whichever span they fell into.

Outside valgrind ``Span`` does nothing, so the scripts run normally too.
"""

from __future__ import annotations

from collections import Counter
import ctypes
from dataclasses import dataclass
import json
import os
from pathlib import Path
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ENV_LIBRARY = "OM_CALLGRIND_TOGGLE"
"""Path of the compiled toggle library: set only for a script run under callgrind."""
ENV_SPANS = "OM_CALLGRIND_SPANS"
"""File the script writes its number of measured spans per phase to."""
ENV_KEEP = "OM_CALLGRIND_KEEP"
"""A directory to keep the profiles in, set by the caller: where the instructions go.

The script then runs with ``python -X perf``: each Python function is entered through
a trampoline of its own, listed in ``perf-<pid>.map`` (kept too), so the profile's
unnamed functions (``???:0x...``) are Python functions, with their inclusive cost
(``ha_pyfuncs.py`` names them and sums them per function). The trampolines add a few instructions per call.
"""

_SOURCE = """
#include <valgrind/callgrind.h>
void om_toggle(void) { CALLGRIND_TOGGLE_COLLECT; }
void om_dump(const char *kind) { CALLGRIND_DUMP_STATS_AT(kind); }
"""


class Span:
    """Collects instructions between ``start()`` and ``stop()`` under callgrind.

    ``kind`` names what the spans measure until it is set again; while ``enabled``
    is False (a warm-up), nothing is collected.
    """

    def __init__(self, kind: str = "ours") -> None:
        self.kind = kind
        self.enabled = True
        self.count: Counter[str] = Counter()
        self._library = None
        if library := os.environ.get(ENV_LIBRARY):
            self._library = ctypes.CDLL(library)
        self._on = False

    @property
    def active(self) -> bool:
        """Whether the script runs under callgrind."""
        return self._library is not None

    def start(self) -> None:
        if self._library is not None and self.enabled and not self._on:
            self._on = True
            self._library.om_toggle()

    def stop(self) -> None:
        if self._library is not None and self._on:
            self._library.om_toggle()
            self._on = False
            # Only the main thread's counts are read: spans must run there.
            assert threading.current_thread() is threading.main_thread()
            self._library.om_dump(self.kind.encode())
            self.count[self.kind] += 1

    def save(self) -> None:
        """Tell the parent how many spans of each kind were measured."""
        if (path := os.environ.get(ENV_SPANS)) and self.active:
            Path(path).write_text(json.dumps(self.count))


@dataclass(frozen=True)
class Counted:
    """Instructions per span of one kind (``values``: each span's, in no order)."""

    median: float
    mean: float
    spans: int
    values: tuple[int, ...] = ()

    @classmethod
    def of(cls, values: list[int]) -> Counted:
        """The median and mean of these spans' counts."""
        return cls(
            statistics.median(values),
            statistics.mean(values),
            len(values),
            tuple(values),
        )


def run(
    script: Path, args: list[str], env: dict[str, str] | None = None
) -> dict[str, Counted]:
    """Run ``script`` under callgrind; instructions per span, by kind."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "toggle.c")
        source.write_text(_SOURCE)
        library = Path(tmp, "libomtoggle.so")
        subprocess.run(
            ["gcc", "-shared", "-fPIC", "-O2", "-o", str(library), str(source)],
            check=True,
        )
        out = Path(tmp, "callgrind.out")
        spans = Path(tmp, "spans")
        keep = os.environ.get(ENV_KEEP)
        with subprocess.Popen(
            [
                "valgrind",
                "--tool=callgrind",
                "--collect-atstart=no",
                "--separate-threads=yes",
                f"--callgrind-out-file={out}",
                sys.executable,
                *(["-X", "perf"] if keep else []),
                str(script),
                *args,
            ],
            env={
                **os.environ,
                **(env or {}),
                ENV_LIBRARY: str(library),
                ENV_SPANS: str(spans),
            },
        ) as child:
            kept_map = _keep_perf_map(child, keep) if keep else None
            if child.wait():
                raise subprocess.CalledProcessError(child.returncode, child.args)
        if keep:
            for profile in Path(tmp).glob("callgrind.out*"):
                shutil.copy(profile, keep)
            assert kept_map is not None
            kept_map.join()
        counts: dict[str, int] = json.loads(spans.read_text())
        # One file per dump and thread: callgrind.out.<dump>-<thread>; thread 1 is
        # the main thread, which runs Home Assistant's loop.
        found: dict[str, list[int]] = {}
        for profile in Path(tmp).glob("callgrind.out.*-01"):
            text = profile.read_text()
            kind = re.search(
                r"^desc: Trigger: Client Request: (.+)$", text, re.MULTILINE
            )
            total = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.MULTILINE)
            if kind is not None and total is not None:
                found.setdefault(kind.group(1), []).append(int(total.group(1)))
        if not counts or {k: len(v) for k, v in found.items()} != counts:
            raise RuntimeError(f"callgrind's dumps do not match the spans: {counts}")
        return {kind: Counted.of(values) for kind, values in found.items()}


def _keep_perf_map(child: subprocess.Popen[bytes], keep: str) -> threading.Thread:
    """Hard-link the child's perf map into ``keep`` as soon as it exists.

    Another process on the shared machine may clear ``/tmp/perf-*.map`` while the
    run lasts (minutes under valgrind); a second link keeps the file that Python
    goes on writing. Copied at the end instead when a link cannot be made.
    """
    source = Path(f"/tmp/perf-{child.pid}.map")
    target = Path(keep, source.name)

    def _link() -> None:
        while not source.exists() and child.poll() is None:
            time.sleep(0.2)
        try:
            os.link(source, target)
        except OSError:
            child.wait()
            shutil.copy(source, target)

    thread = threading.Thread(target=_link, daemon=True)
    thread.start()
    return thread
