"""Base entity: one device per location, updated only when that location changes."""

from __future__ import annotations

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity

from .const import DOMAIN
from .coordinator import OccupancyCoordinator
from .engine import LocationState
from .locations import LocationSpec


class OccupancyEntity(Entity):
    """An entity of one location's device."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(
        self, coordinator: OccupancyCoordinator, spec: LocationSpec, key: str
    ) -> None:
        """Describe the entity and its location's device."""
        self.coordinator = coordinator
        self.location_id = spec.id
        self._attr_translation_key = key
        self._attr_unique_id = f"{coordinator.entry.entry_id}_{spec.id}_{key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, spec.id)},
            name=spec.name,
            # A plain device, said explicitly: None (not a missing key) also clears
            # the "service" type that earlier versions registered their devices with.
            entry_type=None,
            manufacturer="Occupancy Manager",
            # No model: Home Assistant shows it untranslated beside the name ("Location"
            # to every user); None also clears the one earlier versions registered.
            model=None,
        )

    @property
    def location_state(self) -> LocationState:
        """The location's current engine state."""
        return self.coordinator.state(self.location_id)

    # Which changes the entity follows: the location's state, or its sources' health.
    _follows_problems = False
    # Whether it is told before the location's other entities (see async_added_to_hass).
    _writes_first = False
    # Whether what it shows follows the location's locks alone (``Listeners.async_add``).
    _follows_locks_only = False
    _last_shown: object = None

    def _shown(self) -> object:
        """What the entity shows; None means "always write" (attributes that move)."""
        return None

    async def async_added_to_hass(self) -> None:
        """Follow the location's changes (and nothing else)."""
        self._last_shown = self._shown()
        # The order a location's entities write in would otherwise be the order their
        # platforms happened to add them (a renamed entity is added again, last).
        self.async_on_remove(
            self.coordinator.listeners.async_add(
                self.location_id,
                self._handle_change,
                problems=self._follows_problems,
                first=self._writes_first,
                locks_only=self._follows_locks_only,
            )
        )
        self.async_on_remove(
            self.coordinator.platforms.async_track(self.location_id, self)
        )

    @callback
    def _handle_change(self) -> None:
        # Every change of a location reaches all its entities; most of them show
        # something that did not change, and a state write is the costly part.
        shown = self._shown()
        if shown is not None and shown == self._last_shown:
            return
        self._last_shown = shown
        # The write belongs to the change that caused it (logbook: "triggered by").
        if (context := self.coordinator.context) is not None:
            self.async_set_context(context)
        self.async_write_ha_state()
