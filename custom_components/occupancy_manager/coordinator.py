"""The imperative shell around the engine: one per home (config entry).

It owns the only state subscription (exactly the configured source entities), the only
timer (the earliest of the engine's ``next_deadline``, a wasp verify and a source's
unavailable grace), the snapshot store, and the per-location listeners of the entities.
The decisions live in ``engine/``, ``sources.py``, ``wasp.py`` and ``health.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
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

from .bindings import Binding, build_bindings
from .const import (
    CONF_SLEEP_ENTITY,
    DOMAIN,
    EVENT_OCCUPANCY_CHANGED,
    EVENT_OCCUPANT,
    WASP_SOURCE,
    SourceKind,
)
from .engine import LocationState, OccupancyEngine, Result, Transition
from .health import SourceHealth
from .insight import changed_event, occupant_event, saved_occupants
from .issues import (
    async_clear_issues,
    async_update_missing_source_issues,
    missing_sources,
)
from .locations import HomeTiming, LocationSpec
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
)
from .wasp import WaspRooms

_LOGGER = logging.getLogger(__name__)


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
        self._problem_listeners: defaultdict[str, list[CALLBACK_TYPE]] = defaultdict(
            list
        )
        areas = ar.async_get(hass)

        def _area_names(area_id: str) -> tuple[str, ...]:
            area = areas.async_get_area(area_id)
            return (area.id, area.name) if area is not None else ()

        self._bindings = build_bindings(specs.values(), _area_names)
        self._kinds = {
            (binding.location_id, entity_id): binding.kind
            for entity_id, bindings in self._bindings.items()
            for binding in bindings
        }
        self._unsub_timer: CALLBACK_TYPE | None = None
        self._timer_at: datetime | None = None
        self._unsubs: list[CALLBACK_TYPE] = []
        self._unsub_stop: CALLBACK_TYPE | None = None
        self.reload_requested = False
        self.modes = OccupancyModes(hass, entry)
        self.wasp = WaspRooms(specs.values())
        self.health = SourceHealth(
            HomeTiming.from_options(entry.options).unavailable_grace
        )
        sleep_entity = entry.options.get(CONF_SLEEP_ENTITY)
        self._sleep_entity = sleep_entity if isinstance(sleep_entity, str) else None
        self._quiet_until: dict[str, datetime] = {}
        self._quiet_notes: dict[str, str] = {}
        self._last_change: dict[str, tuple[str, datetime]] = {}
        self._departed_while_down: dict[str, frozenset[str]] = {}
        # CARD-MINIMAL (issue 15): stand-in for the shell's home-wide change feed;
        # replace with the shell's async_add_home_listener at merge.
        self._home_listeners: list[Callable[[set[str]], None]] = []

    # -- lifecycle -------------------------------------------------------------

    async def async_restore(self) -> None:
        """Restore the saved state (before the entities are created)."""
        snapshot = await self._store.async_load()
        if snapshot is not None:
            # A restore is not news: it fires no change events, only updates the
            # schedule. But whoever was carried by a contribution that expired while
            # Home Assistant was down has left: that departure is told (no ghosts).
            before = saved_occupants(snapshot)
            self.engine.restore(snapshot, dt_util.utcnow())
            self._departed_while_down = {
                location_id: names - self.engine.state(location_id).occupants
                for location_id, names in before.items()
                if location_id in self.specs
            }
            self._reschedule()

    @callback
    def async_start(self) -> None:
        """Re-sync held sources with their live states and start listening."""
        now = dt_util.utcnow()
        for location_id, names in self._departed_while_down.items():
            for occupant in sorted(names):
                self.hass.bus.async_fire(
                    EVENT_OCCUPANT,
                    occupant_event(self, location_id, occupant, "departed"),
                )
        self._departed_while_down = {}
        door_signals: dict[str, Signal] = {}
        for entity_id, bindings in self._bindings.items():
            state = self.hass.states.get(entity_id)
            for binding in bindings:
                current = self._signal(binding, entity_id, state)
                door_signals[entity_id] = current
                self.health.update(entity_id, current is Signal.UNAVAILABLE, now)
                self._send(
                    binding.location_id,
                    entity_id,
                    input_for_resync(
                        binding.kind, current, self._timing(binding), _name(state)
                    ),
                    now,
                )
        for location_id, wasp_input in self.wasp.start(door_signals, now):
            self._send(location_id, WASP_SOURCE, wasp_input, now)
        self._reschedule()
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
        self, location_id: str, update: CALLBACK_TYPE, *, problems: bool = False
    ) -> CALLBACK_TYPE:
        """Call ``update`` when the location's state (or its sources' health) changes."""
        listeners = (self._problem_listeners if problems else self._listeners)[
            location_id
        ]
        listeners.append(update)
        return lambda: listeners.remove(update)

    @callback
    def async_add_home_listener(
        self, update: Callable[[set[str]], None]
    ) -> CALLBACK_TYPE:
        """CARD-MINIMAL: call ``update`` with the ids of locations that changed."""
        self._home_listeners.append(update)
        return lambda: self._home_listeners.remove(update)

    @callback
    def async_run(self, command: Callable[[datetime], Result]) -> Result:
        """Run one engine command at the current time and apply its result."""
        result = command(dt_util.utcnow())
        self._apply(result)
        return result

    def source_kind(self, location_id: str, source_id: str) -> SourceKind | None:
        """The kind a source entity has in a location, if it is one of its sources."""
        return self._kinds.get((location_id, source_id))

    def last_change(self, location_id: str) -> tuple[str | None, datetime | None]:
        """Reason and time of the location's last change since start-up.

        While vacate's quiet time ignores triggers, the reason says so.
        """
        reason, changed_at = self._last_change.get(location_id, (None, None))
        if note := self._quiet_notes.get(location_id):
            if dt_util.utcnow() < self._quiet_until.get(location_id, _NEVER):
                reason = f"{reason}; {note}" if reason else note
        return reason, changed_at

    def problem_sources(self, location_id: str) -> list[str]:
        """Sources that are missing, or unavailable for longer than the grace."""
        spec = self.specs[location_id]
        flagged = {
            entity_id
            for entity_id, _kind in spec.source_entities()
            if entity_id in self.health.flagged
        }
        return sorted(flagged | set(missing_sources(self.hass, spec)))

    def start_quiet(self, location_id: str, now: datetime) -> None:
        """Ignore the location's source triggers for its quiet time after a vacate."""
        quiet = self.specs[location_id].vacate_quiet
        if quiet > timedelta(0):
            self._quiet_until[location_id] = now + quiet
            self._quiet_notes.pop(location_id, None)

    def vacate(self, location_id: str, now: datetime) -> Result:
        """Vacate, then start the quiet time (a vacate source or the action)."""
        result = self.engine.vacate(location_id, now)
        if result.ignored is None:
            self.start_quiet(location_id, now)
        return result

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
        bindings = self._bindings.get(entity_id, ())
        if old_state is None or new_state is None:
            self._check_sources_of(entity_id)
            self._notify({b.location_id for b in bindings}, problems=True)
        unavailable = new_state is None or new_state.state in _UNAVAILABLE
        if self.health.update(entity_id, unavailable, now):
            self._notify({b.location_id for b in bindings}, problems=True)
        for binding in bindings:
            old = (
                None
                if old_state is None
                else self._signal(binding, entity_id, old_state)
            )
            new = self._signal(binding, entity_id, new_state)
            location_id = binding.location_id
            if location_id in self.wasp:
                wasp_input = self.wasp.on_change(
                    location_id,
                    binding.kind,
                    entity_id=entity_id,
                    old=old,
                    new=new,
                    now=now,
                    occupied=self.engine.state(location_id).occupied,
                )
                self._send(location_id, WASP_SOURCE, wasp_input, now)
                self._reschedule()  # a box that just closed has a verify pending
            source_input = input_for_change(
                binding.kind, old, new, self._timing(binding), _name(new_state)
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
        entity_id = event.data["entity_id"]
        self._check_sources_of(entity_id)
        self._notify(
            {b.location_id for b in self._bindings.get(entity_id, ())}, problems=True
        )

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

    def _timing(self, binding: Binding) -> Timing:
        """The sleep profile's timing while the household sleeps, for new inputs."""
        if self._sleep_entity is not None:
            sleep = self.hass.states.get(self._sleep_entity)
            if sleep is not None and sleep.state == "on":
                return binding.sleep_timing
        return binding.timing

    @staticmethod
    def _signal(binding: Binding, entity_id: str, state: State | None) -> Signal:
        return binding.signal(entity_id, None if state is None else state.state)

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
                if now < self._quiet_until.get(location_id, _NEVER):
                    self._quiet_notes[location_id] = (
                        f"ignored trigger:{source_id} (quiet after vacate)"
                    )
                    _LOGGER.debug(
                        "Ignoring trigger:%s in %s: quiet after vacate until %s",
                        source_id,
                        location_id,
                        self._quiet_until[location_id],
                    )
                    return
                result = engine.trigger(
                    location_id, source_id, now, timeout=timeout, occupant=occupant
                )
            case Clear(trailing=trailing):
                result = engine.clear(location_id, source_id, now, trailing=trailing)
            case Vacate():
                result = self.vacate(location_id, now)
            case _:
                return
        self._apply(result)

    # -- results ---------------------------------------------------------------

    def _apply(self, result: Result) -> None:
        if result.transitions:
            now = dt_util.utcnow()
        for transition in result.transitions:
            location_id = transition.location_id
            self._last_change[location_id] = (transition.reason, now)
            self._notify((location_id,))
            self.modes.on_transition(self.specs[location_id], transition)
            if transition.occupied_changed:
                self.hass.bus.async_fire(
                    EVENT_OCCUPANCY_CHANGED,
                    changed_event(
                        self, location_id, transition.reason, transition.current
                    ),
                )
            self._fire_occupants(transition)
            if transition.previous.locked and not transition.current.locked:
                self._send(
                    location_id, WASP_SOURCE, self.wasp.after_unlock(location_id), now
                )
        self._reschedule()
        if result.transitions:
            self._store.async_schedule_save(self.engine.snapshot)

    def _fire_occupants(self, transition: Transition) -> None:
        before = transition.previous.occupants
        after = transition.current.occupants
        for action, names in (
            ("arrived", after - before),
            ("departed", before - after),
        ):
            for occupant in sorted(names):
                self.hass.bus.async_fire(
                    EVENT_OCCUPANT,
                    occupant_event(self, transition.location_id, occupant, action),
                )

    def _notify(self, location_ids: Iterable[str], *, problems: bool = False) -> None:
        listeners = self._problem_listeners if problems else self._listeners
        for location_id in location_ids:
            for update in tuple(listeners.get(location_id, ())):
                update()
        if self._home_listeners:  # CARD-MINIMAL
            changed = set(location_ids)
            for home_update in tuple(self._home_listeners):
                home_update(changed)

    # -- the one timer ---------------------------------------------------------

    def _reschedule(self) -> None:
        deadlines = [
            deadline
            for deadline in (
                self.engine.next_deadline,
                self.wasp.next_deadline(),
                self.health.next_deadline(),
            )
            if deadline is not None
        ]
        deadline = min(deadlines, default=None)
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
        for location_id, wasp_input in self.wasp.due(now, self._held_on):
            self._send(location_id, WASP_SOURCE, wasp_input, now)
        if flagged := self.health.advance(now):
            self._notify(
                {
                    b.location_id
                    for entity_id in flagged
                    for b in self._bindings[entity_id]
                },
                problems=True,
            )
        self._reschedule()

    def _held_on(self, location_id: str) -> bool:
        """A presence (or, when occupied, a keep) source of the location is on now."""
        occupied = self.engine.state(location_id).occupied
        for entity_id, kind in self.specs[location_id].source_entities():
            if kind is SourceKind.PRESENCE or (kind is SourceKind.KEEP and occupied):
                state = self.hass.states.get(entity_id)
                if state is not None and state.state == "on":
                    return True
        return False


_NEVER = datetime.min.replace(tzinfo=UTC)
_UNAVAILABLE = frozenset({"unavailable", "unknown"})


def _name(state: State | None) -> str | None:
    return None if state is None else state.name
