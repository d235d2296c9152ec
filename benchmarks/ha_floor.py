"""Home Assistant alone: the floor under ``ha_latency.py``'s write -> entity span.

The span from a source's ``hass.states.async_set`` to our occupancy sensor's state
write contains Home Assistant's own work (the state write and its event, the state
tracker's dispatch one loop turn later, the entity's state write) and ours (sensing,
the engine, effects, the entity's ``_shown``). To say how much is ours, the same
harness, in the same run, times two stand-ins with nothing of ours in them:

* **entity**: a listener subscribed with ``async_track_state_change_event`` (as the
  coordinator is) that, when its source changes, hands the source's on/off to a
  ``BinarySensorEntity`` shaped like our occupancy sensor (device class, unique id in
  the entity registry, the same attribute keys and unrecorded attributes, the cause's
  Context) and calls ``async_write_ha_state()``. No integration can write an entity
  for less: this is the floor ours is compared with (ours = floor + X).
* **state machine**: the same listener writing the state with
  ``hass.states.async_set`` (same attributes), without an entity: the lowest any write
  can be; the difference to the first is the cost of Home Assistant's entity layer.
* **cascade**: the same listener writing as many stand-ins, one after the other, as
  one presence-on sample of ours writes (``count_writes``: the room's, its floor's and
  the home's occupancy and ladder sensors), occupancy sensors like the first and enum
  sensors shaped like our ladder sensor; the probe waits for the last. On Home
  Assistant 2026.x a state write inside a ``state_changed`` dispatch reaches its
  listeners only after that dispatch (``ha_latency.py``), so there the span of ours
  holds every write of the change: this is the floor to compare it with.

Each listens to its own sources, which the home does not use, so the integration never
sees their changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ha_probe import OccupancyProbe
    from homeassistant.core import Event, EventStateChangedData, HomeAssistant

_LOGGER = logging.getLogger(__name__)

SOURCES = 10
"""Sources per stand-in (one is as good as many: the tracker routes by a dict lookup)."""

# What our occupancy sensor shows for a room occupied by one presence sensor and for
# an empty one, in the same keys (the write's cost grows with the attributes).
_ON = {
    "location_id": "room_000",
    "location": "Room 000",
    "contributions": [
        {
            "source_id": "binary_sensor.presence_1330",
            "source_name": "presence 1330",
            "kind": "presence",
            "expires_at": None,
            "occupant": None,
        }
    ],
    "locked_by": [],
    "occupants": [],
}
_OFF = {**_ON, "contributions": []}
_UNRECORDED = frozenset({"contributions", "locked_by", "occupants"})
_LADDER = {"on": "occupied", "off": "vacant"}

KINDS = ("entity", "state machine")
CASCADE = "cascade"


@dataclass
class Floor:
    """The stand-ins, their sources and what each measured."""

    sources: dict[str, list[str]]
    targets: dict[str, str]
    wall: dict[str, list[int]] = field(default_factory=dict)
    cpu: dict[str, list[int]] = field(default_factory=dict)
    cascade: dict[str, int] = field(default_factory=dict)
    """How many stand-ins of each domain the cascade writes (none until added)."""

    @property
    def kinds(self) -> tuple[str, ...]:
        """The stand-ins set up."""
        return (*KINDS, CASCADE) if self.cascade else KINDS

    @property
    def entity_ids(self) -> set[str]:
        """The entities the probe watches for the floor's writes."""
        return set(self.targets.values())

    async def sample(self, hass: HomeAssistant, probe: OccupancyProbe, n: int) -> None:
        """``n`` on/off pairs per stand-in, each a real change of source and target."""
        loops: list[int] = []
        for kind in self.kinds:
            wall, cpu = self.wall.setdefault(kind, []), self.cpu.setdefault(kind, [])
            sources, target = self.sources[kind], self.targets[kind]
            # Under callgrind, each stand-in's spans are counted apart from ours.
            probe.span.kind = f"floor: {kind}"
            probe.stop_at_write = True  # its callback ends with the (last) write
            for i in range(n):
                source = sources[i % len(sources)]
                for state in ("on", "off"):
                    shown = _LADDER[state] if target.startswith("sensor.") else state
                    wall.append(
                        await probe.sample(
                            hass, source, state, target, shown, loops, cpu
                        )
                    )
        probe.span.kind = "ours"

    async def add_cascade(
        self, hass: HomeAssistant, probe: OccupancyProbe, writes: dict[str, int]
    ) -> None:
        """Add the cascade: ``writes`` stand-ins per domain, written in turn."""
        from homeassistant.core import callback
        from homeassistant.helpers.event import async_track_state_change_event

        binary, ladder = _classes()
        count = max(writes.values())
        entities: list[Any] = []
        # In ours' order: each location's occupancy sensor, then its ladder sensor.
        for i in range(count):
            if i < writes.get("binary_sensor", 0):
                entities.append(binary(f"om_floor_cascade_{i}"))
            if i < writes.get("sensor", 0):
                entities.append(ladder(f"om_floor_cascade_ladder_{i}"))
        for domain in ("binary_sensor", "sensor"):
            await _platform(hass, domain).async_add_entities(
                [e for e in entities if e.platform_domain == domain]
            )
        sources = _sources(len(KINDS))
        for entity_id in sources:
            hass.states.async_set(entity_id, "off")

        @callback
        def _to_cascade(event: Event[EventStateChangedData]) -> None:
            new_state = event.data["new_state"]
            on = new_state is not None and new_state.state == "on"
            for entity in entities:
                entity.show(on)
                entity.async_set_context(event.context)
                entity.async_write_ha_state()

        async_track_state_change_event(hass, sources, _to_cascade)
        await hass.async_block_till_done()
        self.cascade = {domain: n for domain, n in writes.items() if n}
        self.sources[CASCADE] = sources
        self.targets[CASCADE] = entities[-1].entity_id
        probe.entity_ids.add(entities[-1].entity_id)


