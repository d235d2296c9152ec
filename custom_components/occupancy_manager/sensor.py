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

    # What it shows, worked out once per change of its location (``_shown``), not
    # once per property Home Assistant reads on a write (issue 14). Every change of
    # what it shows reaches ``_shown`` first: the location's changes and the tuning's
    # (a count ageing out), and ``async_added_to_hass`` before the first write.
    _showing: tuple[str, int] = (Ladder.VACANT.value, 0)

    def _shown(self) -> object:
        coordinator, location_id = self.coordinator, self.location_id
        self._showing = (
            # ``str`` of a StrEnum is its value, without ``Enum.value``'s Python-level
            # descriptor (about 2,000 instructions a read on 3.13).
            str(coordinator.engine.state(location_id).ladder),
            coordinator.tuning.count(location_id),
        )
        return self._showing

    @property
    def native_value(self) -> str:
        """The ladder state."""
        return self._showing[0]

    @property
    def extra_state_attributes(self) -> dict[str, int]:
        """How often the location went vacant too early in the last 7 days."""
        return {"false_vacancies_7d": self._showing[1]}
