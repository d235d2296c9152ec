"""Typed view of the home's configuration: entry options plus one subentry per location.

Pure functions only, so the form validation, the coordinator and the tests share one
reading of the stored dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
import logging

from .bounds import (
    DURATION_INVALID,
    MIN_DURATION,
    check_duration,
    clamp_duration,
    duration_seconds,
)
from .const import (
    CONF_ACTION_EXTENDED_VACANT,
    CONF_ACTION_OCCUPIED,
    CONF_ACTION_VACANT,
    CONF_ACTIONS,
    CONF_AREA_ID,
    CONF_BOUNCE_WINDOW,
    CONF_CONTRIBUTES_TO_PARENT,
    CONF_DEFAULT_TIMEOUT,
    CONF_DEFAULT_TRAILING_TIMEOUT,
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
    CONF_UNAVAILABLE_GRACE,
    CONF_VACATE_QUIET,
    CONF_WASP,
    CONF_WASP_ENABLED,
    CONF_WASP_MAX_DURATION,
    CONF_WASP_VERIFY,
    DEFAULT_VACATE_QUIET,
    DEFAULT_WASP_VERIFY,
    HOME_DURATION_DEFAULTS,
    ZERO_ALLOWED_DURATIONS,
    SourceKind,
)
from .engine import LocationConfig, Strategy

_LOGGER = logging.getLogger(__name__)


def read_duration(
    value: object, default: timedelta, *, key: str, where: str
) -> timedelta:
    """A stored duration within bounds; out of range is clamped and logged, never fatal.

    Older versions and hand edits could store 0, huge or malformed values, and one of
    them must not take the home down (a zero timeout used to fail setup).
    """
    if value is None:
        return default
    zero_ok = key in ZERO_ALLOWED_DURATIONS
    checked = check_duration(value, zero_ok=zero_ok)
    if isinstance(checked, timedelta):
        return checked
    result = clamp_duration(value, default, zero_ok=zero_ok)
    _LOGGER.warning(
        "%s: the stored %s %r is %s; using %s instead. Edit it to choose a value",
        where,
        key,
        value,
        "not a duration" if checked == DURATION_INVALID else "out of range",
        result,
    )
    return result


def to_duration_dict(value: timedelta) -> dict[str, int]:
    """Write a timedelta the way the duration selector stores it."""
    total = int(value.total_seconds())
    return {
        "hours": total // 3600,
        "minutes": total % 3600 // 60,
        "seconds": total % 60,
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class HomeTiming:
    """Home-wide durations from the options flow."""

    default_timeout: timedelta
    default_trailing_timeout: timedelta
    door_timeout: timedelta
    recently_occupied_after: timedelta
    extended_vacancy_after: timedelta
    unavailable_grace: timedelta
    bounce_window: timedelta = HOME_DURATION_DEFAULTS[CONF_BOUNCE_WINDOW]

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> HomeTiming:
        """Read the options, falling back to the documented defaults."""
        values = {
            key: read_duration(options.get(key), default, key=key, where="Home options")
            for key, default in HOME_DURATION_DEFAULTS.items()
        }
        return cls(
            default_timeout=values[CONF_DEFAULT_TIMEOUT],
            default_trailing_timeout=values[CONF_DEFAULT_TRAILING_TIMEOUT],
            door_timeout=values[CONF_DOOR_TIMEOUT],
            recently_occupied_after=values[CONF_RECENTLY_OCCUPIED_AFTER],
            extended_vacancy_after=values[CONF_EXTENDED_VACANCY_AFTER],
            unavailable_grace=values[CONF_UNAVAILABLE_GRACE],
            bounce_window=values[CONF_BOUNCE_WINDOW],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationActions:
    """A location's occupancy modes: scenes/scripts per transition."""

    occupied: tuple[str, ...] = ()
    vacant: tuple[str, ...] = ()
    extended_vacant: tuple[str, ...] = ()
    restore_previous: bool = False
    any: bool = field(init=False, compare=False, repr=False)
    """True when the location has any action (and so an automation switch)."""

    def __post_init__(self) -> None:
        """Work ``any`` out once: the modes ask it of every transition (issue 14)."""
        object.__setattr__(
            self,
            "any",
            bool(
                self.occupied
                or self.vacant
                or self.extended_vacant
                or self.restore_previous
            ),
        )

    @classmethod
    def from_data(cls, value: object) -> LocationActions:
        """Read the form's ``actions`` section."""
        if not isinstance(value, Mapping):
            return cls()
        return cls(
            occupied=_entity_list(value.get(CONF_ACTION_OCCUPIED)),
            vacant=_entity_list(value.get(CONF_ACTION_VACANT)),
            extended_vacant=_entity_list(value.get(CONF_ACTION_EXTENDED_VACANT)),
            restore_previous=bool(value.get(CONF_RESTORE_PREVIOUS, False)),
        )


