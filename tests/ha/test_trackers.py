"""Room trackers as Bermuda and ESPresense really report them (pure: no hass).

The sequences below are written the way those integrations write states:

- Bermuda's ``sensor.<device>_area``: state = the HA area's *name*, attributes
  ``area_id``, ``area_name`` and ``current_mac``; ``unknown`` with both attributes null
  when no proxy heard the device in the last beat (its ``native_value`` is None), and
  ``unavailable`` while Bermuda reloads.
- ``mqtt_room`` (the ESPresense recipe): state = the room part of the MQTT topic (the
  node's own room name, a slug like ``living_room``), attribute ``distance`` only;
  ``not_home`` at start and after ``away_timeout``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.occupancy_manager.bindings import Binding, build_bindings
from custom_components.occupancy_manager.const import SourceKind
from custom_components.occupancy_manager.engine import (
    LocationConfig,
    OccupancyEngine,
    Transition,
)
from custom_components.occupancy_manager.locations import HomeTiming, parse_location
from custom_components.occupancy_manager.sources import (
    Clear,
    Signal,
    Timing,
    Trigger,
    input_for_change,
    signal,
)
from custom_components.occupancy_manager.trackers import (
    RoomMatcher,
    Whereabouts,
    normalise,
)

T0 = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)
TRAILING = timedelta(minutes=2)
GRACE = timedelta(minutes=30)
TIMING = Timing(
    motion_timeout=timedelta(minutes=5),
    trailing_timeout=TRAILING,
    door_timeout=timedelta(minutes=2),
    unavailable_grace=GRACE,
)

OFFICE = RoomMatcher.for_location("Office", area_id="office", area_name="Office")
KITCHEN = RoomMatcher.for_location("Kitchen", area_id="kitchen", area_name="Kitchen")


def bermuda(
    area_id: str | None, area_name: str | None
) -> tuple[str, dict[str, object]]:
    """One Bermuda area-sensor state: the area name, or unknown with null attributes."""
    return (
        area_name if area_name is not None else "unknown",
        {
            "area_id": area_id,
            "area_name": area_name,
            "current_mac": "7a:35:e1:0c:44:b2",
        },
    )


def espresense(
    room: str, distance: float | None = None
) -> tuple[str, dict[str, object]]:
    """One mqtt_room state: the node's room, or not_home."""
    return room, {"distance": distance}


# -- single states ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "attributes", "expected"),
    [
        # Bermuda in the office: both the state and the area_id say so.
        (*bermuda("office", "Office"), Whereabouts.HERE),
        # Bermuda beat missed: noise, not a departure.
        (*bermuda(None, None), Whereabouts.NOISE),
        ("unavailable", {}, Whereabouts.NOISE),
        (None, None, Whereabouts.NOISE),
        # Another room (a proxy dropped, or the person walked on).
        (*bermuda("hallway", "Hallway"), Whereabouts.ELSEWHERE),
        # mqtt_room's initial state and its away timeout.
        (*espresense("not_home"), Whereabouts.ELSEWHERE),
        # The area id as the state (ESPresense rooms named like HA's area ids).
        (*espresense("office", 1.4), Whereabouts.HERE),
        # Case and surrounding whitespace never matter.
        ("  OFFICE ", {}, Whereabouts.HERE),
        ("Unknown", {}, Whereabouts.NOISE),
        # A person entity at home is not in the office.
        ("home", {"source": "device_tracker.phone"}, Whereabouts.ELSEWHERE),
        ("", {}, Whereabouts.ELSEWHERE),
    ],
)
def test_one_state(
    state: str | None, attributes: Mapping[str, object] | None, expected: Whereabouts
) -> None:
    assert OFFICE.whereabouts(state, attributes) is expected


def test_area_id_attribute_wins_over_a_renamed_area() -> None:
    # The user renamed the HA area "Office" to "Study" after the matcher was built:
    # Bermuda now reports "Study", but the area id it carries is still "office".
    assert OFFICE.whereabouts(*bermuda("office", "Study")) is Whereabouts.HERE
    # Without the attribute, a name this location doesn't know is elsewhere.
    assert OFFICE.whereabouts("Study", {}) is Whereabouts.ELSEWHERE


def test_area_id_attribute_of_another_area_does_not_veto_a_name() -> None:
    # The location has no area: the state naming it is enough.
    study = RoomMatcher.for_location("Office")
    assert study.whereabouts(*bermuda("office", "Office")) is Whereabouts.HERE
    assert study.area_id is None


def test_non_string_area_id_attribute_is_ignored() -> None:
    assert OFFICE.whereabouts("Hallway", {"area_id": 7}) is Whereabouts.ELSEWHERE
    assert OFFICE.whereabouts("Hallway", {"area_id": None}) is Whereabouts.ELSEWHERE


