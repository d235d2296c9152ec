"""Every state write of the integration's entities over a day of a small home.

The snapshot holds, for each step, every write of our entities: entity, state,
attributes and whose Context it carries (the step's cause, or a new one). It was taken
on the code before issue 14's write-path work and pins what users' automations see
while that path is made faster: the same writes, the same values, the same Context.
Within one step the writes are listed by entity (each entity's own writes in order);
which of a location's entities writes first is checked on its own
(``test_the_occupancy_sensor_writes_first``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Context, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from syrupy.assertion import SnapshotAssertion

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
MOTION = "binary_sensor.kitchen_motion"
PRESENCE = "binary_sensor.office_presence"
TRACKER = "sensor.mike_room"


class Writes:
    """Records our entities' state writes, one list per step."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        self.hass = hass
        self.entry_id = entry_id
        self.ours = {
            entry.entity_id
            for entry in er.async_get(hass).entities.values()
            if entry.platform == DOMAIN
        }
        self.steps: list[dict[str, Any]] = []
        self.order: list[list[str]] = []
        self._writes: list[Event] = []
        hass.bus.async_listen(EVENT_STATE_CHANGED, self._record)

    @callback
    def _record(self, event: Event) -> None:
        # (A removal, new state None, is no write.)
        if event.data["entity_id"] in self.ours and event.data["new_state"]:
            self._writes.append(event)

    def step(self, name: str, cause: Context | None) -> None:
        """Close a step: its writes, by entity, with their Context named."""
        contexts: dict[str, str] = {}
        if cause is not None:
            contexts[cause.id] = "cause"
        writes = []
        for event in self._writes:
            new = event.data["new_state"]
            context = contexts.setdefault(new.context.id, f"new {len(contexts)}")
            writes.append(
                {
                    "entity_id": event.data["entity_id"],
                    "state": new.state,
                    "attributes": {
                        str(key): _scrub(value, self.entry_id)
                        for key, value in new.attributes.items()
                    },
                    "context": context,
                }
            )
        self.order.append([event.data["entity_id"] for event in self._writes])
        self._writes = []
        writes.sort(key=lambda write: write["entity_id"])  # stable: per entity in order
        self.steps.append({"step": name, "writes": writes})


def _scrub(value: Any, entry_id: str) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v, entry_id) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, entry_id) for v in value]
    if isinstance(value, str):
        return value.replace(entry_id, "<entry_id>")
    return value


async def _day(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> Writes:
    freezer.move_to(T0)
    hass.states.async_set(MOTION, "off", {"friendly_name": "Kitchen motion"})
    hass.states.async_set(PRESENCE, "off", {"friendly_name": "Desk presence"})
    hass.states.async_set(TRACKER, "garden", {"friendly_name": "Mike"})
    entry = await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location(
                "kitchen",
                "Kitchen",
                parent="house",
                motion_sources=[MOTION],
                actions={"vacant": ["scene.kitchen_off"]},
                timing={"motion_timeout": {"minutes": 5}},
            ),
            location(
                "office",
                "Office",
                parent="house",
                presence_sources=[PRESENCE],
                occupant_sources=[TRACKER],
                timing={"trailing_timeout": {"minutes": 2}},
            ),
        ),
    )
    writes = Writes(hass, entry.entry_id)

    async def source(entity_id: str, state: str, name: str, step: str) -> None:
        context = Context()
        hass.states.async_set(
            entity_id, state, {"friendly_name": name}, context=context
        )
        await hass.async_block_till_done()
        writes.step(step, context)

    async def action(service: str, data: dict[str, Any], step: str) -> None:
        context = Context()
        domain, _, name = service.partition(".")
        await hass.services.async_call(
            domain, name, data, blocking=True, context=context
        )
        await hass.async_block_till_done()
        writes.step(step, context)

    async def wait(seconds: float, step: str) -> None:
        await tick(hass, freezer, seconds)
        writes.step(step, None)

    kitchen = "binary_sensor.kitchen_occupancy"
    await source(MOTION, "on", "Kitchen motion", "motion on")
    await source(MOTION, "off", "Kitchen motion", "motion off")
    await source(PRESENCE, "on", "Desk presence", "presence on")
    await source(TRACKER, "office", "Mike", "mike arrives")
    await action(
        "switch.turn_on", {"entity_id": "switch.kitchen_occupancy_lock"}, "lock"
    )
    await action(
        f"{DOMAIN}.trigger",
        {"entity_id": kitchen, "source_id": "party", "timeout": 600},
        "trigger while locked",
    )
    await action(
        "switch.turn_off", {"entity_id": "switch.kitchen_occupancy_lock"}, "unlock"
    )
    await source(MOTION, "on", "Cooker motion", "renamed source, motion on")
    await action(f"{DOMAIN}.vacate", {"entity_id": kitchen}, "vacate")
    await source(PRESENCE, "off", "Desk presence", "presence off")
    await wait(150, "trailing ends")
    await source(PRESENCE, "on", "Desk presence", "presence on again")
    await action(
        "switch.turn_off", {"entity_id": "switch.kitchen_occupancy_automation"}, "auto"
    )
    await source(TRACKER, "garden", "Mike", "mike leaves")
    await wait(900, "quarter of an hour")
    await source(MOTION, "off", "Cooker motion", "motion off again")
    await source(MOTION, "on", "Cooker motion", "motion on again")
    await source(MOTION, "off", "Cooker motion", "motion off, kitchen still on")
    await wait(301, "the kitchen empties by itself")
    await source(MOTION, "on", "Cooker motion", "back at once: a false vacancy")
    await source(PRESENCE, "unavailable", "Desk presence", "presence unavailable")
    await wait(3 * 3600, "three hours")
    return writes


