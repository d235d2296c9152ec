"""Each source kind through real entity states and time (contract: source kinds)."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from .common import home_entry, location, set_state, setup_home, tick

OCC = "binary_sensor.room_occupancy"


def _occupied(hass: HomeAssistant, entity_id: str = OCC) -> bool:
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state == "on"


async def test_motion_times_out(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "binary_sensor.m", "off")
    await setup_home(
        hass, home_entry(location("room", "Room", motion_sources=["binary_sensor.m"]))
    )
    assert not _occupied(hass)

    await set_state(hass, "binary_sensor.m", "on")
    assert _occupied(hass)
    attrs = hass.states.get(OCC).attributes
    assert attrs["location_id"] == "room"
    assert attrs["contributions"][0]["source_id"] == "binary_sensor.m"
    assert attrs["contributions"][0]["kind"] == "motion"
    assert attrs["contributions"][0]["expires_at"] is not None

    await set_state(hass, "binary_sensor.m", "off")  # off is ignored
    await tick(hass, freezer, 299)
    assert _occupied(hass)
    await tick(hass, freezer, 2)
    assert not _occupied(hass)


async def test_presence_holds_then_trails(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "binary_sensor.p", "off")
    await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=["binary_sensor.p"]))
    )
    await set_state(hass, "binary_sensor.p", "on")
    await tick(hass, freezer, 3600)
    assert _occupied(hass)
    await set_state(hass, "binary_sensor.p", "off")
    await tick(hass, freezer, 119)
    assert _occupied(hass)
    await tick(hass, freezer, 2)
    assert not _occupied(hass)


async def test_keep_source_never_starts_occupancy(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "binary_sensor.pir", "off")
    await set_state(hass, "binary_sensor.mmwave", "off")
    await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                motion_sources=["binary_sensor.pir"],
                keep_sources=["binary_sensor.mmwave"],
            )
        ),
    )
    await set_state(hass, "binary_sensor.mmwave", "on")
    assert not _occupied(hass)
    await set_state(hass, "binary_sensor.mmwave", "off")

    # PIR starts, mmWave keeps.
    await set_state(hass, "binary_sensor.pir", "on")
    await set_state(hass, "binary_sensor.mmwave", "on")
    await tick(hass, freezer, 1800)
    assert _occupied(hass)
    await set_state(hass, "binary_sensor.mmwave", "off")
    await tick(hass, freezer, 121)
    assert not _occupied(hass)


async def test_entry_door_vs_state_door(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "binary_sensor.front", "off")
    await set_state(hass, "cover.garage", "closed")
    await setup_home(
        hass,
        home_entry(
            location("room", "Room", door_sources=["binary_sensor.front"]),
            location("garage", "Garage", state_door_sources=["cover.garage"]),
        ),
    )
    garage = "binary_sensor.garage_occupancy"
    await set_state(hass, "binary_sensor.front", "on")
    await set_state(hass, "binary_sensor.front", "off")
    assert _occupied(hass)
    await tick(hass, freezer, 121)
    assert not _occupied(hass)

    await set_state(hass, "cover.garage", "opening")
    await set_state(hass, "cover.garage", "open")
    await tick(hass, freezer, 7200)
    assert _occupied(hass, garage)
    await set_state(hass, "cover.garage", "closing")
    assert _occupied(hass, garage)
    await set_state(hass, "cover.garage", "closed")
    assert not _occupied(hass, garage)


async def test_media_playing_and_paused(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "media_player.tv", "off")
    await setup_home(
        hass, home_entry(location("room", "Room", media_sources=["media_player.tv"]))
    )
    await set_state(hass, "media_player.tv", "playing")
    await tick(hass, freezer, 5000)
    assert _occupied(hass)
    await set_state(hass, "media_player.tv", "paused")
    await tick(hass, freezer, 119)
    assert _occupied(hass)
    await set_state(hass, "media_player.tv", "playing")
    await tick(hass, freezer, 600)
    assert _occupied(hass)
    await set_state(hass, "media_player.tv", "idle")
    await tick(hass, freezer, 121)
    assert not _occupied(hass)


async def test_vacate_switch(hass: HomeAssistant) -> None:
    await set_state(hass, "binary_sensor.p", "off")
    await set_state(hass, "light.main", "on")
    await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                presence_sources=["binary_sensor.p"],
                vacate_sources=["light.main"],
            )
        ),
    )
    await set_state(hass, "binary_sensor.p", "on")
    assert _occupied(hass)
    await set_state(hass, "light.main", "off")
    assert not _occupied(hass)


async def test_occupant_room_tracker(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "sensor.mike_room", "office", friendly_name="Mike")
    await setup_home(
        hass,
        home_entry(location("room", "Kitchen", occupant_sources=["sensor.mike_room"])),
    )
    occ = "binary_sensor.kitchen_occupancy"
    assert not _occupied(hass, occ)
    await set_state(hass, "sensor.mike_room", "kitchen", friendly_name="Mike")
    assert _occupied(hass, occ)
    assert hass.states.get(occ).attributes["occupants"] == ["Mike"]
    await set_state(hass, "sensor.mike_room", "hallway", friendly_name="Mike")
    await tick(hass, freezer, 121)
    assert not _occupied(hass, occ)
    assert hass.states.get(occ).attributes["occupants"] == []


async def test_two_motion_sensors_keep_the_room(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Seed 003: sensor 1 then sensor 2; vacant only when both have timed out."""
    for sensor in ("binary_sensor.m1", "binary_sensor.m2"):
        await set_state(hass, sensor, "off")
    await setup_home(
        hass,
        home_entry(
            location(
                "room", "Room", motion_sources=["binary_sensor.m1", "binary_sensor.m2"]
            ),
            options={"default_timeout": {"minutes": 15}},
        ),
    )
    await set_state(hass, "binary_sensor.m1", "on")
    await set_state(hass, "binary_sensor.m1", "off")
    await tick(hass, freezer, 600)
    await set_state(hass, "binary_sensor.m2", "on")
    await set_state(hass, "binary_sensor.m2", "off")
    await tick(hass, freezer, 600)
    assert _occupied(hass)
    await tick(hass, freezer, 301)
    assert not _occupied(hass)


