"""Lock switch of each location (a manual freeze of its occupancy)."""

from __future__ import annotations

from functools import partial
from typing import Any

from homeassistant.components.switch import SwitchEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import OccupancyConfigEntry
from .const import LOCK_SOURCE_SWITCH
from .entity import OccupancyEntity

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OccupancyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one lock switch per location."""
    coordinator = entry.runtime_data
    for spec in coordinator.specs.values():
        async_add_entities(
            [LockSwitch(coordinator, spec, "lock")], config_subentry_id=spec.id
        )


class LockSwitch(OccupancyEntity, SwitchEntity):
    """On while anyone locks the location; turning it off releases every lock."""

    @property
    def is_on(self) -> bool:
        """Locked by anyone."""
        return self.location_state.locked

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Lock with the switch's own source."""
        engine = self.coordinator.engine
        self.coordinator.async_run(
            partial(engine.lock, self.location_id, LOCK_SOURCE_SWITCH)
        )

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Release every lock."""
        engine = self.coordinator.engine
        self.coordinator.async_run(partial(engine.unlock_all, self.location_id))
