"""Instructions of chosen spans inside a Home Assistant benchmark, counted by callgrind.

Wall-clock and even CPU-time medians move by 2x on the shared 2-core machine (other
processes share the cores and their caches); the instructions a span executes do not.
``run()`` starts a benchmark script under ``valgrind --tool=callgrind`` with collection
off; the script switches it on and off around each span it measures (``Span``), through
``CALLGRIND_TOGGLE_COLLECT`` in a tiny C library compiled for the run. The total the
profile reports, divided by the number of spans, is the cost of one span, interpreter
and Home Assistant included.

Outside valgrind ``Span`` does nothing, so the scripts run normally too.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
import re
import subprocess
import sys
import tempfile

ENV_LIBRARY = "OM_CALLGRIND_TOGGLE"
"""Path of the compiled toggle library: set only for a script run under callgrind."""
ENV_SPANS = "OM_CALLGRIND_SPANS"
"""File the script writes its number of measured spans to."""

_SOURCE = """
#include <valgrind/callgrind.h>
void om_toggle(void) { CALLGRIND_TOGGLE_COLLECT; }
"""

INSTRUCTIONS_PER_US = 12_000
"""Instructions per µs of the interpreter on a quiet core of this machine's kind.

The conversion ``benchmarks/README.md`` uses for the engine (the reference engine's
8.7 µs median in issue 14 was about 105,000 instructions); an estimate, not a
measurement: instructions are the figure to compare.
"""


class Span:
    """Collects instructions between ``start()`` and ``stop()`` under callgrind."""

    def __init__(self) -> None:
        self.count = 0
        self._toggle = None
        if library := os.environ.get(ENV_LIBRARY):
            self._toggle = ctypes.CDLL(library).om_toggle
        self._on = False

    @property
    def active(self) -> bool:
        """Whether the script runs under callgrind."""
        return self._toggle is not None

    def start(self) -> None:
        if self._toggle is not None and not self._on:
            self._on = True
            self._toggle()

    def stop(self) -> None:
        if self._toggle is not None and self._on:
            self._toggle()
            self._on = False
            self.count += 1

    def save(self) -> None:
        """Tell the parent how many spans were measured."""
        if (path := os.environ.get(ENV_SPANS)) and self.active:
            Path(path).write_text(str(self.count))


def run(script: Path, args: list[str], env: dict[str, str] | None = None) -> float:
    """Run ``script`` under callgrind; instructions per span."""
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
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--collect-atstart=no",
                f"--callgrind-out-file={out}",
                sys.executable,
                str(script),
                *args,
            ],
            check=True,
            env={
                **os.environ,
                **(env or {}),
                ENV_LIBRARY: str(library),
                ENV_SPANS: str(spans),
            },
        )
        count = int(spans.read_text())
        match = re.search(
            r"^(?:summary|totals):\s+(\d+)", out.read_text(), re.MULTILINE
        )
        if match is None or not count:
            raise RuntimeError("callgrind recorded no spans")
        return int(match.group(1)) / count