def _entity_list(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(dict.fromkeys(str(item) for item in value))
    return ()


@dataclass(frozen=True, slots=True, kw_only=True)
class WaspSettings:
    """Wasp-in-a-box: an enclosed room stays occupied while its doors stay closed."""

    enabled: bool = False
    verify: timedelta = DEFAULT_WASP_VERIFY
    max_duration: timedelta | None = None

    @classmethod
    def from_data(cls, value: object, where: str = "") -> WaspSettings:
        """Read the form's ``wasp`` section."""
        if not isinstance(value, Mapping):
            return cls()
        max_duration = value.get(CONF_WASP_MAX_DURATION)
        # Versions before the bounds stored 0 for "until a door opens".
        if duration_seconds(max_duration) == 0:
            max_duration = None
        return cls(
            enabled=bool(value.get(CONF_WASP_ENABLED, False)),
            verify=read_duration(
                value.get(CONF_WASP_VERIFY),
                DEFAULT_WASP_VERIFY,
                key=CONF_WASP_VERIFY,
                where=where,
            ),
            max_duration=_optional_duration(
                max_duration, key=CONF_WASP_MAX_DURATION, where=where
            ),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LocationSpec:
    """One location as configured, with its timings already resolved."""

    id: str
    name: str
    parent_id: str | None
    area_id: str | None
    strategy: Strategy
    contributes_to_parent: bool
    sources: Mapping[SourceKind, tuple[str, ...]]
    motion_timeout: timedelta
    trailing_timeout: timedelta
    door_timeout: timedelta
    recently_occupied_after: timedelta
    extended_vacancy_after: timedelta
    unavailable_grace: timedelta
    sleep_motion_timeout: timedelta | None = None
    sleep_trailing_timeout: timedelta | None = None
    vacate_quiet: timedelta = DEFAULT_VACATE_QUIET
    wasp: WaspSettings = field(default_factory=WaspSettings)
    actions: LocationActions = field(default_factory=LocationActions)
    # Room names (ESPresense, mqtt_room) that mean this location besides its own.
    tracker_aliases: tuple[str, ...] = ()

    @property
    def doors(self) -> tuple[str, ...]:
        """The location's doors: entry doors and state doors."""
        return self.sources[SourceKind.DOOR] + self.sources[SourceKind.STATE_DOOR]

    def to_engine(self) -> LocationConfig:
        """The engine's configuration of this location."""
        return LocationConfig(
            id=self.id,
            name=self.name,
            parent_id=self.parent_id,
            strategy=self.strategy,
            contributes_to_parent=self.contributes_to_parent,
            default_timeout=self.motion_timeout,
            default_trailing_timeout=self.trailing_timeout,
            recently_occupied_after=self.recently_occupied_after,
            extended_vacancy_after=self.extended_vacancy_after,
        )

    def source_entities(self) -> Iterable[tuple[str, SourceKind]]:
        """Every configured source entity with its kind."""
        for kind, entity_ids in self.sources.items():
            for entity_id in entity_ids:
                yield entity_id, kind


def parse_location(
    location_id: str, title: str, data: Mapping[str, object], home: HomeTiming
) -> LocationSpec:
    """Turn one location subentry's data into a LocationSpec."""
    timing = data.get(CONF_TIMING)
    timing = timing if isinstance(timing, Mapping) else {}
    where = f"Location {data.get('name') or title}"

    def _duration(key: str, default: timedelta) -> timedelta:
        return read_duration(timing.get(key), default, key=key, where=where)

    strategy_value = data.get(CONF_STRATEGY, Strategy.INDEPENDENT)
    strategy = (
        Strategy(str(strategy_value))
        if strategy_value in Strategy.__members__.values()
        else Strategy.INDEPENDENT
    )
    parent = data.get(CONF_PARENT)
    area = data.get(CONF_AREA_ID)
    return LocationSpec(
        id=location_id,
        name=str(data.get("name") or title),
        parent_id=parent if isinstance(parent, str) and parent else None,
        area_id=area if isinstance(area, str) and area else None,
        strategy=strategy,
        contributes_to_parent=bool(data.get(CONF_CONTRIBUTES_TO_PARENT, True)),
        sources={kind: _entity_list(data.get(kind.conf_key)) for kind in SourceKind},
        motion_timeout=_duration(CONF_MOTION_TIMEOUT, home.default_timeout),
        trailing_timeout=_duration(
            CONF_TRAILING_TIMEOUT, home.default_trailing_timeout
        ),
        door_timeout=_duration(CONF_DOOR_TIMEOUT, home.door_timeout),
        recently_occupied_after=_duration(
            CONF_RECENTLY_OCCUPIED_AFTER, home.recently_occupied_after
        ),
        extended_vacancy_after=_duration(
            CONF_EXTENDED_VACANCY_AFTER, home.extended_vacancy_after
        ),
        unavailable_grace=home.unavailable_grace,
        sleep_motion_timeout=_optional_duration(
            timing.get(CONF_SLEEP_MOTION_TIMEOUT),
            key=CONF_SLEEP_MOTION_TIMEOUT,
            where=where,
        ),
        sleep_trailing_timeout=_optional_duration(
            timing.get(CONF_SLEEP_TRAILING_TIMEOUT),
            key=CONF_SLEEP_TRAILING_TIMEOUT,
            where=where,
        ),
        vacate_quiet=_duration(CONF_VACATE_QUIET, DEFAULT_VACATE_QUIET),
        wasp=WaspSettings.from_data(data.get(CONF_WASP), where),
        actions=LocationActions.from_data(data.get(CONF_ACTIONS)),
        tracker_aliases=clean_aliases(data.get(CONF_TRACKER_ALIASES)),
    )


def _optional_duration(value: object, *, key: str, where: str) -> timedelta | None:
    if value is None:
        return None
    if duration_seconds(value) is None:
        # "Not set" is the safe reading: the location keeps its usual timing.
        _LOGGER.warning(
            "%s: the stored %s %r is not a duration; ignoring it", where, key, value
        )
        return None
    return read_duration(value, MIN_DURATION, key=key, where=where)


def clean_aliases(value: object) -> tuple[str, ...]:
    """Tracker room names, stripped, without blanks or case-insensitive repeats."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return ()
    aliases: dict[str, str] = {}
    for item in value:
        if isinstance(item, str) and (alias := item.strip()):
            aliases.setdefault(alias.casefold(), alias)
    return tuple(aliases.values())


def find_cycle(parents: Mapping[str, str | None], start: str) -> list[str] | None:
    """Return the ids on a parent cycle reachable from ``start``, or None."""
    seen: list[str] = []
    current: str | None = start
    while current is not None:
        if current in seen:
            return seen[seen.index(current) :]
        seen.append(current)
        current = parents.get(current)
    return None


def detach_orphans(
    specs: Mapping[str, LocationSpec],
) -> tuple[dict[str, LocationSpec], list[str]]:
    """Make locations whose parent no longer exists roots; return them by id.

    A deleted parent must never take its children with it, and a parent cycle (which
    the form refuses, but stored data could still hold) must not stop the home loading.
    """
    fixed = dict(specs)
    orphans = [
        spec.id
        for spec in specs.values()
        if spec.parent_id is not None and spec.parent_id not in specs
    ]
    parents = {spec.id: spec.parent_id for spec in specs.values()}
    for location_id in list(specs):
        cycle = find_cycle(parents, location_id)
        if cycle:
            orphans.append(cycle[0])
            parents[cycle[0]] = None
    for location_id in orphans:
        fixed[location_id] = replace(fixed[location_id], parent_id=None)
    return fixed, orphans
