"""The engine agrees with its frozen reference (the engine before issue 14's rework).

``benchmarks/differential.py`` runs 100,000 random sequences on demand
(``scripts/bench diff``); the suite runs a slice of them on every change.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
import sys

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _differential():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "engine_differential", BENCHMARKS / "differential.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", [1, 2])
def test_engine_agrees_with_the_reference_on_random_sequences(seed: int) -> None:
    assert _differential().run(600, seed) == []
