"""Config entry diagnostics: what a support request needs to see."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant

from . import OccupancyConfigEntry
from .insight import contributions_data


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: OccupancyConfigEntry
) -> dict[str, Any]:
    """Options, locations and the engine snapshot; nothing is redacted."""
    coordinator = entry.runtime_data
    return {
        "note": (
            "Included unredacted: the home's options, every location's configuration "
            "(names, areas, source entity ids, timings) and the engine snapshot "
            "(contributions with source ids and occupant names, locks). "
            "Nothing in them is secret."
        ),
        "options": dict(entry.options),
        "locations": {
            subentry_id: {"title": subentry.title, "data": dict(subentry.data)}
            for subentry_id, subentry in entry.subentries.items()
        },
        "states": {
            location_id: {
                "occupied": state.occupied,
                "state": state.ladder.value,
                "contributions": contributions_data(coordinator, location_id),
                "locked_by": sorted(state.locked_by),
                "occupants": sorted(state.occupants),
            }
            for location_id in coordinator.specs
            if (state := coordinator.state(location_id))
        },
        "engine_snapshot": coordinator.engine.snapshot(),
    }
