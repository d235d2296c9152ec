"""Constants of the Occupancy Manager integration (names are public API: see README)."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Final

DOMAIN: Final = "occupancy_manager"

SUBENTRY_LOCATION: Final = "location"

# Home (config entry) fields.
CONF_IMPORT_AREAS: Final = "import_areas"
CONF_DEFAULT_TIMEOUT: Final = "default_timeout"
CONF_DEFAULT_TRAILING_TIMEOUT: Final = "default_trailing_timeout"
CONF_DOOR_TIMEOUT: Final = "door_timeout"
CONF_RECENTLY_OCCUPIED_AFTER: Final = "recently_occupied_after"
CONF_EXTENDED_VACANCY_AFTER: Final = "extended_vacancy_after"
CONF_UNAVAILABLE_GRACE: Final = "unavailable_grace"
CONF_SLEEP_ENTITY: Final = "sleep_entity"
# A vacancy ended by a sensor within this window was a false one (self-tuning).
CONF_BOUNCE_WINDOW: Final = "bounce_window"
# Internal: set once the setup-time import has run, so a reload never re-imports.
CONF_AREAS_IMPORTED: Final = "areas_imported"

HOME_DURATION_DEFAULTS: Final[dict[str, timedelta]] = {
    CONF_DEFAULT_TIMEOUT: timedelta(minutes=5),
    CONF_DEFAULT_TRAILING_TIMEOUT: timedelta(minutes=2),
    CONF_DOOR_TIMEOUT: timedelta(minutes=2),
    CONF_RECENTLY_OCCUPIED_AFTER: timedelta(minutes=5),
    CONF_EXTENDED_VACANCY_AFTER: timedelta(hours=1),
    CONF_UNAVAILABLE_GRACE: timedelta(minutes=30),
    CONF_BOUNCE_WINDOW: timedelta(minutes=2),
}

# Location (subentry) fields.
CONF_PARENT: Final = "parent"
CONF_AREA_ID: Final = "area_id"
CONF_STRATEGY: Final = "strategy"
CONF_CONTRIBUTES_TO_PARENT: Final = "contributes_to_parent"
CONF_TIMING: Final = "timing"
CONF_MOTION_TIMEOUT: Final = "motion_timeout"
CONF_TRAILING_TIMEOUT: Final = "trailing_timeout"
CONF_SLEEP_MOTION_TIMEOUT: Final = "sleep_motion_timeout"
CONF_SLEEP_TRAILING_TIMEOUT: Final = "sleep_trailing_timeout"
CONF_VACATE_QUIET: Final = "vacate_quiet"
DEFAULT_VACATE_QUIET: Final = timedelta(seconds=10)
CONF_WASP: Final = "wasp"
CONF_WASP_ENABLED: Final = "enabled"
CONF_WASP_VERIFY: Final = "verify"
CONF_WASP_MAX_DURATION: Final = "max_duration"
DEFAULT_WASP_VERIFY: Final = timedelta(seconds=30)
# Room names ESPresense/mqtt_room trackers use for this location besides its own.
CONF_TRACKER_ALIASES: Final = "tracker_aliases"
CONF_ACTIONS: Final = "actions"
CONF_ACTION_OCCUPIED: Final = "occupied"
CONF_ACTION_VACANT: Final = "vacant"
CONF_ACTION_EXTENDED_VACANT: Final = "extended_vacant"
CONF_RESTORE_PREVIOUS: Final = "restore_previous"

# The durations where 0 has a documented meaning (at once / off); every other one
# must be at least a second (bounds.py).
ZERO_ALLOWED_DURATIONS: Final = frozenset(
    {
        CONF_DEFAULT_TRAILING_TIMEOUT,
        CONF_TRAILING_TIMEOUT,
        CONF_SLEEP_TRAILING_TIMEOUT,
        CONF_VACATE_QUIET,
        CONF_WASP_VERIFY,
    }
)


class SourceKind(StrEnum):
    """How a configured source entity drives its location (README: "Source kinds")."""

    MOTION = "motion"
    PRESENCE = "presence"
    KEEP = "keep"
    DOOR = "door"
    STATE_DOOR = "state_door"
    MEDIA = "media"
    VACATE = "vacate"
    OCCUPANT = "occupant"

    @property
    def conf_key(self) -> str:
        """The subentry field listing the entities of this kind."""
        return f"{self.value}_sources"


# Contribution kinds that are not entity sources (attributes, get_occupancy).
KIND_ACTION: Final = "action"
KIND_LOCK: Final = "lock"
KIND_CHILD: Final = "child"
KIND_WASP: Final = "wasp"

# The engine source id of a location's wasp-in-a-box contribution.
WASP_SOURCE: Final = "wasp"

# The lock switch's own lock source id.
LOCK_SOURCE_SWITCH: Final = "switch"

EVENT_OCCUPANCY_CHANGED: Final = "occupancy_manager_changed"
EVENT_OCCUPANT: Final = "occupancy_manager_occupant"

STORAGE_VERSION: Final = 1
SAVE_DELAY: Final = 10  # seconds: coalesce bursts of changes into one write
