"""The faults soak's steps: what a real home does that ``soak_steps.py`` does not.

The store failing (a disk full under every write, a save still pending when Home
Assistant stops), the registry (a source disabled and enabled, its area removed; one
of our entities renamed or disabled by the user), the home disabled and enabled, a
location deleted while it holds something or added under a lock, actions and the
card's command with bad input or while the home reloads, two edits in one loop turn.
Used by ``test_trust_soak_faults.py``, which adds the checks these need.
"""

from __future__ import annotations

import asyncio
import errno
from typing import Any

from homeassistant.config_entries import ConfigEntryDisabler
from homeassistant.const import (
    EVENT_HOMEASSISTANT_FINAL_WRITE,
    EVENT_HOMEASSISTANT_STOP,
)
from homeassistant.core import CoreState
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.util.file import WriteError
from pytest_homeassistant_custom_component.common import CLIENT_ID, MockConfigEntry
import voluptuous as vol

from custom_components.occupancy_manager.const import DOMAIN
from custom_components.occupancy_manager.persistence import NOT_SAVED

from . import soak_home as soak
from .common import EXCEPTIONS
from .soak_steps import SoakSteps

OURS = {"occupancy": "binary_sensor", "lock": "switch"}
"""Our entities the user renames or disables in the soak."""

BAD = [
    -1,
    -0.5,
    1e300,
    10**30,
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "",
    " ",
    "\n",
    "a\nb",
    "ü🙂",
    "\u202e",
    ["x"],
    [],
    {"seconds": -5},
    {"seconds": "nan"},
    {"days": 10**9},
    {"hours": 1e308},
    {"bogus": 1},
    True,
    None,
]
BAD_FIELDS: dict[str, list[str]] = {
    "trigger": ["timeout", "indefinite", "source_id"],
    "clear": ["source_id", "trailing_timeout"],
    "vacate": ["include_children"],
    "lock": ["source_id", "state", "duration"],
    "unlock": ["source_id"],
}
BAD_TARGETS = [
    "binary_sensor.nowhere",
    "sensor.s0",
    "binary_sensor.s0",
    "binary_sensor.🙂",
    "binary_sensor.a\nb",
]


