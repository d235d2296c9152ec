"""The soak's home: its sources, what a user could save for a location, and the forms.

Shared by ``test_trust_soak.py`` only; kept apart so each file reads in one sitting.
Every choice draws on the one ``random.Random`` of its seed, in a fixed order, so a
seed replays the same scenario.
"""

from __future__ import annotations

from collections.abc import Iterable
import random
from typing import Any

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import SUBENTRY_LOCATION

NAMES = ["Kitchen", "Den", "Hall", "Bath", "Study", "Attic"]
# Kinds fed by binary sensors, and the other source families.
BINARY_KINDS = [
    "motion_sources",
    "presence_sources",
    "keep_sources",
    "door_sources",
    "state_door_sources",
]
OFF = {"binary_sensor": "off", "media_player": "idle", "sensor": "not_home"}
SLEEP = "input_boolean.sleep"


def duration(seconds: int) -> dict[str, int]:
    """A duration as the duration selector stores it."""
    return {
        "hours": seconds // 3600,
        "minutes": seconds // 60 % 60,
        "seconds": seconds % 60,
    }


class Sources:
    """The home's source entities, registered so that they can be renamed."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Register six binary sensors, two media players, two trackers, two lights."""
        self.hass = hass
        registry = er.async_get(hass)
        self.ids: list[str] = []
        for domain, count in (
            ("binary_sensor", 6),
            ("media_player", 2),
            ("sensor", 2),
            ("light", 2),
        ):
            for index in range(count):
                entity = registry.async_get_or_create(
                    domain, "soak", f"{domain}{index}", suggested_object_id=f"s{index}"
                )
                self.ids.append(entity.entity_id)
        self.removed: set[str] = set()
        self.renames = 0
        for entity_id in self.ids:
            hass.states.async_set(entity_id, self.off(entity_id))
        hass.states.async_set(SLEEP, "off")

    def of(self, domain: str) -> list[str]:
        """The current ids of one domain's sources."""
        return [entity_id for entity_id in self.ids if entity_id.startswith(domain)]

    @staticmethod
    def off(entity_id: str) -> str:
        """The state of a source that says nobody is there."""
        return OFF.get(entity_id.split(".", maxsplit=1)[0], "off")

    def states(self, entity_id: str) -> list[str]:
        """States a source can take, the noisy ones included."""
        domain = entity_id.split(".", maxsplit=1)[0]
        noisy = ["unavailable", "unknown"]
        if domain == "media_player":
            return ["playing", "paused", "idle", "off", "playing", *noisy]
        if domain == "sensor":
            return [*(name.lower() for name in NAMES), "not_home", *noisy]
        return ["on", "off", "on", "off", *noisy]

    def rename(self, entity_id: str) -> str:
        """Rename a source in the registry, as a user does in its settings."""
        self.renames += 1
        new = f"{entity_id}_r{self.renames}"
        er.async_get(self.hass).async_update_entity(entity_id, new_entity_id=new)
        self.ids[self.ids.index(entity_id)] = new
        if entity_id in self.removed:
            self.removed.discard(entity_id)
            self.removed.add(new)
        return new


