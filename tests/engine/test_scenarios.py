"""The scenarios of ENGINE.md §9, as a table: each step is an input and what must hold after it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import pytest

from custom_components.occupancy_manager.engine import (
    Ladder,
    LocationConfig,
    OccupancyEngine,
    Result,
)

from .common import QUIET, T0, at, loc, secs

type Call = Callable[[OccupancyEngine, datetime], Result]
_UNSET = object()


def trigger(
    location: str, source: str, timeout: float | None, occupant: str | None = None
) -> Call:
    return lambda e, now: e.trigger(
        location,
        source,
        now,
        timeout=None if timeout is None else secs(timeout),
        occupant=occupant,
    )


def clear(location: str, source: str, trailing: float) -> Call:
    return lambda e, now: e.clear(location, source, now, trailing=secs(trailing))


def vacate(location: str) -> Call:
    return lambda e, now: e.vacate(location, now)


def lock(location: str, source: str) -> Call:
    return lambda e, now: e.lock(location, source, now)


def unlock(location: str, source: str) -> Call:
    return lambda e, now: e.unlock(location, source, now)


def unlock_all(location: str) -> Call:
    return lambda e, now: e.unlock_all(location, now)


def advance() -> Call:
    return lambda e, now: e.advance(now)


@dataclass(frozen=True)
class Step:
    """At ``second`` after t0, ``call``; then check every expectation given."""

    second: float
    call: Call
    occupied: Mapping[str, bool] = field(default_factory=dict)
    deadline: object = _UNSET  # seconds after t0, None, or unset
    ignored: object = _UNSET
    occupants: Mapping[str, frozenset[str]] = field(default_factory=dict)
    ladder: Mapping[str, Ladder] = field(default_factory=dict)
    expires: Mapping[tuple[str, str], float] = field(default_factory=dict)
    reasons: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    name: str
    locations: tuple[LocationConfig, ...]
    steps: tuple[Step, ...]


HOME = (loc("home"), loc("main_floor", "home"), loc("kitchen", "main_floor"))
ROOMS = (
    loc("house"),
    loc("kitchen", "house"),
    loc("bedroom", "house"),
    loc("bathroom", "house"),
)

SCENARIOS = [
    Scenario(
        "1 motion propagates up and expires everywhere",
        HOME,
        (
            Step(
                0,
                trigger("kitchen", "motion", 600),
                occupied={"kitchen": True, "main_floor": True, "home": True},
                deadline=600,
                reasons={
                    "kitchen": "trigger:motion",
                    "main_floor": "child:kitchen",
                    "home": "child:main_floor",
                },
            ),
            Step(
                599, advance(), occupied={"kitchen": True, "home": True}, deadline=600
            ),
            Step(
                600,
                advance(),
                occupied={"kitchen": False, "main_floor": False, "home": False},
                deadline=None,
                reasons={"kitchen": "expired:motion", "home": "child:main_floor"},
            ),
        ),
    ),
    Scenario(
        "2 earliest of several rooms is the next deadline",
        ROOMS,
        (
            Step(0, trigger("kitchen", "m", 60)),
            Step(0, trigger("bedroom", "m", 120)),
            Step(0, trigger("bathroom", "m", 30), deadline=30),
            Step(
                31,
                advance(),
                occupied={
                    "bathroom": False,
                    "kitchen": True,
                    "bedroom": True,
                    "house": True,
                },
                deadline=60,
            ),
        ),
    ),
    Scenario(
        "3 a shorter trigger never shortens the expiry",
        (loc("office"),),
        (
            Step(0, trigger("office", "m", 3600), deadline=3600),
            Step(
                300,
                trigger("office", "m", 600),
                expires={("office", "m"): 3600},
                deadline=3600,
            ),
            Step(3599, advance(), occupied={"office": True}),
            Step(3600, advance(), occupied={"office": False}, deadline=None),
        ),
    ),
    Scenario(
        "4 office work session: presence, motion, presence cleared with trailing",
        (loc("office"),),
        (
            Step(0, trigger("office", "presence", None), deadline=None),
            Step(0, trigger("office", "motion", 600), deadline=600),
            Step(0, clear("office", "presence", 120), deadline=120),
            Step(120, advance(), occupied={"office": True}, deadline=600),
            Step(599, advance(), occupied={"office": True}),
            Step(600, advance(), occupied={"office": False}, deadline=None),
        ),
    ),
    Scenario(
        "5 state door: open is indefinite, closed clears at once",
        (loc("garage"),),
        (
            Step(
                0,
                trigger("garage", "door", None),
                occupied={"garage": True},
                deadline=None,
            ),
            Step(86400, advance(), occupied={"garage": True}),
            Step(
                90000,
                clear("garage", "door", 0),
                occupied={"garage": False},
                reasons={"garage": "clear:door"},
            ),
        ),
    ),
    Scenario(
        "6 a lock suspends the timer and unlock resumes it",
        (loc("den"),),
        (
            Step(0, trigger("den", "m", 600)),
            Step(
                180, lock("den", "party"), deadline=None, reasons={"den": "lock:party"}
            ),
            Step(600, advance(), occupied={"den": True}),
            Step(
                480,
                unlock("den", "party"),
                deadline=900,
                reasons={"den": "unlock:party"},
            ),
            Step(899, advance(), occupied={"den": True}),
            Step(900, advance(), occupied={"den": False}),
        ),
    ),
    Scenario(
        "7 two lock sources: one unlock keeps it locked, unlock_all releases",
        (loc("den"),),
        (
            Step(0, trigger("den", "m", 60)),
            Step(10, lock("den", "a")),
            Step(10, lock("den", "b")),
            Step(20, unlock("den", "a"), deadline=None),
            Step(30, trigger("den", "x", 60), ignored="locked"),
            Step(200, advance(), occupied={"den": True}),
            Step(200, unlock_all("den"), deadline=250, reasons={"den": "unlock:b"}),
            Step(250, advance(), occupied={"den": False}),
        ),
    ),
    Scenario(
        "8 a non-contributing child leaves its parent vacant",
        (loc("house"), loc("garden", "house", contributes=False)),
        (
            Step(
                0,
                trigger("garden", "m", 60),
                occupied={"garden": True, "house": False},
            ),
        ),
    ),
    Scenario(
        "9 follow_parent mirrors the parent and never holds it",
        (
            loc("house"),
            loc("kitchen", "house"),
            loc("living", "house", follow=True),
        ),
        (
            Step(
                0,
                trigger("kitchen", "m", 60),
                occupied={"kitchen": True, "house": True, "living": True},
                reasons={"living": "parent:house"},
            ),
            Step(
                10,
                trigger("living", "m", 600),
                ignored="follow_parent",
                deadline=60,
                expires={("kitchen", "m"): 60},
            ),
            Step(
                60,
                advance(),
                occupied={"kitchen": False, "house": False, "living": False},
                deadline=None,
            ),
        ),
    ),
    Scenario(
        "10 parent vacant when the last child is",
        (loc("house"), loc("kitchen", "house"), loc("bedroom", "house")),
        (
            Step(0, trigger("kitchen", "m", 120)),
            Step(0, trigger("bedroom", "m", 180)),
            Step(120, advance(), occupied={"kitchen": False, "house": True}),
            Step(179, advance(), occupied={"house": True}),
            Step(180, advance(), occupied={"bedroom": False, "house": False}),
        ),
    ),
    Scenario(
        "11 vacate is ignored while locked, immediate when unlocked",
        (loc("house"), loc("kitchen", "house")),
        (
            Step(0, trigger("kitchen", "presence", None)),
            Step(10, lock("kitchen", "guard")),
            Step(20, vacate("kitchen"), ignored="locked", occupied={"kitchen": True}),
            Step(30, unlock("kitchen", "guard"), occupied={"kitchen": True}),
            Step(
                40,
                vacate("kitchen"),
                occupied={"kitchen": False, "house": False},
                reasons={"kitchen": "vacate", "house": "child:kitchen"},
            ),
        ),
    ),
    Scenario(
        "13 occupants follow their contributions up the tree",
        (loc("house"), loc("kitchen", "house")),
        (
            Step(0, trigger("kitchen", "mike_phone", None, occupant="mike")),
            Step(
                0,
                trigger("kitchen", "marla_phone", None, occupant="marla"),
                occupants={
                    "kitchen": frozenset({"mike", "marla"}),
                    "house": frozenset({"mike", "marla"}),
                },
            ),
            Step(
                60,
                clear("kitchen", "mike_phone", 0),
                occupied={"kitchen": True, "house": True},
                occupants={
                    "kitchen": frozenset({"marla"}),
                    "house": frozenset({"marla"}),
                },
            ),
            Step(
                70,
                clear("kitchen", "marla_phone", 0),
                occupied={"kitchen": False, "house": False},
                occupants={"kitchen": frozenset(), "house": frozenset()},
            ),
        ),
    ),
    Scenario(
        "14 a duplicate clear does not restart the trailing timer",
        (loc("office"),),
        (
            Step(0, trigger("office", "presence", None)),
            Step(0, clear("office", "presence", 120), deadline=120),
            Step(
                60,
                clear("office", "presence", 120),
                deadline=120,
                expires={("office", "presence"): 120},
            ),
            Step(120, advance(), occupied={"office": False}),
        ),
    ),
    Scenario(
        "15 the ladder climbs down with time",
        (
            loc(
                "den",
                quiet=False,
                recently_occupied_after=300,
                extended_vacancy_after=3600,
            ),
        ),
        (
            Step(
                0,
                trigger("den", "motion", 900),
                ladder={"den": Ladder.OCCUPIED},
                deadline=300,
            ),
            Step(299, advance(), ladder={"den": Ladder.OCCUPIED}),
            Step(
                300,
                advance(),
                ladder={"den": Ladder.RECENTLY_OCCUPIED},
                occupied={"den": True},
                deadline=900,
                reasons={"den": "ladder"},
            ),
            Step(900, advance(), ladder={"den": Ladder.VACANT}, deadline=4500),
            Step(4499, advance(), ladder={"den": Ladder.VACANT}),
            Step(
                4500, advance(), ladder={"den": Ladder.EXTENDED_VACANT}, deadline=None
            ),
        ),
    ),
]


def near(deadline: datetime | None) -> datetime | None:
    """The deadline, or None when it is only a quiet ladder threshold a year away."""
    return None if deadline is None or deadline - T0 > QUIET / 2 else deadline


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario(scenario: Scenario) -> None:
    eng = OccupancyEngine(scenario.locations, T0)
    for index, step in enumerate(scenario.steps):
        where = f"step {index} at t0+{step.second}s"
        result = step.call(eng, at(step.second))
        assert result.next_deadline == eng.next_deadline, where
        for location_id, flag in step.occupied.items():
            assert eng.state(location_id).occupied is flag, f"{where}: {location_id}"
        if step.deadline is not _UNSET:
            expected = None if step.deadline is None else at(step.deadline)  # type: ignore[arg-type]
            assert near(result.next_deadline) == expected, where
        if step.ignored is not _UNSET:
            assert result.ignored == step.ignored, where
        for location_id, names in step.occupants.items():
            assert eng.state(location_id).occupants == names, f"{where}: {location_id}"
        for location_id, ladder in step.ladder.items():
            assert eng.state(location_id).ladder is ladder, f"{where}: {location_id}"
        for (location_id, source_id), second in step.expires.items():
            found = {c.source_id: c for c in eng.state(location_id).contributions}
            assert found[source_id].expires_at == at(second), f"{where}: {source_id}"
        reasons = {t.location_id: t.reason for t in result.transitions}
        for location_id, reason in step.reasons.items():
            assert reasons.get(location_id) == reason, f"{where}: {location_id}"


def test_scenario_12_restore_after_downtime() -> None:
    """A 600 s contribution restored 900 s later is gone; 300 s later it is kept."""
    original = OccupancyEngine(HOME, T0)
    original.trigger("kitchen", "motion", T0, timeout=secs(600))
    snapshot = original.snapshot()

    late = OccupancyEngine(HOME, at(900))
    result = late.restore(snapshot, at(900))
    assert not late.state("kitchen").occupied
    assert not late.state("home").occupied
    assert result.transitions == ()  # it was vacant before the restore too
    assert late.state("kitchen").vacant_since == at(600)
    assert near(late.next_deadline) is None

    # Restoring into an engine that still holds the room reports the change.
    result = original.restore(snapshot, at(900))
    assert [
        (t.location_id, t.reason, t.current.occupied) for t in result.transitions
    ] == [
        ("kitchen", "restore", False),
        ("main_floor", "restore", False),
        ("home", "restore", False),
    ]

    early = OccupancyEngine(HOME, at(300))
    early.restore(snapshot, at(300))
    assert early.state("kitchen").occupied
    assert early.state("home").occupied
    assert early.next_deadline == at(600)
    assert early.advance(at(600)).transitions
    assert not early.state("home").occupied


def test_scenario_1_with_default_ladder_wakes_at_the_threshold_first() -> None:
    """With default timings the ladder's 300 s threshold precedes the 600 s expiry."""
    eng = OccupancyEngine(
        [
            LocationConfig(id="home", name="Home"),
            LocationConfig(id="kitchen", name="Kitchen", parent_id="home"),
        ],
        T0,
    )
    assert eng.trigger("kitchen", "motion", T0, timeout=secs(600)).next_deadline == at(
        300
    )
    result = eng.advance(at(300))
    assert [(t.location_id, t.reason) for t in result.transitions] == [
        ("kitchen", "ladder")
    ]
    assert eng.state("kitchen").ladder is Ladder.RECENTLY_OCCUPIED
    assert (
        eng.state("home").ladder is Ladder.OCCUPIED
    )  # held by the child's contribution
    assert result.next_deadline == at(600)