def _sources(n: int) -> list[str]:
    return [f"binary_sensor.om_floor_{n}_source_{i:02d}" for i in range(SOURCES)]


def _platform(hass: HomeAssistant, domain: str) -> Any:
    from homeassistant.helpers.entity_platform import EntityPlatform

    return EntityPlatform(
        hass=hass,
        logger=_LOGGER,
        domain=domain,
        platform_name="om_floor",
        platform=None,
        scan_interval=timedelta(seconds=30),
        entity_namespace=None,
    )


def _classes() -> tuple[type[Any], type[Any]]:
    """The stand-ins' classes: our occupancy sensor's shape and our ladder sensor's."""
    from homeassistant.components.binary_sensor import (
        BinarySensorDeviceClass,
        BinarySensorEntity,
    )
    from homeassistant.components.sensor import SensorDeviceClass, SensorEntity

    class FloorSensor(BinarySensorEntity):
        """Shaped like our occupancy sensor; shows what it is handed."""

        platform_domain = "binary_sensor"
        _attr_device_class = BinarySensorDeviceClass.OCCUPANCY
        _attr_has_entity_name = True
        _attr_name = "Occupancy"
        _attr_should_poll = False
        _unrecorded_attributes = _UNRECORDED
        _showing: tuple[bool, dict[str, Any]] = (False, _OFF)

        def __init__(self, unique_id: str = "om_floor_occupancy") -> None:
            self._attr_unique_id = unique_id

        def show(self, on: bool) -> None:
            self._showing = (on, _ON if on else _OFF)

        # Properties over ``_attr_`` fields, as ours: their setters drop HA's caches.
        @property
        def is_on(self) -> bool:
            return self._showing[0]

        @property
        def extra_state_attributes(self) -> dict[str, Any]:
            return self._showing[1]

    class FloorLadder(SensorEntity):
        """Shaped like our ladder sensor (an enum with a translation key)."""

        platform_domain = "sensor"
        _attr_device_class = SensorDeviceClass.ENUM
        _attr_has_entity_name = True
        _attr_name = "Occupancy state"
        _attr_translation_key = "occupancy_state"
        _attr_should_poll = False
        _showing = "vacant"

        def __init__(self, unique_id: str) -> None:
            self._attr_unique_id = unique_id
            self._attr_options = [
                "occupied",
                "recently_occupied",
                "vacant",
                "extended_vacant",
            ]

        def show(self, on: bool) -> None:
            self._showing = _LADDER["on" if on else "off"]

        @property
        def native_value(self) -> str:
            return self._showing

        @property
        def extra_state_attributes(self) -> dict[str, int]:
            return {"false_vacancies_7d": 0}

    return FloorSensor, FloorLadder


async def async_setup_floor(hass: HomeAssistant) -> Floor:
    """Add the stand-in entity and subscribe both listeners."""
    from homeassistant.core import callback
    from homeassistant.helpers.event import async_track_state_change_event

    sources = {kind: _sources(n) for n, kind in enumerate(KINDS)}
    for entity_id in (e for ids in sources.values() for e in ids):
        hass.states.async_set(entity_id, "off")
    entity = _classes()[0]()
    await _platform(hass, "binary_sensor").async_add_entities([entity])
    assert entity.entity_id is not None
    state_machine = "binary_sensor.om_floor_state_machine"
    hass.states.async_set(state_machine, "off", _OFF)

    @callback
    def _to_entity(event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        on = new_state is not None and new_state.state == "on"
        entity._showing = (on, _ON if on else _OFF)  # as before the cascade: no call
        entity.async_set_context(event.context)
        entity.async_write_ha_state()

    @callback
    def _to_state_machine(event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        on = new_state is not None and new_state.state == "on"
        hass.states.async_set(
            state_machine,
            "on" if on else "off",
            _ON if on else _OFF,
            context=event.context,
        )

    async_track_state_change_event(hass, sources["entity"], _to_entity)
    async_track_state_change_event(hass, sources["state machine"], _to_state_machine)
    await hass.async_block_till_done()
    return Floor(
        sources=sources,
        targets={"entity": entity.entity_id, "state machine": state_machine},
    )


async def count_writes(
    hass: HomeAssistant, entry_id: str, source: str
) -> dict[str, int]:
    """State writes of the entry's entities, per domain, when ``source`` turns on.

    ``source`` must be a vacant room's presence sensor; it is turned off again after.
    """
    from homeassistant.const import EVENT_STATE_CHANGED
    from homeassistant.core import callback
    from homeassistant.helpers import entity_registry as er

    registry = er.async_get(hass)
    ours = {
        entry.entity_id
        for entry in er.async_entries_for_config_entry(registry, entry_id)
    }
    writes: dict[str, int] = {}

    @callback
    def _count(event: Event[EventStateChangedData]) -> None:
        entity_id = event.data["entity_id"]
        if entity_id in ours:
            domain = entity_id.split(".")[0]
            writes[domain] = writes.get(domain, 0) + 1

    unsub = hass.bus.async_listen(EVENT_STATE_CHANGED, _count)
    hass.states.async_set(source, "on")
    await hass.async_block_till_done()
    unsub()
    hass.states.async_set(source, "off")
    await hass.async_block_till_done()
    return writes
