"""Fuzzing the stored snapshot format (ENGINE.md §7): restore never raises.

Real snapshots of a busy home are mutated at random (a value replaced by another of
any JSON type or an extreme one, a key dropped, a list entry duplicated) and
restored. Whatever comes in, the engine must restore what it can, keep the §8
invariants, go on taking inputs, and round-trip its own snapshot afterwards.
"""

from __future__ import annotations

import copy
from datetime import timedelta
import json
import logging

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.occupancy_manager.engine import LockState, OccupancyEngine

from .common import T0, at, loc, secs
from .test_properties import Checker

FUZZ = settings(
    max_examples=500,
    deadline=None,
    # Reproducible in CI; a new seed is a code change (and finds new cases).
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOUSE = (
    loc("house", quiet=False),
    loc("floor", "house", quiet=False),
    loc("kitchen", "floor", quiet=False),
    loc("bedroom", "floor", quiet=False),
    loc("hall", "floor", follow=True, quiet=False),
    loc("garage", "house", contributes=False, quiet=False),
    loc("attic", "house", quiet=False),
    loc("porch", quiet=False),
)


def busy_snapshot() -> dict[str, object]:
    eng = OccupancyEngine(HOUSE, T0)
    eng.trigger("kitchen", "motion", at(0), timeout=secs(600), occupant="ann")
    eng.trigger("kitchen", "presence", at(0), timeout=None, occupant="bob")
    eng.clear("kitchen", "presence", at(10), trailing=secs(120))
    eng.trigger("bedroom", "person.mike", at(20), timeout=None, occupant="mike")
    eng.lock("bedroom", "sleep", at(30), state=LockState.OCCUPIED, until=at(5000))
    eng.lock("floor", "guard", at(40))
    eng.trigger("garage", "door", at(50), timeout=secs(90))
    eng.trigger("porch", "motion", at(0), timeout=secs(30))
    eng.advance(at(60))
    return json.loads(json.dumps(eng.snapshot()))


SNAPSHOT = busy_snapshot()

EXTREMES = st.sampled_from(
    [
        None,
        True,
        0,
        -1,
        1e12,
        8e13,
        1e300,
        float("nan"),
        float("inf"),
        -float("inf"),
        "",
        "garbage",
        "location:kitchen",
        "9999-12-31T23:59:59+00:00",
        "9999-12-31T23:00:00-05:00",
        "0001-01-01T00:00:00+05:00",
        "0001-01-01T00:00:00",
        "2025-01-01T00:10:00",
        "2024-12-31T23:00:00+00:00",
        "occupied",
        "extended_vacant",
        [],
        {},
        [None],
        {"source": "x"},
    ]
)
values = st.recursive(
    EXTREMES | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every place in the JSON tree (the root excluded)."""
    found: list[tuple[object, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*prefix, key))
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*prefix, index))
            found.extend(paths(value, (*prefix, index)))
    return found


PATHS = paths(SNAPSHOT)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, object]:
    snapshot = copy.deepcopy(SNAPSHOT)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        container: object = snapshot
        try:
            for key in path[:-1]:
                container = container[key]  # type: ignore[index]
            last = path[-1]
            action = draw(st.sampled_from(["replace", "replace", "drop", "duplicate"]))
            if action == "replace":
                container[last] = draw(values)  # type: ignore[index]
            elif action == "drop":
                del container[last]  # type: ignore[attr-defined]
            elif isinstance(container, list):
                container.append(copy.deepcopy(container[last]))  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation already removed or reshaped this place
    return snapshot


def test_the_unmutated_snapshot_restores_exactly() -> None:
    fresh = OccupancyEngine(HOUSE, at(60))
    fresh.restore(copy.deepcopy(SNAPSHOT), at(60))
    assert json.loads(json.dumps(fresh.snapshot())) == SNAPSHOT


@FUZZ
@given(mutated(), st.integers(0, 10_000))
def test_restore_never_raises_and_keeps_the_invariants(
    snapshot: dict[str, object], later: int
) -> None:
    logging.disable(logging.WARNING)  # every malformed entry logs a warning
    try:
        now = at(60 + later)
        checker = Checker(HOUSE)
        checker.now = now
        checker.engine = OccupancyEngine(HOUSE, now)
        checker.check(checker.engine.restore(snapshot, now))
        # Keeps working: inputs, time, locks, and its own round trip.
        eng = checker.engine
        for moment in (later + 61, later + 700, later + 6000):
            eng.trigger("kitchen", "motion", at(moment), timeout=secs(30))
            eng.unlock_all("bedroom", at(moment))
            eng.unlock_all("floor", at(moment))
            eng.vacate("garage", at(moment))
            checker.now = at(moment)
            checker.frozen.clear()
            checker.check(eng.advance(at(moment)))
        checker.now = at(later + 6000)
        checker.round_trip()
    finally:
        logging.disable(logging.NOTSET)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: "/".join(map(str, p)))
def test_every_single_field_may_be_garbage(path: tuple[object, ...]) -> None:
    """Exhaustively: each place in a real snapshot replaced by NaN, or removed."""
    for action in ("nan", "drop", "far"):
        snapshot = copy.deepcopy(SNAPSHOT)
        container: object = snapshot
        for key in path[:-1]:
            container = container[key]  # type: ignore[index]
        if action == "drop":
            del container[path[-1]]  # type: ignore[attr-defined]
        else:
            container[path[-1]] = (  # type: ignore[index]
                float("nan") if action == "nan" else "9999-12-31T23:59:59+00:00"
            )
        eng = OccupancyEngine(HOUSE, at(60))
        eng.restore(snapshot, at(60))
        eng.advance(at(60) + timedelta(days=1))
