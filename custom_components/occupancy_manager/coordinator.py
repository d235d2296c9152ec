"""The shell of one home (config entry): the only part of the pipeline that does I/O.

A source change flows one way: Home Assistant's state_changed event → ``sensing.py``
(state → engine inputs) → ``engine/`` (inputs → transitions) → ``effects.py``
(transitions → entity updates and events) → back to the shell, where they are applied
(``pipeline.py``). This module builds a home and wires it to Home Assistant: the
restore, start and stop, the single state subscription, the listeners of the entities
and live edits; it decides nothing itself.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_FRIENDLY_NAME, EVENT_HOMEASSISTANT_STOP
from homeassistant.core import (
    CALLBACK_TYPE,
    Context,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import (
    async_track_entity_registry_updated_event,
    async_track_state_change_event,
)
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .applying import Applying
from .carrying import SNAPSHOT_KEY as RENAMED_KEY, RenameNotes
from .clock import WallClock
from .const import DOMAIN, EVENT_OCCUPANT
from .effects import as_config
from .engine import OccupancyEngine, Result
from .insight import contributions_memo, occupant_event
from .issues import async_clear_issues, async_update_missing_source_issues
from .listeners import HomeListener, Listeners, OneTimer
from .locations import HomeTiming, LocationSpec
from .modes import OccupancyModes
from .persistence import SnapshotStore
from .pipeline import Pipeline
from .platforms import Platforms
from .renames import (
    SNAPSHOT_KEY as REGISTRY_KEY,
    named_entities,
    read_saved,
    registry_ids,
)
from .saved_state import (
    NOTHING_RESTORED,
    Restored,
    restore,
    started_after_unlocks,
    started_with_unbound_ended,
    started_without_unchanged,
)
from .sensing import HomeSettings, Sensing
from .sources import NO_STATE, unavailable
from .tuning import Tuning
from .unlocking import merged

LADDER_BATCH: Final = 32
"""Ladder steps per engine call. When more fall due at once (an hour after a start,
every location that stayed vacant), the timer re-arms at once for the rest, so Home
Assistant's loop runs other work between the batches; a cause arriving meanwhile waits
its turn behind them (pipeline.py, benchmarks/ha_tick.py).
"""

# Each home's last change per location, kept across a reload of the home (an entity
# disabled or enabled reloads it too), not a restart: README "Why is it occupied?".
LAST_CHANGES: HassKey[dict[str, dict[str, tuple[str, datetime]]]] = HassKey(
    f"{DOMAIN}_last_changes"
)


class OccupancyCoordinator(Pipeline):
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
        self._entities = er.async_get(hass)
        self._occupancy_keys = {}
        self._contributions = contributions_memo(self)
        now = dt_util.utcnow()
        self.engine = OccupancyEngine(
            (spec.to_engine() for spec in specs.values()), now, batch=LADDER_BATCH
        )
        self._clock = WallClock(hass.loop.time)
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
        self._stopped = False
        kept = hass.data.get(LAST_CHANGES, {}).pop(entry.entry_id, {})
        self._last_change: dict[str, tuple[str, datetime]] = {
            location_id: change
            for location_id, change in kept.items()
            if location_id in self.specs
        }
        # What the restore left the start to tell or undo; None once started. (One
        # attribute: past 30, CPython's attribute reads of a home, on every change,
        # get slower.)
        self._restored: Restored | None = NOTHING_RESTORED
        self._renames = RenameNotes(self.state, self.sensing)
        self._registry_ids = {}
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
        self._problems: dict[str, tuple[str, ...]] = {}
        self._waiting = deque()

    # -- lifecycle -------------------------------------------------------------

    def restore(
        self,
        snapshot: Mapping[str, object] | None,
        renamed: Mapping[str, str] | None = None,
    ) -> None:
        """Restore the saved state (before the entities are created).

        ``snapshot``: what the store loaded; ``renamed``: the old id → new id of
        entities renamed while the home was not loaded, followed since
        (``renames.py``): their locations keep what the old ids held (``carrying.py``).
        """
        # The timer is armed by the start: a setup that fails before it leaves
        # nothing running.
        restored = restore(
            snapshot,
            self.engine,
            self.tuning,
            self.specs,
            self.sensing.ended_while_locked,
        )
        self._restored = restored
        if snapshot is not None:
            self._registry_ids = read_saved(snapshot.get(REGISTRY_KEY))
        self._renames.restore(
            None if snapshot is None else snapshot.get(RENAMED_KEY), renamed or {}
        )

    @callback
    def async_start(self) -> None:
        """Re-sync held sources with their live states and start listening."""
        now = dt_util.utcnow()
        restored = self._restored or NOTHING_RESTORED
        with Applying(self, Context()):
            for location_id, names in restored.departed.items():
                for occupant in sorted(names):
                    self.hass.bus.async_fire(
                        EVENT_OCCUPANT,
                        occupant_event(self, location_id, occupant, "departed"),
                        context=self.context,
                    )
            self.tuning.async_start()
            states = self._source_states(self.sensing.source_entities)
            start = started_after_unlocks(
                started_without_unchanged(
                    self.sensing.start(
                        states, now, sleeping=self._sleeping(), gone=restored.gone
                    ),
                    states,
                    restored.kept,
                    restored.heard,
                    restored.gone,
                ),
                restored.unlocked,
                self.sensing,
                sleeping=self._sleeping(),
            )
            unbound = restored.unbound
            steps = started_with_unbound_ended(
                self._renames.at_start(
                    start, unbound, restored.heard, states, restored.unlocked, now
                ),
                unbound,
                self.engine,
                self.sensing.ended_while_locked,
            )
            self._run(steps, now)
            # Sources unavailable since before a restart may be overdue already.
            self._recheck_problems(self.specs)
        self._refresh_registry_ids()
        self._subscribe()
        # Other integrations' entities appear during start-up: judge "missing" after.
        self._unsubs.append(async_at_started(self.hass, self._async_check_all_sources))
        self._unsub_stop = self.hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_STOP, self._async_save_on_stop
        )
        self._restored = None  # started
        if self._store.owes_save:
            # Read from memory: the file is older (the disk refused it); try again.
            self._store.async_schedule_save(self._snapshot)

    async def async_stop(self) -> None:
        """Stop listening, cancel the timer and save the final state (once)."""
        if self._stopped:
            return
        self._stopped = True
        # Causes still waiting are inputs the saved state must hold (an edit among
        # them is left to the next setup, which reads the entry as it is).
        self.settle()
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
        self.hass.data.setdefault(LAST_CHANGES, {})[self.entry.entry_id] = dict(
            self._last_change
        )
        if self._restored is not None:
            # A setup that failed before the start: the file stays as it was loaded,
            # what the next try must read (the ends of what an edit or a rename
            # made while down unbound are only worked out from it).
            return
        self._refresh_registry_ids()
        await self._store.async_save(self._snapshot())

    async def _async_save_on_stop(self, _event: Event) -> None:
        # The once-listener is gone after it fired; don't remove it again on unload.
        self._unsub_stop = None
        self.settle()
        self._refresh_registry_ids()
        await self._store.async_save(self._snapshot())

    def _subscribe(self) -> None:
        """One state subscription on exactly the configured sources (rebuilt on edits).

        The new one is made before the old one goes: Home Assistant 2025.4 hands a
        change to its trackers a loop turn later through its table of trackers as
        it was, and a table left empty in between is dropped with the changes in
        flight (the home the only tracker of state changes).
        """
        old, self._unsub_sources = self._unsub_sources, []
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
        for unsub in old:
            unsub()

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
    def reconfigure(
        self,
        specs: Mapping[str, LocationSpec],
        settings: HomeSettings,
        now: datetime | None = None,
        *,
        window: timedelta | None = None,
        rebind: bool = False,
    ) -> Edit:
        """Apply an edited configuration to the running home (no reload).

        Only what changed is touched: the engine keeps every remaining location's
        state, sensing keeps unchanged bindings, and only locations whose state
        changed are told. Raises ``ConfigError`` (nothing changed) for a forest the
        engine refuses. ``now`` and ``window`` (the bounce window, a home option):
        the moment the edit was made and its window then (it waited its turn,
        ``live.py``); by default the current time and the entry's window.
        ``rebind``: bind the sources anew though nothing changed (an area renamed
        in the registry: room trackers report it by its new name).
        """
        old = self.specs
        edit = Edit(
            added=specs.keys() - old.keys(),
            removed=old.keys() - specs.keys(),
            changed={
                key for key in specs.keys() & old.keys() if specs[key] != old[key]
            },
        )
        # The bounce window is a home option only the tuning sees.
        if window is None:
            window = HomeTiming.from_options(self.entry.options).bounce_window
        if edit or rebind or settings != self.sensing.settings:
            self._adopt(specs, settings, edit, window, now or dt_util.utcnow())
        elif window != self.tuning.window:
            self.tuning.configure(specs, window)
        return edit

    def _adopt(
        self,
        specs: Mapping[str, LocationSpec],
        settings: HomeSettings,
        edit: Edit,
        window: timedelta,
        now: datetime,
    ) -> None:
        """The engine first (it may refuse the forest), then everything else."""
        # Nothing is due when the edit took its turn; called directly, the steps
        # due are still told as the timer's, not labelled ``config``.
        self.catch_up(now)
        old = self.specs
        sources_before = self.sensing.source_entities
        result = self.engine.reconfigure(
            (spec.to_engine() for spec in specs.values()), now
        )
        # Sensing before the new ``specs``: the contributions memo keeps the kinds
        # sensing gives for as long as ``specs`` stays the same object, so whatever
        # reads the contributions from here on (a listener of the tuning's issue
        # update, just below) remembers either the old binding's kinds under the
        # old ``specs``, forgotten with it, or the new binding's under the new.
        needed = {e for spec in specs.values() for e, _ in spec.source_entities()}
        steps = self.sensing.reconfigure(
            specs,
            settings,
            self._area_names,
            self._source_states(needed - sources_before),
            now,
            sleeping=self._sleeping(),
            locked=lambda location_id: self.state(location_id).locked,
        )
        steps = self._renames.at_edit(steps, self._written, specs, now)
        self.specs = dict(specs)
        if edit or window != self.tuning.window:
            # Before the edit's transitions: they are counted for the new forest.
            self.tuning.configure(specs, window)
        for location_id in edit.removed:
            self._last_change.pop(location_id, None)
            self._problems.pop(location_id, None)
            self._changed.add(location_id)
        self._changed.update(edit.added | edit.changed)
        with Applying(self, Context()):
            # Told once, merged: a location whose strategy or sources changed may
            # lose what held it and be held again by its sensors read anew, which
            # is no change (contract "Edits are live").
            told = list(as_config(result.transitions))
            for step in steps:
                self._step(step, now, collect=told)
            self._apply(Result(transitions=merged(told)), now)
            # Entities compare what they show: an edit that changed nothing they
            # show writes nothing.
            self.listeners.notify(edit.changed)
            # A name changes no engine state, but the parent names its child in its
            # contributions (``child:<id>``); no other ancestor shows it.
            parents = {
                parent
                for location_id in edit.changed
                if specs[location_id].name != old[location_id].name
                and (parent := specs[location_id].parent_id) is not None
                and parent in specs
            }
            self._changed.update(parents)
            self.listeners.notify(parents)
            self._recheck_problems(specs)
        if self.sensing.source_entities != sources_before:
            self._subscribe()
        self._refresh_registry_ids()

    # -- inputs ----------------------------------------------------------------

    @callback
    def _async_source_changed(self, event: Event[EventStateChangedData]) -> None:
        self.async_in_turn(partial(self._source_changed, event))

    def _source_changed(
        self, event: Event[EventStateChangedData], now: datetime
    ) -> None:
        data = event.data
        entity_id, old_state, new_state = (
            data["entity_id"],
            data["old_state"],
            data["new_state"],
        )
        # The flip this change causes is told as part of the change's own story.
        with Applying(self, event.context):
            if old_state is None or new_state is None:
                self._check_sources_of(entity_id)
                self._recheck_problems(self.sensing.locations_of(entity_id))
            # Home Assistant's states go to sensing as they are (issue 14).
            new = NO_STATE if new_state is None else new_state
            heard = old_state
            if old_state is None and self._renames.reappears(entity_id):
                heard = new_state  # the same sensor in the same state, renamed
            self._run(
                self.sensing.on_change(
                    entity_id,
                    heard,
                    new,
                    now,
                    occupied=self._occupied,
                    sleeping=self._sleeping(),
                ),
                now,
            )
            # After the steps: what they feed the engine does not depend on it, and
            # the sources-problem entity need not write before the occupancy sensor.
            if self.sensing.availability_changed(
                entity_id, unavailable(new.state), now
            ):
                self._recheck_problems(self.sensing.locations_of(entity_id))
            # A source's name shows in its locations' contributions, and a new one
            # need not change any engine state (nor does a changed state always).
            # Two lookups per change; the entities and the feed compare what they
            # show, so a location holding no contribution of it writes nothing.
            if (
                old_state is None
                or new_state is None
                or old_state.attributes.get(ATTR_FRIENDLY_NAME)
                != new_state.attributes.get(ATTR_FRIENDLY_NAME)
            ):
                locations = self.sensing.locations_of(entity_id)
                self._changed.update(locations)
                self.listeners.notify(locations)

    @callback
    def _async_source_registry_changed(self, event: Event[Any]) -> None:
        entity_id = event.data["entity_id"]
        self._refresh_registry_ids()
        self._check_sources_of(entity_id)
        with Applying(self, event.context):
            self._recheck_problems(self.sensing.locations_of(entity_id))

    @callback
    def _async_check_all_sources(self, _hass: HomeAssistant) -> None:
        self._refresh_registry_ids()  # entities other integrations registered since
        async_update_missing_source_issues(
            self.hass, self.entry.entry_id, self.specs.values()
        )
        with Applying(self, Context()):
            self._recheck_problems(self.specs)

    def _refresh_registry_ids(self) -> None:
        """Work out anew what the save names each entity's registry entry by."""
        named = named_entities(self.specs.values(), self.sensing.settings.sleep_entity)
        self._registry_ids = registry_ids(self._entities, named, self._registry_ids)

    @callback
    def note_renamed(self, renamed: Mapping[str, str]) -> None:
        """Entities renamed in the registry: the edit that follows carries them."""
        self._renames.note(renamed)

    def _written(self, entity_id: str) -> bool:
        return self.hass.states.get(entity_id) is not None

    def _check_sources_of(self, entity_id: str) -> None:
        async_update_missing_source_issues(
            self.hass,
            self.entry.entry_id,
            (
                self.specs[location_id]
                for location_id in self.sensing.locations_of(entity_id)
            ),
        )


@dataclass(frozen=True, slots=True)
class Edit:
    """Which locations an edit added, removed or changed."""

    added: set[str]
    removed: set[str]
    changed: set[str]

    def __bool__(self) -> bool:
        """True when any location was added, removed or changed."""
        return bool(self.added or self.removed or self.changed)
