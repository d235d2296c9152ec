"""How the home presents itself in Home Assistant: plain devices, names, diagnostics."""

from __future__ import annotations

import json

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, setup_home


async def test_location_is_a_plain_device(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    await setup_home(hass, home_entry(location("kitchen", "Kitchen")))
    device = device_registry.async_get_device(identifiers={(DOMAIN, "kitchen")})
    assert device is not None
    assert device.entry_type is None
    assert device.name == "Kitchen"


async def test_service_device_of_an_earlier_version_becomes_plain(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry
) -> None:
    entry = home_entry(location("kitchen", "Kitchen"))
    entry.add_to_hass(hass)
    # What versions with entry_type SERVICE left in users' registries.
    old = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        config_subentry_id="kitchen",
        identifiers={(DOMAIN, "kitchen")},
        name="Kitchen",
        entry_type=dr.DeviceEntryType.SERVICE,
    )
    assert old.entry_type is dr.DeviceEntryType.SERVICE
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    device = device_registry.async_get_device(identifiers={(DOMAIN, "kitchen")})
    assert device is not None
    assert device.id == old.id
    assert device.entry_type is None


async def test_lock_switch_is_named_occupancy_lock(hass: HomeAssistant) -> None:
    await setup_home(hass, home_entry(location("kitchen", "Kitchen")))
    state = hass.states.get("switch.kitchen_occupancy_lock")
    assert state is not None
    assert state.attributes["friendly_name"] == "Kitchen Occupancy lock"
    assert hass.states.get("switch.kitchen_lock") is None


async def test_diagnostics_redact_occupants(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    await async_setup_component(hass, "diagnostics", {})
    await set_state(hass, "sensor.alice_room", "office", friendly_name="Alice Smith")
    entry = await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location(
                "kitchen",
                "Kitchen",
                parent="floor",
                occupant_sources=["sensor.alice_room"],
                motion_sources=["binary_sensor.k"],
            ),
        ),
    )
    await set_state(hass, "sensor.alice_room", "kitchen", friendly_name="Alice Smith")
    kitchen = hass.states.get("binary_sensor.kitchen_occupancy")
    assert kitchen.attributes["occupants"] == ["Alice Smith"]  # really there

    diag = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    dumped = json.dumps(diag)
    assert "Alice" not in dumped
    assert "alice" not in dumped
    assert diag["states"]["kitchen"]["occupants"] == "**REDACTED**"
    assert diag["states"]["kitchen"]["contributions"] == [
        {
            "source_id": "sensor.occupant_1",
            "source_name": "Occupant 1",
            "kind": "occupant",
            "expires_at": None,
            "occupant": "**REDACTED**",
        }
    ]
    assert diag["locations"]["kitchen"]["data"]["occupant_sources"] == [
        "sensor.occupant_1"
    ]
    # What support needs stays: other sources, the tree, the state.
    assert diag["locations"]["kitchen"]["data"]["motion_sources"] == ["binary_sensor.k"]
    assert diag["states"]["kitchen"]["occupied"] is True
    assert diag["states"]["floor"]["occupied"] is True
    snapshot = diag["engine_snapshot"]["locations"]
    assert snapshot["kitchen"]["contributions"][0]["source"] == "sensor.occupant_1"
    assert snapshot["floor"]["child_occupants"] == "**REDACTED**"
