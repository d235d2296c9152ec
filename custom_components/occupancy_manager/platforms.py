"""Each platform's entity factory, kept from setup so live edits can add entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .locations import LocationSpec

type EntityFactory = Callable[[LocationSpec], list[Entity]]


class Platforms:
    """Each platform's entity factory and its ``async_add_entities``, kept from setup.

    Live edits add entities long after the platforms were set up; they are tied to
    their location's subentry the same way as at setup.
    """

    def __init__(self) -> None:
        """No platform yet."""
        self._platforms: list[tuple[EntityFactory, AddConfigEntryEntitiesCallback]] = []
        self.live: defaultdict[str, dict[str, Entity]] = defaultdict(dict)
        """Entities in Home Assistant, by location id and unique id."""
        # Unique ids handed to a platform and not yet removed: an edit arriving before
        # they are added must not add them twice.
        self._handed: defaultdict[str, set[str]] = defaultdict(set)

    @callback
    def async_track(self, location_id: str, entity: Entity) -> CALLBACK_TYPE:
        """Count an entity as live until the returned callback is called."""
        entities = self.live[location_id]
        unique_id = str(entity.unique_id)
        entities[unique_id] = entity

        @callback
        def _untrack() -> None:
            if entities.get(unique_id) is entity:
                del entities[unique_id]
                self._handed[location_id].discard(unique_id)

        return _untrack

    @callback
    def async_add_platform(
        self,
        specs: Iterable[LocationSpec],
        factory: EntityFactory,
        add: AddConfigEntryEntitiesCallback,
    ) -> None:
        """Remember a platform and add its entities for the given locations."""
        self._platforms.append((factory, add))
        for spec in specs:
            entities = factory(spec)
            self._handed[spec.id].update(str(entity.unique_id) for entity in entities)
            add(entities, config_subentry_id=spec.id)

    @callback
    def async_sync(self, spec: LocationSpec) -> list[Entity]:
        """Add the entities a location lacks; return live ones it should not have."""
        live, handed = self.live[spec.id], self._handed[spec.id]
        keep: set[str] = set()
        for factory, add in self._platforms:
            missing = []
            for entity in factory(spec):
                unique_id = str(entity.unique_id)
                keep.add(unique_id)
                if unique_id not in live and unique_id not in handed:
                    handed.add(unique_id)
                    missing.append(entity)
            if missing:
                add(missing, config_subentry_id=spec.id)
        return [entity for unique_id, entity in live.items() if unique_id not in keep]
