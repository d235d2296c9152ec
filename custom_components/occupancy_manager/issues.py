"""Repair issues: a location names a source entity that no longer exists."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir

from .const import DOMAIN
from .locations import LocationSpec

ISSUE_MISSING_SOURCES = "missing_sources"


def missing_sources_issue_id(entry_id: str, location_id: str) -> str:
    """One issue per location, scoped to the home."""
    return f"{ISSUE_MISSING_SOURCES}_{entry_id}_{location_id}"


def missing_sources(hass: HomeAssistant, spec: LocationSpec) -> list[str]:
    """Configured source entities that are neither registered nor have a state."""
    registry = er.async_get(hass)
    return sorted(
        {
            entity_id
            for entity_id, _kind in spec.source_entities()
            if registry.async_get(entity_id) is None
            and hass.states.get(entity_id) is None
        }
    )


def async_update_missing_source_issues(
    hass: HomeAssistant, entry_id: str, specs: Iterable[LocationSpec]
) -> None:
    """Create or clear the missing-sources issue of each given location."""
    for spec in specs:
        issue_id = missing_sources_issue_id(entry_id, spec.id)
        if missing := missing_sources(hass, spec):
            ir.async_create_issue(
                hass,
                DOMAIN,
                issue_id,
                is_fixable=True,
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=ISSUE_MISSING_SOURCES,
                translation_placeholders={
                    "location": spec.name,
                    "entities": ", ".join(missing),
                },
                data={"entry_id": entry_id, "location_id": spec.id},
            )
        else:
            ir.async_delete_issue(hass, DOMAIN, issue_id)


def async_clear_issues(
    hass: HomeAssistant, entry_id: str, location_ids: Iterable[str]
) -> None:
    """Remove the home's issues (unload)."""
    for location_id in location_ids:
        ir.async_delete_issue(
            hass, DOMAIN, missing_sources_issue_id(entry_id, location_id)
        )
