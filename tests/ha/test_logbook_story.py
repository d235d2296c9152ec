"""The logbook tells one story: a flip carries the Context of what caused it.

Home Assistant's logbook attributes a state change or an event to the first record of
its context ("triggered by state of Kitchen motion", "triggered by action ..."). So
every state write, event and occupancy-mode action of one flip carries the context of
the source change or action call that caused it; a flip the timer causes gets one
fresh context of its own.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Context, Event, HomeAssistant
from pytest_homeassistant_custom_component.common import async_mock_service

from custom_components.occupancy_manager.const import (
    DOMAIN,
    EVENT_OCCUPANCY_CHANGED,
    EVENT_OCCUPANT,
)

from .common import home_entry, location, record_into, set_state, setup_home, tick

KITCHEN = "binary_sensor.kitchen_occupancy"
FLOOR = "binary_sensor.floor_occupancy"
LADDER = "sensor.kitchen_occupancy_state"
MOTION = "binary_sensor.kitchen_motion"
TRACKER = "sensor.mike_room"


async def _home(hass: HomeAssistant) -> list[Event]:
    hass.states.async_set(MOTION, "off")
    hass.states.async_set(TRACKER, "hall", {"friendly_name": "Mike"})
    await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location(
                "kitchen",
                "Kitchen",
                parent="floor",
                motion_sources=[MOTION],
                occupant_sources=[TRACKER],
                timing={"motion_timeout": {"minutes": 5}},
                actions={"occupied": ["scene.kitchen_on"]},
            ),
        ),
    )
    events: list[Event] = []
    # A callback runs in the loop in firing order (a plain function: in the executor).
    hass.bus.async_listen(EVENT_OCCUPANCY_CHANGED, record_into(events))
    hass.bus.async_listen(EVENT_OCCUPANT, record_into(events))
    return events


def _contexts(hass: HomeAssistant, events: list[Event]) -> set[str]:
    return {
        hass.states.get(KITCHEN).context.id,
        hass.states.get(LADDER).context.id,
        hass.states.get(FLOOR).context.id,
        *(event.context.id for event in events),
    }


async def test_a_source_change_is_the_story_of_its_flip(hass: HomeAssistant) -> None:
    events = await _home(hass)
    scenes = async_mock_service(hass, "scene", "turn_on")
    motion = Context()
    hass.states.async_set(MOTION, "on", context=motion)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert hass.states.get(KITCHEN).state == "on"
    assert _contexts(hass, events) == {motion.id}
    # One described line per location and flip: one changed event each.
    assert [(e.event_type, e.data["location_id"]) for e in events] == [
        (EVENT_OCCUPANCY_CHANGED, "kitchen"),
        (EVENT_OCCUPANCY_CHANGED, "floor"),
    ]
    # The occupancy mode's scene runs as part of the same story.
    assert [call.context.id for call in scenes] == [motion.id]


async def test_an_arrival_carries_the_tracker_change(hass: HomeAssistant) -> None:
    events = await _home(hass)
    moved = Context()
    hass.states.async_set(TRACKER, "kitchen", {"friendly_name": "Mike"}, context=moved)
    await hass.async_block_till_done()

    assert {e.context.id for e in events} == {moved.id}
    assert hass.states.get(KITCHEN).context.id == moved.id


async def test_an_action_call_is_the_story_of_its_flip(hass: HomeAssistant) -> None:
    events = await _home(hass)
    call = Context()
    await hass.services.async_call(
        DOMAIN,
        "trigger",
        {"entity_id": KITCHEN, "source_id": "cooking", "indefinite": True},
        blocking=True,
        context=call,
    )
    assert _contexts(hass, events) == {call.id}

    switched = Context()
    await hass.services.async_call(
        "switch",
        "turn_on",
        {"entity_id": "switch.kitchen_occupancy_lock"},
        blocking=True,
        context=switched,
    )
    assert hass.states.get("switch.kitchen_occupancy_lock").context.id == switched.id


async def test_a_timer_flip_has_one_context_of_its_own(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    events = await _home(hass)
    motion = Context()
    hass.states.async_set(MOTION, "on", context=motion)
    await hass.async_block_till_done()
    events.clear()
    await set_state(hass, MOTION, "off")
    await tick(hass, freezer, 301)

    assert hass.states.get(KITCHEN).state == "off"
    contexts = _contexts(hass, events)
    assert len(contexts) == 1
    assert motion.id not in contexts
    assert [e.data["reason"] for e in events] == [
        f"expired:{MOTION}",
        "child:kitchen",
    ]
