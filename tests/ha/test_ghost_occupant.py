"""Issue 11, item 11: a lock released by the person who held the room leaves no ghost.

Through the integration: Mike's room tracker holds the kitchen, the kitchen is locked
by ``guard`` and by ``sensor.mike_room``; unlocking ``sensor.mike_room`` removes his
contribution (a lock source takes its contribution with it). The house must not go
on listing Mike, his departure is told, and a restart brings back the same state.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, setup_home

KITCHEN = "binary_sensor.kitchen_occupancy"
HOUSE = "binary_sensor.house_occupancy"


def _occupants(hass: HomeAssistant, entity_id: str) -> list[str]:
    state = hass.states.get(entity_id)
    assert state is not None
    return list(state.attributes["occupants"])


async def test_no_ghost_occupant_after_the_occupant_lock_is_released(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "sensor.mike_room", "hallway", friendly_name="Mike")
    entry = await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location(
                "kitchen",
                "Kitchen",
                parent="house",
                occupant_sources=["sensor.mike_room"],
            ),
        ),
    )
    await set_state(hass, "sensor.mike_room", "kitchen", friendly_name="Mike")
    assert _occupants(hass, HOUSE) == ["Mike"]
    events: list[Event[Any]] = []
    hass.bus.async_listen(f"{DOMAIN}_occupant", events.append)

    for source_id in ("guard", "sensor.mike_room"):
        await hass.services.async_call(
            DOMAIN,
            "lock",
            {"entity_id": KITCHEN, "source_id": source_id},
            blocking=True,
        )
    await hass.services.async_call(
        DOMAIN,
        "unlock",
        {"entity_id": KITCHEN, "source_id": "sensor.mike_room"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert _occupants(hass, KITCHEN) == []
    assert _occupants(hass, HOUSE) == []
    departed = [
        e.data["location_id"]
        for e in events
        if e.event_type == f"{DOMAIN}_occupant" and e.data["action"] == "departed"
    ]
    assert sorted(departed) == ["house", "kitchen"]

    # A restart restores exactly this.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert _occupants(hass, KITCHEN) == []
    assert _occupants(hass, HOUSE) == []
