"""Describe occupancy_manager_changed events in the logbook, in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, EVENT_OCCUPANCY_CHANGED, EVENT_OCCUPANT
from .reasons import describe_reason


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, Any]]], None],
) -> None:
    """Register the description of our event."""

    def _source_name(source_id: str) -> str:
        state = hass.states.get(source_id)
        return state.name if state is not None else source_id

    def _location_name(entry_id: str) -> Callable[[str], str]:
        def _name(location_id: str) -> str:
            entry = hass.config_entries.async_get_entry(entry_id)
            subentry = entry.subentries.get(location_id) if entry else None
            return subentry.title if subentry is not None else location_id

        return _name

    @callback
    def _describe(event: Event) -> dict[str, Any]:
        data = event.data
        became = "occupied" if data.get("occupied") else "vacant"
        why = describe_reason(
            str(data.get("reason", "")),
            _source_name,
            _location_name(str(data.get("entry_id", ""))),
        )
        return {
            LOGBOOK_ENTRY_NAME: data.get("location", ""),
            LOGBOOK_ENTRY_MESSAGE: f"became {became} ({why})",
            LOGBOOK_ENTRY_ENTITY_ID: data.get("entity_id"),
        }

    @callback
    def _describe_occupant(event: Event) -> dict[str, Any]:
        data = event.data
        where = "in" if data.get("action") == "arrived" else "from"
        return {
            LOGBOOK_ENTRY_NAME: data.get("occupant", ""),
            LOGBOOK_ENTRY_MESSAGE: f"{data.get('action', '')} {where} {data.get('location', '')}",
            LOGBOOK_ENTRY_ENTITY_ID: data.get("entity_id"),
        }

    async_describe_event(DOMAIN, EVENT_OCCUPANCY_CHANGED, _describe)
    async_describe_event(DOMAIN, EVENT_OCCUPANT, _describe_occupant)
