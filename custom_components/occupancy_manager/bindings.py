"""Which location each source entity feeds, as which kind, with which timings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .const import SourceKind
from .locations import LocationSpec
from .sources import (
    Input,
    Signal,
    Timing,
    change_inputs,
    input_for_change,
    signal,
    signal_table,
)
from .trackers import RoomMatcher


@dataclass(frozen=True, slots=True)
class Binding:
    """One source entity feeding one location as one kind.

    The last four fields are prepared once per configuration, so that a source
    change only looks its meaning up (every change of a source passes here before
    its entities write, issue 14). They follow from the others: not compared.
    """

    location_id: str
    kind: SourceKind
    timing: Timing
    sleep_timing: Timing
    room: RoomMatcher
    states: Mapping[str, Signal] = field(compare=False, repr=False)
    """``sources.signal_table``: what each state with a meaning of its own says."""
    other_state: Signal = field(compare=False, repr=False)
    """What any other state says."""
    inputs: Mapping[tuple[Signal | None, Signal], Input] = field(
        compare=False, repr=False
    )
    """``sources.change_inputs`` of the kind with ``timing``."""
    sleep_inputs: Mapping[tuple[Signal | None, Signal], Input] = field(
        compare=False, repr=False
    )
    """The same with ``sleep_timing``."""

    def signal(
        self,
        entity_id: str,
        state: str | None,
        attributes: Mapping[str, object] | None = None,
    ) -> Signal:
        """What a state of the entity (and, for room trackers, its attributes) says."""
        if self.kind is SourceKind.OCCUPANT:
            return signal(self.kind, entity_id, state, self.room, attributes)
        if state is None:
            return Signal.UNAVAILABLE
        return self.states.get(state, self.other_state)

    def input_for_change(
        self,
        old: Signal | None,
        new: Signal,
        sleeping: bool,
        occupant: str | None = None,
    ) -> Input | None:
        """``sources.input_for_change`` with the timing in effect (asleep or not).

        Only a room tracker's input depends on more than the two signals (it carries
        the occupant's name); every other kind's was worked out with the bindings.
        """
        if self.kind is SourceKind.OCCUPANT:
            timing = self.sleep_timing if sleeping else self.timing
            return input_for_change(self.kind, old, new, timing, occupant)
        return (self.sleep_inputs if sleeping else self.inputs).get((old, new))


def build_bindings(
    specs: Iterable[LocationSpec], area_names: Callable[[str], tuple[str, ...]]
) -> dict[str, list[Binding]]:
    """Bindings by source entity id.

    ``area_names`` gives the names a room tracker may report for an area (its id and
    name; nothing for an area that no longer exists); the location's own name and its
    tracker aliases always count.
    """
    bindings: defaultdict[str, list[Binding]] = defaultdict(list)
    # Locations mostly share their timings: one table per kind and timing (inputs are
    # frozen, so sharing them is safe).
    tables: dict[
        tuple[SourceKind, Timing], Mapping[tuple[Signal | None, Signal], Input]
    ]
    tables = {}

    def inputs(
        kind: SourceKind, timing: Timing
    ) -> Mapping[tuple[Signal | None, Signal], Input]:
        if (kind, timing) not in tables:
            tables[kind, timing] = change_inputs(kind, timing)
        return tables[kind, timing]

    for spec in specs:
        timing = Timing(
            motion_timeout=spec.motion_timeout,
            trailing_timeout=spec.trailing_timeout,
            door_timeout=spec.door_timeout,
            unavailable_grace=spec.unavailable_grace,
        )
        sleep_timing = Timing(
            motion_timeout=spec.sleep_motion_timeout or spec.motion_timeout,
            trailing_timeout=spec.sleep_trailing_timeout or spec.trailing_timeout,
            door_timeout=spec.door_timeout,
            unavailable_grace=spec.unavailable_grace,
        )
        area = area_names(spec.area_id) if spec.area_id else ()
        room = RoomMatcher.for_location(
            spec.name,
            area_id=spec.area_id if area else None,
            aliases=(*area, *spec.tracker_aliases),
        )
        for entity_id, kind in spec.source_entities():
            bindings[entity_id].append(
                Binding(
                    spec.id,
                    kind,
                    timing,
                    sleep_timing,
                    room,
                    *signal_table(entity_id),
                    inputs(kind, timing),
                    inputs(kind, sleep_timing),
                )
            )
    return dict(bindings)


def by_pair(bindings: Mapping[str, list[Binding]]) -> dict[tuple[str, str], Binding]:
    """The same bindings keyed by (location id, source entity id)."""
    return {
        (binding.location_id, entity_id): binding
        for entity_id, entity_bindings in bindings.items()
        for binding in entity_bindings
    }


def keeps_by_location(
    specs: Iterable[LocationSpec], bindings: Mapping[str, list[Binding]]
) -> dict[str, tuple[tuple[Binding, str], ...]]:
    """Each location's keep bindings (with their entity ids), in its sources' order.

    Only locations that have keep sources: every location that becomes occupied is
    asked for them, and most have none (issue 14).
    """
    keeps = {
        spec.id: tuple(
            (binding, entity_id)
            for entity_id in spec.sources[SourceKind.KEEP]
            for binding in bindings.get(entity_id, ())
            if binding.location_id == spec.id and binding.kind is SourceKind.KEEP
        )
        for spec in specs
    }
    return {location_id: found for location_id, found in keeps.items() if found}
