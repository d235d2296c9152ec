"""Sensing: Home Assistant state changes in, engine inputs out (pure, time passed in).

The first stage of the shell's pipeline (sensing → engine → effects → shell). It knows
which location each source feeds and as what (``bindings.py``), what a state means
(``sources.py``), the wasp boxes (``wasp.py``), source health (``health.py``), the quiet
time after a vacate (``quiet.py``), the sleep timings and the keep gating. It never
touches Home Assistant: the shell hands it plain states and applies the steps it
yields, one at a time, so each step sees the engine as the previous one left it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
import logging

from .bindings import Binding, build_bindings, by_pair, keeps_by_location
from .const import CONF_SLEEP_ENTITY, WASP_SOURCE, SourceKind
from .health import SourceHealth
from .locations import HomeTiming, LocationSpec
from .quiet import QuietTimes
from .sources import (
    NO_STATE,
    Clear,
    Input,
    Signal,
    Source,
    Timing,
    Trigger,
    input_for_resync,
    occupant_name,
    unavailable,
)
from .unlocking import EndedWhileLocked, unlock_inputs
from .wasp import WaspRooms

_LOGGER = logging.getLogger(__name__)

type Occupied = Callable[[str], bool]
"""Whether a location is occupied right now (the engine's answer, read lazily)."""


@dataclass(slots=True)
class Step:
    """One engine input for one location from one source.

    ``config`` marks a step caused by an edit of the configuration: its transitions
    carry the reason ``config``. Never changed once built, but not frozen: one is
    built for every source change, and a frozen dataclass's ``__init__`` costs about
    three times as much (issue 14).
    """

    location_id: str
    source_id: str
    input: Input
    config: bool = False


def holds_first(steps: Iterable[Step]) -> list[Step]:
    """Steps that both start and end contributions, every trigger before any end.

    An edit, an unlock or a start after an edit made while down may swap the
    sensor that holds a room for another that is on, or file it under another
    kind: were the old contribution ended first, the room would go vacant and
    occupied again within one change (two changed events, every ``to: "on"``
    automation run again). An indefinite trigger replaces whatever its source held,
    so an end of that same source is dropped; a timed one never shortens an
    indefinite contribution, so its end stays. Otherwise the order is kept.
    """
    steps = list(steps)
    held = {
        (step.location_id, step.source_id)
        for step in steps
        if isinstance(step.input, Trigger) and step.input.timeout is None
    }
    return [step for step in steps if isinstance(step.input, Trigger)] + [
        step
        for step in steps
        if not isinstance(step.input, Trigger)
        and not (
            isinstance(step.input, Clear)
            and not step.input.trailing
            and (step.location_id, step.source_id) in held
        )
    ]


@dataclass(frozen=True, slots=True)
class HomeSettings:
    """The home-wide settings sensing needs, besides the locations."""

    unavailable_grace: timedelta
    sleep_entity: str | None = None

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> HomeSettings:
        """Read the home's options."""
        sleep_entity = options.get(CONF_SLEEP_ENTITY)
        return cls(
            unavailable_grace=HomeTiming.from_options(options).unavailable_grace,
            sleep_entity=sleep_entity if isinstance(sleep_entity, str) else None,
        )


class Sensing:
    """Bindings, wasp boxes, source health and quiet times of one home."""

    def __init__(
        self,
        specs: Mapping[str, LocationSpec],
        settings: HomeSettings,
        area_names: Callable[[str], tuple[str, ...]],
    ) -> None:
        """Bind every location's sources."""
        self.settings = settings
        self.health = SourceHealth(settings.unavailable_grace)
        self._specs = dict(specs)
        self._bindings = build_bindings(specs.values(), area_names)
        self._pairs = by_pair(self._bindings)
        self._keeps = keeps_by_location(specs.values(), self._bindings)
        self.wasp = WaspRooms(specs.values())
        self._sources: dict[str, Source] = {}
        self.quiet = QuietTimes()
        self.ended_while_locked = EndedWhileLocked()

    # -- what the shell asks -----------------------------------------------------

    @property
    def source_entities(self) -> frozenset[str]:
        """Every entity the home listens to (exactly the configured sources)."""
        return frozenset(self._bindings)

    def locations_of(self, entity_id: str) -> set[str]:
        """The locations a source entity feeds."""
        return {binding.location_id for binding in self._bindings.get(entity_id, ())}

    def kind(self, location_id: str, source_id: str) -> SourceKind | None:
        """The kind a source entity has in a location, if it is one of its sources."""
        binding = self._pairs.get((location_id, source_id))
        return binding.kind if binding is not None else None

    def next_deadline(self) -> datetime | None:
        """The earliest wasp verify or end of a source's grace."""
        verify, grace = self.wasp.next_deadline(), self.health.next_deadline()
        if verify is None or (grace is not None and grace < verify):
            return grace
        return verify

    @property
    def heard(self) -> Mapping[str, Source]:
        """Each bound source's state as last heard (saved: ``saved_state.py``)."""
        return self._sources

    @property
    def gone(self) -> dict[str, datetime]:
        """Since when each source without a state has had none (saved with ``heard``)."""
        return {
            entity_id: since
            for entity_id, source in self._sources.items()
            if source.state is None and (since := self.health.since.get(entity_id))
        }

    def quiet_note(self, location_id: str, now: datetime) -> str | None:
        """Why triggers are being ignored right now (quiet time after a vacate)."""
        return self.quiet.note(location_id, now)

    # -- inputs --------------------------------------------------------------------

    def start(
        self,
        states: Mapping[str, Source],
        now: datetime,
        *,
        sleeping: bool,
        gone: Mapping[str, datetime] | None = None,
    ) -> list[Step]:
        """Re-synchronise held sources with their live states (after a restore).

        A source already unavailable counts from when its state last changed, so a
        reload or restart does not restart its grace; one without a state, from
        since when it had none when saved (``gone``).
        """
        steps: list[Step] = []
        door_signals: dict[str, Signal] = {}
        for entity_id, bindings in self._bindings.items():
            source = states.get(entity_id, NO_STATE)
            self._sources[entity_id] = source
            since = source.last_changed
            if source.state is None and gone is not None:
                since = gone.get(entity_id)
            self.health.update(entity_id, unavailable(source.state), now, since)
            for binding in bindings:
                current = binding.signal(entity_id, source.state, source.attributes)
                door_signals[entity_id] = current
                resync = input_for_resync(
                    binding.kind,
                    current,
                    self._timing(binding, sleeping),
                    source.name,
                )
                if resync is not None:
                    steps.append(Step(binding.location_id, entity_id, resync))
        steps.extend(
            Step(location_id, WASP_SOURCE, wasp_input)
            for location_id, wasp_input in self.wasp.start(door_signals, now)
        )
        self.health.advance(now)  # unavailable since before a restart: maybe overdue
        return steps

    def on_change(
        self,
        entity_id: str,
        old: Source | None,
        new: Source,
        now: datetime,
        *,
        occupied: Occupied,
        sleeping: bool,
    ) -> Iterator[Step]:
        """The steps one state change of a source calls for, in order."""
        self._sources[entity_id] = new
        for binding in self._bindings.get(entity_id, ()):
            old_signal = (
                None
                if old is None
                else binding.signal(entity_id, old.state, old.attributes)
            )
            new_signal = binding.signal(entity_id, new.state, new.attributes)
            location_id = binding.location_id
            if location_id in self.wasp:
                wasp_input = self.wasp.on_change(
                    location_id,
                    binding.kind,
                    entity_id=entity_id,
                    old=old_signal,
                    new=new_signal,
                    now=now,
                    occupied=occupied(location_id),
                )
                if wasp_input is not None:
                    yield Step(location_id, WASP_SOURCE, wasp_input)
            if binding.kind is SourceKind.OCCUPANT:
                source_input = _tracker_input(
                    binding, old, new, old_signal, new_signal, sleeping=sleeping
                )
            else:
                # Follows from the two signals alone: no name read (issue 14).
                source_input = binding.input_for_change(
                    old_signal, new_signal, sleeping
                )
            if _LOGGER.isEnabledFor(logging.DEBUG):  # seven arguments, every change
                _LOGGER.debug(
                    "%s (%s) %s -> %s for %s: %s",
                    entity_id,
                    binding.kind,
                    old_signal,
                    new_signal,
                    location_id,
                    source_input,
                )
            if source_input is not None:
                yield Step(location_id, entity_id, source_input)

    def availability_changed(
        self, entity_id: str, unavailable: bool, now: datetime
    ) -> bool:
        """Record a source's availability; True when its problem flag changed."""
        return self.health.update(entity_id, unavailable, now)

    def due(self, now: datetime, occupied: Occupied) -> tuple[list[Step], set[str]]:
        """Wasp verifies that came due, and the locations of newly flagged sources."""
        steps = [
            Step(location_id, WASP_SOURCE, wasp_input)
            for location_id, wasp_input in self.wasp.due(
                now, lambda location_id: self._held_on(location_id, occupied)
            )
            if wasp_input is not None
        ]
        flagged = self.health.advance(now)
        return steps, {
            location_id
            for entity_id in flagged
            for location_id in self.locations_of(entity_id)
        }

    def after_unlock(
        self,
        location_id: str,
        *,
        sleeping: bool,
        late: timedelta = timedelta(0),
    ) -> Iterator[Step]:
        """Inputs were ignored while locked: bring the held sources and the wasp in line.

        A presence sensor that went off during the lock would otherwise hold the
        room for good (no new edge comes), and one that came on would never count.
        A held source whose state did not change gives an input that changes nothing.
        ``late``: how long after it was due the lock went (``unlocking.lateness``).
        """
        spec = self._specs.get(location_id)
        resyncs = [
            (
                entity_id,
                input_for_resync(
                    binding.kind,
                    self._signal(binding, entity_id),
                    self._timing(binding, sleeping),
                    self._sources.get(entity_id, NO_STATE).name,
                ),
            )
            for entity_id, _kind in (spec.source_entities() if spec else ())
            if (binding := self._pairs.get((location_id, entity_id))) is not None
        ]
        ended = self.ended_while_locked.take(location_id)
        yield from holds_first(
            Step(location_id, entity_id, source_input, config=config)
            for entity_id, source_input, config in unlock_inputs(resyncs, ended, late)
        )
        if (wasp_input := self.wasp.after_unlock(location_id)) is not None:
            yield Step(location_id, WASP_SOURCE, wasp_input)

    def on_occupied(self, location_id: str) -> list[Step]:
        """Keep sources already on hold a location that just became occupied.

        The mmWave usually sees you before the PIR does: its ``on`` came while the
        room was still vacant (ignored), and no new edge will come.
        """
        return [
            Step(location_id, entity_id, Trigger(None, only_if_occupied=True))
            for binding, entity_id in self._keeps.get(location_id, ())
            if self._signal(binding, entity_id) is Signal.ON
        ]

    def admit(self, step: Step, now: datetime, occupied: Occupied) -> Input | None:
        """The step's input if it may reach the engine now (keep gating, quiet time)."""
        source_input = step.input
        if not isinstance(source_input, Trigger):
            return source_input
        location_id = step.location_id
        if source_input.only_if_occupied and not occupied(location_id):
            return None  # a keep source never starts occupancy
        if self.quiet.ignores(location_id, step.source_id, now):
            return None
        return source_input

    def start_quiet(self, location_id: str, now: datetime) -> None:
        """Ignore the location's source triggers for its quiet time after a vacate."""
        if (spec := self._specs.get(location_id)) is not None:
            self.quiet.start(location_id, now, spec.vacate_quiet)

    def shift_back(self, by: timedelta) -> None:
        """The clock went back ``by``: graces, verifies and quiet times keep their rest."""
        self.health.shift_back(by)
        self.wasp.shift_back(by)
        self.quiet.shift_back(by)

    # -- live edits ----------------------------------------------------------------

    def reconfigure(
        self,
        specs: Mapping[str, LocationSpec],
        settings: HomeSettings,
        area_names: Callable[[str], tuple[str, ...]],
        states: Mapping[str, Source],
        now: datetime,
        *,
        sleeping: bool,
        locked: Callable[[str], bool] = lambda _location_id: False,
    ) -> list[Step]:
        """Adopt a new configuration; the steps that bring the sources in line.

        A source no longer feeding a location ends its contribution there at once; a
        held source newly feeding one (or with new settings) is re-synchronised with
        its state. Unchanged bindings give nothing. ``states`` holds the live states
        of sources the home did not listen to before. A ``locked`` location ignores
        these steps: what they end is ended when it is unlocked (``after_unlock``).
        """
        old_bindings = self._pairs
        old_specs = self._specs
        self._specs = dict(specs)
        self._bindings = build_bindings(specs.values(), area_names)
        self._pairs = new_bindings = by_pair(self._bindings)
        self._keeps = keeps_by_location(specs.values(), self._bindings)
        if settings.unavailable_grace != self.settings.unavailable_grace:
            self.health.set_grace(settings.unavailable_grace, now)
        self.settings = settings
        self.quiet.forget(old_specs.keys() - specs.keys())
        for entity_id in self._sources.keys() - self._bindings.keys():
            del self._sources[entity_id]
            self.health.forget(entity_id)
        for entity_id in self._bindings.keys() - self._sources.keys():
            source = states.get(entity_id, NO_STATE)
            self._sources[entity_id] = source
            self.health.update(
                entity_id, unavailable(source.state), now, source.last_changed
            )
        steps = [
            Step(location_id, entity_id, Clear(timedelta(0)), config=True)
            for location_id, entity_id in old_bindings.keys() - new_bindings.keys()
            if location_id in specs
        ]
        self.ended_while_locked.keep_only(specs)
        for step in steps:
            if locked(step.location_id):
                self.ended_while_locked.add(step.location_id, step.source_id)
        door_signals: dict[str, Signal] = {}
        for (location_id, entity_id), binding in new_bindings.items():
            current = self._signal(binding, entity_id)
            door_signals[entity_id] = current
            before = old_bindings.get((location_id, entity_id))
            if before == binding:
                continue
            if before is not None and before.kind is not binding.kind:
                if locked(location_id):
                    self.ended_while_locked.add(location_id, entity_id)
                # A new kind starts afresh: a presence turned motion must not hold on.
                steps.append(
                    Step(location_id, entity_id, Clear(timedelta(0)), config=True)
                )
            resync = input_for_resync(
                binding.kind,
                current,
                self._timing(binding, sleeping),
                self._sources[entity_id].name,
            )
            if resync is not None:
                steps.append(Step(location_id, entity_id, resync, config=True))
        changed = {
            location_id
            for location_id, spec in specs.items()
            if old_specs.get(location_id) != spec
        }
        for location_id, wasp_input in self.wasp.reconfigure(
            specs.values(), changed, door_signals, now
        ):
            if isinstance(wasp_input, Clear) and locked(location_id):
                # A box turned off under a lock: its wasp ends at the unlock, as
                # any source the edit ended (else nothing ever ends it).
                self.ended_while_locked.add(location_id, WASP_SOURCE)
            steps.append(Step(location_id, WASP_SOURCE, wasp_input, config=True))
        # A refiled or swapped held sensor must not flip its room off and on.
        return holds_first(steps)

    # -- helpers -------------------------------------------------------------------

    def _signal(self, binding: Binding, entity_id: str) -> Signal:
        """What the source's last known state says for the binding's location."""
        source = self._sources.get(entity_id, NO_STATE)
        return binding.signal(entity_id, source.state, source.attributes)

    def _timing(self, binding: Binding, sleeping: bool) -> Timing:
        """The sleep profile's timing while the household sleeps, for new inputs."""
        return binding.sleep_timing if sleeping else binding.timing

    def _held_on(self, location_id: str, occupied: Occupied) -> bool:
        """A presence (or, when occupied, a keep) source of the location is on now."""
        spec = self._specs.get(location_id)
        if spec is None:
            return False
        for entity_id, kind in spec.source_entities():
            if kind is SourceKind.PRESENCE or (
                kind is SourceKind.KEEP and occupied(location_id)
            ):
                if self._sources.get(entity_id, NO_STATE).state == "on":
                    return True
        return False


def _tracker_input(
    binding: Binding,
    old: Source | None,
    new: Source,
    old_signal: Signal | None,
    new_signal: Signal,
    *,
    sleeping: bool,
) -> Input | None:
    """A room tracker's input: it carries the occupant, the tracker's name."""
    if new_signal is Signal.ON and old is not None and old.name != new.name:
        # A renamed room tracker renames the occupant it carries.
        return Trigger(None, occupant=occupant_name(new.name))
    return binding.input_for_change(old_signal, new_signal, sleeping, new.name)
