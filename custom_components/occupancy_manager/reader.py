"""The read side of a running home: what entities, actions and views ask the shell.

It implements ``insight.HomeView``; the shell (``pipeline.py``, ``coordinator.py``) builds
on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import area_registry as ar, entity_registry as er
from homeassistant.util import dt as dt_util

from .const import SourceKind
from .engine import LocationState, OccupancyEngine
from .home import occupancy_key
from .issues import missing_sources
from .locations import LocationSpec
from .sensing import Sensing
from .sources import NO_STATE, Source
from .tuning import Tuning


class HomeReader:
    """Read-only answers about one home's locations."""

    hass: HomeAssistant
    entry: ConfigEntry
    specs: Mapping[str, LocationSpec]
    engine: OccupancyEngine
    sensing: Sensing
    tuning: Tuning
    # Home Assistant's one entity registry, held: every changed event asks it.
    _entities: er.EntityRegistry
    # Each location's key in it (``occupancy_entity_id``), built when first asked.
    _occupancy_keys: dict[str, tuple[str, str, str]]
    _last_change: dict[str, tuple[str, datetime]]

    @property
    def entry_id(self) -> str:
        """The home's config entry id."""
        return self.entry.entry_id

    def state(self, location_id: str) -> LocationState:
        """Current state of one location."""
        return self.engine.state(location_id)

    def children(self, location_id: str) -> tuple[str, ...]:
        """A location's direct children."""
        return self.engine.children(location_id)

    def source_kind(self, location_id: str, source_id: str) -> SourceKind | None:
        """The kind a source entity has in a location, if it is one of its sources."""
        return self.sensing.kind(location_id, source_id)

    def has_wasp(self, location_id: str) -> bool:
        """Whether the location has wasp-in-a-box enabled."""
        return location_id in self.sensing.wasp

    def entity_name(self, entity_id: str) -> str | None:
        """An entity's friendly name, if it has a state."""
        state = self.hass.states.get(entity_id)
        return state.name if state is not None else None

    def occupancy_entity_id(self, location_id: str) -> str | None:
        """Entity id of a location's occupancy binary_sensor, if registered."""
        # Every changed event asks (issue 14): the key is built once per location,
        # since it never changes; the answer is the registry's every time, so an
        # entity renamed a moment ago is never told by its old id.
        key = self._occupancy_keys.get(location_id)
        if key is None:
            key = self._occupancy_keys[location_id] = occupancy_key(
                self.entry.entry_id, location_id
            )
        return self._entities.entities.get_entity_id(key)

    def last_change(self, location_id: str) -> tuple[str | None, datetime | None]:
        """Reason and time of the location's last change since start-up.

        While vacate's quiet time ignores triggers, the reason says so.
        """
        reason, changed_at = self._last_change.get(location_id, (None, None))
        if note := self.sensing.quiet_note(location_id, dt_util.utcnow()):
            reason = f"{reason}; {note}" if reason else note
        return reason, changed_at

    def false_vacancies(self, location_id: str, now: datetime) -> list[dict[str, Any]]:
        """The location's false vacancies of the last 7 days, newest first."""
        return self.tuning.report(location_id, now)

    def problem_sources(self, location_id: str) -> list[str]:
        """Sources that are missing, or unavailable for longer than the grace."""
        spec = self.specs[location_id]
        flagged = {
            entity_id
            for entity_id, _kind in spec.source_entities()
            if entity_id in self.sensing.health.flagged
        }
        return sorted(flagged | set(missing_sources(self.hass, spec)))

    # -- small readers for the shell ---------------------------------------------

    def _occupied(self, location_id: str) -> bool:
        return self.engine.state(location_id).occupied

    def _sleeping(self) -> bool:
        sleep_entity = self.sensing.settings.sleep_entity
        if sleep_entity is None:
            return False
        state = self.hass.states.get(sleep_entity)
        return state is not None and state.state == "on"

    def _motion_timeout(self, location_id: str) -> timedelta:
        """The motion timeout in effect (the sleep profile's while sleeping)."""
        spec = self.specs[location_id]
        if spec.sleep_motion_timeout is not None and self._sleeping():
            return spec.sleep_motion_timeout
        return spec.motion_timeout

    def _area_names(self, area_id: str) -> tuple[str, ...]:
        area = ar.async_get(self.hass).async_get_area(area_id)
        return (area.id, area.name) if area is not None else ()

    def _source_states(self, entity_ids: Iterable[str]) -> dict[str, Source]:
        """The live states of these sources, as sensing reads them."""
        get = self.hass.states.get
        return {
            entity_id: NO_STATE if (state := get(entity_id)) is None else state
            for entity_id in entity_ids
        }