async def test_unavailable_never_triggers_or_clears(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "binary_sensor.m", "off")
    await set_state(hass, "binary_sensor.p", "off")
    await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                motion_sources=["binary_sensor.m"],
                presence_sources=["binary_sensor.p"],
            )
        ),
    )
    await set_state(hass, "binary_sensor.m", "unavailable")
    await set_state(hass, "binary_sensor.m", "on")  # recovering is not fresh motion
    assert not _occupied(hass)

    await set_state(hass, "binary_sensor.p", "on")
    await set_state(hass, "binary_sensor.p", "unavailable")
    await tick(hass, freezer, 29 * 60)
    assert _occupied(hass)  # within the 30 min grace
    await set_state(hass, "binary_sensor.p", "on")  # recovered on: holds again
    await tick(hass, freezer, 3 * 3600)
    assert _occupied(hass)

    await set_state(hass, "binary_sensor.p", "unknown")
    await tick(hass, freezer, 30 * 60 + 119)
    assert _occupied(hass)  # grace, then the trailing time
    await tick(hass, freezer, 2)
    assert not _occupied(hass)


async def test_hierarchy_through_entities(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "binary_sensor.m", "off")
    await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location("floor", "Floor", parent="house"),
            location(
                "kitchen", "Kitchen", parent="floor", motion_sources=["binary_sensor.m"]
            ),
            location("living", "Living", parent="floor", strategy="follow_parent"),
            location("shed", "Shed", parent="house", contributes_to_parent=False),
        ),
    )
    await set_state(hass, "binary_sensor.m", "on")
    for name in ("kitchen", "floor", "house", "living"):
        assert _occupied(hass, f"binary_sensor.{name}_occupancy"), name
    assert not _occupied(hass, "binary_sensor.shed_occupancy")
    floor = hass.states.get("binary_sensor.floor_occupancy").attributes
    assert floor["contributions"][0]["kind"] == "child"
    await tick(hass, freezer, 301)
    for name in ("kitchen", "floor", "house", "living"):
        assert not _occupied(hass, f"binary_sensor.{name}_occupancy"), name
