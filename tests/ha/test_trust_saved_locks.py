"""The locks a saved file holds (saved_state.locks_when_saved), in every format.

A start must know which locations a restore unlocked silently (their timed lock
ended while Home Assistant was down) to run their unlock (test_trust_late_unlock).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
from typing import Any, cast

import pytest

from custom_components.occupancy_manager import saved_state
from custom_components.occupancy_manager.engine import Lock, OccupancyEngine

from .test_saved_state import CONFIGS, SPECS

T0 = datetime(2025, 1, 1, 8, tzinfo=UTC)


def _saved(*, compact: bool, locked: bool) -> dict[str, Any]:
    engine = OccupancyEngine(CONFIGS, T0)
    engine.trigger("kitchen", "motion", T0, timeout=timedelta(minutes=5))
    if locked:
        engine.lock("kitchen", "party", T0, until=T0 + timedelta(minutes=1))
    return cast(
        "dict[str, Any]", json.loads(json.dumps(engine.snapshot(compact=compact)))
    )


@pytest.mark.parametrize("compact", [True, False])
def test_a_saved_timed_lock_is_read_with_its_end(compact: bool) -> None:
    assert saved_state.locks_when_saved(
        SPECS, _saved(compact=compact, locked=True)
    ) == {"kitchen": (Lock(source_id="party", until=T0 + timedelta(minutes=1)),)}


@pytest.mark.parametrize("compact", [True, False])
def test_a_file_without_a_lock_needs_no_scratch_engine(
    monkeypatch: pytest.MonkeyPatch, compact: bool
) -> None:
    def no_engine(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a scratch engine was built")

    monkeypatch.setattr(saved_state, "OccupancyEngine", no_engine)
    saved = _saved(compact=compact, locked=False)
    assert saved_state.locks_when_saved(SPECS, saved) == {}


@pytest.mark.parametrize(
    "damaged", [{"locations": []}, {"locations": {"kitchen": {"k": 5}}, "now": "x"}]
)
def test_a_damaged_file_names_no_lock(damaged: dict[str, object]) -> None:
    assert saved_state.locks_when_saved(SPECS, damaged) == {}
