"""Who was where when the home was saved (saved_state.occupants_when_saved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import json
from typing import Any, cast

import pytest

from custom_components.occupancy_manager import saved_state
from custom_components.occupancy_manager.engine import LocationConfig, OccupancyEngine

T0 = datetime(2025, 1, 1, 8, tzinfo=UTC)


@dataclass(frozen=True)
class _Spec:
    """What occupants_when_saved reads of a LocationSpec: its engine configuration."""

    config: LocationConfig

    def to_engine(self) -> LocationConfig:
        return self.config


CONFIGS = (
    LocationConfig(id="house", name="House"),
    LocationConfig(id="kitchen", name="Kitchen", parent_id="house"),
)
SPECS = cast("Any", {config.id: _Spec(config) for config in CONFIGS})


def saved(occupant: str | None) -> dict[str, object]:
    engine = OccupancyEngine(CONFIGS, T0)
    engine.trigger(
        "kitchen", "motion", T0, timeout=timedelta(minutes=5), occupant=occupant
    )
    return json.loads(json.dumps(engine.snapshot(compact=True)))


def test_the_named_occupant_is_found_where_the_engine_put_them() -> None:
    # Stored only on the kitchen's contribution; the house's is derived on restore.
    assert saved_state.occupants_when_saved(SPECS, saved("ann")) == {
        "house": frozenset({"ann"}),
        "kitchen": frozenset({"ann"}),
    }


def test_a_snapshot_naming_nobody_needs_no_scratch_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_engine(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a scratch engine was built")

    monkeypatch.setattr(saved_state, "OccupancyEngine", no_engine)
    assert saved_state.occupants_when_saved(SPECS, saved(None)) == {}