def test_aliases_for_espresense_rooms() -> None:
    lounge = RoomMatcher.for_location(
        "Lounge",
        area_id="lounge",
        area_name="Lounge",
        aliases=[" living_room", "TV corner ", "", "   "],
    )
    assert lounge.names == frozenset({"lounge", "living_room", "tv corner"})
    assert lounge.whereabouts(*espresense("living_room", 2.1)) is Whereabouts.HERE
    assert lounge.whereabouts("tv corner", {}) is Whereabouts.HERE
    assert lounge.whereabouts(*espresense("kitchen", 0.8)) is Whereabouts.ELSEWHERE


def test_normalise() -> None:
    assert normalise("  Living Room\t") == "living room"
    assert normalise("STRASSE") == normalise("straße")


# -- recorded sequences through the sources rules and the engine --------------------

type Step = tuple[float, str | None, Mapping[str, object] | None]


@dataclass
class Replay:
    """What the locations went through while a sequence played."""

    engine: OccupancyEngine
    transitions: list[Transition]

    def occupied_flips(self, location_id: str) -> list[tuple[bool, str]]:
        return [
            (t.current.occupied, t.reason)
            for t in self.transitions
            if t.location_id == location_id and t.occupied_changed
        ]

    def departures(self, location_id: str) -> int:
        return sum(
            len(t.previous.occupants - t.current.occupants)
            for t in self.transitions
            if t.location_id == location_id
        )


def replay(
    tracker: str,
    steps: Iterable[Step],
    rooms: Mapping[str, RoomMatcher],
    *,
    until: float,
    occupant: str = "Mike",
) -> Replay:
    """Feed tracker states (at seconds after T0) to every location, as the shell does."""
    eng = OccupancyEngine([LocationConfig(id=room, name=room) for room in rooms], T0)
    transitions: list[Transition] = []
    previous: dict[str, Signal | None] = dict.fromkeys(rooms)
    for seconds, state, attributes in steps:
        now = T0 + timedelta(seconds=seconds)
        transitions += eng.advance(now).transitions
        for room, matcher in rooms.items():
            new = signal(SourceKind.OCCUPANT, tracker, state, matcher, attributes)
            match input_for_change(
                SourceKind.OCCUPANT, previous[room], new, TIMING, occupant
            ):
                case Trigger(timeout=timeout, occupant=who):
                    result = eng.trigger(
                        room, tracker, now, timeout=timeout, occupant=who
                    )
                case Clear(trailing=trailing):
                    result = eng.clear(room, tracker, now, trailing=trailing)
                case _:
                    result = None
            if result is not None:
                transitions += result.transitions
            previous[room] = new
    transitions += eng.advance(T0 + timedelta(seconds=until)).transitions
    return Replay(eng, transitions)


ROOMS = {"office": OFFICE, "kitchen": KITCHEN}
TRACKER = "sensor.mike_phone_area"


def test_bermuda_unknown_flaps_never_empty_the_room() -> None:
    steps: list[Step] = [
        (0, *bermuda(None, None)),  # start-up: not placed yet
        (5, *bermuda("office", "Office")),
        # A proxy misses beats: unknown for a few seconds, several times an hour.
        (600, *bermuda(None, None)),
        (604, *bermuda("office", "Office")),
        (1800, *bermuda(None, None)),
        (1812, *bermuda("office", "Office")),
        (2400, *bermuda(None, None)),
        (2401, *bermuda("office", "Office")),
    ]
    run = replay(TRACKER, steps, ROOMS, until=3600)
    assert run.occupied_flips("office") == [(True, f"trigger:{TRACKER}")]
    assert run.departures("office") == 0
    assert run.engine.state("office").occupants == {"Mike"}
    assert run.occupied_flips("kitchen") == []


def test_bermuda_brief_wrong_room_keeps_the_right_one() -> None:
    steps: list[Step] = [
        (0, *bermuda("office", "Office")),
        # The office proxy reboots: the kitchen proxy through the wall wins for 20 s.
        (900, *bermuda("kitchen", "Kitchen")),
        (920, *bermuda("office", "Office")),
    ]
    run = replay(TRACKER, steps, ROOMS, until=3600)
    # The office cleared with its trailing time and was held again before it ran out.
    assert run.occupied_flips("office") == [(True, f"trigger:{TRACKER}")]
    assert run.departures("office") == 0
    # The kitchen saw Mike for 20 s plus its trailing time: that is what was reported.
    assert run.occupied_flips("kitchen") == [
        (True, f"trigger:{TRACKER}"),
        (False, f"expired:{TRACKER}"),
    ]
    vacant_at = run.engine.state("kitchen").vacant_since
    assert vacant_at == T0 + timedelta(seconds=920) + TRAILING


