"""State survives unload, reload and restart; bad saved state never blocks loading."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

OCC = "binary_sensor.room_occupancy"


def _occupied(hass: HomeAssistant) -> bool:
    state = hass.states.get(OCC)
    assert state is not None
    return state.state == "on"


async def _home(hass: HomeAssistant, **sources: Any) -> MockConfigEntry:
    return await setup_home(hass, home_entry(location("room", "Room", **sources)))


async def _restart(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    down: float,
    while_down: dict[str, str] | None = None,
) -> None:
    """Unload (which saves), let time pass with sources changing, load again."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    for entity_id, state in (while_down or {}).items():
        hass.states.async_set(entity_id, state)
    freezer.tick(timedelta(seconds=down))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_state_restored_with_its_original_expiry(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_storage: dict[str, Any]
) -> None:
    hass.states.async_set("binary_sensor.m", "off")
    entry = await _home(hass, motion_sources=["binary_sensor.m"])
    hass.states.async_set("binary_sensor.m", "on")
    await hass.async_block_till_done()
    assert _occupied(hass)

    await _restart(hass, entry, freezer, 200)
    assert hass_storage[f"{DOMAIN}.{entry.entry_id}"]["data"]
    assert _occupied(hass)
    await tick(hass, freezer, 99)
    assert _occupied(hass)
    await tick(hass, freezer, 2)
    assert not _occupied(hass)


async def test_stale_expiry_dropped(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    hass.states.async_set("binary_sensor.m", "off")
    entry = await _home(hass, motion_sources=["binary_sensor.m"])
    hass.states.async_set("binary_sensor.m", "on")
    await hass.async_block_till_done()
    # The motion sensor is still "on" at start: that is not fresh motion.
    await _restart(hass, entry, freezer, 400)
    assert not _occupied(hass)


async def test_presence_resynchronised_after_restore(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    hass.states.async_set("binary_sensor.p", "on")
    hass.states.async_set("binary_sensor.q", "on")
    entry = await _home(hass, presence_sources=["binary_sensor.p", "binary_sensor.q"])
    assert _occupied(hass)
    await _restart(hass, entry, freezer, 3600, {"binary_sensor.p": "off"})
    contributions = hass.states.get(OCC).attributes["contributions"]
    by_source = {item["source_id"]: item for item in contributions}
    assert by_source["binary_sensor.q"]["expires_at"] is None  # still on: holds
    assert by_source["binary_sensor.p"]["expires_at"] is not None  # off: trailing

    await _restart(hass, entry, freezer, 10, {"binary_sensor.q": "off"})
    await tick(hass, freezer, 121)
    assert not _occupied(hass)


async def test_lock_survives_restart(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await _home(hass)
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.room_occupancy_lock"}, blocking=True
    )
    await _restart(hass, entry, freezer, 86400)
    assert hass.states.get("switch.room_occupancy_lock").state == "on"
    assert hass.states.get(OCC).attributes["locked_by"] == ["switch"]


async def test_foreign_store_starts_clean(
    hass: HomeAssistant, hass_storage: dict[str, Any], caplog: Any
) -> None:
    entry = home_entry(location("room", "Room"))
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = {
        "version": 1,
        "key": f"{DOMAIN}.{entry.entry_id}",
        "data": ["not", "a", "snapshot"],
    }
    await setup_home(hass, entry)
    assert not _occupied(hass)
    assert "unusable" in caplog.text


async def test_store_from_the_future_starts_clean(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = home_entry(location("room", "Room"))
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = {
        "version": 99,
        "key": f"{DOMAIN}.{entry.entry_id}",
        "data": {"whatever": True},
    }
    await setup_home(hass, entry)
    assert not _occupied(hass)


async def test_garbage_snapshot_content_starts_clean(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = home_entry(location("room", "Room"))
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = {
        "version": 1,
        "key": f"{DOMAIN}.{entry.entry_id}",
        "data": {"version": "x", "locations": {"room": 42, "ghost": {}}},
    }
    await setup_home(hass, entry)
    assert not _occupied(hass)


async def test_unload_leaves_no_listener_or_timer(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    hass.states.async_set("binary_sensor.m", "off")
    baseline = hass.bus.async_listeners().get(EVENT_STATE_CHANGED, 0)
    entry = await _home(hass, motion_sources=["binary_sensor.m"])
    hass.states.async_set("binary_sensor.m", "on")
    await hass.async_block_till_done()

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.bus.async_listeners().get(EVENT_STATE_CHANGED, 0) == baseline
    # (A timer left behind would fail the test harness's lingering-timer check.)
    assert hass.states.get(OCC).state == "unavailable"

    # Reload brings it back with its state.
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert _occupied(hass)
    await tick(hass, freezer, 301)
    assert not _occupied(hass)
