"""Occupancy modes: a location's scenes and scripts run on its transitions (seed 003).

Decided here: whether a transition runs anything (the location's "Occupancy
automation" switch, locks as manual override, restore-previous). Done by Home Assistant:
the scenes, scripts and the scene snapshot (``scene.create`` with
``snapshot_entities``).
"""

from __future__ import annotations

import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import voluptuous as vol

from .const import DOMAIN
from .engine import Ladder, Transition
from .locations import LocationSpec

_LOGGER = logging.getLogger(__name__)

SNAPSHOT_DOMAINS = frozenset({"light", "switch", "fan", "climate", "media_player"})


def snapshot_scene_id(location_id: str) -> str:
    """The object id of the scene that holds a location's previous state."""
    return f"{DOMAIN}_{location_id.lower()}_previous"


def snapshot_scenes(hass: HomeAssistant) -> set[str]:
    """The entity ids every home's locations' snapshot scenes have or will have.

    Created by ``scene.create``, they have no unique id: the registry cannot hide
    them, so the action pickers leave them out themselves.
    """
    return {
        f"scene.{snapshot_scene_id(location_id)}"
        for entry in hass.config_entries.async_entries(DOMAIN)
        for location_id in entry.subentries
    }


def area_entities(hass: HomeAssistant, area_id: str) -> list[str]:
    """Lights, switches, fans, climate and media players of an area (not ours)."""
    devices = dr.async_get(hass)
    found: list[str] = []
    for entity in er.async_get(hass).entities.values():
        if entity.domain not in SNAPSHOT_DOMAINS or entity.platform == DOMAIN:
            continue
        area = entity.area_id
        if area is None and entity.device_id is not None:
            device = devices.async_get(entity.device_id)
            area = device.area_id if device is not None else None
        if area == area_id:
            found.append(entity.entity_id)
    return sorted(found)


class OccupancyModes:
    """Runs the configured actions of the home's locations."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Start with every location's automation on and no snapshots."""
        self._hass = hass
        self._entry = entry
        self._disabled: set[str] = set()
        self._snapshots: set[str] = set()

    def enabled(self, location_id: str) -> bool:
        """Whether the location's "Occupancy automation" switch is on."""
        return location_id not in self._disabled

    def set_enabled(self, location_id: str, enabled: bool) -> None:
        """Turn a location's occupancy automation on or off."""
        if enabled:
            self._disabled.discard(location_id)
        else:
            self._disabled.add(location_id)

    def on_transition(
        self,
        spec: LocationSpec,
        transition: Transition,
        context: Context | None = None,
    ) -> None:
        """Run what this transition calls for, in the background.

        The scenes and scripts run in ``context``, the change that caused the
        transition, so the logbook tells them as part of the same story.
        """
        actions = spec.actions
        current = transition.current
        if not actions.any or not self.enabled(spec.id) or current.locked:
            return  # a lock is the manual override: it pauses the modes
        previous = transition.previous
        if current.occupied and not previous.occupied:
            if actions.restore_previous and spec.id in self._snapshots:
                run = ("restore", [f"scene.{snapshot_scene_id(spec.id)}"], False)
            else:
                run = ("occupied", list(actions.occupied), False)
        elif previous.occupied and not current.occupied:
            run = ("vacant", list(actions.vacant), actions.restore_previous)
        elif (
            current.ladder is Ladder.EXTENDED_VACANT
            and previous.ladder is not Ladder.EXTENDED_VACANT
        ):
            run = ("extended_vacant", list(actions.extended_vacant), False)
        else:
            return
        what, targets, snapshot = run
        if not targets and not snapshot:
            return
        self._entry.async_create_background_task(
            self._hass,
            self._async_run(spec, what, targets, snapshot, context),
            f"{DOMAIN} {what} actions of {spec.name}",
        )

    async def _async_run(
        self,
        spec: LocationSpec,
        what: str,
        targets: list[str],
        snapshot: bool,
        context: Context | None,
    ) -> None:
        services = self._hass.services
        try:
            if snapshot and spec.area_id:
                if entities := area_entities(self._hass, spec.area_id):
                    await services.async_call(
                        "scene",
                        "create",
                        {
                            "scene_id": snapshot_scene_id(spec.id),
                            "snapshot_entities": entities,
                        },
                        blocking=True,
                        context=context,
                    )
                    self._snapshots.add(spec.id)
            for domain in sorted({target.partition(".")[0] for target in targets}):
                await services.async_call(
                    domain,
                    "turn_on",
                    {
                        ATTR_ENTITY_ID: [
                            t for t in targets if t.startswith(f"{domain}.")
                        ]
                    },
                    blocking=True,
                    context=context,
                )
        except (HomeAssistantError, vol.Invalid) as err:
            # A broken scene or script must never break occupancy itself.
            _LOGGER.error("The %s actions of %s failed: %s", what, spec.name, err)
