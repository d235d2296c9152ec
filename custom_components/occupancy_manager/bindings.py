"""Which location each source entity feeds, as which kind, with which timings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .const import SourceKind
from .locations import LocationSpec
from .sources import Signal, Timing, signal
from .trackers import RoomMatcher


@dataclass(frozen=True, slots=True)
class Binding:
    """One source entity feeding one location as one kind."""

    location_id: str
    kind: SourceKind
    timing: Timing
    sleep_timing: Timing
    room: RoomMatcher

    def signal(
        self,
        entity_id: str,
        state: str | None,
        attributes: Mapping[str, object] | None = None,
    ) -> Signal:
        """What a state of the entity (and, for room trackers, its attributes) says."""
        return signal(self.kind, entity_id, state, self.room, attributes)


def build_bindings(
    specs: Iterable[LocationSpec], area_names: Callable[[str], tuple[str, ...]]
) -> dict[str, list[Binding]]:
    """Bindings by source entity id.

    ``area_names`` gives the names a room tracker may report for an area (its id and
    name; nothing for an area that no longer exists); the location's own name and its
    tracker aliases always count.
    """
    bindings: defaultdict[str, list[Binding]] = defaultdict(list)
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
                Binding(spec.id, kind, timing, sleep_timing, room)
            )
    return dict(bindings)


def by_pair(bindings: Mapping[str, list[Binding]]) -> dict[tuple[str, str], Binding]:
    """The same bindings keyed by (location id, source entity id)."""
    return {
        (binding.location_id, entity_id): binding
        for entity_id, entity_bindings in bindings.items()
        for binding in entity_bindings
    }
