"""The second benchmark stream: ENGINE.md §9's scenarios (from the seed documents), at scale.

One *household* holds the locations the scenarios use: a home with a main floor, a
kitchen, a follow-parent living room, an office (two occupants, presence and motion),
a garage with a state door, a bedroom that is locked for sleep, a bathroom with two
lock sources and a shed that does not contribute to the home. Every household replays
the scenarios' inputs in cycles of two simulated hours, each cycle starting at its own
random offset, so that many households interleave like the rooms of a large building.
Unlike the synthetic stream (random sensors), this one exercises locks, vacate,
follow-parent, occupants, trailing clears and ignored inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
import random

from engine import Place

HOUSEHOLD = 9
"""Locations per household."""
CYCLE = 7_200.0
"""Seconds between the starts of two cycles of one household."""


@dataclass(frozen=True, slots=True)
class Step:
    """One engine call: seconds since t0, the method and its arguments."""

    seconds: float
    method: str
    location: str
    source: str = ""
    timeout: float | None = -1.0
    """Seconds; None for indefinite, -1 for the method's default (omitted)."""
    occupant: str | None = None
    lock_state: str | None = None


def household(prefix: str) -> list[Place]:
    def place(name: str, parent: str | None, **kwargs: bool) -> Place:
        return Place(
            f"{prefix}{name}",
            None if parent is None else f"{prefix}{parent}",
            follow=kwargs.get("follow", False),
            contributes=kwargs.get("contributes", True),
        )

    return [
        place("home", None),
        place("main", "home"),
        place("kitchen", "main"),
        place("living", "main", follow=True),
        place("office", "main"),
        place("garage", "home"),
        place("bedroom", "home"),
        place("bathroom", "home"),
        place("shed", "home", contributes=False),
    ]


def cycle(prefix: str, t: float) -> list[Step]:
    """One household's scenario inputs, starting at ``t`` (ENGINE.md §9 numbers)."""

    def at(
        offset: float, method: str, room: str, source: str = "", **kw: object
    ) -> Step:
        return Step(t + offset, method, f"{prefix}{room}", source, **kw)  # type: ignore[arg-type]

    return [
        # 1, 2: motion in the kitchen, bedroom and bathroom; the tree follows.
        at(0, "trigger", "kitchen", "motion", timeout=600.0),
        at(1, "trigger", "bedroom", "motion", timeout=120.0),
        at(2, "trigger", "bathroom", "motion", timeout=30.0),
        # 4, 13, 14: an office work session with two occupants.
        at(5, "trigger", "office", "presence_mike", timeout=None, occupant="mike"),
        at(6, "trigger", "office", "presence_marla", timeout=None, occupant="marla"),
        at(7, "trigger", "office", "motion", timeout=600.0),
        at(60, "clear", "office", "presence_mike", timeout=120.0),
        at(120, "clear", "office", "presence_mike", timeout=120.0),
        # 5: the garage's state door.
        at(10, "trigger", "garage", "door", timeout=None),
        at(70, "clear", "garage", "door", timeout=0.0),
        # 8, 9: the shed does not hold the home; the living room ignores its own motion.
        at(30, "trigger", "shed", "motion", timeout=300.0),
        at(40, "trigger", "living", "motion", timeout=300.0),
        # 6: a bedroom timer suspended by a lock.
        at(100, "trigger", "bedroom", "motion", timeout=600.0),
        at(280, "lock", "bedroom", "sleep"),
        at(580, "unlock", "bedroom", "sleep"),
        # 7: two lock sources on the bathroom.
        at(700, "lock", "bathroom", "a"),
        at(701, "lock", "bathroom", "b"),
        at(710, "unlock", "bathroom", "a"),
        at(720, "unlock_all", "bathroom"),
        # 3: a long trigger is not shortened by a short one.
        at(800, "trigger", "kitchen", "motion", timeout=3600.0),
        at(1100, "trigger", "kitchen", "motion", timeout=600.0),
        # 11: vacate, ignored while locked.
        at(1500, "vacate", "kitchen"),
        at(1600, "trigger", "kitchen", "presence", timeout=None),
        at(1601, "lock", "kitchen", "guest"),
        at(1610, "vacate", "kitchen"),
        at(1620, "unlock", "kitchen", "guest"),
        at(1630, "clear", "office", "presence_marla", timeout=0.0),
        at(1640, "clear", "kitchen", "presence", timeout=120.0),
        # Sleep mode: a lock that holds the bedroom occupied overnight.
        at(2000, "lock", "bedroom", "night", lock_state="occupied"),
        at(5000, "unlock", "bedroom", "night"),
    ]


def build(size: int, events: int, rng: random.Random) -> tuple[list[Place], list[Step]]:
    """About ``size`` locations of households and ``events`` scenario steps."""
    homes = max(1, size // HOUSEHOLD)
    places: list[Place] = []
    for index in range(homes):
        places += household(f"h{index}.")
    steps: list[Step] = []
    per_cycle = len(cycle("", 0.0))
    cycles = max(1, -(-events // (homes * per_cycle)))
    for index in range(homes):
        for number in range(cycles):
            start = number * CYCLE + rng.uniform(0, CYCLE - 5_100)
            steps += cycle(f"h{index}.", start)
    steps.sort(key=lambda step: step.seconds)
    return places, steps[:events]
