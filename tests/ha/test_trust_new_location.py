"""A location added with a sensor already on: its first state is not news.

An edit fires no ``occupancy_manager_changed`` unless occupancy itself changed
(CONTRACT "Edits are live"). A new location has no earlier state to change from, and
its event fired before its entity existed, so it reached automations with
``entity_id: null``. Its parent, which existed and did turn occupied, is told as
ever, with its entity id.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import Event, HomeAssistant, callback

from custom_components.occupancy_manager.const import (
    DOMAIN,
    EVENT_OCCUPANCY_CHANGED,
    EVENT_OCCUPANT,
    SUBENTRY_LOCATION,
)

from .common import home_entry, location, setup_home

FLOOR = "binary_sensor.floor_occupancy"
OFFICE = "binary_sensor.office_occupancy"
OFFICE_PRESENCE = "binary_sensor.office_presence"


async def test_a_new_occupied_location_fires_only_its_parents_change(
    hass: HomeAssistant,
) -> None:
    await setup_home(hass, home_entry(location("floor", "Floor")))
    events: list[dict[str, Any]] = []

    @callback
    def _record(event: Event) -> None:
        events.append({"type": event.event_type, **event.data})

    hass.bus.async_listen(EVENT_OCCUPANCY_CHANGED, _record)
    hass.bus.async_listen(EVENT_OCCUPANT, _record)
    hass.states.async_set(OFFICE_PRESENCE, "on")
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    hass.config_entries.async_add_subentry(
        entry,
        ConfigSubentry(
            data={
                "name": "Office",
                "timing": {},
                "parent": "floor",
                "presence_sources": [OFFICE_PRESENCE],
            },
            subentry_type=SUBENTRY_LOCATION,
            title="Office",
            unique_id=None,
        ),
    )
    await hass.async_block_till_done()

    assert hass.states.get(OFFICE).state == "on"
    assert hass.states.get(FLOOR).state == "on"
    assert [e for e in events if e.get("entity_id") is None] == []
    assert [(e["entity_id"], e["reason"]) for e in events] == [(FLOOR, "config")]
