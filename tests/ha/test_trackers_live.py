"""Room trackers in a running home: Bermuda and ESPresense states as they arrive."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import area_registry as ar

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, setup_home, tick

PHONE = "sensor.mike_phone_area"
WATCH = "sensor.mike_watch"


async def _bermuda(hass: HomeAssistant, area_id: str | None, name: str | None) -> None:
    await set_state(
        hass,
        PHONE,
        name if name is not None else "unknown",
        area_id=area_id,
        area_name=name,
        current_mac="7a:35:e1:0c:44:b2",
        friendly_name="Mike phone Area",
    )


async def test_bermuda_area_sensor(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    office = ar.async_get(hass).async_create("Office")
    kitchen = ar.async_get(hass).async_create("Kitchen")
    await _bermuda(hass, None, None)
    await setup_home(
        hass,
        home_entry(
            location("office", "Office", area_id=office.id, occupant_sources=[PHONE]),
            location(
                "kitchen", "Kitchen", area_id=kitchen.id, occupant_sources=[PHONE]
            ),
        ),
    )
    moves: list[Event[Any]] = []
    hass.bus.async_listen(f"{DOMAIN}_occupant", moves.append)

    await _bermuda(hass, office.id, "Office")
    assert hass.states.get("binary_sensor.office_occupancy").attributes[
        "occupants"
    ] == ["Mike phone Area"]
    # Missed beats and a 20 s detour through the kitchen proxy: the office holds.
    await _bermuda(hass, None, None)
    await tick(hass, freezer, 4)
    await _bermuda(hass, office.id, "Office")
    await _bermuda(hass, kitchen.id, "Kitchen")
    await tick(hass, freezer, 20)
    await _bermuda(hass, office.id, "Office")
    # The user renames the area: Bermuda reports the new name with the same area id.
    ar.async_get(hass).async_update(office.id, name="Study")
    await _bermuda(hass, office.id, "Study")
    await tick(hass, freezer, 600)
    assert hass.states.get("binary_sensor.office_occupancy").state == "on"
    assert hass.states.get("binary_sensor.kitchen_occupancy").state == "off"
    office_moves = [
        (e.data["action"], e.data["occupant"])
        for e in moves
        if e.data["location_id"] == "office"
    ]
    assert office_moves == [("arrived", "Mike phone Area")]


async def test_espresense_room_names_by_alias(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, WATCH, "not_home", distance=None, friendly_name="Mike watch")
    await setup_home(
        hass,
        home_entry(
            location(
                "lounge",
                "Lounge",
                occupant_sources=[WATCH],
                tracker_aliases=["living_room"],
            ),
        ),
    )
    await set_state(
        hass, WATCH, "living_room", distance=1.8, friendly_name="Mike watch"
    )
    assert hass.states.get("binary_sensor.lounge_occupancy").state == "on"
    # mqtt_room's away_timeout: not_home, and the lounge lets go after its trailing time.
    await set_state(hass, WATCH, "not_home", distance=1.8, friendly_name="Mike watch")
    await tick(hass, freezer, 119)
    assert hass.states.get("binary_sensor.lounge_occupancy").state == "on"
    await tick(hass, freezer, 2)
    assert hass.states.get("binary_sensor.lounge_occupancy").state == "off"


async def test_an_alias_added_later_applies_live(hass: HomeAssistant) -> None:
    await set_state(
        hass, WATCH, "office_desk", distance=0.6, friendly_name="Mike watch"
    )
    entry = await setup_home(
        hass, home_entry(location("study", "Study", occupant_sources=[WATCH]))
    )
    assert hass.states.get("binary_sensor.study_occupancy").state == "off"
    subentry = entry.subentries["study"]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "tracker_aliases": ["Office_Desk"]}
    )
    await hass.async_block_till_done()
    state = hass.states.get("binary_sensor.study_occupancy")
    assert state.state == "on"
    assert state.attributes["occupants"] == ["Mike watch"]
