"""Property tests of the ENGINE.md §8 invariants over random forests and input sequences."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.occupancy_manager.engine import (
    CHILD_SOURCE_PREFIX,
    LocationConfig,
    LocationState,
    LockState,
    OccupancyEngine,
    Result,
    Strategy,
)

from .common import T0

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    # The phcc plugin's autouse fixtures are function scoped; these tests use none.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SOURCES = ("a", "b", "c")
LOCK_SOURCES = ("l1", "l2")
OCCUPANTS = (None, "x", "y")


# -- random forests ------------------------------------------------------------------


@st.composite
def forests(draw: st.DrawFn) -> tuple[LocationConfig, ...]:
    size = draw(st.integers(1, 8))
    configs = []
    for index in range(size):
        parent = draw(st.none() | st.integers(0, index - 1)) if index else None
        configs.append(
            LocationConfig(
                id=f"n{index}",
                name=f"n{index}",
                parent_id=None if parent is None else f"n{parent}",
                strategy=draw(
                    st.sampled_from(
                        [Strategy.INDEPENDENT] * 3 + [Strategy.FOLLOW_PARENT]
                    )
                ),
                contributes_to_parent=draw(st.booleans() | st.just(True)),
                default_timeout=timedelta(seconds=draw(st.integers(1, 400))),
                default_trailing_timeout=timedelta(seconds=draw(st.integers(0, 200))),
                recently_occupied_after=timedelta(seconds=draw(st.integers(0, 300))),
                extended_vacancy_after=timedelta(seconds=draw(st.integers(0, 900))),
            )
        )
    return tuple(configs)


# -- random inputs ---------------------------------------------------------------------

durations = st.integers(1, 400).map(lambda s: timedelta(seconds=s))


@dataclass(frozen=True)
class Op:
    kind: str
    wait: int
    target: int = 0
    source: str = ""
    timeout: timedelta | None = None
    occupant: str | None = None
    lock_state: LockState | None = None
    until: int | None = None


ops = st.one_of(
    st.builds(
        Op,
        kind=st.just("trigger"),
        wait=st.integers(0, 200),
        target=st.integers(0, 7),
        source=st.sampled_from(SOURCES),
        timeout=st.none() | durations,
        occupant=st.sampled_from(OCCUPANTS),
    ),
    st.builds(
        Op,
        kind=st.just("clear"),
        wait=st.integers(0, 200),
        target=st.integers(0, 7),
        source=st.sampled_from(SOURCES),
        timeout=st.just(timedelta(0)) | durations,
    ),
    st.builds(
        Op, kind=st.just("vacate"), wait=st.integers(0, 200), target=st.integers(0, 7)
    ),
    st.builds(
        Op,
        kind=st.just("lock"),
        wait=st.integers(0, 200),
        target=st.integers(0, 7),
        source=st.sampled_from(LOCK_SOURCES),
        lock_state=st.sampled_from([None, LockState.OCCUPIED, LockState.VACANT]),
        until=st.none() | st.integers(1, 900),
    ),
    st.builds(
        Op,
        kind=st.just("unlock"),
        wait=st.integers(0, 200),
        target=st.integers(0, 7),
        source=st.sampled_from(LOCK_SOURCES),
    ),
    st.builds(
        Op,
        kind=st.just("unlock_all"),
        wait=st.integers(0, 200),
        target=st.integers(0, 7),
    ),
    st.builds(Op, kind=st.just("advance"), wait=st.integers(0, 600)),
    st.builds(Op, kind=st.just("restore"), wait=st.integers(0, 60)),
    st.builds(
        Op,
        kind=st.just("reconfigure"),
        wait=st.integers(0, 60),
        target=st.integers(0, 7),
    ),
)


# -- the invariants --------------------------------------------------------------------


class Checker:
    """Drives one engine through the inputs and checks §8 after every step."""

    def __init__(self, configs: tuple[LocationConfig, ...]) -> None:
        self.configs = {c.id: c for c in configs}
        self.now = T0
        self.engine = OccupancyEngine(configs, T0)
        self.frozen: dict[str, bool] = {}

    # Structure as the spec defines it, computed independently of the engine.
    def follower(self, location_id: str) -> bool:
        config = self.configs[location_id]
        return (
            config.strategy is Strategy.FOLLOW_PARENT and config.parent_id is not None
        )

    def feeds(self, location_id: str) -> bool:
        config = self.configs[location_id]
        return (
            config.parent_id is not None
            and config.contributes_to_parent
            and not self.follower(location_id)
            and not self.follower(config.parent_id)
        )

    def chain(self, location_id: str) -> list[str]:
        found = [location_id]
        while (parent := self.configs[found[-1]].parent_id) is not None:
            found.append(parent)
        return found

    def depth(self, location_id: str) -> int:
        return len(self.chain(location_id)) - 1

    def states(self) -> dict[str, LocationState]:
        return {i: self.engine.state(i) for i in sorted(self.configs)}

    def check(self, result: Result | None = None) -> None:
        eng, states = self.engine, self.states()
        deadline = eng.next_deadline
        if result is not None:
            assert result.next_deadline == deadline
            seen = [t.location_id for t in result.transitions]
            assert len(seen) == len(set(seen))
            depths = [self.depth(i) for i in seen]
            assert depths == sorted(depths, reverse=True)  # children before parents
            for transition in result.transitions:
                assert transition.current == states[transition.location_id]
        if deadline is not None:
            assert deadline > self.now  # everything due was applied
        for location_id, state in states.items():
            config = self.configs[location_id]
            contributions = {c.source_id: c for c in state.contributions}
            assert [c.source_id for c in state.contributions] == sorted(contributions)
            if state.locked:
                # 5. A locked location keeps its flag until unlocked.
                assert state.occupied == self.frozen.setdefault(
                    location_id, state.occupied
                )
                assert all(c.expires_at is None for c in state.contributions)
                continue
            self.frozen.pop(location_id, None)
            # 1. Occupied exactly when something contributes.
            assert state.occupied == bool(contributions)
            # 4. Every running timer is at or after the next deadline ...
            timed = [
                c.expires_at for c in state.contributions if c.expires_at is not None
            ]
            assert all(c.remaining is None for c in state.contributions)
            if timed:
                assert deadline is not None and min(timed) >= deadline
            # ... and nothing is occupied without a hold or a pending deadline.
            if state.occupied and not any(c.indefinite for c in state.contributions):
                assert deadline is not None
            # Occupants come from live contributions only (no ghosts).
            own = {c.occupant for c in state.contributions if c.occupant is not None}
            children = {
                child: states[child]
                for child, cfg in self.configs.items()
                if cfg.parent_id == location_id and self.feeds(child)
            }
            expected = own.union(
                *(s.occupants for s in children.values() if s.occupied)
            )
            assert state.occupants == expected
            # 2. Contributing children are reflected exactly in the parent.
            for child, child_state in children.items():
                assert (
                    CHILD_SOURCE_PREFIX + child in contributions
                ) == child_state.occupied
                if child_state.occupied:
                    assert state.occupied
            # 3. A follower mirrors its parent.
            if self.follower(location_id):
                assert config.parent_id is not None
                assert state.occupied == states[config.parent_id].occupied
                assert set(contributions) <= {CHILD_SOURCE_PREFIX + config.parent_id}
            # Nothing derived from a location that does not feed this one.
            for source in contributions:
                if source.startswith(CHILD_SOURCE_PREFIX):
                    other = source.removeprefix(CHILD_SOURCE_PREFIX)
                    assert other in children or other == config.parent_id

    def check_local(self, result: Result, target: str) -> None:
        """7. An input touches only its branch (plus followers of what flipped)."""
        chain = set(self.chain(target))
        changed = {t.location_id for t in result.transitions}
        for location_id in changed - chain:
            assert self.follower(location_id)
            assert self.configs[location_id].parent_id in changed
        assert len(changed & chain) <= self.depth(target) + 1

    def run(self, op: Op) -> None:
        self.now += timedelta(seconds=op.wait)
        ids = sorted(self.configs)
        target = ids[op.target % len(ids)]
        eng, now = self.engine, self.now
        if op.kind in {"trigger", "clear", "vacate", "lock", "unlock", "unlock_all"}:
            # Apply what fell due first, so the input's own effects stand alone.
            self.check(eng.advance(now))
        locked_before = eng.state(target).locked
        if op.kind == "trigger":
            result = eng.trigger(
                target, op.source, now, timeout=op.timeout, occupant=op.occupant
            )
            assert result.ignored == (
                "follow_parent"
                if self.follower(target)
                else "locked"
                if locked_before
                else None
            )
            if result.ignored:
                assert result.transitions == ()
        elif op.kind == "clear":
            assert op.timeout is not None
            result = eng.clear(target, op.source, now, trailing=op.timeout)
        elif op.kind == "vacate":
            result = eng.vacate(target, now)
        elif op.kind == "lock":
            until = None if op.until is None else now + timedelta(seconds=op.until)
            result = eng.lock(target, op.source, now, state=op.lock_state, until=until)
            assert eng.state(target).locked
        elif op.kind == "unlock":
            result = eng.unlock(target, op.source, now)
            assert op.source not in eng.state(target).locked_by
        elif op.kind == "unlock_all":
            result = eng.unlock_all(target, now)
            assert not eng.state(target).locked
        elif op.kind == "advance":
            result = eng.advance(now)
        elif op.kind == "restore":
            result = self.round_trip()
        else:
            result = self.reconfigure(target)
        if op.kind in {"trigger", "clear", "vacate", "lock", "unlock", "unlock_all"}:
            self.check_local(result, target)
        if op.kind == "lock" and not locked_before:
            self.frozen[target] = eng.state(target).occupied
        self.check(result)

    def round_trip(self) -> Result:
        """6. restore(snapshot()) reproduces the observable state; carry on with the copy."""
        self.engine.advance(self.now)
        snapshot = json.loads(json.dumps(self.engine.snapshot()))
        fresh = OccupancyEngine(self.configs.values(), self.now)
        result = fresh.restore(snapshot, self.now)
        assert self.states() == {i: fresh.state(i) for i in sorted(self.configs)}
        assert fresh.next_deadline == self.engine.next_deadline
        self.engine = fresh
        return result

    def reconfigure(self, target: str) -> Result:
        config = self.configs[target]
        number = int(target[1:])
        if number % 3 == 0:
            changed = replace(
                config, contributes_to_parent=not config.contributes_to_parent
            )
        elif number % 3 == 1:
            strategy = (
                Strategy.INDEPENDENT
                if config.strategy is Strategy.FOLLOW_PARENT
                else Strategy.FOLLOW_PARENT
            )
            changed = replace(config, strategy=strategy)
        else:
            changed = replace(
                config, extended_vacancy_after=config.extended_vacancy_after * 2
            )
        configs = {**self.configs, target: changed}
        leaves = [i for i in configs if all(c.parent_id != i for c in configs.values())]
        if len(configs) > 1 and number % 2 == 0:
            removed = max(leaves)
            del configs[removed]
            self.frozen.pop(removed, None)
        self.configs = configs
        return self.engine.reconfigure(configs.values(), self.now)


@PROPERTY
@given(forests(), st.lists(ops, min_size=5, max_size=50))
def test_invariants_hold_for_any_inputs(
    configs: tuple[LocationConfig, ...], inputs: list[Op]
) -> None:
    checker = Checker(configs)
    checker.check()
    for op in inputs:
        checker.run(op)
    checker.round_trip()


@PROPERTY
@given(forests(), st.lists(ops, min_size=5, max_size=40))
def test_results_do_not_depend_on_how_often_the_host_wakes(
    configs: tuple[LocationConfig, ...], inputs: list[Op]
) -> None:
    """A host calling advance at every deadline and one that never does end up equal."""
    punctual, lazy = OccupancyEngine(configs, T0), OccupancyEngine(configs, T0)
    now: datetime = T0
    ids = sorted(c.id for c in configs)
    for op in inputs:
        if op.kind in {"restore", "reconfigure"}:
            continue
        now += timedelta(seconds=op.wait)
        while (deadline := punctual.next_deadline) is not None and deadline <= now:
            punctual.advance(deadline)
        target = ids[op.target % len(ids)]
        for eng in (punctual, lazy):
            if op.kind == "trigger":
                eng.trigger(
                    target, op.source, now, timeout=op.timeout, occupant=op.occupant
                )
            elif op.kind == "clear":
                assert op.timeout is not None
                eng.clear(target, op.source, now, trailing=op.timeout)
            elif op.kind == "vacate":
                eng.vacate(target, now)
            elif op.kind == "lock":
                until = None if op.until is None else now + timedelta(seconds=op.until)
                eng.lock(target, op.source, now, state=op.lock_state, until=until)
            elif op.kind == "unlock":
                eng.unlock(target, op.source, now)
            elif op.kind == "unlock_all":
                eng.unlock_all(target, now)
            else:
                eng.advance(now)
    for location_id in ids:
        assert punctual.state(location_id) == lazy.state(location_id)