class FaultSteps(SoakSteps):
    """The fault steps; ``step`` (the test's) draws them among the first soak's."""

    disk_full = False
    dropping_writes = False
    """A write made after the process "ended" (stop then start): it never lands."""
    write_failures = 0
    refused_commands = 0
    last_write_ok: bool | None = None
    """Whether the home's last write landed (None: none yet since a start)."""
    lost = False
    step_actions: dict[str, list[dict[str, Any]]]
    """Per location, every ``actions`` it had in this step (two edits: both)."""
    """This step started the home from an older file (the disk refused the stop's)."""
    """Commands refused since the last check (Home Assistant logs a bad format)."""
    """Writes refused since the last check (Home Assistant logs each as an error)."""

    async def start(self) -> None:
        """The first soak's home, and what the fault steps keep."""
        await super().start()
        self.renamed_ours = 0
        self.areas: list[str] = []
        self.ws_connect: Any = None
        self.ws_user: Any = None
        self.soak_entry: MockConfigEntry | None = None
        self.unregistered: dict[str, str] = {}
        """Sources whose device was removed: their unique ids."""

    # The store.

    async def write(self, original: Any, store: Any, *args: Any) -> None:
        """``Store._async_write_data`` as the disk allows (both ends' signatures)."""
        if not store.key.startswith(f"{DOMAIN}."):
            await original(store, *args)
            return
        if self.dropping_writes:
            return
        if self.disk_full:
            self.write_failures += 1
            self.last_write_ok = False
            # What write_utf8_file raises on both ends for an OSError of the write.
            raise WriteError(OSError(errno.ENOSPC, "No space left on device"))
        await original(store, *args)
        self.last_write_ok = True

    async def _disk(self) -> tuple[set[str] | None, str]:
        self.disk_full = not self.disk_full
        return set(), "disk full" if self.disk_full else "disk freed"

    async def _stop_and_start(self) -> tuple[set[str] | None, str]:
        """Home Assistant stops with a save pending, and starts again from the file."""
        hass = self.hass
        full = self.disk_full
        hass.set_state(CoreState.stopping)
        hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
        await hass.async_block_till_done()
        hass.set_state(CoreState.final_write)
        hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
        await hass.async_block_till_done()
        hass.set_state(CoreState.running)
        # The process ends here: the unload below stands for nothing that writes,
        # and what it kept in memory (and its repairs, never persistent) is gone.
        self.dropping_writes = True
        try:
            assert await hass.config_entries.async_unload(self.entry.entry_id)
            await hass.async_block_till_done()
        finally:
            self.dropping_writes = False
        hass.data.pop(NOT_SAVED, None)
        ir.async_delete_issue(hass, DOMAIN, f"not_saved_{self.entry.entry_id}")
        self.last_write_ok = None
        assert await hass.config_entries.async_setup(self.entry.entry_id)
        # A disk full at the stop keeps the last file that could be written.
        self.lost = full
        return (None if full else set()), f"stop and start{' (disk full)' * full}"

    # The registry.

    async def _registry(self) -> tuple[set[str] | None, str]:
        roll = self.rng.random()
        if roll < 0.3:
            return await self._toggle_source()
        if roll < 0.38:
            return await self._area()
        if roll < 0.45:
            return await self._device()
        if roll < 0.7:
            return await self._rename_ours()
        return await self._toggle_ours()

    async def _toggle_source(self) -> tuple[set[str] | None, str]:
        hass, registry = self.hass, er.async_get(self.hass)
        entity_id = self.rng.choice(self.registered())
        if self.disabled(entity_id):
            registry.async_update_entity(entity_id, disabled_by=None)
            # Enabled: its integration adds it again (a reload, 30 s later).
            state = self.rng.choice(self.sources.states(entity_id))
            hass.states.async_set(entity_id, state)
            self.sources.removed.discard(entity_id)
            return None, f"enable {entity_id} -> {state}"
        registry.async_update_entity(
            entity_id, disabled_by=er.RegistryEntryDisabler.USER
        )
        hass.states.async_remove(entity_id)
        self.sources.removed.add(entity_id)
        return None, f"disable {entity_id}"

    async def _area(self) -> tuple[set[str] | None, str]:
        areas, registry = ar.async_get(self.hass), er.async_get(self.hass)
        if self.areas and self.rng.random() < 0.5:
            area_id = self.areas.pop(self.rng.randrange(len(self.areas)))
            areas.async_delete(area_id)
            return None, f"delete area {area_id}"
        name = self.rng.choice(soak.NAMES)
        area = areas.async_get_area_by_name(name) or areas.async_create(name)
        if area.id not in self.areas:
            self.areas.append(area.id)
        entity_id = self.rng.choice(self.registered())
        registry.async_update_entity(entity_id, area_id=area.id)
        return None, f"{entity_id} in area {area.id}"

    def registered(self) -> list[str]:
        """The sources with a registry entry (all but those of a removed device)."""
        return [e for e in self.sources.ids if e not in self.unregistered]

    async def _device(self) -> tuple[set[str] | None, str]:
        """A source's device removed (its entity leaves the registry), or back."""
        if self.unregistered:
            return await self._device_back()
        hass, registry = self.hass, er.async_get(self.hass)
        if self.soak_entry is None:
            self.soak_entry = MockConfigEntry(domain="soak")
            self.soak_entry.add_to_hass(hass)
        entity_id = self.rng.choice(self.registered())
        entry = registry.async_get(entity_id)
        assert entry is not None
        device = dr.async_get(hass).async_get_or_create(
            config_entry_id=self.soak_entry.entry_id,
            identifiers={("soak", entry.unique_id)},
        )
        # Of the device's own entry: on the newest end a device takes only those
        # entities with it (another entry's it leaves without a device).
        registry.async_update_entity(
            entity_id, config_entry_id=self.soak_entry.entry_id, device_id=device.id
        )
        dr.async_get(hass).async_remove_device(device.id)
        await hass.async_block_till_done()
        assert registry.async_get(entity_id) is None
        # Its integration removes the entity with its device.
        hass.states.async_remove(entity_id)
        self.sources.removed.add(entity_id)
        self.unregistered[entity_id] = entry.unique_id
        return None, f"device of {entity_id} removed"

    async def _device_back(self) -> tuple[set[str] | None, str]:
        """The removed devices' entities come back (the device found again)."""
        hass, registry = self.hass, er.async_get(self.hass)
        words = []
        for entity_id, unique_id in sorted(self.unregistered.items()):
            domain, object_id = entity_id.split(".", 1)
            # A state the soak gave it meanwhile (as to an entity without a unique
            # id) goes: the registry would not give a used id back.
            hass.states.async_remove(entity_id)
            back = registry.async_get_or_create(
                domain, "soak", unique_id, suggested_object_id=object_id
            ).entity_id
            self.sources.ids[self.sources.ids.index(entity_id)] = back
            self.sources.removed.discard(entity_id)
            state = self.rng.choice(self.sources.states(back))
            hass.states.async_set(back, state)
            words.append(f"{entity_id} back as {back} -> {state}")
        self.unregistered.clear()
        return None, f"devices back: {words}"

    async def _rename(self) -> tuple[set[str] | None, str]:
        # A source without a registry entry cannot be renamed: its device first.
        if self.unregistered:
            return await self._device_back()
        return await super()._rename()

    async def _rename_ours(self) -> tuple[set[str] | None, str]:
        location_id = self.rng.choice(list(self.entry.subentries))
        key = self.rng.choice(list(OURS))
        old = self.entity_id(location_id, key)
        if old is None:
            return set(), f"{location_id} has no {key} to rename"
        self.renamed_ours += 1
        new = f"{OURS[key]}.om_{key}_{self.renamed_ours}"
        er.async_get(self.hass).async_update_entity(old, new_entity_id=new)
        return set(), f"rename ours {old} -> {new}"

    async def _toggle_ours(self) -> tuple[set[str] | None, str]:
        registry = er.async_get(self.hass)
        location_id = self.rng.choice(list(self.entry.subentries))
        key = self.rng.choice(list(OURS))
        entity_id = self.entity_id(location_id, key)
        entry = registry.async_get(entity_id or "")
        if entity_id is None or entry is None:
            return set(), f"{location_id} has no {key} to disable"
        if entry.disabled:
            registry.async_update_entity(entity_id, disabled_by=None)
            # Home Assistant reloads the home 30 s later to add it; done at once.
            assert await self.hass.config_entries.async_reload(self.entry.entry_id)
            return set(), f"enable ours {entity_id} (and reload)"
        registry.async_update_entity(
            entity_id, disabled_by=er.RegistryEntryDisabler.USER
        )
        return set(), f"disable ours {entity_id}"

    # The home and its locations.

    async def _entry(self) -> tuple[set[str] | None, str]:
        hass, entry_id = self.hass, self.entry.entry_id
        roll = self.rng.random()
        if roll < 0.4:
            assert await hass.config_entries.async_set_disabled_by(
                entry_id, ConfigEntryDisabler.USER
            )
            words = await self._call_refused("while disabled")
            assert await hass.config_entries.async_set_disabled_by(entry_id, None)
            return set(), f"home disabled, {words}, enabled"
        # An action while the home reloads or unloads: refused or applied, whole.
        service, data = self.rng.choice(ACTIONS_NOW)
        target = self.entity_id(
            self.rng.choice(list(self.entry.subentries)), "occupancy"
        )
        reload = hass.async_create_task(hass.config_entries.async_reload(entry_id))
        if roll < 0.7:
            await asyncio.sleep(0)
        outcome = "applied"
        try:
            await hass.services.async_call(
                DOMAIN, service, {"entity_id": target, **data}, blocking=True
            )
        except ServiceValidationError as err:
            self.translated(err)
            outcome = f"refused ({err.translation_key})"
        assert await reload
        return None, f"{service} {data} on {target} during a reload: {outcome}"

    async def _call_refused(self, when: str) -> str:
        target = self.entity_id(
            self.rng.choice(list(self.entry.subentries)), "occupancy"
        )
        service, data = self.rng.choice(ACTIONS_NOW)
        try:
            await self.hass.services.async_call(
                DOMAIN, service, {"entity_id": target, **data}, blocking=True
            )
        except ServiceValidationError as err:
            self.translated(err)
            return f"{service} refused {when}"
        self.fail(f"{service} on {target} applied {when}")
        return ""

    async def _delete_held(self) -> tuple[set[str] | None, str]:
        """Delete a location that is locked, a parent or occupied (lock it first)."""
        hass, entry, rng = self.hass, self.entry, self.rng
        if len(entry.subentries) <= 2:
            return await self._add_under_lock()
        location_id = rng.choice(list(entry.subentries))
        target = self.entity_id(location_id, "occupancy")
        how = rng.choice(["locked", "occupied", "as it is"])
        if how == "locked":
            await hass.services.async_call(
                DOMAIN,
                "lock",
                {"entity_id": target, "source_id": "D", "state": "occupied"},
                blocking=True,
            )
        elif how == "occupied":
            await hass.services.async_call(
                DOMAIN, "trigger", {"entity_id": target}, blocking=True
            )
        await hass.async_block_till_done()
        self.fired.clear()
        self.flips.clear()
        self.scenes.clear()
        self.before = self.picture()
        touched = soak.ancestors(entry, location_id) | soak.descendants(
            entry, location_id
        )
        touched = soak.with_followers(entry, touched) - {location_id}
        hass.config_entries.async_remove_subentry(entry, location_id)
        return touched, f"delete {location_id} ({how})"

    async def _add_under_lock(self) -> tuple[set[str] | None, str]:
        hass, entry, rng = self.hass, self.entry, self.rng
        parent = rng.choice(list(entry.subentries))
        await hass.services.async_call(
            DOMAIN,
            "lock",
            {
                "entity_id": self.entity_id(parent, "occupancy"),
                "source_id": "A",
                "state": rng.choice(["occupied", "vacant"]),
            },
            blocking=True,
        )
        await hass.async_block_till_done()
        self.fired.clear()
        self.flips.clear()
        self.scenes.clear()
        self.before = self.picture()
        data = soak.location_input(rng, self.sources, "Nook", [parent])
        if len(entry.subentries) >= 7:
            return set(), f"{parent} locked (no room for more)"
        added = await soak.add_location(hass, entry, data)
        touched = soak.ancestors(entry, added)
        return soak.with_followers(entry, touched), f"add {added} under lock: {data}"

    async def _two_edits(self) -> tuple[set[str] | None, str]:
        """Two locations' data changed in one loop turn (as an import or a script)."""
        hass, entry, rng = self.hass, self.entry, self.rng
        touched: set[str] = set()
        words = []
        for _ in range(2):
            location_id = rng.choice(list(entry.subentries))
            stored = entry.subentries[location_id]
            others = set(entry.subentries) - {location_id}
            others -= soak.descendants(entry, location_id)
            data = soak.location_input(
                rng, self.sources, stored.data["name"], sorted(others)
            )
            touched |= soak.ancestors(entry, location_id) | soak.descendants(
                entry, location_id
            )
            hass.config_entries.async_update_subentry(entry, stored, data=data)
            self.step_actions.setdefault(location_id, []).append(data["actions"])
            touched |= soak.ancestors(entry, location_id)
            words.append(f"{location_id}: {data}")
        return soak.with_followers(entry, touched), f"two edits {words}"

    # Bad input.

    async def _bad_action(self) -> tuple[set[str] | None, str]:
        rng = self.rng
        service = rng.choice([*BAD_FIELDS, "unlock_all", "get_occupancy"])
        target: Any = self.entity_id(
            rng.choice(list(self.entry.subentries)), "occupancy"
        )
        data: dict[str, Any] = {}
        if service in BAD_FIELDS and rng.random() < 0.8:
            data[rng.choice(BAD_FIELDS[service])] = rng.choice(BAD)
        else:
            target = rng.choice([*BAD_TARGETS, [target, rng.choice(BAD_TARGETS)]])
        words = f"bad {service} {data!r} on {target!r}"
        try:
            await self.hass.services.async_call(
                DOMAIN,
                service,
                {"entity_id": target, **data},
                blocking=True,
                return_response=service == "get_occupancy",
            )
        except ServiceValidationError as err:
            self.translated(err)
            return set(), f"{words}: refused ({err.translation_key})"
        except vol.Invalid as err:
            # Home Assistant's own target schema (an entity id that is none).
            return set(), f"{words}: refused by Home Assistant ({err})"
        # Accepted: a value that means something (True for a flag, a list of one).
        return None, f"{words}: accepted"

    async def _bad_command(self) -> tuple[set[str] | None, str]:
        if self.ws_connect is None:
            return set(), "no websocket"
        # A new connection, with a new token, each time: the harness's token expires
        # after 30 minutes of the soak's time, and a stop closes every connection.
        refresh = await self.hass.auth.async_create_refresh_token(
            self.ws_user, CLIENT_ID
        )
        client = await self.ws_connect(
            self.hass, self.hass.auth.async_create_access_token(refresh)
        )
        value = self.rng.choice([*BAD, *self.entry.subentries, "nowhere", 10**40])
        message: dict[str, Any] = {"type": f"{DOMAIN}/subscribe"}
        if value is not None:
            message["location_id"] = value
        await client.send_json_auto_id(message)
        result = await client.receive_json()
        words = f"subscribe {value!r}: "
        if not result["success"]:
            error = result["error"]
            if error["code"] != "invalid_format" and (
                error.get("translation_key") not in EXCEPTIONS
            ):
                self.fail(f"{words}untranslated refusal {error}")
            self.refused_commands += 1
            await client.close()
            return set(), words + result["error"]["code"]
        first = await client.receive_json()
        if first.get("type") != "event" or not first["event"].get("full"):
            self.fail(f"{words}first message {first}")
        # The card finds every location by its occupancy sensor as it is called now.
        for shown in first["event"]["locations"]:
            if shown["entity_id"] != self.entity_id(shown["id"], "occupancy"):
                self.fail(
                    f"{words}the card shows {shown['id']} as {shown['entity_id']}"
                )
        await client.send_json_auto_id(
            {"type": "unsubscribe_events", "subscription": result["id"]}
        )
        while (answer := await client.receive_json())["type"] == "event":
            pass
        if not answer["success"]:
            self.fail(f"{words}unsubscribe {answer}")
        await client.close()
        return set(), words + "subscribed and left"

    def translated(self, err: ServiceValidationError) -> None:
        """A refusal the user reads in their language (a key of ours)."""
        if err.translation_domain != DOMAIN or err.translation_key not in (EXCEPTIONS):
            self.fail(f"untranslated refusal {err!r}")


ACTIONS_NOW: list[tuple[str, dict[str, Any]]] = [
    ("trigger", {}),
    ("lock", {"source_id": "R", "state": "occupied"}),
    ("unlock", {"source_id": "R"}),
    ("vacate", {}),
    ("clear", {"source_id": "manual", "trailing_timeout": 0}),
]
