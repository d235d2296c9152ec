"""The engine's positional builders make the very values the keyword constructors make."""

from __future__ import annotations

import dataclasses
from datetime import datetime
import random

import pytest

from custom_components.occupancy_manager.engine import (
    Contribution,
    Ladder,
    LocationConfig,
    LocationState,
    Lock,
    Result,
    Transition,
)
from custom_components.occupancy_manager.engine.model import (
    new_contribution,
    new_result,
    new_state,
    new_transition,
)
from custom_components.occupancy_manager.engine.node import Node
from custom_components.occupancy_manager.engine.schedule import Schedule

from .common import at, engine, loc, secs


def test_built_values_equal_keyword_built_ones_and_stay_frozen() -> None:
    contribution = new_contribution("motion", at(60), "ann", None)
    suspended = new_contribution("door", None, None, secs(30))
    lock = Lock(source_id="sleep", until=at(99))
    state = new_state(
        "kitchen",
        True,
        Ladder.OCCUPIED,
        (suspended, contribution),
        (lock,),
        frozenset({"ann"}),
        at(0),
        None,
        at(1),
    )
    transition = new_transition("kitchen", "trigger:motion", state, state)
    result = new_result((transition,), at(60), None)

    expected_contribution = Contribution(
        source_id="motion", expires_at=at(60), occupant="ann"
    )
    expected_state = LocationState(
        location_id="kitchen",
        occupied=True,
        ladder=Ladder.OCCUPIED,
        contributions=(
            Contribution(source_id="door", remaining=secs(30)),
            expected_contribution,
        ),
        locks=(lock,),
        occupants=frozenset({"ann"}),
        occupied_since=at(0),
        last_activity=at(1),
    )
    expected_transition = Transition(
        location_id="kitchen",
        reason="trigger:motion",
        previous=expected_state,
        current=expected_state,
    )
    pairs = [
        (contribution, expected_contribution),
        (state, expected_state),
        (transition, expected_transition),
        (result, Result(transitions=(expected_transition,), next_deadline=at(60))),
    ]
    for built, expected in pairs:
        assert type(built) is type(expected)
        assert built == expected
        assert hash(built) == hash(expected)
        assert repr(built) == repr(expected)
        assert dataclasses.replace(built) == expected
        first = dataclasses.fields(built)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(built, first, None)
    assert state.locked_by == frozenset({"sleep"})
    assert not suspended.indefinite


def test_values_an_engine_hands_out_are_frozen_public_values() -> None:
    """Drafts never escape: each value is of the public class itself, frozen, and
    equal to (and hashed like) its keyword-built copy, whichever path built it."""
    eng = engine(
        loc("home"),
        loc("room", "home"),
        loc("hall", "room", follow=True),
        loc("den", "home"),
    )
    results = [
        eng.trigger("room", "motion", at(1), timeout=secs(60), occupant="ann"),
        eng.trigger("room", "door", at(2), timeout=secs(30)),  # amend
        eng.lock("room", "sleep", at(3), until=at(90)),  # freeze
        eng.unlock("room", "sleep", at(4)),  # thaw
        eng.clear("room", "door", at(5), trailing=secs(0)),  # shed, stays occupied
        eng.trigger("den", "motion", at(6), timeout=secs(100)),  # rise
        eng.advance(at(62)),  # ann's expiry, through the log
        eng.advance(at(106)),  # fire: den and home fall (shed)
    ]
    values: list[object] = []
    for result in results:
        values.append(result)
        for change in result.transitions:
            values += [change, change.previous, change.current]
            values += change.current.contributions + change.current.locks
    assert [len(result.transitions) for result in results] == [3, 1, 1, 1, 1, 2, 3, 2]
    for value in values:
        assert type(value) in {Result, Transition, LocationState, Contribution, Lock}
        assert dataclasses.is_dataclass(value) and not isinstance(value, type)
        copy = type(value)(
            **{f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        )
        assert value == copy
        assert hash(value) == hash(copy)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, dataclasses.fields(value)[0].name, None)


def test_stored_contributions_are_always_sorted_by_source_id() -> None:
    """Put and drop keep one contribution per source, sorted, and the ids beside them."""
    rng = random.Random(14)
    sources = ["a", "b", "c", "location:x", "location:y", "m1", "m10", "m2"]
    node = Node(id="room", config=LocationConfig(id="room", name="Room"))
    schedule = Schedule()
    expected: dict[str, Contribution] = {}
    for step in range(2000):
        source = rng.choice(sources)
        if source in expected and rng.random() < 0.4:
            assert node.drop(source) is expected.pop(source)
        elif rng.random() < 0.1:
            assert node.drop(source) is expected.pop(source, None)
        else:
            contribution = new_contribution(source, at(step), None)
            node.put(source, contribution, schedule)
            expected[source] = contribution
        assert node.contributions == tuple(expected[s] for s in sorted(expected))
        assert node.sources == tuple(c.source_id for c in node.contributions)
        for probe in sources:
            assert node.find(probe) is expected.get(probe)


def test_shown_locks_follow_the_lock_sources() -> None:
    """Setting and removing lock sources keeps one Lock per source, sorted by id."""
    rng = random.Random(14)
    sources = ["b", "a", "location_lock", "d", "c"]
    node = Node(id="room", config=LocationConfig(id="room", name="Room"))
    expected: dict[str, datetime | None] = {}
    for step in range(1000):
        source = rng.choice(sources)
        if source in expected and rng.random() < 0.5:
            node.remove_lock(source)
            del expected[source]
        else:
            until = rng.choice([None, at(step)])
            node.set_lock(source, until)
            expected[source] = until
        assert node.locks == expected
        assert node.lock_view == tuple(
            Lock(source_id=source_id, until=expected[source_id])
            for source_id in sorted(expected)
        )
