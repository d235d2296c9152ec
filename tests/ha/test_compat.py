"""The compatibility module takes the right branch on each supported end."""

from __future__ import annotations

from homeassistant.const import MAJOR_VERSION
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import area_registry as ar, device_registry as dr

from custom_components.occupancy_manager import compat

from .common import home_entry, location, location_device_id, setup_home


def test_branch_matches_the_release() -> None:
    # 2025.4 resolves targets in helpers.service; the 2026 releases in helpers.target.
    assert compat.NEW_TARGET_API is (MAJOR_VERSION >= 2026)


async def test_referenced_entity_ids_explicit_and_through_an_area(
    hass: HomeAssistant,
) -> None:
    await setup_home(hass, home_entry(location("kitchen", "Kitchen")))
    area = ar.async_get(hass).async_create("Kitchen area")
    dr.async_get(hass).async_update_device(
        location_device_id(hass, "kitchen"), area_id=area.id
    )
    call = ServiceCall(
        hass,
        "occupancy_manager",
        "trigger",
        {"entity_id": ["binary_sensor.somewhere"], "area_id": [area.id]},
    )
    explicit, indirect = compat.referenced_entity_ids(hass, call)
    assert explicit == {"binary_sensor.somewhere"}
    assert "binary_sensor.kitchen_occupancy" in indirect
