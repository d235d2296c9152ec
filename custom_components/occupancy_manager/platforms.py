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
            add(factory(spec), config_subentry_id=spec.id)

    def wanted(
        self, spec: LocationSpec
    ) -> list[tuple[Entity, AddConfigEntryEntitiesCallback]]:
        """Every entity the location should have, with the callback that adds it."""
        return [
            (entity, add)
            for factory, add in self._platforms
            for entity in factory(spec)
        ]
