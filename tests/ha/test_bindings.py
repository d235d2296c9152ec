"""A binding's prepared lookups say exactly what the pure rules of ``sources.py`` say.

Each binding prepares, once per configuration, what its entity's states mean and which
input each change of signal calls for (issue 14: every source change passes there
before its entities write). These tests run every kind, domain, state and change
through both and compare.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import product

import pytest

from custom_components.occupancy_manager.bindings import Binding
from custom_components.occupancy_manager.const import SourceKind
from custom_components.occupancy_manager.sources import (
    Signal,
    Timing,
    change_inputs,
    input_for_change,
    signal,
    signal_table,
)
from custom_components.occupancy_manager.trackers import RoomMatcher

TIMING = Timing(
    motion_timeout=timedelta(minutes=5),
    trailing_timeout=timedelta(minutes=2),
    door_timeout=timedelta(minutes=1),
    unavailable_grace=timedelta(minutes=30),
)
SLEEP_TIMING = Timing(
    motion_timeout=timedelta(minutes=30),
    trailing_timeout=timedelta(minutes=10),
    door_timeout=timedelta(minutes=1),
    unavailable_grace=timedelta(minutes=30),
)
ROOM = RoomMatcher.for_location("Kitchen", aliases=("kitchen_area",))
ENTITIES = (
    "binary_sensor.motion",
    "switch.s",
    "light.l",
    "input_boolean.b",
    "fan.f",
    "cover.garage",
    "media_player.tv",
    "sensor.mike_room",  # a domain with no rules of its own
    "person.mike",
)
STATES = (
    None,
    "on",
    "off",
    "open",
    "opening",
    "closing",
    "closed",
    "stopped",
    "playing",
    "paused",
    "idle",
    "standby",
    "buffering",
    "unavailable",
    "unknown",
    "home",
    "not_home",
    "Kitchen",
    "kitchen_area",
    "",
    "42",
)
SIGNALS = (None, *Signal)


def _binding(kind: SourceKind, entity_id: str) -> Binding:
    return Binding(
        "kitchen",
        kind,
        TIMING,
        SLEEP_TIMING,
        ROOM,
        *signal_table(entity_id),
        change_inputs(kind, TIMING),
        change_inputs(kind, SLEEP_TIMING),
    )


@pytest.mark.parametrize(("kind", "entity_id"), product(SourceKind, ENTITIES))
def test_signal_is_the_rule(kind: SourceKind, entity_id: str) -> None:
    binding = _binding(kind, entity_id)
    for state in STATES:
        for attributes in (None, {"area_id": "kitchen"}):
            expected = signal(kind, entity_id, state, ROOM, attributes)
            assert binding.signal(entity_id, state, attributes) is expected, state


@pytest.mark.parametrize("kind", SourceKind)
def test_input_is_the_rule(kind: SourceKind) -> None:
    binding = _binding(kind, "binary_sensor.motion")
    for old, new, sleeping, occupant in product(
        SIGNALS, Signal, (False, True), (None, "Mike", "Anna")
    ):
        timing = SLEEP_TIMING if sleeping else TIMING
        expected = input_for_change(kind, old, new, timing, occupant)
        got = binding.input_for_change(old, new, sleeping, occupant)
        assert got == expected, (old, new, sleeping, occupant)


def test_prepared_fields_are_not_compared() -> None:
    """A live edit keeps a binding that did not change (compared field by field)."""
    first = _binding(SourceKind.PRESENCE, "binary_sensor.motion")
    assert first == _binding(SourceKind.PRESENCE, "binary_sensor.motion")
    assert first != _binding(SourceKind.MOTION, "binary_sensor.motion")