async def test_every_write_of_a_day(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, snapshot: SnapshotAssertion
) -> None:
    writes = await _day(hass, freezer)
    assert writes.steps == snapshot


async def test_the_occupancy_sensor_writes_first(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A location's occupancy sensor writes before its other entities (issue 14).

    It is the entity automations wait for; the ladder sensor, the switches and the
    problem sensor follow in the same change.
    """
    writes = await _day(hass, freezer)
    flips = 0
    for order in writes.order:
        for location_id in ("house", "kitchen", "office"):
            ours = [e for e in order if e.split(".")[1].startswith(f"{location_id}_")]
            if f"binary_sensor.{location_id}_occupancy" in ours:
                flips += 1
                assert ours[0] == f"binary_sensor.{location_id}_occupancy", order
    assert flips > 10


async def test_the_occupancy_sensor_writes_first_after_a_rename(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Renaming its entity id re-adds the sensor: it still writes first."""
    writes = await _day(hass, freezer)
    er.async_get(hass).async_update_entity(
        "binary_sensor.kitchen_occupancy", new_entity_id="binary_sensor.cooking"
    )
    await hass.async_block_till_done()
    writes.ours.add("binary_sensor.cooking")
    writes.step("rename", None)
    await tick(hass, freezer, 3600)
    writes.step("empty", None)
    hass.states.async_set(MOTION, "off")
    hass.states.async_set(MOTION, "on")
    await hass.async_block_till_done()
    writes.step("motion", None)
    kitchen = [e for e in writes.order[-1] if "kitchen" in e or e.endswith("cooking")]
    assert kitchen[0] == "binary_sensor.cooking", writes.order[-1]


async def test_a_flagged_source_back_on_writes_the_occupancy_sensor_first(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A source back from a sources problem, and on: the flip writes first (issue 14).

    The problem sensor clears after it, in the same change (the source's Context).
    """
    freezer.move_to(T0)
    hass.states.async_set(PRESENCE, "off", {"friendly_name": "Desk presence"})
    entry = await setup_home(
        hass, home_entry(location("office", "Office", presence_sources=[PRESENCE]))
    )
    writes = Writes(hass, entry.entry_id)
    hass.states.async_set(PRESENCE, "unavailable")
    await hass.async_block_till_done()
    await tick(hass, freezer, 29 * 60)
    await tick(hass, freezer, 2 * 60)  # past the grace: flagged
    assert hass.states.get("binary_sensor.office_sources_problem").state == "on"
    writes.step("flagged", None)

    context = Context()
    hass.states.async_set(PRESENCE, "on", context=context)
    await hass.async_block_till_done()
    writes.step("back on", context)
    order = writes.order[-1]
    assert order[0] == "binary_sensor.office_occupancy", order
    assert "binary_sensor.office_sources_problem" in order
    assert {
        write["entity_id"]: (write["state"], write["context"])
        for write in writes.steps[-1]["writes"]
        if write["entity_id"].startswith("binary_sensor.")
    } == {
        "binary_sensor.office_occupancy": ("on", "cause"),
        "binary_sensor.office_sources_problem": ("off", "cause"),
    }
