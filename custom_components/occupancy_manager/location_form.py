"""The location form (add and edit) and its validation."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import section
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    AreaSelector,
    BooleanSelector,
    EntityFilterSelectorConfig,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
)
import voluptuous as vol

from .bounds import duration_seconds
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
    CONF_TRACKER_ALIASES,
    CONF_TRAILING_TIMEOUT,
    CONF_VACATE_QUIET,
    CONF_WASP,
    CONF_WASP_ENABLED,
    CONF_WASP_MAX_DURATION,
    CONF_WASP_VERIFY,
    DEFAULT_VACATE_QUIET,
    DEFAULT_WASP_VERIFY,
    SUBENTRY_LOCATION,
    SourceKind,
)
from .engine import Strategy
from .feedback import form_loops
from .form_fields import (
    domains,
    duration_errors,
    duration_field,
    entity_picker,
    format_duration,
    not_offered,
    own_entity_ids,
)
from .home import occupancy_entity_id
from .locations import (
    HomeTiming,
    clean_aliases,
    find_cycle,
    parse_location,
    to_duration_dict,
)
from .modes import snapshot_scenes

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
_ON_OFF = domains("light", "switch", "input_boolean", "fan")

# What each kind can use (CONTRACT, "Configuration forms").
_NEW = "__new__"
"""The id a location being added goes by in the checks of the tree."""

SOURCE_FILTERS: dict[SourceKind, tuple[EntityFilterSelectorConfig, ...]] = {
    SourceKind.MOTION: (_BINARY_OCCUPANCY,),
    SourceKind.PRESENCE: (_BINARY_OCCUPANCY, *_ON_OFF),
    SourceKind.KEEP: (_BINARY_OCCUPANCY, *_ON_OFF),
    SourceKind.DOOR: _DOORS,
    SourceKind.STATE_DOOR: _DOORS,
    SourceKind.MEDIA: domains("media_player"),
    SourceKind.VACATE: _ON_OFF,
    SourceKind.OCCUPANT: domains("person", "device_tracker", "sensor"),
}
_SCENES_SCRIPTS = domains("scene", "script")
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
WASP_DURATION_KEYS = (CONF_WASP_VERIFY, CONF_WASP_MAX_DURATION)


def _locations(entry: ConfigEntry) -> dict[str, Mapping[str, Any]]:
    return {
        subentry_id: subentry.data
        for subentry_id, subentry in entry.subentries.items()
        if subentry.subentry_type == SUBENTRY_LOCATION
    }


def _parents(entry: ConfigEntry) -> dict[str, str | None]:
    return {
        location_id: data.get(CONF_PARENT) or None
        for location_id, data in _locations(entry).items()
    }


def _descendants(entry: ConfigEntry, root: str) -> set[str]:
    parents = _parents(entry)
    found = {root}
    changed = True
    while changed:
        changed = False
        for location_id, parent in parents.items():
            if parent in found and location_id not in found:
                found.add(location_id)
                changed = True
    return found


def inherited_timing(
    entry: ConfigEntry, subentry_id: str | None
) -> dict[str, timedelta]:
    """What each timing override replaces: the value the location has without it.

    Read from the stored configuration, never from the form, so leaving a field at
    the value it showed keeps the location following its home.
    """
    home = HomeTiming.from_options(entry.options)
    data = entry.subentries[subentry_id].data if subentry_id else {}
    spec = parse_location(subentry_id or "", str(data.get(CONF_NAME, "")), data, home)
    return {
        CONF_MOTION_TIMEOUT: home.default_timeout,
        CONF_TRAILING_TIMEOUT: home.default_trailing_timeout,
        CONF_DOOR_TIMEOUT: home.door_timeout,
        CONF_RECENTLY_OCCUPIED_AFTER: home.recently_occupied_after,
        CONF_EXTENDED_VACANCY_AFTER: home.extended_vacancy_after,
        CONF_SLEEP_MOTION_TIMEOUT: spec.motion_timeout,
        CONF_SLEEP_TRAILING_TIMEOUT: spec.trailing_timeout,
        CONF_VACATE_QUIET: DEFAULT_VACATE_QUIET,
    }


def form_placeholders(entry: ConfigEntry, subentry_id: str | None) -> dict[str, str]:
    """The values the timing descriptions name (``{motion_timeout}``, ...)."""
    return {
        key: format_duration(value)
        for key, value in inherited_timing(entry, subentry_id).items()
    }


def suggested_values(
    entry: ConfigEntry, subentry_id: str | None, user_input: Mapping[str, Any] | None
) -> dict[str, Any]:
    """What the form shows: the input again, else the location with every timing filled.

    An empty duration picker shows "NaN" boxes (and the browser logs a warning per
    box); showing the inherited value instead also tells what an override replaces.
    """
    if user_input is not None:
        return dict(user_input)
    data = dict(entry.subentries[subentry_id].data) if subentry_id else {}
    timing = {
        key: to_duration_dict(value)
        for key, value in inherited_timing(entry, subentry_id).items()
    }
    stored = data.get(CONF_TIMING)
    if isinstance(stored, Mapping):
        timing.update(stored)
    data[CONF_TIMING] = timing
    # No longest hold is shown as 0:00:00, which the form reads back as none.
    wasp = data.get(CONF_WASP)
    wasp = dict(wasp) if isinstance(wasp, Mapping) else {}
    wasp.setdefault(CONF_WASP_MAX_DURATION, to_duration_dict(timedelta(0)))
    data[CONF_WASP] = wasp
    return data


def location_schema(
    hass: HomeAssistant, entry: ConfigEntry, subentry_id: str | None
) -> vol.Schema:
    """The form for a new location (``subentry_id`` None) or an existing one."""
    # Neither the location itself nor anything below it can be its parent.
    excluded = _descendants(entry, subentry_id) if subentry_id else set()
    others = [
        SelectOptionDict(value=other_id, label=entry.subentries[other_id].title)
        for other_id in _locations(entry)
        if other_id not in excluded
    ]
    others.sort(key=lambda option: option["label"].casefold())
    own = own_entity_ids(hass, entry)
    stored = entry.subentries[subentry_id].data if subentry_id else {}
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
    for kind, filters in SOURCE_FILTERS.items():
        schema[vol.Optional(kind.conf_key)] = entity_picker(
            not_offered(own, stored.get(kind.conf_key)), *filters
        )
    schema[vol.Optional(CONF_TRACKER_ALIASES)] = TextSelector(
        TextSelectorConfig(multiple=True)
    )
    schema[vol.Required(CONF_TIMING)] = section(
        vol.Schema({vol.Optional(key): duration_field() for key in TIMING_KEYS}),
        {"collapsed": True},
    )
    schema[vol.Required(CONF_WASP)] = section(
        vol.Schema(
            {
                vol.Optional(CONF_WASP_ENABLED, default=False): BooleanSelector(),
                vol.Optional(
                    CONF_WASP_VERIFY, default=to_duration_dict(DEFAULT_WASP_VERIFY)
                ): duration_field(),
                vol.Optional(CONF_WASP_MAX_DURATION): duration_field(),
            }
        ),
        {"collapsed": True},
    )
    # The home's own snapshot scenes (restore previous state) are no actions.
    snapshots = snapshot_scenes(hass)
    actions = stored.get(CONF_ACTIONS)
    actions = actions if isinstance(actions, Mapping) else {}
    schema[vol.Required(CONF_ACTIONS)] = section(
        vol.Schema(
            {
                vol.Optional(key): entity_picker(
                    not_offered(snapshots, actions.get(key)), *_SCENES_SCRIPTS
                )
                for key in (
                    CONF_ACTION_OCCUPIED,
                    CONF_ACTION_VACANT,
                    CONF_ACTION_EXTENDED_VACANT,
                )
            }
            | {
                vol.Optional(CONF_RESTORE_PREVIOUS, default=False): BooleanSelector(),
            }
        ),
        {"collapsed": True},
    )
    return vol.Schema(schema)


def _section(user_input: dict[str, Any], key: str) -> dict[str, Any]:
    value = user_input.get(key)
    return dict(value) if isinstance(value, Mapping) else {}


def _shared_entity_field(user_input: Mapping[str, Any]) -> str | None:
    """The first kind listing an entity that an earlier kind lists already."""
    seen: set[str] = set()
    for kind in SourceKind:
        entities = user_input.get(kind.conf_key) or []
        if isinstance(entities, str):
            entities = [entities]
        if seen & set(entities):
            return kind.conf_key
        seen.update(entities)
    return None


def looping_fields(
    hass: HomeAssistant,
    entry: ConfigEntry,
    subentry_id: str | None,
    user_input: Mapping[str, Any],
) -> dict[str, str]:
    """The fields through which the location's occupancy would flow back into it.

    ``feedback.form_loops`` on the stored locations and their occupancy sensors.
    """
    registry = er.async_get(hass)
    locations = _locations(entry)
    sensors = {
        entity_id: location_id
        for location_id in locations
        if (entity_id := occupancy_entity_id(registry, entry.entry_id, location_id))
    }
    return form_loops(hass, locations, sensors, subentry_id or _NEW, user_input)


def validate_location(
    entry: ConfigEntry,
    subentry_id: str | None,
    user_input: dict[str, Any],
    shown: Mapping[str, timedelta] | None = None,
    looped: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Form errors by field; empty when the location can be saved.

    Also tidies ``user_input`` into what is stored: the name and tracker aliases
    stripped, and timing values that only repeat what the location inherited when the
    form showed them (``shown``, else as it is now) dropped, so it keeps following its
    home even when the home's durations changed while the form was open. ``looped``
    are ``looping_fields``' errors, which need Home Assistant's states.
    """
    errors: dict[str, str] = dict(looped or {})
    base: list[str] = []
    name = str(user_input.get(CONF_NAME, "")).strip()
    if not name:
        errors[CONF_NAME] = "name_required"
    user_input[CONF_NAME] = name
    parent = user_input.get(CONF_PARENT) or None
    locations = _locations(entry)
    if parent is not None and parent not in locations:
        errors[CONF_PARENT] = "unknown_parent"
    elif parent is not None:
        parents = _parents(entry)
        own_id = subentry_id or _NEW
        parents[own_id] = parent
        if find_cycle(parents, own_id):
            errors[CONF_PARENT] = "parent_cycle"
    if shared := _shared_entity_field(user_input):
        errors.setdefault(shared, "entity_in_two_kinds")
    if user_input.get(CONF_STRATEGY) == Strategy.FOLLOW_PARENT and parent is None:
        base.append("follow_parent_needs_parent")
    wasp = _section(user_input, CONF_WASP)
    if duration_seconds(wasp.get(CONF_WASP_MAX_DURATION)) == 0:
        # 0:00:00, what the form shows for none: the hold lasts until a door opens.
        del wasp[CONF_WASP_MAX_DURATION]
        user_input[CONF_WASP] = wasp
    if wasp.get(CONF_WASP_ENABLED) and not (
        user_input.get(SourceKind.DOOR.conf_key)
        or user_input.get(SourceKind.STATE_DOOR.conf_key)
    ):
        base.append("wasp_needs_door")
    timing = _section(user_input, CONF_TIMING)
    accepted, timing_errors = duration_errors(timing, TIMING_KEYS)
    if timing_errors:
        base.append("timing_out_of_range")
    if duration_errors(wasp, WASP_DURATION_KEYS)[1]:
        base.append("wasp_out_of_range")
    if base:
        errors["base"] = base[0]
    if errors:
        return errors
    inherited = shown if shown is not None else inherited_timing(entry, subentry_id)
    user_input[CONF_TIMING] = {
        key: value
        for key, value in timing.items()
        if key not in accepted or accepted[key] != inherited[key]
    }
    if aliases := clean_aliases(user_input.get(CONF_TRACKER_ALIASES)):
        user_input[CONF_TRACKER_ALIASES] = list(aliases)
    else:
        user_input.pop(CONF_TRACKER_ALIASES, None)
    return errors
