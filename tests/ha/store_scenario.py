"""A home whose saved state has every kind of thing a snapshot holds.

Shared by ``test_store_format.py`` and ``fixtures/make_store_v1.py``, which wrote
``fixtures/store_v1.json`` with the release before the store switched to the compact
format (its engine still wrote version 1).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import DOMAIN

from .common import location, set_state

SAVED_AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
LOCATIONS = ("floor", "kitchen", "office", "bedroom", "shed")


def entry() -> MockConfigEntry:
    """The home, with a fixed entry id so a saved file finds it again."""
    locations = (
        location("floor", "Floor"),
        location(
            "kitchen",
            "Kitchen",
            parent="floor",
            motion_sources=["binary_sensor.kitchen_motion"],
            occupant_sources=["sensor.alice_room"],
        ),
        location(
            "office",
            "Office",
            parent="floor",
            presence_sources=["binary_sensor.office_presence"],
            timing={"trailing_timeout": {"minutes": 5}},
        ),
        location("bedroom", "Bedroom", parent="floor"),
        location("shed", "Shed"),
    )
    return MockConfigEntry(
        domain=DOMAIN,
        entry_id="store_format_home",
        title="Home",
        data={},
        options={"import_areas": False},
        subentries_data=list(locations),
        version=1,
        minor_version=2,
    )


async def sources_off(hass: HomeAssistant) -> None:
    """The sources as they are before anything happens."""
    await set_state(hass, "binary_sensor.kitchen_motion", "off")
    await set_state(hass, "binary_sensor.office_presence", "off")
    await set_state(hass, "sensor.alice_room", "away", friendly_name="Alice Smith")


async def live_a_little(hass: HomeAssistant) -> None:
    """Motion, an occupant, a trailing clear, a lock with an end over a suspended
    contribution, and a lock on the floor (which keeps its children's occupants).
    """
    await set_state(hass, "binary_sensor.kitchen_motion", "on")
    await set_state(hass, "sensor.alice_room", "kitchen", friendly_name="Alice Smith")
    await set_state(hass, "binary_sensor.office_presence", "on")
    await set_state(hass, "binary_sensor.office_presence", "off")
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": "binary_sensor.bedroom_occupancy", "timeout": {"minutes": 20}},
        blocking=True,
    )
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {
            "entity_id": "binary_sensor.bedroom_occupancy",
            "source_id": "sleep",
            "duration": {"hours": 8},
        },
        blocking=True,
    )
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": "binary_sensor.floor_occupancy", "source_id": "party"},
        blocking=True,
    )
    await hass.async_block_till_done()


def shown(hass: HomeAssistant) -> dict[str, Any]:
    """What every entity of every location shows."""
    found: dict[str, Any] = {}
    for location_id in LOCATIONS:
        for entity_id in (
            f"binary_sensor.{location_id}_occupancy",
            f"sensor.{location_id}_occupancy_state",
            f"switch.{location_id}_occupancy_lock",
        ):
            state = hass.states.get(entity_id)
            assert state is not None, entity_id
            found[entity_id] = {"state": state.state, **state.attributes}
    return found