def test_bermuda_walking_to_another_room_clears_with_the_trailing_time() -> None:
    steps: list[Step] = [
        (0, *bermuda("office", "Office")),
        (300, *bermuda("kitchen", "Kitchen")),
    ]
    run = replay(TRACKER, steps, ROOMS, until=900)
    assert run.occupied_flips("office") == [
        (True, f"trigger:{TRACKER}"),
        (False, f"expired:{TRACKER}"),
    ]
    assert (
        run.engine.state("office").vacant_since
        == T0 + timedelta(seconds=300) + TRAILING
    )
    assert run.departures("office") == 1
    assert run.engine.state("kitchen").occupants == {"Mike"}


def test_bermuda_gone_quiet_is_held_for_the_grace_then_cleared() -> None:
    # Out of range of every proxy (left the house): unknown, and it stays unknown.
    steps: list[Step] = [
        (0, *bermuda("office", "Office")),
        (60, *bermuda(None, None)),
    ]
    run = replay(TRACKER, steps, ROOMS, until=7200)
    assert run.engine.state("office").vacant_since == (
        T0 + timedelta(seconds=60) + GRACE + TRAILING
    )


def test_espresense_rooms_named_differently_use_aliases() -> None:
    lounge = RoomMatcher.for_location(
        "Lounge", area_id="lounge", area_name="Lounge", aliases=["living_room"]
    )
    study = RoomMatcher.for_location(
        "Study", area_id="study", area_name="Study", aliases=["office_desk"]
    )
    rooms = {"lounge": lounge, "study": study}
    tracker = "sensor.mike_watch"
    steps: list[Step] = [
        (0, *espresense("not_home")),  # mqtt_room's state until the first message
        (30, *espresense("living_room", 2.3)),
        (40, *espresense("living_room", 1.9)),  # distance-only updates: same state
        (600, *espresense("office_desk", 0.7)),
        (1200, *espresense("not_home")),  # away_timeout passed: watch left with Mike
    ]
    run = replay(tracker, steps, rooms, until=3600)
    assert run.occupied_flips("lounge") == [
        (True, f"trigger:{tracker}"),
        (False, f"expired:{tracker}"),
    ]
    assert run.occupied_flips("study") == [
        (True, f"trigger:{tracker}"),
        (False, f"expired:{tracker}"),
    ]
    assert (
        run.engine.state("lounge").vacant_since
        == T0 + timedelta(seconds=600) + TRAILING
    )
    assert (
        run.engine.state("study").vacant_since
        == T0 + timedelta(seconds=1200) + TRAILING
    )
    assert run.departures("study") == 1


# -- bindings: what the shell builds per location -----------------------------------


def _lounge(area_names: tuple[str, ...]) -> Binding:
    spec = parse_location(
        "lounge",
        "Lounge",
        {
            "area_id": "lounge_area",
            "occupant_sources": ["sensor.mike_watch"],
            "tracker_aliases": [" living_room "],
        },
        HomeTiming.from_options({}),
    )
    [binding] = build_bindings([spec], lambda _area_id: area_names)["sensor.mike_watch"]
    return binding


@pytest.mark.parametrize(
    ("state", "attributes", "expected"),
    [
        ("Living Room", None, Signal.ON),  # the area's name
        ("lounge_area", None, Signal.ON),  # the area's id
        ("Lounge", None, Signal.ON),  # the location's own name
        ("living_room", {"distance": 1.2}, Signal.ON),  # an alias
        ("Study", {"area_id": "lounge_area"}, Signal.ON),  # Bermuda, area renamed
        ("kitchen", {"distance": 0.4}, Signal.OFF),
        ("not_home", {}, Signal.OFF),
        ("unknown", {"area_id": None}, Signal.UNAVAILABLE),
        (None, None, Signal.UNAVAILABLE),
    ],
)
def test_binding_signal(
    state: str | None, attributes: Mapping[str, object] | None, expected: Signal
) -> None:
    binding = _lounge(("lounge_area", "Living Room"))
    assert binding.signal("sensor.mike_watch", state, attributes) is expected


def test_binding_of_a_deleted_area_matches_names_and_aliases_only() -> None:
    binding = _lounge(())
    assert binding.room.area_id is None
    assert binding.signal("sensor.w", "Study", {"area_id": "lounge_area"}) is Signal.OFF
    assert binding.signal("sensor.w", "living_room") is Signal.ON
    assert binding.signal("sensor.w", "lounge") is Signal.ON
