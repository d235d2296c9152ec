"""Room trackers: does a tracker's state place its person in this location?

Pure, so the rules are tested with the state sequences real trackers emit (README:
"Tuning"). Two families matter:

- **Bermuda** area sensors (``sensor.<device>_area``): the state is the HA area's *name*,
  attributes ``area_id`` / ``area_name``; both go to ``unknown`` / null whenever no proxy
  heard the device in the last beat, and a proxy going offline can name a neighbouring
  room for a few seconds.
- **ESPresense** through ``mqtt_room`` (or ESPresense-companion): the state is the
  node's own room name (the last part of its MQTT topic, often ``living_room`` or
  ``office_desk``), with only a ``distance`` attribute, and ``not_home`` at start and
  after its away timeout.

A tracker is *here* when its ``area_id`` attribute is the location's area, or its state
is the location's name, its area's id or name, or one of its ``tracker_aliases``
(case-insensitive, surrounding whitespace ignored). ``unknown`` / ``unavailable`` say
nothing (the noisy-input rules hold the location for the grace period). Anything else —
another room, ``not_home``, ``home`` for a location not called Home — is *elsewhere*.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Final

ATTR_AREA_ID: Final = "area_id"
_NOISE: Final = frozenset({"unavailable", "unknown"})


class Whereabouts(Enum):
    """What one tracker state says about one location."""

    HERE = "here"
    ELSEWHERE = "elsewhere"
    NOISE = "noise"  # unknown / unavailable / no state: neither here nor gone


def normalise(name: str) -> str:
    """The form room names are compared in."""
    return name.strip().casefold()


@dataclass(frozen=True, slots=True)
class RoomMatcher:
    """The names and area one location answers to."""

    names: frozenset[str]
    area_id: str | None = None

    @classmethod
    def for_location(
        cls,
        name: str,
        *,
        area_id: str | None = None,
        area_name: str | None = None,
        aliases: Iterable[str] = (),
    ) -> RoomMatcher:
        """Build the matcher of a location (its area already looked up)."""
        candidates = [name, *aliases]
        if area_id:
            candidates.append(area_id)
        if area_name:
            candidates.append(area_name)
        names = frozenset(
            normalised for item in candidates if (normalised := normalise(item))
        )
        return cls(names, normalise(area_id) if area_id else None)

    def whereabouts(
        self, state: str | None, attributes: Mapping[str, object] | None = None
    ) -> Whereabouts:
        """Classify one tracker state (``None``: the entity has no state)."""
        if state is None or normalise(state) in _NOISE:
            return Whereabouts.NOISE
        if self.area_id is not None and attributes is not None:
            reported = attributes.get(ATTR_AREA_ID)
            if isinstance(reported, str) and normalise(reported) == self.area_id:
                return Whereabouts.HERE
        if normalise(state) in self.names:
            return Whereabouts.HERE
        return Whereabouts.ELSEWHERE
