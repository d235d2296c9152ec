"""A wall clock set back after a quiet spell (trust round, item 1 of stop 24).

The engine measures a jump from the last moment it was told (timeline.py), so time
that passed with no input before the jump would count again. The loop's monotonic
clock never goes back: the shell pairs it with every moment it reads and tells the
engine the real jump. Here the test clock moves the wall clock back while the loop's
clock keeps counting, as an NTP correction or a restored VM does.
"""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
M = "binary_sensor.m"
OTHER = "binary_sensor.other"
BACK = timedelta(hours=2)


async def _home(hass: HomeAssistant) -> None:
    await set_state(hass, M, "off")
    await set_state(hass, OTHER, "off")
    await setup_home(
        hass,
        home_entry(
            location("room", "Room", motion_sources=[M]),
            location("other", "Other", motion_sources=[OTHER]),
        ),
    )


def _on(hass: HomeAssistant, entity_id: str = ROOM) -> bool:
    return hass.states.get(entity_id).state == "on"


async def test_an_input_after_a_quiet_spell_and_a_jump_back_stretches_nothing(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    await _home(hass)
    await set_state(hass, M, "on")
    await set_state(hass, M, "off")  # occupied for the 300 s motion timeout
    await tick(hass, freezer, 200)
    events = async_capture_events(hass, "occupancy_manager_changed")
    set_back(BACK)
    await set_state(hass, OTHER, "on")  # the engine's first moment after the jump
    # Telling the engine of the jump changes nothing anyone sees.
    assert [event.data["entity_id"] for event in events] == [
        "binary_sensor.other_occupancy"
    ]
    await tick(hass, freezer, 99)
    assert _on(hass)
    await tick(hass, freezer, 2)
    assert not _on(hass)
    assert _on(hass, "binary_sensor.other_occupancy")


async def test_a_jump_back_with_no_input_after_it_stretches_nothing(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    await _home(hass)
    await set_state(hass, M, "on")
    await set_state(hass, M, "off")
    await tick(hass, freezer, 200)
    set_back(BACK)
    await tick(hass, freezer, 99)
    assert _on(hass)
    await tick(hass, freezer, 2)
    assert not _on(hass)
    # The timeline moved back with the clock: the next motion counts from now.
    await set_state(hass, M, "on")
    await set_state(hass, M, "off")
    await tick(hass, freezer, 299)
    assert _on(hass)
    await tick(hass, freezer, 2)
    assert not _on(hass)


async def test_a_lock_set_back_after_a_quiet_spell_holds_its_duration(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    await _home(hass)
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": ROOM, "source_id": "party", "state": "occupied", "duration": 600},
        blocking=True,
    )
    await tick(hass, freezer, 300)
    set_back(BACK)
    await set_state(hass, OTHER, "on")
    await tick(hass, freezer, 299)
    assert hass.states.get(ROOM).attributes["locked_by"] == ["party"]
    await tick(hass, freezer, 2)
    assert hass.states.get(ROOM).attributes["locked_by"] == []


async def test_a_jump_back_smaller_than_the_quiet_spell_still_counts(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    """The wall clock never shows a moment before the last input: only the loop can tell."""
    await _home(hass)
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {
            "entity_id": ROOM,
            "source_id": "party",
            "state": "occupied",
            "duration": 3600,
        },
        blocking=True,
    )
    await tick(hass, freezer, 1800)
    set_back(timedelta(minutes=20))
    await set_state(hass, OTHER, "on")
    await tick(hass, freezer, 1799)
    assert hass.states.get(ROOM).attributes["locked_by"] == ["party"]
    await tick(hass, freezer, 2)
    assert hass.states.get(ROOM).attributes["locked_by"] == []


async def test_a_steady_clock_is_no_jump(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, set_back
) -> None:
    await _home(hass)
    await set_state(hass, M, "on")
    await set_state(hass, M, "off")
    await tick(hass, freezer, 200)
    await set_state(hass, OTHER, "on")
    await tick(hass, freezer, 99)
    assert _on(hass)
    await tick(hass, freezer, 2)
    assert not _on(hass)
