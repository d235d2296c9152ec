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

KINDS = ("entity", "state machine")


@dataclass
class Floor:
    """The two stand-ins, their sources and what each measured."""

    sources: dict[str, list[str]]
    targets: dict[str, str]
    wall: dict[str, list[int]] = field(default_factory=dict)
    cpu: dict[str, list[int]] = field(default_factory=dict)

    @property
    def entity_ids(self) -> set[str]:
        """The entities the probe watches for the floor's writes."""
        return set(self.targets.values())

    async def sample(self, hass: HomeAssistant, probe: OccupancyProbe, n: int) -> None:
        """``n`` on/off pairs per stand-in, each a real change of source and target."""
        loops: list[int] = []
        for kind in KINDS:
            wall, cpu = self.wall.setdefault(kind, []), self.cpu.setdefault(kind, [])
            sources, target = self.sources[kind], self.targets[kind]
            # Under callgrind, each stand-in's spans are counted apart from ours.
            probe.span.kind = f"floor: {kind}"
            for i in range(n):
                source = sources[i % len(sources)]
                for state in ("on", "off"):
                    wall.append(
                        await probe.sample(
                            hass, source, state, target, state, loops, cpu
                        )
                    )
        probe.span.kind = "ours"


async def async_setup_floor(hass: HomeAssistant) -> Floor:
    """Add the stand-in entity and subscribe both listeners."""
    from homeassistant.components.binary_sensor import (
        BinarySensorDeviceClass,
        BinarySensorEntity,
    )
    from homeassistant.core import callback
    from homeassistant.helpers.entity_platform import EntityPlatform
    from homeassistant.helpers.event import async_track_state_change_event

    class FloorSensor(BinarySensorEntity):
        """Shaped like our occupancy sensor; shows what it is handed."""

        _attr_device_class = BinarySensorDeviceClass.OCCUPANCY
        _attr_has_entity_name = True
        _attr_name = "Occupancy"
        _attr_should_poll = False
        _attr_unique_id = "om_floor_occupancy"
        _unrecorded_attributes = _UNRECORDED
        _showing: tuple[bool, dict[str, Any]] = (False, _OFF)

        # Properties over ``_attr_`` fields, as ours: their setters drop HA's caches.
        @property
        def is_on(self) -> bool:
            return self._showing[0]

        @property
        def extra_state_attributes(self) -> dict[str, Any]:
            return self._showing[1]

    sources = {
        kind: [f"binary_sensor.om_floor_{n}_source_{i:02d}" for i in range(SOURCES)]
        for n, kind in enumerate(KINDS)
    }
    for entity_id in (e for ids in sources.values() for e in ids):
        hass.states.async_set(entity_id, "off")
    entity = FloorSensor()
    platform = EntityPlatform(
        hass=hass,
        logger=_LOGGER,
        domain="binary_sensor",
        platform_name="om_floor",
        platform=None,
        scan_interval=timedelta(seconds=30),
        entity_namespace=None,
    )
    await platform.async_add_entities([entity])
    assert entity.entity_id is not None
    state_machine = "binary_sensor.om_floor_state_machine"
    hass.states.async_set(state_machine, "off", _OFF)

    @callback
    def _to_entity(event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        on = new_state is not None and new_state.state == "on"
        entity._showing = (on, _ON if on else _OFF)
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
