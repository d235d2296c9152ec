"""Helpers for the Home Assistant tests: a home with locations as subentries."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import timedelta
import json
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.occupancy_manager.const import DOMAIN, SUBENTRY_LOCATION
from custom_components.occupancy_manager.engine.compact import decode as decode_snapshot
from custom_components.occupancy_manager.engine.persistence import Record

EXCEPTIONS: dict[str, Any] = json.loads(
    (
        Path(__file__).parents[2]
        / "custom_components"
        / DOMAIN
        / "translations"
        / "en.json"
    ).read_text(encoding="utf-8")
)["exceptions"]
"""Our translated refusals, by key, as en.json words them."""


def location(subentry_id: str, name: str, **data: Any) -> ConfigSubentryData:
    """A location subentry as the flow stores it."""
    return ConfigSubentryData(
        data={"name": name, "timing": {}, **data},
        subentry_id=subentry_id,
        subentry_type=SUBENTRY_LOCATION,
        title=name,
        unique_id=None,
    )


def home_entry(
    *locations: ConfigSubentryData, options: Mapping[str, Any] | None = None
) -> MockConfigEntry:
    """The home config entry with the given locations."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        data={},
        options={"import_areas": False, **(options or {})},
        subentries_data=list(locations),
        version=1,
        minor_version=2,
    )


async def setup_home(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:
    """Add and set up the home entry."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def set_state(
    hass: HomeAssistant, entity_id: str, state: str, **attrs: object
) -> None:
    """Write a source's state and let the integration react."""
    hass.states.async_set(entity_id, state, attrs)
    await hass.async_block_till_done()


async def tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float
) -> None:
    """Let time pass and run every timer that came due.

    Fired several times: the harness runs a timer that a firing timer re-armed for a
    moment already past only on its next pass (real Home Assistant runs it at once),
    and the home's single timer re-arms once per deadline it passes.
    """
    freezer.tick(timedelta(seconds=seconds))
    for _ in range(8):
        async_fire_time_changed(hass)
        await hass.async_block_till_done()


async def drain(hass: HomeAssistant, turns: int = 50) -> None:
    """Give the loop turns without moving the clock: a backlog drains a batch a turn.

    ``async_block_till_done`` waits for tasks, not for the home's timer, which runs
    once per loop turn while ladder steps or waiting causes are due.
    """
    for _ in range(turns):
        await asyncio.sleep(0)
    await hass.async_block_till_done()


def record_into(events: list[Event]) -> Callable[[Event], None]:
    """A bus listener that records events in firing order.

    A callback runs in the event loop; a plain function would run in the executor,
    in any order.
    """

    @callback
    def _record(event: Event) -> None:
        events.append(event)

    return _record


def location_device_id(hass: HomeAssistant, location_id: str) -> str:
    """The device id of a location (found through its occupancy sensor)."""
    entity = er.async_get(hass).async_get(f"binary_sensor.{location_id}_occupancy")
    assert entity is not None
    assert entity.device_id is not None
    return entity.device_id


def saved_records(snapshot: Mapping[str, Any]) -> dict[str, Record]:
    """A saved engine snapshot (either version) as the engine reads it, by location."""
    locations = snapshot["locations"]
    return decode_snapshot(snapshot, dict.fromkeys(locations))
