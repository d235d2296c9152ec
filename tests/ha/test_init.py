"""Entry lifecycle: migration, the lock switch, saving on stop."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar, device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANCY_CHANGED

from .common import (
    home_entry,
    location,
    location_device_id,
    saved_records,
    set_state,
    setup_home,
    tick,
)


async def test_entry_from_a_newer_version_is_not_loaded(hass: HomeAssistant) -> None:
    entry = MockConfigEntry(domain=DOMAIN, title="Home", version=2, options={})
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR


async def test_current_entry_loads_without_migration(hass: HomeAssistant) -> None:
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    assert entry.state is ConfigEntryState.LOADED
    assert entry.version == 1


async def test_lock_switch_on_and_off(hass: HomeAssistant) -> None:
    await setup_home(hass, home_entry(location("room", "Room")))
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": "binary_sensor.room_occupancy", "source_id": "party"},
        blocking=True,
    )
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.room_occupancy_lock"}, blocking=True
    )
    state = hass.states.get("binary_sensor.room_occupancy")
    assert state.attributes["locked_by"] == ["party", "switch"]
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": "switch.room_occupancy_lock"}, blocking=True
    )
    assert hass.states.get("switch.room_occupancy_lock").state == "off"
    assert hass.states.get("binary_sensor.room_occupancy").attributes["locked_by"] == []


async def test_state_saved_when_home_assistant_stops(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await setup_home(hass, home_entry(location("room", "Room")))
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": "binary_sensor.room_occupancy", "indefinite": True},
        blocking=True,
    )
    key = f"{DOMAIN}.{entry.entry_id}"
    hass_storage.pop(key, None)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    saved = saved_records(hass_storage[key]["data"])["room"]
    assert [c.source_id for c in saved.contributions] == ["manual"]


async def test_device_placed_in_its_area_once(hass: HomeAssistant) -> None:
    areas = ar.async_get(hass)
    office = areas.async_get_or_create("Office")
    den = areas.async_get_or_create("Den")
    entry = await setup_home(
        hass, home_entry(location("office", "Office", area_id=office.id))
    )
    devices = dr.async_get(hass)
    device_id = location_device_id(hass, "office")
    assert devices.async_get(device_id).area_id == office.id
    # Entity ids never depend on the area (newer HA would prefix it).
    assert hass.states.get("switch.office_occupancy_lock") is not None
    assert hass.states.get("sensor.office_occupancy_state") is not None
    # A device the user moved stays where they put it.
    devices.async_update_device(device_id, area_id=den.id)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert devices.async_get(device_id).area_id == den.id


async def test_a_setup_that_fails_after_starting_leaves_nothing_running(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    motion = "binary_sensor.room_motion"
    await set_state(hass, motion, "off")
    entry = await setup_home(
        hass, home_entry(location("room", "Room", motion_sources=[motion]))
    )
    await set_state(hass, motion, "on")  # occupied until its timeout: a deadline
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    def _late_bug(*_args: object) -> bool:
        raise RuntimeError("late setup bug")

    monkeypatch.setattr(
        "custom_components.occupancy_manager.async_apply_edit", _late_bug
    )
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR

    changed = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)
    await set_state(hass, motion, "off")
    await set_state(hass, motion, "on")
    await tick(hass, freezer, 3600)  # past the saved motion timeout
    assert changed == []
