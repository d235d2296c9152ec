"""The soak's steps: one seeded random life of a home (``test_trust_soak.py``).

Every choice draws on the seed's one ``random.Random`` in a fixed order, so a seed
replays the same life. A step returns the locations it may change (None: any) and
its words for the failure message; the checks live with the test.
"""

from __future__ import annotations

from collections.abc import Callable
import contextlib
from datetime import timedelta
import os
import random
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.occupancy_manager.const import (
    DOMAIN,
    EVENT_OCCUPANCY_CHANGED,
    EVENT_OCCUPANT,
)

from . import soak_home as soak
from .common import home_entry, location, setup_home, tick

KEYS = {
    "occupancy": "binary_sensor",
    "occupancy_state": "sensor",
    "lock": "switch",
    "sources_problem": "binary_sensor",
}
DOMAINS = {**KEYS, "automation": "switch"}  # only with scenes or scripts
Picture = dict[str, tuple[Any, ...]]


class SoakSteps:
    """One seed's home and its steps; ``check`` runs after each (the test's)."""

    def __init__(
        self,
        hass: HomeAssistant,
        freezer: FrozenDateTimeFactory,
        set_back: Callable[[timedelta], None],
        caplog: pytest.LogCaptureFixture,
        seed: int,
    ) -> None:
        """Remember the harness; ``start`` builds the home."""
        self.hass, self.freezer, self.set_back, self.caplog = (
            hass,
            freezer,
            set_back,
            caplog,
        )
        self.seed = seed
        self.rng = random.Random(seed)
        self.sources = soak.Sources(hass)
        self.log: list[str] = []
        self.fired: list[Event] = []
        self.flips: dict[str, list[str]] = {}
        self.errors_seen = 0
        self.set_back_shown = False

    async def start(self) -> None:
        """A home of four locations, then listen to what it says."""
        ids = ["a", "b", "c", "d"]
        locations = []
        for index, location_id in enumerate(ids):
            data = soak.location_input(
                self.rng, self.sources, self.rng.choice(soak.NAMES), ids[:index]
            )
            locations.append(location(location_id, data.pop("name"), **data))
        self.scenes = async_mock_service(self.hass, "scene", "turn_on")
        self.entry = await setup_home(self.hass, home_entry(*locations))
        for event_type in (EVENT_OCCUPANCY_CHANGED, EVENT_OCCUPANT):
            self.hass.bus.async_listen(event_type, self._fired)
        self.hass.bus.async_listen(EVENT_STATE_CHANGED, self._state)

    @callback
    def _fired(self, event: Event) -> None:
        self.fired.append(event)

    @callback
    def _state(self, event: Event) -> None:
        old, new = event.data["old_state"], event.data["new_state"]
        if (
            old is not None
            and new is not None
            and {old.state, new.state} == {"on", "off"}
        ):
            self.flips.setdefault(event.data["entity_id"], []).append(new.state)

    def fail(self, what: str) -> None:
        """Fail with the seed and the steps that led here."""
        steps = "\n  ".join(self.log[-int(os.environ.get("SOAK_STEPS", "12")) :])
        locations = "\n  ".join(
            f"{key}: {dict(sub.data)}" for key, sub in self.entry.subentries.items()
        )
        pytest.fail(
            f"seed {self.seed}, step {len(self.log)}: {what}\n"
            f"last steps:\n  {steps}\nlocations:\n  {locations}"
        )

    def entity_id(self, location_id: str, key: str) -> str | None:
        """One entity of a location, found by its unique id."""
        return er.async_get(self.hass).async_get_entity_id(
            DOMAINS[key], DOMAIN, f"{self.entry.entry_id}_{location_id}_{key}"
        )

    def disabled(self, entity_id: str | None) -> bool:
        """Whether the user disabled one of our entities (the faults soak does)."""
        entry = er.async_get(self.hass).async_get(entity_id or "")
        return entry is not None and entry.disabled

    def picture(self) -> Picture:
        """What users see of each location."""
        shown: Picture = {}
        for location_id in self.entry.subentries:
            states = [
                self.hass.states.get(self.entity_id(location_id, key) or "")
                for key in ("occupancy", "occupancy_state", "lock")
            ]
            occupancy = states[0]
            attrs = occupancy.attributes if occupancy else {}
            contributions = tuple(
                (c["source_id"], c["expires_at"])
                for c in attrs.get("contributions", [])
            )
            shown[location_id] = (
                *(state.state if state else None for state in states),
                tuple(attrs.get("locked_by", ())),
                contributions,
            )
        return shown

    # Steps: each returns the locations it may change (None: any) and its words.

    async def step(self) -> None:
        """One random step, then every check."""
        before = self.picture()
        self.fired.clear()
        self.flips.clear()
        self.scenes.clear()
        roll = self.rng.random()
        if roll < 0.40:
            may_change, words = await self._source()
        elif roll < 0.43:
            may_change, words = await self._rename()
        elif roll < 0.60:
            may_change, words = await self._time()
        elif roll < 0.76:
            may_change, words = await self._action()
        elif roll < 0.92:
            may_change, words = await self._edit()
        else:
            may_change, words = await self._reload_or_restart()
        await self.hass.async_block_till_done()
        self.log.append(words)
        self.check(before, may_change)
        if words in ("reload", "restart"):
            self.set_back_shown = False

    async def _source(self) -> tuple[set[str] | None, str]:
        hass, rng = self.hass, self.rng
        entity_id = rng.choice([*self.sources.ids, soak.SLEEP])
        if entity_id != soak.SLEEP and rng.random() < 0.08:
            hass.states.async_remove(entity_id)
            self.sources.removed.add(entity_id)
            return None, f"remove {entity_id}"
        state = rng.choice(
            ["on", "off"] if entity_id == soak.SLEEP else self.sources.states(entity_id)
        )
        hass.states.async_set(entity_id, state)
        self.sources.removed.discard(entity_id)
        return None, f"{entity_id} -> {state}"

    async def _rename(self) -> tuple[set[str] | None, str]:
        old = self.rng.choice(self.sources.ids)
        state = self.hass.states.get(old)
        new = self.sources.rename(old)
        if self.rng.random() < 0.5:
            await self.hass.async_block_till_done()
        # What the entity's platform does after the registry renamed it.
        if state is not None:
            self.hass.states.async_remove(old)
            self.hass.states.async_set(new, state.state)
        return set(), f"rename {old} -> {new}"

    async def _time(self) -> tuple[set[str] | None, str]:
        roll = self.rng.random()
        if roll < 0.7:
            seconds = self.rng.choice([1, 5, 30, 130, 400, 2000, 4000])
            await tick(self.hass, self.freezer, seconds)
            return None, f"tick {seconds}s"
        if roll < 0.85:
            by = self.rng.choice([90, 7200])
            self.set_back(timedelta(seconds=by))
            self.set_back_shown = True
            await tick(self.hass, self.freezer, 1)
            return None, f"clock set back {by}s"
        seconds = self.rng.choice([90, 4000])
        # A blocked loop, or the clock set forward: every timer runs once, late.
        self.freezer.tick(timedelta(seconds=seconds))
        async_fire_time_changed(self.hass)
        return None, f"clock forward {seconds}s, timers late"

    async def _action(self) -> tuple[set[str] | None, str]:
        rng = self.rng
        location_id = rng.choice(list(self.entry.subentries))
        target = self.entity_id(location_id, "occupancy") or ""
        if rng.random() < 0.15:
            target = "all"
        service, data = rng.choice(ACTIONS)
        words = f"{service} {data} on {target}"
        if service == "get_occupancy":
            if target != "all":
                await self.hass.services.async_call(
                    DOMAIN,
                    service,
                    {"entity_id": target},
                    blocking=True,
                    return_response=True,
                )
            return set(), words
        if service.startswith("switch."):
            key = "automation" if service.endswith("_automation") else "lock"
            service = service.removesuffix("_automation")
            switch = self.entity_id(location_id, key)
            if switch is None:
                return set(), f"{service}: {location_id} has no {key} switch"
            await self.hass.services.async_call(
                "switch",
                service.removeprefix("switch."),
                {"entity_id": switch},
                blocking=True,
            )
            return None, f"{service} {switch}"
        with contextlib.suppress(ServiceValidationError):
            await self.hass.services.async_call(
                DOMAIN, service, {"entity_id": target, **data}, blocking=True
            )
        return None, words

    async def _edit(self) -> tuple[set[str] | None, str]:
        hass, rng, entry = self.hass, self.rng, self.entry
        roll = rng.random()
        location_id = rng.choice(list(entry.subentries))
        stored = dict(entry.subentries[location_id].data)
        if roll < 0.35:
            assert await soak.reconfigure(
                hass, entry, location_id, soak.form_input(stored)
            )
            return set(), f"edit {location_id}: submitted as shown"
        if roll < 0.65:
            others = set(entry.subentries) - {location_id}
            others -= soak.descendants(entry, location_id)
            data = soak.location_input(
                rng, self.sources, stored["name"], sorted(others)
            )
            touched = soak.ancestors(entry, location_id) | soak.descendants(
                entry, location_id
            )
            assert await soak.reconfigure(hass, entry, location_id, data)
            touched |= soak.ancestors(entry, location_id)
            return soak.with_followers(entry, touched), f"edit {location_id}: {data}"
        if roll < 0.78 and len(entry.subentries) < 7:
            data = soak.location_input(
                rng, self.sources, rng.choice(soak.NAMES), sorted(entry.subentries)
            )
            added = await soak.add_location(hass, entry, data)
            touched = soak.ancestors(entry, added)
            return soak.with_followers(entry, touched), f"add {added}: {data}"
        if roll < 0.88 and len(entry.subentries) > 2:
            touched = soak.ancestors(entry, location_id) | soak.descendants(
                entry, location_id
            )
            touched = soak.with_followers(entry, touched) - {location_id}
            hass.config_entries.async_remove_subentry(entry, location_id)
            return touched, f"delete {location_id}"
        if roll < 0.94:
            shown = {
                key: soak.duration(int(value.total_seconds()))
                for key, value in _home_durations(entry.options).items()
            }
            if sleep := entry.options.get("sleep_entity"):
                shown["sleep_entity"] = sleep
            await soak.options(hass, entry, shown)
            return set(), "options submitted as shown"
        new = {
            "default_timeout": soak.duration(rng.choice([30, 300])),
            "default_trailing_timeout": soak.duration(rng.choice([0, 120])),
            "door_timeout": soak.duration(rng.choice([10, 120])),
            "recently_occupied_after": soak.duration(rng.choice([60, 300])),
            "extended_vacancy_after": soak.duration(rng.choice([600, 3600])),
            "unavailable_grace": soak.duration(rng.choice([60, 1800])),
            "bounce_window": soak.duration(120),
        }
        if rng.random() < 0.6:
            new["sleep_entity"] = soak.SLEEP
        await soak.options(hass, entry, new)
        return None, f"options {new}"

    async def _reload_or_restart(self) -> tuple[set[str] | None, str]:
        hass, entry = self.hass, self.entry
        if self.rng.random() < 0.5:
            assert await hass.config_entries.async_reload(entry.entry_id)
            return set(), "reload"
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
        assert await hass.config_entries.async_setup(entry.entry_id)
        return set(), "restart"

    # Checks.

    def check(self, before: Picture, may_change: set[str] | None) -> None:
        """Every invariant after a step (``test_trust_soak.Soak``)."""
        raise NotImplementedError


