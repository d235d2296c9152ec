"""Actions: trigger, clear, vacate, lock, unlock, unlock_all (README: "Actions").

Registered once in ``async_setup``. A call is validated completely (targets and
fields) before anything is applied, so a bad call changes nothing and a good one
applies to all its targets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, ENTITY_MATCH_ALL
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError, Unauthorized, UnknownUser
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.helpers.typing import VolSchemaType
from homeassistant.util import dt as dt_util
import voluptuous as vol

from .bounds import RefusedError, check_duration, check_source_id
from .compat import referenced_entity_ids
from .const import DOMAIN
from .coordinator import OccupancyCoordinator
from .engine import DEFAULT, LockState, Result
from .insight import occupancy_report

ATTR_SOURCE_ID = "source_id"
ATTR_TIMEOUT = "timeout"
ATTR_INDEFINITE = "indefinite"
ATTR_TRAILING_TIMEOUT = "trailing_timeout"
ATTR_INCLUDE_CHILDREN = "include_children"
ATTR_STATE = "state"
ATTR_DURATION = "duration"

SERVICE_TRIGGER = "trigger"
SERVICE_CLEAR = "clear"
SERVICE_VACATE = "vacate"
SERVICE_LOCK = "lock"
SERVICE_UNLOCK = "unlock"
SERVICE_UNLOCK_ALL = "unlock_all"
SERVICE_GET_OCCUPANCY = "get_occupancy"


def _as_given(value: Any) -> Any:
    """Let a field through untouched: its handler checks it and explains in words.

    A schema validator would answer with an untranslated schema dump, and
    ``cv.time_period`` even raises OverflowError for ``inf`` or ``1e15``.
    """
    return value


_SOURCE = {vol.Optional(ATTR_SOURCE_ID): _as_given}
SCHEMAS: dict[str, VolSchemaType] = {
    SERVICE_TRIGGER: cv.make_entity_service_schema(
        {
            **_SOURCE,
            vol.Optional(ATTR_TIMEOUT): _as_given,
            vol.Optional(ATTR_INDEFINITE): _as_given,
        }
    ),
    SERVICE_CLEAR: cv.make_entity_service_schema(
        {**_SOURCE, vol.Optional(ATTR_TRAILING_TIMEOUT): _as_given}
    ),
    SERVICE_VACATE: cv.make_entity_service_schema(
        {vol.Optional(ATTR_INCLUDE_CHILDREN): _as_given}
    ),
    SERVICE_LOCK: cv.make_entity_service_schema(
        {
            **_SOURCE,
            vol.Optional(ATTR_STATE): _as_given,
            vol.Optional(ATTR_DURATION): _as_given,
        }
    ),
    SERVICE_UNLOCK: cv.make_entity_service_schema(_SOURCE),
    SERVICE_UNLOCK_ALL: cv.make_entity_service_schema({}),
}
# Which duration fields may be 0 ("at once"); the rest need at least a second.
_DURATION_FIELDS: dict[str, dict[str, bool]] = {
    SERVICE_TRIGGER: {ATTR_TIMEOUT: False},
    SERVICE_CLEAR: {ATTR_TRAILING_TIMEOUT: True},
    SERVICE_LOCK: {ATTR_DURATION: False},
}
_BOOLEAN_FIELDS: dict[str, str] = {
    SERVICE_TRIGGER: ATTR_INDEFINITE,
    SERVICE_VACATE: ATTR_INCLUDE_CHILDREN,
}

type Command = Callable[[datetime], Result]


def _invalid(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


type EntityPermission = Callable[[str, str], bool]


async def _async_control_check(
    hass: HomeAssistant, call: ServiceCall
) -> EntityPermission | None:
    """The caller's entity permission check; None when nothing is checked.

    As Home Assistant's entity actions (``helpers/service.py``): a call with no
    user (an automation, a script) or an admin's is not checked.
    """
    if not call.context.user_id:
        return None
    user = await hass.auth.async_get_user(call.context.user_id)
    if user is None:
        raise UnknownUser(context=call.context)
    return None if user.is_admin else user.permissions.check_entity


async def async_resolve_targets(
    hass: HomeAssistant, call: ServiceCall
) -> list[tuple[OccupancyCoordinator, str]]:
    """The (home, location id) pairs a call targets; raise if any target is not one.

    Permissions as Home Assistant's entity actions check them: every entity the
    call references (an area's other entities too) needs the control permission,
    or nothing is done; ``entity_id: all`` is every entity the user may control,
    and none (no location, or none the user may control) is nothing to do, as for
    Home Assistant's (``entity_service_call``), but for an action that must answer.
    """
    permitted = await _async_control_check(hass, call)
    registry = er.async_get(hass)
    explicit: set[str]
    if everything := call.data.get(ATTR_ENTITY_ID) == ENTITY_MATCH_ALL:
        explicit, indirect = set(), _every_entity_of_ours(hass, registry)
        if permitted is not None:
            indirect = {e for e in indirect if permitted(e, POLICY_CONTROL)}
    else:
        explicit, indirect = referenced_entity_ids(hass, call)
        if permitted is not None:
            for entity_id in sorted(explicit | indirect):
                if not permitted(entity_id, POLICY_CONTROL):
                    raise Unauthorized(
                        context=call.context,
                        entity_id=entity_id,
                        permission=POLICY_CONTROL,
                    )
    targets: dict[str, tuple[OccupancyCoordinator, str]] = {}
    for entity_id in sorted(explicit | indirect):
        entry = registry.async_get(entity_id)
        location = _location_of(hass, entry)
        if location is None:
            if entity_id in explicit:
                raise _invalid("not_a_location", entity_id=entity_id)
            continue  # an area or device may hold other entities too
        targets[entity_id] = location
    if not targets and (not everything or call.return_response):
        raise _invalid("no_location_targeted")
    return list(targets.values())


def _every_entity_of_ours(hass: HomeAssistant, registry: er.EntityRegistry) -> set[str]:
    """Every enabled entity of every loaded home: ``entity_id: all``.

    As Home Assistant's own entity actions read it (``helpers/service.py``): every
    entity of theirs that is enabled, other targets of the call aside. The caller
    keeps the occupancy sensors, as for an area's or a device's entities.
    """
    return {
        entry.entity_id
        for config_entry in hass.config_entries.async_entries(DOMAIN)
        if config_entry.state is ConfigEntryState.LOADED
        for entry in er.async_entries_for_config_entry(registry, config_entry.entry_id)
        if not entry.disabled
    }


def _location_of(
    hass: HomeAssistant, entry: er.RegistryEntry | None
) -> tuple[OccupancyCoordinator, str] | None:
    if (
        entry is None
        or entry.platform != DOMAIN
        or entry.domain != "binary_sensor"
        or entry.config_entry_id is None
    ):
        return None
    # The location is read from the unique id (home.occupancy_entity_id's scheme),
    # not ``config_subentry_id``: Home Assistant 2025.4 clears that field when the
    # user renames the entity, until the next restart.
    prefix, suffix = f"{entry.config_entry_id}_", "_occupancy"
    unique_id = entry.unique_id
    if not unique_id.startswith(prefix) or not unique_id.endswith(suffix):
        return None
    config_entry = hass.config_entries.async_get_entry(entry.config_entry_id)
    if config_entry is None or config_entry.state is not ConfigEntryState.LOADED:
        raise _invalid("home_not_loaded")
    coordinator: OccupancyCoordinator = config_entry.runtime_data
    location_id = unique_id[len(prefix) : -len(suffix)]
    if location_id not in coordinator.specs:
        return None
    return coordinator, location_id


def _source_id(call: ServiceCall, *, default: str | None = None) -> str:
    value = call.data.get(ATTR_SOURCE_ID)
    if value is None and default is not None:
        return default
    try:
        return check_source_id(value)
    except RefusedError as err:
        raise _invalid(err.key, action=call.service) from None


def _duration(value: object, field: str, *, zero_ok: bool) -> timedelta | None:
    if value is None:
        return None
    checked = check_duration(value, zero_ok=zero_ok)
    if isinstance(checked, str):
        raise _invalid(checked, field=field)
    return checked


def _boolean(value: object, field: str) -> bool:
    if value is None:
        return False
    try:
        return bool(cv.boolean(value))
    except vol.Invalid:
        raise _invalid("value_not_boolean", field=field) from None


def _commands(
    service: str,
    data: Mapping[str, Any],
    coordinator: OccupancyCoordinator,
    location_id: str,
) -> list[Command]:
    """The engine commands one call means for one location (validated already)."""
    engine = coordinator.engine
    match service:
        case "trigger":
            timeout = data[ATTR_TIMEOUT]
            if data[ATTR_INDEFINITE]:
                timeout = None
            elif timeout is None:
                timeout = DEFAULT
            source_id = data[ATTR_SOURCE_ID]
            return [partial(engine.trigger, location_id, source_id, timeout=timeout)]
        case "clear":
            trailing = data[ATTR_TRAILING_TIMEOUT]
            if trailing is None:
                trailing = DEFAULT
            return [
                partial(
                    engine.clear, location_id, data[ATTR_SOURCE_ID], trailing=trailing
                )
            ]
        case "vacate":
            ids = (
                _subtree_leaves_first(coordinator, location_id)
                if data[ATTR_INCLUDE_CHILDREN]
                else [location_id]
            )
            return [partial(coordinator.vacate, one) for one in ids]
        case "lock":
            state = data.get(ATTR_STATE)
            duration: timedelta | None = data.get(ATTR_DURATION)

            def _lock(now: datetime) -> Result:
                # The engine applies a lock's state only to a location not locked
                # yet (a locked one stays frozen as it is): only then is it vacated.
                vacates = (
                    state == LockState.VACANT
                    and not coordinator.state(location_id).locked
                )
                result = engine.lock(
                    location_id,
                    data[ATTR_SOURCE_ID],
                    now,
                    state=LockState(state) if state else None,
                    until=now + duration if duration else None,
                )
                if vacates:
                    coordinator.start_quiet(location_id, now)
                return result

            return [_lock]
        case "unlock":
            return [partial(engine.unlock, location_id, data[ATTR_SOURCE_ID])]
        case _:
            return [partial(engine.unlock_all, location_id)]


def _apply_call(
    call: ServiceCall,
    data: Mapping[str, Any],
    coordinator: OccupancyCoordinator,
    location_ids: list[str],
    now: datetime,
) -> list[Result]:
    """One home's part of a call, at its turn.

    The commands are built now: an edit that came first may have removed one of the
    locations (skipped: it is gone) or changed a subtree (vacated as it is now).
    """
    commands = [
        command
        for location_id in location_ids
        if location_id in coordinator.specs
        for command in _commands(call.service, data, coordinator, location_id)
    ]
    return coordinator.run_commands(commands, call.context, now)


def _subtree_leaves_first(coordinator: OccupancyCoordinator, root: str) -> list[str]:
    """Every location of the subtree after its children, siblings in the engine's order.

    Walked with a stack, not recursion: a home may be nested deeper than Python's
    recursion limit. Parents first with the last child taken first, reversed, is
    each child's subtree in order, then the parent.
    """
    order: list[str] = []
    stack = [root]
    while stack:
        location_id = stack.pop()
        order.append(location_id)
        stack.extend(coordinator.engine.children(location_id))
    order.reverse()
    return order


def _validated_data(call: ServiceCall) -> dict[str, Any]:
    """Check every field and say what is wrong in words; return the call's clean data.

    Nothing is applied before this returns, so a refused call changes nothing.
    """
    service = call.service
    data: dict[str, Any] = {}
    if service == SERVICE_TRIGGER:
        data[ATTR_SOURCE_ID] = _source_id(call, default="manual")
    elif service in (SERVICE_CLEAR, SERVICE_LOCK, SERVICE_UNLOCK):
        data[ATTR_SOURCE_ID] = _source_id(call)
    for field, zero_ok in _DURATION_FIELDS.get(service, {}).items():
        data[field] = _duration(call.data.get(field), field, zero_ok=zero_ok)
    if flag := _BOOLEAN_FIELDS.get(service):
        data[flag] = _boolean(call.data.get(flag), flag)
    if (
        service == SERVICE_TRIGGER
        and data[ATTR_INDEFINITE]
        and data[ATTR_TIMEOUT] is not None
    ):
        raise _invalid("timeout_and_indefinite")
    if service == SERVICE_LOCK:
        state = call.data.get(ATTR_STATE)
        if state is not None and state not in [one.value for one in LockState]:
            raise _invalid("lock_state_invalid")
        data[ATTR_STATE] = state
    return data


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions (once, from ``async_setup``)."""

    async def _async_get_occupancy(call: ServiceCall) -> ServiceResponse:
        now = dt_util.utcnow()
        report: dict[str, Any] = {}
        for coordinator, location_id in await async_resolve_targets(hass, call):
            entity_id = coordinator.occupancy_entity_id(location_id) or location_id
            report[entity_id] = occupancy_report(coordinator, location_id, now)
        return report

    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_OCCUPANCY,
        _async_get_occupancy,
        schema=cv.make_entity_service_schema({}),
        supports_response=SupportsResponse.ONLY,
    )

    async def _async_handle(call: ServiceCall) -> None:
        targets = await async_resolve_targets(hass, call)
        data = _validated_data(call)
        homes: dict[OccupancyCoordinator, list[str]] = {}
        for coordinator, location_id in targets:
            homes.setdefault(coordinator, []).append(location_id)
        # One turn per home, every home's taken now, at the call's moment: nothing
        # comes between a call's commands, and a home that stops while the call
        # waits for another still applies (and saves) its part.
        turns = [
            coordinator.async_turn(
                partial(_apply_call, call, data, coordinator, location_ids)
            )
            for coordinator, location_ids in homes.items()
        ]
        for outcome in await asyncio.gather(*turns, return_exceptions=True):
            if isinstance(outcome, BaseException):
                raise outcome

    for service, schema in SCHEMAS.items():
        hass.services.async_register(DOMAIN, service, _async_handle, schema=schema)
