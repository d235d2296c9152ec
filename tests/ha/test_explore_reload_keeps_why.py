"""A reload keeps "why is it occupied" (README: `reason` and `changed_at` are null only
until the first change since Home Assistant started).

A user reloads the home, or disables or enables one of its entities (Home Assistant
then reloads it): `get_occupancy` answered `reason: null`, `changed_at: null` for every
location, and the card lost its reasons, until each location next changed.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

KITCHEN = "binary_sensor.kitchen_occupancy"


async def _why(hass: HomeAssistant) -> tuple[Any, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "get_occupancy",
        {"entity_id": KITCHEN},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    report: dict[str, Any] = response[KITCHEN]  # type: ignore[assignment]
    return report["reason"], report["changed_at"]


async def test_a_reload_keeps_the_reason_and_moment_of_the_last_change(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await setup_home(hass, home_entry(location("kitchen", "Kitchen")))
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": KITCHEN, "source_id": "cooking", "timeout": {"hours": 1}},
        blocking=True,
    )
    before = await _why(hass)
    assert before[0] == "trigger:cooking"
    await tick(hass, freezer, 60)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(KITCHEN).state == "on"
    assert await _why(hass) == before