def _home_durations(options: dict[str, Any]) -> dict[str, timedelta]:
    from custom_components.occupancy_manager.const import HOME_DURATION_DEFAULTS

    return {
        key: timedelta(**options[key]) if key in options else default
        for key, default in HOME_DURATION_DEFAULTS.items()
    }


ACTIONS: list[tuple[str, dict[str, Any]]] = [
    ("trigger", {}),
    ("trigger", {"timeout": {"seconds": 45}}),
    ("trigger", {"indefinite": True, "source_id": "x"}),
    ("clear", {"source_id": "x"}),
    ("clear", {"source_id": "manual", "trailing_timeout": 0}),
    ("vacate", {}),
    ("vacate", {"include_children": True}),
    ("lock", {"source_id": "L", "state": "occupied", "duration": {"seconds": 60}}),
    ("lock", {"source_id": "L", "state": "vacant", "duration": {"minutes": 10}}),
    ("lock", {"source_id": "M"}),
    ("lock", {"source_id": "M", "state": "occupied"}),
    ("unlock", {"source_id": "L"}),
    ("unlock", {"source_id": "M"}),
    ("unlock_all", {}),
    ("get_occupancy", {}),
    ("switch.turn_on", {}),
    ("switch.turn_off", {}),
    ("switch.turn_on_automation", {}),
    ("switch.turn_off_automation", {}),
]
