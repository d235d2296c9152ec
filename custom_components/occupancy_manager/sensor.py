"""Occupancy ladder sensor of each location."""

from __future__ import annotations

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import OccupancyConfigEntry
from .coordinator import OccupancyCoordinator
from .engine import Ladder
from .entity import OccupancyEntity
from .locations import LocationSpec

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OccupancyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one occupancy-state sensor per location."""
    coordinator = entry.runtime_data
    coordinator.platforms.async_add_platform(
        coordinator.specs.values(),
        lambda spec: [OccupancyStateSensor(coordinator, spec)],
        async_add_entities,
    )


class OccupancyStateSensor(OccupancyEntity, SensorEntity):
    """occupied / recently_occupied / vacant / extended_vacant."""

    _attr_device_class = SensorDeviceClass.ENUM

    def __init__(self, coordinator: OccupancyCoordinator, spec: LocationSpec) -> None:
        """Create the sensor with the ladder's states as its options."""
        super().__init__(coordinator, spec, "occupancy_state")
        self._attr_options = [ladder.value for ladder in Ladder]

    def _shown(self) -> object:
        return self.location_state.ladder

    @property
    def native_value(self) -> str:
        """The ladder state."""
        return self.location_state.ladder.value
