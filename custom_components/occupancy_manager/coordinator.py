"""The shell of one home (config entry): the only part of the pipeline that does I/O.

A source change flows one way: Home Assistant's state_changed event → ``sensing.py``
(state → engine inputs) → ``engine/`` (inputs → transitions) → ``effects.py``
(transitions → entity updates and events) → back here, where they are applied. This
module owns the single state subscription, the single timer, the snapshot store and the
listeners of the entities; it decides nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import (
    CALLBACK_TYPE,
    Context,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.event import (
    async_track_entity_registry_updated_event,
    async_track_state_change_event,
)
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from .const import EVENT_OCCUPANT
from .effects import as_config, plan
from .engine import EARLIEST, LATEST, OccupancyEngine, Result
from .insight import occupant_event, saved_occupants
from .issues import async_clear_issues, async_update_missing_source_issues
from .listeners import HomeListener, Listeners, OneTimer
from .locations import HomeTiming, LocationSpec
from .modes import OccupancyModes
from .persistence import SnapshotStore
from .platforms import Platforms
from .reader import HomeReader, source_state
from .sensing import HomeSettings, Sensing, Step
from .sources import NOISE_STATES, Clear, Trigger, Vacate
from .tuning import SNAPSHOT_KEY, Tuning

_LOGGER = logging.getLogger(__name__)


class OccupancyCoordinator(HomeReader):
    """Feeds the engine from Home Assistant and applies what comes out."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        specs: Mapping[str, LocationSpec],
    ) -> None:
        """Build the engine and the sensing for the home's locations."""
        self.hass = hass
        self.entry = entry
        self.specs: Mapping[str, LocationSpec] = dict(specs)
        now = dt_util.utcnow()
        self.engine = OccupancyEngine(
            (spec.to_engine() for spec in specs.values()), now
        )
        self.sensing = Sensing(
            specs, HomeSettings.from_options(entry.options), self._area_names
        )
        self.modes = OccupancyModes(hass, entry)
        self._store = SnapshotStore(hass, entry.entry_id)
        self.listeners = Listeners()
        self._timer = OneTimer(hass, self._async_deadline_reached)
        self.platforms = Platforms()
        self._unsub_sources: list[CALLBACK_TYPE] = []
        self._unsubs: list[CALLBACK_TYPE] = []
        self._unsub_stop: CALLBACK_TYPE | None = None
        self._last_change: dict[str, tuple[str, datetime]] = {}
        self._departed_while_down: dict[str, frozenset[str]] = {}
        self.tuning = Tuning(
            hass,
            entry.entry_id,
            specs,
            window=HomeTiming.from_options(entry.options).bounce_window,
            changed=self._tuning_changed,
        )
        # While one change is applied: its cause, and what it changed.
        self.context: Context | None = None
        self._changed: set[str] = set()
        self._dirty = False

    # -- lifecycle -------------------------------------------------------------

    async def async_restore(self) -> None:
        """Restore the saved state (before the entities are created)."""
        snapshot = await self._store.async_load()
        if snapshot is not None:
            # A restore is not news: it fires no change events, only updates the
            # schedule. But whoever was carried by a contribution that expired while
            # Home Assistant was down has left: that departure is told (no ghosts).
            before = self._saved_occupants(snapshot)
            self.engine.restore(snapshot, dt_util.utcnow())
            self.tuning.load(snapshot.get(SNAPSHOT_KEY))
            self._departed_while_down = {
                location_id: names - self.engine.state(location_id).occupants
                for location_id, names in before.items()
                if location_id in self.specs
            }
            self._reschedule()

    def _saved_occupants(
        self, snapshot: Mapping[str, object]
    ) -> dict[str, frozenset[str]]:
        """Who was where when the snapshot was saved (read back by a scratch engine).

        Restored at the moment of the save, nothing has expired yet; the engine reads
        its own format, whatever it is.
        """
        saved_at = dt_util.parse_datetime(str(snapshot.get("now", "")))
        if (
            saved_at is None
            or saved_at.tzinfo is None
            or not (EARLIEST <= saved_at < LATEST)
        ):
            # A moment the engine cannot stand at (a damaged or hand-edited file):
            # read the names as stored instead; setup must go on (contract "Faults").
            return saved_occupants(snapshot)
        scratch = OccupancyEngine(
            (spec.to_engine() for spec in self.specs.values()), saved_at
        )
        scratch.restore(snapshot, saved_at)
        return {
            location_id: occupants
            for location_id in self.specs
            if (occupants := scratch.state(location_id).occupants)
        }

    @callback
    def async_start(self) -> None:
        """Re-sync held sources with their live states and start listening."""
        now = dt_util.utcnow()
        with self._applying(Context()):
            for location_id, names in self._departed_while_down.items():
                for occupant in sorted(names):
                    self.hass.bus.async_fire(
                        EVENT_OCCUPANT,
                        occupant_event(self, location_id, occupant, "departed"),
                        context=self.context,
                    )
            self._departed_while_down = {}
            self.tuning.async_start()
            states = self._source_states(self.sensing.source_entities)
            self._run(self.sensing.start(states, now, sleeping=self._sleeping()), now)
            # Sources unavailable since before a restart may be overdue already.
            self.listeners.notify(self.specs, problems=True)
        self._subscribe()
        # Other integrations' entities appear during start-up: judge "missing" after.
        self._unsubs.append(async_at_started(self.hass, self._async_check_all_sources))
        self._unsub_stop = self.hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_STOP, self._async_save_on_stop
        )

    async def async_stop(self) -> None:
        """Stop listening, cancel the timer and save the final state."""
        for unsub in (*self._unsubs, *self._unsub_sources):
            unsub()
        self._unsubs.clear()
        self._unsub_sources.clear()
        if self._unsub_stop is not None:
            self._unsub_stop()
            self._unsub_stop = None
        self._timer.cancel()
        self.tuning.async_stop()
        async_clear_issues(self.hass, self.entry.entry_id, self.specs)
        await self._store.async_save(self._snapshot())

    async def _async_save_on_stop(self, _event: Event) -> None:
        # The once-listener is gone after it fired; don't remove it again on unload.
        self._unsub_stop = None
        await self._store.async_save(self._snapshot())

    def _subscribe(self) -> None:
        """One state subscription on exactly the configured sources (rebuilt on edits)."""
        for unsub in self._unsub_sources:
            unsub()
        self._unsub_sources.clear()
        if sources := sorted(self.sensing.source_entities):
            self._unsub_sources.append(
                async_track_state_change_event(
                    self.hass, sources, self._async_source_changed
                )
            )
            self._unsub_sources.append(
                async_track_entity_registry_updated_event(
                    self.hass, sources, self._async_source_registry_changed
                )
            )

    # -- for entities and actions ---------------------------------------------

    @callback
    def async_add_listener(
        self, location_id: str, update: CALLBACK_TYPE, *, problems: bool = False
    ) -> CALLBACK_TYPE:
        """Call ``update`` when the location's state (or its sources' health) changes."""
        return self.listeners.async_add(location_id, update, problems=problems)

    @callback
    def async_add_home_listener(self, update: HomeListener) -> CALLBACK_TYPE:
        """Call ``update`` once per applied change with the locations it changed.

        Locations added or removed by an edit count as changed.
        """
        return self.listeners.async_add_home(update)

    @callback
    def async_run(
        self, command: Callable[[datetime], Result], context: Context | None = None
    ) -> Result:
        """Run one engine command (an action) at the current time and apply it."""
        now = dt_util.utcnow()
        with self._applying(context or Context()):
            result = command(now)
            self._apply(result, now)
        return result

    def start_quiet(self, location_id: str, now: datetime) -> None:
        """Ignore the location's source triggers for its quiet time after a vacate."""
        self.sensing.start_quiet(location_id, now)

    def vacate(self, location_id: str, now: datetime) -> Result:
        """Vacate, then start the quiet time (a vacate source or the action)."""
        result = self.engine.vacate(location_id, now)
        if result.ignored is None:
            self.sensing.start_quiet(location_id, now)
        return result

    @callback
    def reconfigure(
        self, specs: Mapping[str, LocationSpec], settings: HomeSettings
    ) -> Edit:
        """Apply an edited configuration to the running home (no reload).

        Only what changed is touched: the engine keeps every remaining location's
        state, sensing keeps unchanged bindings, and only locations whose state
        changed are told. Raises ``ConfigError`` (nothing changed) for a forest the
        engine refuses.
        """
        old = self.specs
        # The bounce window is a home option sensing does not see.
        self.tuning.configure(
            specs, HomeTiming.from_options(self.entry.options).bounce_window
        )
        edit = Edit(
            added=specs.keys() - old.keys(),
            removed=old.keys() - specs.keys(),
            changed={
                key for key in specs.keys() & old.keys() if specs[key] != old[key]
            },
        )
        if not edit and settings == self.sensing.settings:
            return edit
        now = dt_util.utcnow()
        sources_before = self.sensing.source_entities
        result = self.engine.reconfigure(
            (spec.to_engine() for spec in specs.values()), now
        )
        self.specs = dict(specs)
        for location_id in edit.removed:
            self._last_change.pop(location_id, None)
            self._changed.add(location_id)
        self._changed.update(edit.added | edit.changed)
        with self._applying(Context()):
            needed = {e for spec in specs.values() for e, _ in spec.source_entities()}
            steps = self.sensing.reconfigure(
                specs,
                settings,
                self._area_names,
                self._source_states(needed - sources_before),
                now,
                sleeping=self._sleeping(),
            )
            self._apply(result, now, config=True)
            self._run(steps, now)
            # Entities compare what they show: an edit that changed nothing they
            # show writes nothing.
            self.listeners.notify(edit.changed)
            self.listeners.notify(specs, problems=True)
        if self.sensing.source_entities != sources_before:
            self._subscribe()
        return edit

    # -- inputs ----------------------------------------------------------------

    @callback
    def _async_source_changed(self, event: Event[EventStateChangedData]) -> None:
        entity_id = event.data["entity_id"]
        old_state = event.data["old_state"]
        new_state = event.data["new_state"]
        now = dt_util.utcnow()
        locations = self.sensing.locations_of(entity_id)
        # The flip this change causes is told as part of the change's own story.
        with self._applying(event.context):
            if old_state is None or new_state is None:
                self._check_sources_of(entity_id)
                self._problems_changed(locations)
            unavailable = new_state is None or new_state.state in NOISE_STATES
            if self.sensing.availability_changed(entity_id, unavailable, now):
                self._problems_changed(locations)
            self._run(
                self.sensing.on_change(
                    entity_id,
                    None if old_state is None else source_state(old_state),
                    source_state(new_state),
                    now,
                    occupied=self._occupied,
                    sleeping=self._sleeping(),
                ),
                now,
            )

    @callback
    def _async_source_registry_changed(self, event: Event[Any]) -> None:
        entity_id = event.data["entity_id"]
        self._check_sources_of(entity_id)
        with self._applying(event.context):
            self._problems_changed(self.sensing.locations_of(entity_id))

    @callback
    def _async_check_all_sources(self, _hass: HomeAssistant) -> None:
        async_update_missing_source_issues(
            self.hass, self.entry.entry_id, self.specs.values()
        )

    def _check_sources_of(self, entity_id: str) -> None:
        async_update_missing_source_issues(
            self.hass,
            self.entry.entry_id,
            (
                self.specs[location_id]
                for location_id in self.sensing.locations_of(entity_id)
            ),
        )

    def _run(self, steps: Iterable[Step], now: datetime) -> None:
        """Feed sensing's steps to the engine one at a time, applying each result."""
        for step in steps:
            self._step(step, now)

    def _step(self, step: Step, now: datetime) -> None:
        try:
            self._step_unguarded(step, now)
        except Exception:
            # One location's fault (bad stored data the engine refuses) must not
            # keep the other locations sharing the source from hearing of it.
            _LOGGER.exception(
                "Input %s of %s for %s failed",
                step.input,
                step.source_id,
                step.location_id,
            )

    def _step_unguarded(self, step: Step, now: datetime) -> None:
        source_input = self.sensing.admit(step, now, self._occupied)
        location_id, source_id = step.location_id, step.source_id
        match source_input:
            case Trigger(timeout=timeout, occupant=occupant):
                result = self.engine.trigger(
                    location_id, source_id, now, timeout=timeout, occupant=occupant
                )
            case Clear(trailing=trailing):
                result = self.engine.clear(
                    location_id, source_id, now, trailing=trailing
                )
            case Vacate():
                result = self.vacate(location_id, now)
            case _:
                return
        self._apply(result, now, config=step.config)

    # -- results ---------------------------------------------------------------

    @contextmanager
    def _applying(self, context: Context) -> Iterator[None]:
        """Apply one change: its writes and events carry ``context``; then tell once."""
        outer = self.context
        self.context = context
        try:
            yield
        finally:
            self.context = outer
        if outer is not None:
            return  # the enclosing change finishes the work
        self._reschedule()
        if self._dirty:
            self._dirty = False
            self._store.async_schedule_save(self._snapshot)
        changed, self._changed = self._changed, set()
        self.listeners.notify_home(changed)

    def _problems_changed(self, location_ids: set[str]) -> None:
        """The health of these locations' sources changed (the card shows it too)."""
        self._changed.update(location_ids)
        self.listeners.notify(location_ids, problems=True)

    def _apply(self, result: Result, now: datetime, *, config: bool = False) -> None:
        transitions = as_config(result.transitions) if config else result.transitions
        if not transitions:
            return
        self._dirty = True
        effects = plan(self, transitions)
        for transition in effects.changed:
            location_id = transition.location_id
            self._last_change[location_id] = (transition.reason, now)
            self.tuning.observe(transition, now, self._motion_timeout(location_id))
            self._changed.add(location_id)
            self.listeners.notify((location_id,))
        for event_type, data in effects.events:
            self.hass.bus.async_fire(event_type, data, context=self.context)
        for transition in effects.modes:
            self.modes.on_transition(
                self.specs[transition.location_id], transition, self.context
            )
        for location_id in effects.unlocked:
            self._run(self.sensing.after_unlock(location_id), now)
        for location_id in effects.occupied:
            self._run(self.sensing.on_occupied(location_id), now)

    # -- the one timer ---------------------------------------------------------

    def _reschedule(self) -> None:
        deadlines = [
            deadline
            for deadline in (
                self.engine.next_deadline,
                self.sensing.next_deadline(),
                self.tuning.next_deadline(dt_util.utcnow()),
            )
            if deadline is not None
        ]
        self._timer.schedule(min(deadlines, default=None))

    def _async_deadline_reached(self, now: datetime) -> None:
        with self._applying(Context()):
            self._apply(self.engine.advance(now), now)
            self.tuning.advance(now)
            steps, flagged = self.sensing.due(now, self._occupied)
            self._run(steps, now)
            self._problems_changed(flagged)

    @callback
    def _tuning_changed(self, location_id: str) -> None:
        """A count aged out or the advice was dismissed: show it, save it."""
        self.listeners.notify((location_id,))
        self._store.async_schedule_save(self._snapshot)


@dataclass(frozen=True, slots=True)
class Edit:
    """Which locations an edit added, removed or changed."""

    added: set[str]
    removed: set[str]
    changed: set[str]

    def __bool__(self) -> bool:
        """True when any location was added, removed or changed."""
        return bool(self.added or self.removed or self.changed)
