"""Occupancy ladder sensor of each location."""

from __future__ import annotations

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

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
        return self.location_state.ladder, self._false_vacancies()

    def _false_vacancies(self) -> int:
        return self.coordinator.tuning.count(self.location_id, dt_util.utcnow())

    @property
    def native_value(self) -> str:
        """The ladder state."""
        return self.location_state.ladder.value

    @property
    def extra_state_attributes(self) -> dict[str, int]:
        """How often the location went vacant too early in the last 7 days."""
        return {"false_vacancies_7d": self._false_vacancies()}
