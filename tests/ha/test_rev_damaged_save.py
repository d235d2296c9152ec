"""A reload whose saved state of a location cannot be read re-reads its sources.

A source unchanged since the save is left as the saved state has it
(``started_without_unchanged``). Where that state was skipped as damaged, nothing
holds what the source did: the start's re-sync is all the home knows of it.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home

ROOM = "binary_sensor.room_occupancy"
P = "binary_sensor.p"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda room: room.update(o="yes"), id="location"),
        pytest.param(lambda room: room.update(c=[[1, 2, 3, 4, 5, 6]]), id="items"),
        pytest.param(lambda room: room.update(c=[[P, "not a moment"]]), id="item"),
    ],
)
async def test_a_held_source_unchanged_since_a_damaged_save_holds_its_room(
    hass: HomeAssistant, hass_storage: dict[str, Any], damage: Any
) -> None:
    hass.states.async_set(P, "on")
    entry = await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[P]))
    )
    assert hass.states.get(ROOM).state == "on"
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    saved = hass_storage[f"{DOMAIN}.{entry.entry_id}"]["data"]
    damage(saved["locations"]["room"])
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(ROOM).state == "on"
