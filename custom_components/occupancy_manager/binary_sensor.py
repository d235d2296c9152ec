"""Occupancy binary sensor of each location."""

from __future__ import annotations

from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import OccupancyConfigEntry
from .coordinator import OccupancyCoordinator
from .entity import OccupancyEntity
from .insight import contributions_data
from .locations import LocationSpec

PARALLEL_UPDATES = 0

ATTR_LOCATION_ID = "location_id"
ATTR_CONTRIBUTIONS = "contributions"
ATTR_LOCKED_BY = "locked_by"
ATTR_OCCUPANTS = "occupants"
ATTR_PROBLEM_SOURCES = "problem_sources"


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OccupancyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one occupancy sensor per location, in the location's subentry."""
    coordinator = entry.runtime_data
    for spec in coordinator.specs.values():
        async_add_entities(
            [
                OccupancyBinarySensor(coordinator, spec),
                SourcesProblemSensor(coordinator, spec, "sources_problem"),
            ],
            config_subentry_id=spec.id,
        )


class OccupancyBinarySensor(OccupancyEntity, BinarySensorEntity):
    """On while the location is occupied."""

    _attr_device_class = BinarySensorDeviceClass.OCCUPANCY
    # They change with every motion report; the history of the state is what matters.
    _unrecorded_attributes = frozenset(
        {ATTR_CONTRIBUTIONS, ATTR_LOCKED_BY, ATTR_OCCUPANTS}
    )

    def __init__(self, coordinator: OccupancyCoordinator, spec: LocationSpec) -> None:
        """Create the sensor."""
        super().__init__(coordinator, spec, "occupancy")

    @property
    def is_on(self) -> bool:
        """Occupied."""
        return self.location_state.occupied

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Why the location is occupied."""
        state = self.location_state
        return {
            ATTR_LOCATION_ID: self.location_id,
            ATTR_CONTRIBUTIONS: contributions_data(self.coordinator, self.location_id),
            ATTR_LOCKED_BY: sorted(state.locked_by),
            ATTR_OCCUPANTS: sorted(state.occupants),
        }


class SourcesProblemSensor(OccupancyEntity, BinarySensorEntity):
    """On while a source entity is missing, or unavailable past the grace."""

    _attr_device_class = BinarySensorDeviceClass.PROBLEM
    _attr_entity_category = EntityCategory.DIAGNOSTIC
    _follows_problems = True

    def _shown(self) -> object:
        # Computed once per change, not once per property read.
        problems = self.coordinator.problem_sources(self.location_id)
        self._attr_is_on = bool(problems)
        self._attr_extra_state_attributes = {ATTR_PROBLEM_SOURCES: problems}
        return tuple(problems)

    async def async_added_to_hass(self) -> None:
        """Compute the first state, then follow the sources' health."""
        self._last_shown = self._shown()
        await super().async_added_to_hass()
