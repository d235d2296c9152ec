"""The location form (add and edit) and its validation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    AreaSelector,
    BooleanSelector,
    DurationSelector,
    DurationSelectorConfig,
    EntityFilterSelectorConfig,
    EntitySelector,
    EntitySelectorConfig,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
import voluptuous as vol

from .const import (
    CONF_ACTION_EXTENDED_VACANT,
    CONF_ACTION_OCCUPIED,
    CONF_ACTION_VACANT,
    CONF_ACTIONS,
    CONF_AREA_ID,
    CONF_CONTRIBUTES_TO_PARENT,
    CONF_DOOR_TIMEOUT,
    CONF_EXTENDED_VACANCY_AFTER,
    CONF_MOTION_TIMEOUT,
    CONF_PARENT,
    CONF_RECENTLY_OCCUPIED_AFTER,
    CONF_RESTORE_PREVIOUS,
    CONF_SLEEP_MOTION_TIMEOUT,
    CONF_SLEEP_TRAILING_TIMEOUT,
    CONF_STRATEGY,
    CONF_TIMING,
    CONF_TRAILING_TIMEOUT,
    CONF_VACATE_QUIET,
    CONF_WASP,
    CONF_WASP_ENABLED,
    CONF_WASP_MAX_DURATION,
    CONF_WASP_VERIFY,
    DEFAULT_WASP_VERIFY,
    SUBENTRY_LOCATION,
    SourceKind,
)
from .engine import Strategy
from .locations import find_cycle, to_duration_dict


def _filters(*items: EntityFilterSelectorConfig) -> EntitySelector:
    return EntitySelector(EntitySelectorConfig(multiple=True, filter=list(items)))


_BINARY_OCCUPANCY = EntityFilterSelectorConfig(
    domain="binary_sensor", device_class=["motion", "moving", "occupancy", "presence"]
)
_DOORS = (
    EntityFilterSelectorConfig(
        domain="binary_sensor",
        device_class=["door", "garage_door", "opening", "window"],
    ),
    EntityFilterSelectorConfig(domain="cover"),
)
_ON_OFF = tuple(
    EntityFilterSelectorConfig(domain=domain)
    for domain in ("input_boolean", "switch", "light", "fan")
)

SOURCE_SELECTORS: dict[SourceKind, EntitySelector] = {
    SourceKind.MOTION: _filters(_BINARY_OCCUPANCY),
    SourceKind.PRESENCE: _filters(_BINARY_OCCUPANCY, *_ON_OFF),
    SourceKind.KEEP: _filters(_BINARY_OCCUPANCY, *_ON_OFF),
    SourceKind.DOOR: _filters(*_DOORS),
    SourceKind.STATE_DOOR: _filters(*_DOORS),
    SourceKind.MEDIA: _filters(EntityFilterSelectorConfig(domain="media_player")),
    SourceKind.VACATE: _filters(
        *_ON_OFF, EntityFilterSelectorConfig(domain="binary_sensor")
    ),
    SourceKind.OCCUPANT: _filters(
        EntityFilterSelectorConfig(domain="person"),
        EntityFilterSelectorConfig(domain="device_tracker"),
        EntityFilterSelectorConfig(domain="sensor"),
    ),
}

_SCENES_SCRIPTS = _filters(
    EntityFilterSelectorConfig(domain="scene"),
    EntityFilterSelectorConfig(domain="script"),
)
_DURATION = DurationSelector(DurationSelectorConfig(enable_day=False))
TIMING_KEYS = (
    CONF_MOTION_TIMEOUT,
    CONF_TRAILING_TIMEOUT,
    CONF_DOOR_TIMEOUT,
    CONF_RECENTLY_OCCUPIED_AFTER,
    CONF_EXTENDED_VACANCY_AFTER,
    CONF_SLEEP_MOTION_TIMEOUT,
    CONF_SLEEP_TRAILING_TIMEOUT,
    CONF_VACATE_QUIET,
)


def _locations(entry: ConfigEntry) -> dict[str, Mapping[str, Any]]:
    return {
        subentry_id: subentry.data
        for subentry_id, subentry in entry.subentries.items()
        if subentry.subentry_type == SUBENTRY_LOCATION
    }


def location_schema(
    hass: HomeAssistant, entry: ConfigEntry, subentry_id: str | None
) -> vol.Schema:
    """The form for a new location (``subentry_id`` None) or an existing one."""
    others = [
        SelectOptionDict(value=other_id, label=entry.subentries[other_id].title)
        for other_id in _locations(entry)
        if other_id != subentry_id
    ]
    others.sort(key=lambda option: option["label"].casefold())
    schema: dict[vol.Marker, Any] = {vol.Required(CONF_NAME): TextSelector()}
    if others:
        schema[vol.Optional(CONF_PARENT)] = SelectSelector(
            SelectSelectorConfig(options=others, mode=SelectSelectorMode.DROPDOWN)
        )
    schema[vol.Optional(CONF_AREA_ID)] = AreaSelector()
    schema[vol.Required(CONF_STRATEGY, default=Strategy.INDEPENDENT.value)] = (
        SelectSelector(
            SelectSelectorConfig(
                options=[strategy.value for strategy in Strategy],
                translation_key=CONF_STRATEGY,
                mode=SelectSelectorMode.LIST,
            )
        )
    )
    schema[vol.Required(CONF_CONTRIBUTES_TO_PARENT, default=True)] = BooleanSelector()
    for kind, selector in SOURCE_SELECTORS.items():
        schema[vol.Optional(kind.conf_key)] = selector
    schema[vol.Required(CONF_TIMING)] = section(
        vol.Schema({vol.Optional(key): _DURATION for key in TIMING_KEYS}),
        {"collapsed": True},
    )
    schema[vol.Required(CONF_WASP)] = section(
        vol.Schema(
            {
                vol.Optional(CONF_WASP_ENABLED, default=False): BooleanSelector(),
                vol.Optional(
                    CONF_WASP_VERIFY, default=to_duration_dict(DEFAULT_WASP_VERIFY)
                ): _DURATION,
                vol.Optional(CONF_WASP_MAX_DURATION): _DURATION,
            }
        ),
        {"collapsed": True},
    )
    schema[vol.Required(CONF_ACTIONS)] = section(
        vol.Schema(
            {
                vol.Optional(CONF_ACTION_OCCUPIED): _SCENES_SCRIPTS,
                vol.Optional(CONF_ACTION_VACANT): _SCENES_SCRIPTS,
                vol.Optional(CONF_ACTION_EXTENDED_VACANT): _SCENES_SCRIPTS,
                vol.Optional(CONF_RESTORE_PREVIOUS, default=False): BooleanSelector(),
            }
        ),
        {"collapsed": True},
    )
    return vol.Schema(schema)


def validate_location(
    entry: ConfigEntry, subentry_id: str | None, user_input: dict[str, Any]
) -> dict[str, str]:
    """Form errors by field; empty when the location can be saved."""
    errors: dict[str, str] = {}
    name = str(user_input.get(CONF_NAME, "")).strip()
    if not name:
        errors[CONF_NAME] = "name_required"
    user_input[CONF_NAME] = name
    parent = user_input.get(CONF_PARENT) or None
    locations = _locations(entry)
    if parent is not None and parent not in locations:
        errors[CONF_PARENT] = "unknown_parent"
    elif parent is not None:
        parents: dict[str, str | None] = {
            other_id: data.get(CONF_PARENT) or None
            for other_id, data in locations.items()
        }
        own_id = subentry_id or "__new__"
        parents[own_id] = parent
        if find_cycle(parents, own_id):
            errors[CONF_PARENT] = "parent_cycle"
    if user_input.get(CONF_STRATEGY) == Strategy.FOLLOW_PARENT and parent is None:
        errors[CONF_STRATEGY] = "follow_parent_needs_parent"
    wasp = user_input.get(CONF_WASP) or {}
    if wasp.get(CONF_WASP_ENABLED) and not (
        user_input.get(SourceKind.DOOR.conf_key)
        or user_input.get(SourceKind.STATE_DOOR.conf_key)
    ):
        errors[CONF_WASP] = "wasp_needs_door"
    return errors
