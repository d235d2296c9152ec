"""Editing which room trackers a location lists fires no arrival or departure.

Left by the audits of round 9: adding a room tracker that already names the room
fired "arrived" for the room and its parents, and removing it fired "departed",
although nobody moved: a user edited a form. Arrivals and departures are a record
of people moving (CONTRACT "Arrivals and departures", seed 000's factual record),
as a tracker's rename already shows (``effects._renames``). The occupants attribute
still follows the edit at once, and real moves after it are told as before.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANT

from .common import home_entry, location, record_into, set_state, setup_home, tick

PHONE = "sensor.mike_phone_area"
KITCHEN = "binary_sensor.kitchen_occupancy"
FLOOR = "binary_sensor.floor_occupancy"


async def _home(hass: HomeAssistant, *, tracked: bool) -> MockConfigEntry:
    hass.states.async_set(PHONE, "Kitchen", {"friendly_name": "Mike"})
    return await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location(
                "kitchen",
                "Kitchen",
                parent="floor",
                occupant_sources=[PHONE] if tracked else [],
            ),
        ),
    )


def _edit(hass: HomeAssistant, trackers: list[str]) -> None:
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    subentry = entry.subentries["kitchen"]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "occupant_sources": trackers}
    )


def _occupants(hass: HomeAssistant, entity_id: str) -> list[str]:
    state = hass.states.get(entity_id)
    assert state is not None
    return list(state.attributes["occupants"])


def _told(events: list[Event]) -> list[tuple[str, str, str]]:
    return [
        (event.data["location_id"], event.data["occupant"], event.data["action"])
        for event in events
    ]


async def test_adding_a_room_tracker_fires_no_arrival(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _home(hass, tracked=False)
    events: list[Event] = []
    hass.bus.async_listen(EVENT_OCCUPANT, record_into(events))
    _edit(hass, [PHONE])
    await hass.async_block_till_done()
    assert _occupants(hass, KITCHEN) == ["Mike"]
    assert _occupants(hass, FLOOR) == ["Mike"]
    assert _told(events) == []
    # A real move afterwards is told as ever (once the trailing time has run).
    await set_state(hass, PHONE, "Hall", friendly_name="Mike")
    await tick(hass, freezer, 121)
    assert _told(events) == [
        ("kitchen", "Mike", "departed"),
        ("floor", "Mike", "departed"),
    ]


async def test_removing_a_room_tracker_fires_no_departure(hass: HomeAssistant) -> None:
    await _home(hass, tracked=True)
    assert _occupants(hass, KITCHEN) == ["Mike"]
    events: list[Event] = []
    hass.bus.async_listen(EVENT_OCCUPANT, record_into(events))
    _edit(hass, [])
    await hass.async_block_till_done()
    assert _occupants(hass, KITCHEN) == []
    assert _occupants(hass, FLOOR) == []
    assert _told(events) == []
