"""Who hears of a location's change (``Listeners``), and the switches in a real home.

A listener of the locks alone (the lock switch, the automation switch) is skipped by
a change that leaves the location's locks as they were (issue 14); every change of
them still reaches it.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from custom_components.occupancy_manager.const import DOMAIN
from custom_components.occupancy_manager.listeners import Listeners

from .common import home_entry, location, set_state, setup_home, tick

MOTION = "binary_sensor.kitchen_motion"
KITCHEN = "binary_sensor.kitchen_occupancy"
LOCK = "switch.kitchen_occupancy_lock"
AUTOMATION = "switch.kitchen_occupancy_automation"


def test_a_listener_of_the_locks_alone_is_told_only_when_they_may_have_changed() -> (
    None
):
    listeners = Listeners()
    told: list[str] = []
    listeners.async_add("kitchen", lambda: told.append("first"), first=True)
    listeners.async_add("kitchen", lambda: told.append("ladder"))
    remove = listeners.async_add(
        "kitchen", lambda: told.append("lock"), locks_only=True
    )
    listeners.async_add("kitchen", lambda: told.append("automation"))

    listeners.notify_rest("kitchen", locks=False)
    assert told == ["ladder", "automation"]
    told.clear()
    listeners.notify_rest("kitchen")  # the locks changed: in the order added
    assert told == ["ladder", "lock", "automation"]
    told.clear()
    listeners.notify(["kitchen"])  # an edit, a rename: everyone
    assert told == ["first", "ladder", "lock", "automation"]
    told.clear()
    remove()
    listeners.notify(["kitchen"])
    assert told == ["first", "ladder", "automation"]


async def test_the_lock_and_automation_switches_follow_every_change_of_the_locks(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await setup_home(
        hass,
        home_entry(
            location(
                "kitchen",
                "Kitchen",
                motion_sources=[MOTION],
                actions={"vacant": ["scene.kitchen_off"]},
            )
        ),
    )

    async def call(service: str, **data: object) -> None:
        await hass.services.async_call(
            DOMAIN, service, {"entity_id": KITCHEN, **data}, blocking=True
        )
        await hass.async_block_till_done()

    def lock_shown() -> str:
        return hass.states.get(LOCK).state

    def status() -> str:
        return hass.states.get(AUTOMATION).attributes["status"]

    await set_state(hass, MOTION, "on")  # a change that leaves the locks alone
    assert lock_shown() == "off"
    assert status() == "active"
    await call("lock", source_id="party", duration={"minutes": 10})
    assert lock_shown() == "on"
    assert status() == "paused"
    await call("lock", source_id="cleaning")  # still locked, by two
    await set_state(hass, MOTION, "off")
    await call("unlock", source_id="cleaning")
    assert lock_shown() == "on"
    await tick(hass, freezer, 601)  # the party's lock ends by itself
    assert lock_shown() == "off"
    assert status() == "active"
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": AUTOMATION}, blocking=True
    )
    await call("lock", source_id="vacation", state="vacant")
    assert lock_shown() == "on"
    assert status() == "off"
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": AUTOMATION}, blocking=True
    )
    assert status() == "paused"
    await call("unlock_all")
    assert lock_shown() == "off"
    assert status() == "active"
