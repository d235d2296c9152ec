"""The pure mapping from source states to engine inputs (contract: source kinds)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.occupancy_manager.const import SourceKind
from custom_components.occupancy_manager.sources import (
    Clear,
    Signal,
    Timing,
    Trigger,
    Vacate,
    input_for_change,
    input_for_resync,
    signal,
)
from custom_components.occupancy_manager.trackers import RoomMatcher

TIMING = Timing(
    motion_timeout=timedelta(minutes=5),
    trailing_timeout=timedelta(minutes=2),
    door_timeout=timedelta(minutes=1),
    unavailable_grace=timedelta(minutes=30),
)
ON, OFF, UNAV, NEUTRAL = Signal.ON, Signal.OFF, Signal.UNAVAILABLE, Signal.NEUTRAL
K = SourceKind


@pytest.mark.parametrize(
    ("kind", "entity_id", "state", "expected"),
    [
        (K.MOTION, "binary_sensor.m", "on", ON),
        (K.MOTION, "binary_sensor.m", "off", OFF),
        (K.MOTION, "binary_sensor.m", "unavailable", UNAV),
        (K.MOTION, "binary_sensor.m", "unknown", UNAV),
        (K.MOTION, "binary_sensor.m", None, UNAV),
        (K.PRESENCE, "input_boolean.p", "on", ON),
        (K.VACATE, "light.l", "on", ON),
        (K.VACATE, "switch.s", "off", OFF),
        (K.STATE_DOOR, "cover.garage", "open", ON),
        (K.STATE_DOOR, "cover.garage", "opening", ON),
        (K.STATE_DOOR, "cover.garage", "closing", ON),
        (K.STATE_DOOR, "cover.garage", "closed", OFF),
        (K.STATE_DOOR, "cover.garage", "stopped", NEUTRAL),
        (K.MEDIA, "media_player.tv", "playing", ON),
        (K.MEDIA, "media_player.tv", "paused", OFF),
        (K.MEDIA, "media_player.tv", "idle", OFF),
        (K.MEDIA, "media_player.tv", "off", OFF),
        (K.MEDIA, "media_player.tv", "standby", OFF),
        (K.MEDIA, "media_player.tv", "buffering", NEUTRAL),
        (K.MEDIA, "media_player.tv", "on", NEUTRAL),
        (K.OCCUPANT, "sensor.mike_room", "Kitchen", ON),
        (K.OCCUPANT, "sensor.mike_room", "KITCHEN", ON),
        (K.OCCUPANT, "sensor.mike_room", "office", OFF),
        (K.OCCUPANT, "person.mike", "home", OFF),
        (K.OCCUPANT, "person.mike", "unavailable", UNAV),
    ],
)
def test_signal(
    kind: SourceKind, entity_id: str, state: str | None, expected: Signal
) -> None:
    room = RoomMatcher(frozenset({"kitchen", "kitchen_area"}))
    assert signal(kind, entity_id, state, room) is expected


@pytest.mark.parametrize(
    ("kind", "old", "new", "expected"),
    [
        # Motion: off -> on triggers for the motion timeout; everything else is ignored.
        (K.MOTION, OFF, ON, Trigger(timedelta(minutes=5))),
        (K.MOTION, ON, OFF, None),
        (K.MOTION, UNAV, ON, None),
        (K.MOTION, None, ON, None),
        (K.MOTION, ON, UNAV, None),
        (K.MOTION, ON, ON, None),
        # Entry door: opening triggers for the door timeout; closing is ignored.
        (K.DOOR, OFF, ON, Trigger(timedelta(minutes=1))),
        (K.DOOR, ON, OFF, None),
        (K.DOOR, UNAV, ON, None),
        # Presence: held until off, then trailing; unavailable defers the clear by grace.
        (K.PRESENCE, OFF, ON, Trigger(None)),
        (K.PRESENCE, ON, OFF, Clear(timedelta(minutes=2))),
        (K.PRESENCE, ON, UNAV, Clear(timedelta(minutes=32))),
        (K.PRESENCE, UNAV, ON, Trigger(None)),
        (K.PRESENCE, UNAV, OFF, Clear(timedelta(minutes=2))),
        (K.PRESENCE, None, ON, Trigger(None)),
        (K.PRESENCE, ON, ON, None),
        # Keep: like presence, but never starts occupancy.
        (K.KEEP, OFF, ON, Trigger(None, only_if_occupied=True)),
        (K.KEEP, ON, OFF, Clear(timedelta(minutes=2))),
        # State door: open holds, closed clears at once.
        (K.STATE_DOOR, OFF, ON, Trigger(None)),
        (K.STATE_DOOR, ON, OFF, Clear(timedelta(0))),
        (K.STATE_DOOR, ON, UNAV, Clear(timedelta(minutes=30))),
        (K.STATE_DOOR, ON, NEUTRAL, None),
        # Media: playing holds; paused etc. clear with trailing; buffering says nothing.
        (K.MEDIA, OFF, ON, Trigger(None)),
        (K.MEDIA, ON, OFF, Clear(timedelta(minutes=2))),
        (K.MEDIA, ON, NEUTRAL, None),
        # Vacate: on -> off vacates; recovering from unavailable does not.
        (K.VACATE, ON, OFF, Vacate()),
        (K.VACATE, OFF, ON, None),
        (K.VACATE, UNAV, OFF, None),
    ],
)
def test_input_for_change(
    kind: SourceKind, old: Signal | None, new: Signal, expected: object
) -> None:
    assert input_for_change(kind, old, new, TIMING) == expected


def test_occupant_carries_its_name() -> None:
    assert input_for_change(K.OCCUPANT, OFF, ON, TIMING, "Mike") == Trigger(
        None, occupant="Mike"
    )
    assert input_for_change(K.OCCUPANT, ON, OFF, TIMING, "Mike") == Clear(
        timedelta(minutes=2)
    )


@pytest.mark.parametrize(
    ("kind", "current", "expected"),
    [
        (K.MOTION, ON, None),
        (K.DOOR, ON, None),
        (K.VACATE, OFF, None),
        (K.PRESENCE, ON, Trigger(None)),
        (K.PRESENCE, OFF, Clear(timedelta(minutes=2))),
        (K.PRESENCE, UNAV, Clear(timedelta(minutes=32))),
        (K.STATE_DOOR, OFF, Clear(timedelta(0))),
        (K.MEDIA, NEUTRAL, None),
    ],
)
def test_input_for_resync(kind: SourceKind, current: Signal, expected: object) -> None:
    assert input_for_resync(kind, current, TIMING) == expected
