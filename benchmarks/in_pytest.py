"""Run a benchmark file under pytest, for the test harness's ``hass`` fixture.

The Home Assistant benchmarks (``ha_latency.py``, ``ha_tick.py``, ``ha_segments.py``)
are pytest files run as scripts: pytest only collects ``tests/``, so they never run
with the suite.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(path: str, args: Iterable[str]) -> int:
    """Run the benchmark at ``path`` quietly, with its output shown; extra ``args``."""
    return int(
        pytest.main(
            [
                path,
                "-p",
                "no:sugar",
                "-p",
                "no:cacheprovider",
                "-q",
                "-s",
                "--rootdir",
                str(ROOT),
                "-o",
                "testpaths=",
                "-W",
                "ignore::DeprecationWarning",
                *args,
            ]
        )
    )
