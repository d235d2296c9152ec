"""Config entry diagnostics: what a support request needs to see, without who lives there."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from . import OccupancyConfigEntry
from .const import SourceKind
from .insight import contributions_data

# Occupant names are the friendly names of people's trackers (a person's name).
# source_name: a room tracker's friendly name is usually its person's name.
TO_REDACT = {"occupant", "occupants", "child_occupants", "source_name"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: OccupancyConfigEntry
) -> dict[str, Any]:
    """Options, locations and the engine snapshot, with occupants redacted."""
    coordinator = entry.runtime_data
    now = dt_util.utcnow()
    data = {
        "note": (
            "Occupant names are redacted and room tracker entity ids replaced by "
            "stand-ins (occupant_1, ...). Included as they are: the home's options, "
            "every location's configuration (names, areas, other source entity ids, "
            "timings) and the engine snapshot (contributions, locks)."
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
                "false_vacancies_7d": coordinator.tuning.count(location_id, now),
            }
            for location_id in coordinator.specs
            if (state := coordinator.state(location_id))
        },
        # What the store saves: the compact format has no named keys to redact by.
        "engine_snapshot": _redact_compact(coordinator.engine.snapshot(compact=True)),
    }
    trackers = sorted(
        {
            entity_id
            for spec in coordinator.specs.values()
            for entity_id in spec.sources[SourceKind.OCCUPANT]
        }
    )
    # A tracker's entity id usually names its person (person.alice): the same stand-in
    # everywhere it appears keeps the dump readable.
    stand_ins: dict[str, str] = {}
    for number, entity_id in enumerate(trackers, start=1):
        stand_ins[entity_id] = f"{entity_id.partition('.')[0]}.occupant_{number}"
        # Its friendly name (a contribution's source_name) is the person's name too.
        tracker = hass.states.get(entity_id)
        if tracker is not None and (name := tracker.name) != entity_id:
            stand_ins[name] = f"Occupant {number}"
    # Names the engine holds (a tracker renamed or gone since) wherever they appear,
    # the compact engine snapshot included.
    held = sorted(
        {
            name
            for location_id in coordinator.specs
            for name in coordinator.state(location_id).occupants
        }
        - set(stand_ins)
    )
    for number, name in enumerate(held, start=len(trackers) + 1):
        stand_ins[name] = f"Occupant {number}"
    redacted: dict[str, Any] = _replace_strings(
        async_redact_data(data, TO_REDACT), stand_ins
    )
    return redacted


def _redact_compact(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A compact engine snapshot with its occupants redacted by position.

    Per location, a contribution is ``[source, expires_at, occupant, ...]`` (or a
    held sensor's id alone, which names nobody) and ``n``
    maps each child to its occupants (engine/compact.py).
    """
    locations: dict[str, dict[str, Any]] = snapshot.get("locations", {})
    redacted = {}
    for location_id, stored in locations.items():
        saved = dict(stored)
        if "c" in saved:
            saved["c"] = [
                [*item[:2], REDACTED, *item[3:]]
                if isinstance(item, list) and len(item) > 2 and item[2] is not None
                else item
                for item in saved["c"]
            ]
        if "n" in saved:
            saved["n"] = dict.fromkeys(saved["n"], REDACTED)
        redacted[location_id] = saved
    return {**snapshot, "locations": redacted}


def _replace_strings(value: Any, stand_ins: dict[str, str]) -> Any:
    """``value`` with every string found in ``stand_ins`` replaced (keys too)."""
    if isinstance(value, str):
        return stand_ins.get(value, value)
    if isinstance(value, dict):
        return {
            _replace_strings(key, stand_ins): _replace_strings(item, stand_ins)
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_replace_strings(item, stand_ins) for item in value]
    return value
