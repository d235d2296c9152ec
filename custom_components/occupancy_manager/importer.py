"""Import the home's floors and areas as ordinary location subentries.

Each imported location carries a unique id (``import_home``, ``import_floor_<id>``,
``import_area_<id>``), so running the import again only adds what is new and never
touches a location that exists (even one the user has since edited).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
)

from .const import (
    CONF_AREA_ID,
    CONF_CONTRIBUTES_TO_PARENT,
    CONF_PARENT,
    CONF_STRATEGY,
    CONF_TIMING,
    DOMAIN,
    SUBENTRY_LOCATION,
    SourceKind,
)
from .engine import Strategy

UNIQUE_HOME = "import_home"

_BINARY_KINDS = {
    "motion": SourceKind.MOTION,
    "moving": SourceKind.MOTION,
    "occupancy": SourceKind.PRESENCE,
    "presence": SourceKind.PRESENCE,
    "door": SourceKind.DOOR,
    "garage_door": SourceKind.DOOR,
    "opening": SourceKind.DOOR,
}


def source_kind(entity: er.RegistryEntry) -> SourceKind | None:
    """The kind an area's entity is imported as, or None to leave it out."""
    if entity.domain == "media_player":
        return SourceKind.MEDIA
    if entity.domain == "binary_sensor":
        return _BINARY_KINDS.get(
            entity.device_class or entity.original_device_class or ""
        )
    return None


@dataclass(slots=True)
class ImportPlan:
    """The subentries an import would add, in parent-before-child order."""

    subentries: list[ConfigSubentry] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Titles of the locations to add."""
        return [subentry.title for subentry in self.subentries]


def _location(
    unique_id: str, name: str, parent: str | None, **data: Any
) -> ConfigSubentry:
    values: dict[str, Any] = {
        "name": name,
        CONF_STRATEGY: Strategy.INDEPENDENT.value,
        CONF_CONTRIBUTES_TO_PARENT: True,
        CONF_TIMING: {},
        **data,
    }
    if parent is not None:
        values[CONF_PARENT] = parent
    return ConfigSubentry(
        data=MappingProxyType(values),
        subentry_type=SUBENTRY_LOCATION,
        title=name,
        unique_id=unique_id,
    )


def _used_entities(entry: ConfigEntry) -> set[str]:
    used: set[str] = set()
    for subentry in entry.subentries.values():
        for kind in SourceKind:
            value = subentry.data.get(kind.conf_key)
            if isinstance(value, list):
                used.update(str(item) for item in value)
    return used


def _sources_by_area(
    hass: HomeAssistant, skip: set[str]
) -> dict[str, dict[SourceKind, list[str]]]:
    """Importable entities per area: their own area, else their device's."""
    devices = dr.async_get(hass)
    by_area: defaultdict[str, defaultdict[SourceKind, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for entity in er.async_get(hass).entities.values():
        if entity.disabled or entity.hidden or entity.entity_id in skip:
            continue
        if entity.platform == DOMAIN:
            continue  # a location's own occupancy would feed another: a feedback loop
        if (kind := source_kind(entity)) is None:
            continue
        area_id = entity.area_id
        if area_id is None and entity.device_id is not None:
            device = devices.async_get(entity.device_id)
            area_id = device.area_id if device is not None else None
        if area_id is not None:
            by_area[area_id][kind].append(entity.entity_id)
    return {
        area_id: {kind: sorted(ids) for kind, ids in kinds.items()}
        for area_id, kinds in by_area.items()
    }


def plan_import(hass: HomeAssistant, entry: ConfigEntry, home_name: str) -> ImportPlan:
    """What importing the floors and areas would add to the home now."""
    plan = ImportPlan()
    by_unique = {
        subentry.unique_id: subentry_id
        for subentry_id, subentry in entry.subentries.items()
        if subentry.unique_id
    }
    linked_areas = {
        subentry.data.get(CONF_AREA_ID) for subentry in entry.subentries.values()
    }

    def _ensure(unique_id: str, name: str, parent: str | None, **data: Any) -> str:
        if unique_id in by_unique:
            return by_unique[unique_id]
        subentry = _location(unique_id, name, parent, **data)
        plan.subentries.append(subentry)
        by_unique[unique_id] = subentry.subentry_id
        return subentry.subentry_id

    root = _ensure(UNIQUE_HOME, home_name, None)
    floors = {
        floor.floor_id: _ensure(f"import_floor_{floor.floor_id}", floor.name, root)
        for floor in sorted(
            fr.async_get(hass).async_list_floors(),
            key=lambda floor: (floor.level is None, floor.level or 0, floor.name),
        )
    }
    sources = _sources_by_area(hass, _used_entities(entry))
    for area in sorted(ar.async_get(hass).async_list_areas(), key=lambda a: a.name):
        unique_id = f"import_area_{area.id}"
        if unique_id in by_unique or area.id in linked_areas:
            continue
        parent = floors.get(area.floor_id) if area.floor_id else None
        _ensure(
            unique_id,
            area.name,
            parent or root,
            **{CONF_AREA_ID: area.id},
            **{kind.conf_key: ids for kind, ids in sources.get(area.id, {}).items()},
        )
    return plan


def async_apply_import(
    hass: HomeAssistant, entry: ConfigEntry, plan: ImportPlan
) -> None:
    """Add the planned locations to the home."""
    for subentry in plan.subentries:
        hass.config_entries.async_add_subentry(entry, subentry)
