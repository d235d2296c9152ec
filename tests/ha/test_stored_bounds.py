"""Stored values out of range (an older version, a hand edit) are clamped and logged.

Issue 11, items 1 to 3: a zero timeout failed setup (the whole home SETUP_ERROR), a
zero door timeout raised inside the state listener, and huge durations raised
OverflowError at setup or in the listener.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest

from custom_components.occupancy_manager.locations import HomeTiming, parse_location

from .common import home_entry, location, set_state, setup_home, tick

HUGE = {"hours": 99_999_999, "minutes": 0, "seconds": 0}
ZERO = {"hours": 0, "minutes": 0, "seconds": 0}


def _on(hass: HomeAssistant, entity_id: str) -> bool:
    return hass.states.get(entity_id).state == "on"


async def test_zero_motion_timeout_is_clamped_not_fatal(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await set_state(hass, "binary_sensor.m", "off")
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                motion_sources=["binary_sensor.m"],
                timing={"motion_timeout": ZERO},
            )
        ),
    )
    assert entry.state is ConfigEntryState.LOADED
    assert "motion_timeout" in caplog.text and "out of range" in caplog.text
    await set_state(hass, "binary_sensor.m", "on")
    assert _on(hass, "binary_sensor.room_occupancy")
    await tick(hass, freezer, 2)  # clamped to the shortest duration: one second
    assert not _on(hass, "binary_sensor.room_occupancy")


async def test_zero_home_timeouts_are_clamped_not_fatal(
    hass: HomeAssistant,
) -> None:
    entry = await setup_home(
        hass,
        home_entry(
            location("room", "Room"),
            options={
                "default_timeout": ZERO,
                "door_timeout": ZERO,
                "recently_occupied_after": {"seconds": -5},
                "extended_vacancy_after": ZERO,
                "unavailable_grace": "garbage",
            },
        ),
    )
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("binary_sensor.room_occupancy").state == "off"


async def test_zero_door_timeout_does_not_break_the_listener(
    hass: HomeAssistant,
) -> None:
    """Two locations share a door: both must see it open."""
    await set_state(hass, "binary_sensor.door", "off")
    await setup_home(
        hass,
        home_entry(
            location(
                "hall",
                "Hall",
                door_sources=["binary_sensor.door"],
                timing={"door_timeout": ZERO},
            ),
            location("porch", "Porch", door_sources=["binary_sensor.door"]),
        ),
    )
    await set_state(hass, "binary_sensor.door", "on")
    assert _on(hass, "binary_sensor.hall_occupancy")
    assert _on(hass, "binary_sensor.porch_occupancy")


async def test_huge_durations_are_clamped_not_fatal(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "binary_sensor.m", "off")
    await set_state(hass, "binary_sensor.door", "off")
    entry = await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                motion_sources=["binary_sensor.m"],
                door_sources=["binary_sensor.door"],
                timing={
                    "motion_timeout": HUGE,
                    "door_timeout": HUGE,
                    "recently_occupied_after": HUGE,
                    "extended_vacancy_after": HUGE,
                    "sleep_motion_timeout": {"days": 1e300},
                    "vacate_quiet": HUGE,
                },
                wasp={"enabled": True, "verify": HUGE, "max_duration": HUGE},
            ),
            options={"extended_vacancy_after": HUGE, "unavailable_grace": HUGE},
        ),
    )
    assert entry.state is ConfigEntryState.LOADED
    await set_state(hass, "binary_sensor.m", "on")
    await set_state(hass, "binary_sensor.door", "on")
    await tick(hass, freezer, 3600)
    state = hass.states.get("binary_sensor.room_occupancy")
    assert state.state == "on"
    assert hass.states.get("sensor.room_occupancy_state").state == "occupied"


def test_parse_clamps_each_stored_timing(caplog: pytest.LogCaptureFixture) -> None:
    home = HomeTiming.from_options({"default_timeout": {"seconds": float("nan")}})
    assert home.default_timeout.total_seconds() == 300
    spec = parse_location(
        "room",
        "Room",
        {
            "timing": {
                "motion_timeout": HUGE,
                "trailing_timeout": ZERO,
                "vacate_quiet": {"seconds": -3},
                "sleep_motion_timeout": ZERO,
                "sleep_trailing_timeout": ZERO,
            },
            "wasp": {"verify": ZERO, "max_duration": ZERO},
            "tracker_aliases": [" Kitchen ", "kitchen", "", 5, "Küche"],
        },
        home,
    )
    assert spec.motion_timeout.days == 3650
    assert spec.trailing_timeout.total_seconds() == 0  # 0 means "at once" here
    assert spec.vacate_quiet.total_seconds() == 0  # 0 turns the quiet time off
    assert spec.sleep_motion_timeout is not None
    assert spec.sleep_motion_timeout.total_seconds() == 1
    assert spec.sleep_trailing_timeout is not None
    assert spec.sleep_trailing_timeout.total_seconds() == 0
    assert spec.wasp.verify.total_seconds() == 0
    assert spec.wasp.max_duration is None  # older versions stored 0 for "no limit"
    assert spec.tracker_aliases == ("Kitchen", "Küche")
    assert "default_timeout" in caplog.text and "not a duration" in caplog.text
