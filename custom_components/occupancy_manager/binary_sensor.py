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
from .insight import contributions_memo
from .locations import LocationSpec

PARALLEL_UPDATES = 0

ATTR_LOCATION_ID = "location_id"
ATTR_LOCATION = "location"
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
    coordinator.platforms.async_add_platform(
        coordinator.specs.values(),
        lambda spec: [
            OccupancyBinarySensor(coordinator, spec),
            SourcesProblemSensor(coordinator, spec, "sources_problem"),
        ],
        async_add_entities,
    )


class OccupancyBinarySensor(OccupancyEntity, BinarySensorEntity):
    """On while the location is occupied."""

    _attr_device_class = BinarySensorDeviceClass.OCCUPANCY
    # Automations wait for this one: it writes before the ladder sensor and switches.
    _writes_first = True
    # They change with every motion report; the history of the state is what matters.
    _unrecorded_attributes = frozenset(
        {ATTR_CONTRIBUTIONS, ATTR_LOCKED_BY, ATTR_OCCUPANTS}
    )

    def __init__(self, coordinator: OccupancyCoordinator, spec: LocationSpec) -> None:
        """Create the sensor."""
        super().__init__(coordinator, spec, "occupancy")
        self._contributions = contributions_memo(coordinator)

    _attributes_from: tuple[object, ...] = ()
    _showing: tuple[bool, dict[str, Any]] = (False, {})

    def _shown(self) -> object:
        # Everything the sensor shows, as objects that stay the same while unchanged
        # (the contributions list is memoised), so the comparison is cheap and the
        # attributes are built again only when something in them changed; then the
        # same tuple comes back, which the entity compares by identity first.
        coordinator, location_id = self.coordinator, self.location_id
        state = coordinator.engine.state(location_id)
        shown = (
            state.occupied,
            self._contributions.get(coordinator, location_id, state),
            state.locks,
            state.occupants,
            coordinator.specs[location_id].name,
        )
        if shown != self._attributes_from:
            self._attributes_from = shown
            occupied, contributions, locks, occupants, name = shown
            self._showing = (
                occupied,
                {
                    ATTR_LOCATION_ID: location_id,
                    ATTR_LOCATION: name,
                    ATTR_CONTRIBUTIONS: contributions,
                    # Mostly none of either: a new empty list without sorting one.
                    ATTR_LOCKED_BY: sorted({lock.source_id for lock in locks})
                    if locks
                    else [],
                    ATTR_OCCUPANTS: sorted(occupants) if occupants else [],
                },
            )
        return self._showing

    # Read from what _shown built, not through ``_attr_`` fields: each of their
    # setters also drops Home Assistant's cached property (a few µs per write).
    @property
    def is_on(self) -> bool:
        """Occupied."""
        return self._showing[0]

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Location, contributions, locks and occupants (README: the sensor)."""
        return self._showing[1]


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
