"""An unlock reads what its lock ignored before telling anything (found by the soak).

Sleep mode: a room locked occupied at night, unlocked in the morning while its TV
plays (or its presence sensor still sees someone). The lock's own contribution went
first, the room turned vacant (event, vacant scene: lights off), then the sources
read anew occupied it again (event, occupied scene) in the same change, while nobody
moved (``test_trust_soak.py`` seed 19).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import (
    async_capture_events,
    async_mock_service,
)

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANCY_CHANGED

from .common import home_entry, location, set_state, setup_home

ROOM = "binary_sensor.room_occupancy"
TV = "media_player.tv"


async def _locked_for_the_night(hass: HomeAssistant) -> list[ServiceCall]:
    """The room, its TV idle, locked occupied by sleep mode; its scenes' calls."""
    hass.states.async_set(TV, "idle")
    await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                media_sources=[TV],
                actions={"occupied": ["scene.on"], "vacant": ["scene.off"]},
            )
        ),
    )
    scenes = async_mock_service(hass, "scene", "turn_on")
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": ROOM, "source_id": "sleep", "state": "occupied"},
        blocking=True,
    )
    return scenes


@pytest.mark.parametrize("unlock", ["unlock", "unlock_all", "switch"])
async def test_an_unlock_with_the_tv_on_keeps_the_room_occupied_quietly(
    hass: HomeAssistant, unlock: str
) -> None:
    scenes = await _locked_for_the_night(hass)
    await set_state(hass, TV, "playing")  # ignored while locked
    assert hass.states.get(ROOM).state == "on"
    changed = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)
    if unlock == "switch":
        await hass.services.async_call(
            "switch",
            "turn_off",
            {"entity_id": "switch.room_occupancy_lock"},
            blocking=True,
        )
    else:
        data = {"source_id": "sleep"} if unlock == "unlock" else {}
        await hass.services.async_call(
            DOMAIN, unlock, {"entity_id": ROOM, **data}, blocking=True
        )
    await hass.async_block_till_done()
    assert changed == []
    assert scenes == []
    state = hass.states.get(ROOM)
    assert state.state == "on"
    assert [c["source_id"] for c in state.attributes["contributions"]] == [TV]
    assert state.attributes["locked_by"] == []


async def test_an_unlock_with_nothing_on_empties_the_room_once(
    hass: HomeAssistant,
) -> None:
    scenes = await _locked_for_the_night(hass)
    changed = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)
    await hass.services.async_call(
        DOMAIN, "unlock", {"entity_id": ROOM, "source_id": "sleep"}, blocking=True
    )
    await hass.async_block_till_done()
    assert [(e.data["occupied"], e.data["reason"]) for e in changed] == [
        (False, "unlock:sleep")
    ]
    assert [call.data["entity_id"] for call in scenes] == [["scene.off"]]
