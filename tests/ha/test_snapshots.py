"""Snapshots of what users see: entity states and attributes, events, diagnostics.

The snapshots hold plain dictionaries built here (not registry entries), so the same
files hold on both Home Assistant ends.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events
from syrupy.assertion import SnapshotAssertion

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANCY_CHANGED
from custom_components.occupancy_manager.diagnostics import (
    async_get_config_entry_diagnostics,
)

from .common import home_entry, location, setup_home

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


@pytest.fixture
async def home(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> Any:
    freezer.move_to(T0)
    hass.states.async_set("binary_sensor.kitchen_motion", "off")
    hass.states.async_set("sensor.mike_room", "office", {"friendly_name": "Mike"})
    return await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location(
                "kitchen",
                "Kitchen",
                parent="house",
                motion_sources=["binary_sensor.kitchen_motion"],
                actions={"vacant": ["scene.kitchen_off"]},
            ),
            location(
                "office",
                "Office",
                parent="house",
                occupant_sources=["sensor.mike_room"],
            ),
        ),
    )


def _scrub(value: Any, entry_id: str) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v, entry_id) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, entry_id) for v in value]
    if isinstance(value, str):
        return value.replace(entry_id, "<entry_id>")
    return value


async def test_entities(
    hass: HomeAssistant, home: Any, snapshot: SnapshotAssertion
) -> None:
    hass.states.async_set("binary_sensor.kitchen_motion", "on")
    hass.states.async_set("sensor.mike_room", "office", {"friendly_name": "Mike"})
    await hass.async_block_till_done()
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": "binary_sensor.office_occupancy", "source_id": "focus"},
        blocking=True,
    )
    registry = er.async_get(hass)
    entities = sorted(
        entry.entity_id
        for entry in registry.entities.values()
        if entry.platform == DOMAIN
    )
    seen = {
        entity_id: {
            "state": hass.states.get(entity_id).state,
            # str(): newer Home Assistant keys some attributes with a StrEnum.
            "attributes": {
                str(key): value
                for key, value in hass.states.get(entity_id).attributes.items()
            },
            "unique_id": registry.async_get(entity_id).unique_id,
            "translation_key": registry.async_get(entity_id).translation_key,
        }
        for entity_id in entities
    }
    assert _scrub(seen, home.entry_id) == snapshot


async def test_event_payloads(
    hass: HomeAssistant, home: Any, snapshot: SnapshotAssertion
) -> None:
    events = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)
    hass.states.async_set("sensor.mike_room", "Office", {"friendly_name": "Mike"})
    await hass.async_block_till_done()
    hass.states.async_set("binary_sensor.kitchen_motion", "on")
    await hass.async_block_till_done()
    hass.states.async_set("sensor.mike_room", "garden", {"friendly_name": "Mike"})
    await hass.async_block_till_done()
    assert _scrub([event.data for event in events], home.entry_id) == snapshot


async def test_diagnostics(
    hass: HomeAssistant, home: Any, snapshot: SnapshotAssertion
) -> None:
    # (The HTTP path is tested in test_support.py; under a frozen clock it trips over a
    # lazy import in Home Assistant's diagnostics view.)
    hass.states.async_set("binary_sensor.kitchen_motion", "on")
    await hass.async_block_till_done()
    diagnostics = await async_get_config_entry_diagnostics(hass, home)
    assert _scrub(diagnostics, home.entry_id) == snapshot
