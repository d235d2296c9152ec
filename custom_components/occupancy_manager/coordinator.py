"""The imperative shell around the engine: one per home (config entry).

It owns the only state subscription (exactly the configured source entities), the only
timer (the engine's ``next_deadline``), the snapshot store, and the per-location
listeners of the entities. Everything clever lives in ``engine/`` and ``sources.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.helpers import area_registry as ar, entity_registry as er
from homeassistant.helpers.event import (
    async_track_entity_registry_updated_event,
    async_track_point_in_utc_time,
    async_track_state_change_event,
)
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from .const import (
    DOMAIN,
    EVENT_OCCUPANCY_CHANGED,
    KIND_ACTION,
    KIND_CHILD,
    KIND_LOCK,
    SourceKind,
)
from .engine import (
    CHILD_SOURCE_PREFIX,
    Contribution,
    LocationState,
    OccupancyEngine,
    Result,
)
from .issues import async_clear_issues, async_update_missing_source_issues
from .locations import LocationSpec
from .modes import OccupancyModes
from .persistence import SnapshotStore
from .sources import (
    Clear,
    Input,
    Signal,
    Timing,
    Trigger,
    Vacate,
    input_for_change,
    input_for_resync,
    signal,
)

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Binding:
    """One source entity feeding one location as one kind."""

    location_id: str
    kind: SourceKind
    timing: Timing
    room_names: frozenset[str]


class OccupancyCoordinator:
    """Feeds the engine from Home Assistant and applies its results."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        specs: Mapping[str, LocationSpec],
    ) -> None:
        """Build the engine for the home's locations."""
        self.hass = hass
        self.entry = entry
        self.specs = specs
        self.engine = OccupancyEngine(
            (spec.to_engine() for spec in specs.values()), dt_util.utcnow()
        )
        self._store = SnapshotStore(hass, entry.entry_id)
        self._listeners: defaultdict[str, list[CALLBACK_TYPE]] = defaultdict(list)
        self._bindings: defaultdict[str, list[_Binding]] = defaultdict(list)
        self._kinds: dict[tuple[str, str], SourceKind] = {}
        areas = ar.async_get(hass)
        for spec in specs.values():
            timing = Timing(
                motion_timeout=spec.motion_timeout,
                trailing_timeout=spec.trailing_timeout,
                door_timeout=spec.door_timeout,
                unavailable_grace=spec.unavailable_grace,
            )
            names = {spec.name}
            if spec.area_id and (area := areas.async_get_area(spec.area_id)):
                names.update((area.id, area.name))
            room_names = frozenset(name.casefold() for name in names)
            for entity_id, kind in spec.source_entities():
                self._bindings[entity_id].append(
                    _Binding(spec.id, kind, timing, room_names)
                )
                self._kinds[spec.id, entity_id] = kind
        self._unsub_timer: CALLBACK_TYPE | None = None
        self._timer_at: datetime | None = None
        self._unsubs: list[CALLBACK_TYPE] = []
        self._unsub_stop: CALLBACK_TYPE | None = None
        self.reload_requested = False
        self.modes = OccupancyModes(hass, entry)

    # -- lifecycle -------------------------------------------------------------

    async def async_restore(self) -> None:
        """Restore the saved state (before the entities are created)."""
        snapshot = await self._store.async_load()
        if snapshot is not None:
            # A restore is not news: it fires no events, only updates the schedule.
            self._schedule(
                self.engine.restore(snapshot, dt_util.utcnow()).next_deadline
            )

    @callback
    def async_start(self) -> None:
        """Re-sync held sources with their live states and start listening."""
        now = dt_util.utcnow()
        for entity_id, bindings in self._bindings.items():
            state = self.hass.states.get(entity_id)
            for binding in bindings:
                current = self._signal(binding, entity_id, state)
                self._send(
                    binding.location_id,
                    entity_id,
                    input_for_resync(
                        binding.kind, current, binding.timing, _name(state)
                    ),
                    now,
                )
        if self._bindings:
            sources = list(self._bindings)
            self._unsubs.append(
                async_track_state_change_event(
                    self.hass, sources, self._async_source_changed
                )
            )
            self._unsubs.append(
                async_track_entity_registry_updated_event(
                    self.hass, sources, self._async_source_registry_changed
                )
            )
        # Other integrations' entities appear during start-up: judge "missing" after.
        self._unsubs.append(async_at_started(self.hass, self._async_check_all_sources))
        self._unsub_stop = self.hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_STOP, self._async_save_on_stop
        )

    async def async_stop(self) -> None:
        """Stop listening, cancel the timer and save the final state."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        if self._unsub_stop is not None:
            self._unsub_stop()
            self._unsub_stop = None
        self._cancel_timer()
        async_clear_issues(self.hass, self.entry.entry_id, self.specs)
        await self._store.async_save(self.engine.snapshot())

    async def _async_save_on_stop(self, _event: Event) -> None:
        # The once-listener is gone after it fired; don't remove it again on unload.
        self._unsub_stop = None
        await self._store.async_save(self.engine.snapshot())

    # -- for entities and actions ----------------------------------------------

    def state(self, location_id: str) -> LocationState:
        """Current state of one location."""
        return self.engine.state(location_id)

    @callback
    def async_add_listener(
        self, location_id: str, update: CALLBACK_TYPE
    ) -> CALLBACK_TYPE:
        """Call ``update`` whenever this location's state changes."""
        listeners = self._listeners[location_id]
        listeners.append(update)
        return lambda: listeners.remove(update)

    @callback
    def async_run(self, command: Callable[[datetime], Result]) -> Result:
        """Run one engine command at the current time and apply its result."""
        result = command(dt_util.utcnow())
        self._apply(result)
        return result

    def kind_of(self, location_id: str, contribution: Contribution) -> str:
        """The contribution kind shown in attributes (README: "Contribution kinds")."""
        source_id = contribution.source_id
        if source_id.startswith(CHILD_SOURCE_PREFIX):
            return KIND_CHILD
        if kind := self._kinds.get((location_id, source_id)):
            return kind.value
        if source_id in self.engine.state(location_id).locked_by:
            return KIND_LOCK
        return KIND_ACTION

    def contributions_data(self, location_id: str) -> list[dict[str, str | None]]:
        """JSON-ready contributions of a location, for attributes and events."""
        return [
            {
                "source_id": item.source_id,
                "kind": self.kind_of(location_id, item),
                "expires_at": item.expires_at.isoformat() if item.expires_at else None,
                "occupant": item.occupant,
            }
            for item in self.engine.state(location_id).contributions
        ]

    def occupancy_entity_id(self, location_id: str) -> str | None:
        """Entity id of a location's occupancy binary_sensor, if registered."""
        return er.async_get(self.hass).async_get_entity_id(
            "binary_sensor", DOMAIN, f"{self.entry.entry_id}_{location_id}_occupancy"
        )

    # -- inputs ----------------------------------------------------------------

    @callback
    def _async_source_changed(self, event: Event[EventStateChangedData]) -> None:
        entity_id = event.data["entity_id"]
        old_state = event.data["old_state"]
        new_state = event.data["new_state"]
        now = dt_util.utcnow()
        if old_state is None or new_state is None:
            self._check_sources_of(entity_id)
        for binding in self._bindings.get(entity_id, ()):
            old = (
                None
                if old_state is None
                else self._signal(binding, entity_id, old_state)
            )
            new = self._signal(binding, entity_id, new_state)
            source_input = input_for_change(
                binding.kind, old, new, binding.timing, _name(new_state)
            )
            _LOGGER.debug(
                "%s (%s) %s -> %s for %s: %s",
                entity_id,
                binding.kind,
                old,
                new,
                binding.location_id,
                source_input,
            )
            self._send(binding.location_id, entity_id, source_input, now)

    @callback
    def _async_source_registry_changed(self, event: Event[Any]) -> None:
        self._check_sources_of(event.data["entity_id"])

    @callback
    def _async_check_all_sources(self, _hass: HomeAssistant) -> None:
        async_update_missing_source_issues(
            self.hass, self.entry.entry_id, self.specs.values()
        )

    def _check_sources_of(self, entity_id: str) -> None:
        location_ids = {b.location_id for b in self._bindings.get(entity_id, ())}
        async_update_missing_source_issues(
            self.hass,
            self.entry.entry_id,
            (self.specs[location_id] for location_id in location_ids),
        )

    @staticmethod
    def _signal(binding: _Binding, entity_id: str, state: State | None) -> Signal:
        return signal(
            binding.kind,
            entity_id,
            None if state is None else state.state,
            binding.room_names,
        )

    def _send(
        self,
        location_id: str,
        source_id: str,
        source_input: Input | None,
        now: datetime,
    ) -> None:
        engine = self.engine
        match source_input:
            case Trigger(timeout=timeout, occupant=occupant, only_if_occupied=only):
                if only and not engine.state(location_id).occupied:
                    return  # a keep source never starts occupancy
                result = engine.trigger(
                    location_id, source_id, now, timeout=timeout, occupant=occupant
                )
            case Clear(trailing=trailing):
                result = engine.clear(location_id, source_id, now, trailing=trailing)
            case Vacate():
                result = engine.vacate(location_id, now)
            case _:
                return
        self._apply(result)

    # -- results ---------------------------------------------------------------

    def _apply(self, result: Result) -> None:
        for transition in result.transitions:
            location_id = transition.location_id
            for update in tuple(self._listeners.get(location_id, ())):
                update()
            self.modes.on_transition(self.specs[location_id], transition)
            if transition.occupied_changed:
                self._fire_changed(location_id, transition.reason, transition.current)
        self._schedule(result.next_deadline)
        if result.transitions:
            self._store.async_schedule_save(self.engine.snapshot)

    def _fire_changed(
        self, location_id: str, reason: str, state: LocationState
    ) -> None:
        self.hass.bus.async_fire(
            EVENT_OCCUPANCY_CHANGED,
            {
                "entry_id": self.entry.entry_id,
                "location_id": location_id,
                "location": self.specs[location_id].name,
                "entity_id": self.occupancy_entity_id(location_id),
                "occupied": state.occupied,
                "previous_occupied": not state.occupied,
                "state": state.ladder.value,
                "reason": reason,
                "contributions": self.contributions_data(location_id),
                "locked_by": sorted(state.locked_by),
                "occupants": sorted(state.occupants),
            },
        )

    # -- the one timer ---------------------------------------------------------

    def _schedule(self, deadline: datetime | None) -> None:
        if deadline == self._timer_at:
            return
        self._cancel_timer()
        if deadline is not None:
            self._timer_at = deadline
            self._unsub_timer = async_track_point_in_utc_time(
                self.hass, self._async_deadline_reached, deadline
            )

    def _cancel_timer(self) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
        self._unsub_timer = None
        self._timer_at = None

    @callback
    def _async_deadline_reached(self, now: datetime) -> None:
        self._unsub_timer = None
        self._timer_at = None
        self._apply(self.engine.advance(now))


def _name(state: State | None) -> str | None:
    return None if state is None else state.name