def location_input(
    rng: random.Random, sources: Sources, name: str, parents: Iterable[str]
) -> dict[str, Any]:
    """What a user could submit in a location's form (the form's rules kept)."""
    parents = list(parents)
    data: dict[str, Any] = {
        "name": name,
        "strategy": "independent",
        "contributes_to_parent": rng.random() > 0.25,
        "timing": {},
        "actions": {},
        "wasp": {"enabled": False, "verify": duration(30)},
    }
    if parents and rng.random() < 0.6:
        data["parent"] = rng.choice(parents)
        if rng.random() < 0.2:
            data["strategy"] = "follow_parent"
    sensors = sources.of("binary_sensor")
    # One entity in one kind per location (the form's rule). Doors apart: a door
    # that is another room's presence would make the wasp of one room of the
    # other's door, and "everyone leaves" could not end them both.
    free = sensors[:4]
    for kind in BINARY_KINDS:
        if kind == "door_sources":
            free = sensors[4:]
        if free and rng.random() < 0.35:
            picked = rng.sample(free, k=min(len(free), rng.randint(1, 2)))
            free = [entity_id for entity_id in free if entity_id not in picked]
            data[kind] = picked
    for kind, domain in (
        ("media_sources", "media_player"),
        ("occupant_sources", "sensor"),
        ("vacate_sources", "light"),
    ):
        if rng.random() < 0.3:
            data[kind] = rng.sample(sources.of(domain), k=rng.randint(1, 2))
    if rng.random() < 0.3:
        # Its own scenes: a call names the location and the change it ran for.
        tag = f"{name.lower()}{rng.randrange(1000)}"
        data["actions"] = {
            "occupied": [f"scene.{tag}_occupied"],
            "vacant": [f"scene.{tag}_vacant"],
        }
    timing = data["timing"]
    for key, choices in (
        ("motion_timeout", [1, 30, 300]),
        ("trailing_timeout", [0, 20, 600]),
        ("door_timeout", [10, 200]),
        ("recently_occupied_after", [60, 900]),
        ("extended_vacancy_after", [120, 7200]),
        ("sleep_motion_timeout", [5, 900]),
        ("sleep_trailing_timeout", [0, 1200]),
        ("vacate_quiet", [0, 60]),
    ):
        if rng.random() < 0.2:
            timing[key] = duration(rng.choice(choices))
    if data.get("door_sources") or data.get("state_door_sources"):
        if rng.random() < 0.4:
            data["wasp"] = {"enabled": True, "verify": duration(rng.choice([0, 5, 30]))}
            if rng.random() < 0.5:
                data["wasp"]["max_duration"] = duration(rng.choice([60, 3600]))
    return data


def form_input(stored: dict[str, Any]) -> dict[str, Any]:
    """What the form submits for a location left as it is shown."""
    data = {
        "strategy": "independent",
        "contributes_to_parent": True,
        "timing": {},
        "actions": {},
        "wasp": {"enabled": False, "verify": duration(30)},
        **stored,
    }
    data["wasp"] = {"enabled": False, "verify": duration(30), **data["wasp"]}
    return data


def family(entry: MockConfigEntry) -> dict[str, str | None]:
    """Each location's parent."""
    return {key: sub.data.get("parent") for key, sub in entry.subentries.items()}


def descendants(entry: MockConfigEntry, root: str) -> set[str]:
    """The locations below ``root``."""
    parents = family(entry)
    found: set[str] = set()
    frontier = {root}
    while frontier:
        frontier = {key for key, parent in parents.items() if parent in frontier}
        frontier -= found
        found |= frontier
    return found


def ancestors(entry: MockConfigEntry, location_id: str | None) -> set[str]:
    """``location_id`` and the locations above it."""
    parents = family(entry)
    found: set[str] = set()
    while (
        location_id is not None and location_id in parents and location_id not in found
    ):
        found.add(location_id)
        location_id = parents[location_id]
    return found


def with_followers(entry: MockConfigEntry, touched: set[str]) -> set[str]:
    """``touched`` and every location that mirrors one of them (follow parent)."""
    result = set(touched)
    while True:
        more = {
            key
            for key, sub in entry.subentries.items()
            if sub.data.get("strategy") == "follow_parent"
            and sub.data.get("parent") in result
        } - result
        if not more:
            return result
        result |= more


async def reconfigure(
    hass: HomeAssistant, entry: MockConfigEntry, location_id: str, data: dict[str, Any]
) -> bool:
    """Submit a location's form through the real subentry flow; True once saved.

    Never refused: what the soak submits keeps the form's rules, and what a form
    shows is savable (an orphan that followed its parent is independent).
    """
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION),
        context={
            "source": config_entries.SOURCE_RECONFIGURE,
            "subentry_id": location_id,
        },
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], data
    )
    assert result["type"] is FlowResultType.ABORT, result
    assert result["reason"] == "location_updated"
    return True


async def add_location(
    hass: HomeAssistant, entry: MockConfigEntry, data: dict[str, Any]
) -> str:
    """Add a location through the real subentry flow; its id."""
    before = set(entry.subentries)
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION),
        context={"source": config_entries.SOURCE_USER},
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], data
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    (added,) = set(entry.subentries) - before
    return added


async def options(
    hass: HomeAssistant, entry: MockConfigEntry, user_input: dict[str, Any]
) -> None:
    """Submit the home's durations through the real options flow."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "durations"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
