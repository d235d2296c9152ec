"""Per-location switches: the lock, and the occupancy automation (modes)."""

from __future__ import annotations

from functools import partial
from typing import Any

from homeassistant.components.switch import SwitchEntity
from homeassistant.const import STATE_OFF
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

from . import OccupancyConfigEntry
from .const import LOCK_SOURCE_SWITCH
from .entity import OccupancyEntity
from .locations import LocationSpec

PARALLEL_UPDATES = 0

STATUS_ACTIVE = "active"
STATUS_PAUSED = "paused"  # shown as "Paused (locked)"
STATUS_OFF = "off"


async def async_setup_entry(
    hass: HomeAssistant,
    entry: OccupancyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the lock switch, and the automation switch where there are actions."""
    coordinator = entry.runtime_data

    def _entities(spec: LocationSpec) -> list[Entity]:
        entities: list[Entity] = [LockSwitch(coordinator, spec, "lock")]
        if spec.actions.any:
            entities.append(AutomationSwitch(coordinator, spec, "automation"))
        return entities

    coordinator.platforms.async_add_platform(
        coordinator.specs.values(), _entities, async_add_entities
    )


class LockSwitch(OccupancyEntity, SwitchEntity):
    """On while anyone locks the location; turning it off releases every lock."""

    # Told only of the changes of its location's locks, not of every change (issue 14).
    _follows_locks_only = True
    # Read once when told, and what Home Assistant reads on a write.
    _locked = False

    def _shown(self) -> object:
        self._locked = self.location_state.locked
        return self._locked

    @property
    def is_on(self) -> bool:
        """Locked by anyone."""
        return self._locked

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Lock with the switch's own source."""
        engine = self.coordinator.engine
        await self.coordinator.async_run(
            partial(engine.lock, self.location_id, LOCK_SOURCE_SWITCH), self._context
        )

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Release every lock."""
        engine = self.coordinator.engine
        await self.coordinator.async_run(
            partial(engine.unlock_all, self.location_id), self._context
        )


class AutomationSwitch(OccupancyEntity, SwitchEntity, RestoreEntity):
    """On while the location's occupancy modes run its scenes and scripts."""

    # Its status follows the locks; being on changes only through its own turning.
    _follows_locks_only = True

    async def async_added_to_hass(self) -> None:
        """Come back in the state the user left it."""
        await super().async_added_to_hass()
        last = await self.async_get_last_state()
        if last is not None and last.state == STATE_OFF:
            self.coordinator.modes.set_enabled(self.location_id, False)

    def _shown(self) -> object:
        return self.is_on, self.extra_state_attributes["status"]

    @property
    def is_on(self) -> bool:
        """Actions run."""
        return self.coordinator.modes.enabled(self.location_id)

    @property
    def extra_state_attributes(self) -> dict[str, str]:
        """Active / paused (while locked) / off."""
        if not self.is_on:
            status = STATUS_OFF
        elif self.location_state.locked:
            status = STATUS_PAUSED
        else:
            status = STATUS_ACTIVE
        return {"status": status}

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Let the actions run."""
        self.coordinator.modes.set_enabled(self.location_id, True)
        self._handle_change()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Stop running the actions."""
        self.coordinator.modes.set_enabled(self.location_id, False)
        self._handle_change()
