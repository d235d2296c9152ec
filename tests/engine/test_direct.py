"""The direct paths (direct.py) against the general path, result by result.

``OccupancyEngine.direct`` off sends every input through the change log; both
engines get the same forest and the same inputs (test_differential's random steps:
followers, occupants, locks, trailing clears, entries falling due before an input,
restores, timers firing late and the clock going back), and every result (each
transition with both states, the next deadline, the ignored reason) and every state
must be equal. A "timer" step calls ``advance`` at the next deadline, as a host's
timer does (the one moment an expiry or ladder steps take their direct path). A
few hand-made cases pin the situations each direct path hands over; occupants
arriving and leaving through several levels, met from two sides, and stopped by
locks have sequences of their own (``PEOPLE``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
from typing import Any

from hypothesis import example, given, strategies as st
import pytest

from custom_components.occupancy_manager.engine import (
    LocationConfig,
    LockState,
    OccupancyEngine,
    Result,
    Strategy,
    engine as public,
)

from .common import T0
from .test_differential import DIFFERENTIAL, Step, forests, steps


class GeneralOnly(OccupancyEngine):
    """The engine with its direct paths turned off."""

    __slots__ = ()
    direct = False


def call(eng: OccupancyEngine, step: Step, now: datetime, target: str) -> Any:
    """Apply ``step`` to ``eng``; its result (or what it raised), and the engine."""
    duration = None if step.seconds is None else timedelta(seconds=step.seconds)
    try:
        if step.kind == "trigger":
            return eng.trigger(
                target, step.source, now, timeout=duration, occupant=step.occupant
            )
        if step.kind == "clear":
            assert duration is not None
            return eng.clear(target, step.source, now, trailing=duration)
        if step.kind == "vacate":
            return eng.vacate(target, now)
        if step.kind == "lock":
            until = None if duration is None else now + duration
            return eng.lock(target, step.source, now, state=step.state, until=until)
        if step.kind == "unlock":
            return eng.unlock(target, step.source, now)
        if step.kind == "unlock_all":
            return eng.unlock_all(target, now)
        if step.kind in ("advance", "late", "timer"):
            return eng.advance(now)
        # The clock went back (or forward) as a trigger sees it.
        return eng.trigger(target, "a", now)
    except ValueError as err:
        return ("raised", str(err))


def earliest(eng: OccupancyEngine) -> datetime | None:
    """The next deadline recomputed in full: the earliest expiry, ladder step or lock end.

    The engines answer from their queue's top, trusted while its location has not
    changed; this checks that trust after every call.
    """
    moments = [
        moment
        for node in eng._runtime.nodes.values()
        for moment in (
            node.ladder_due,
            *node.locks.values(),
            *(c.expires_at for c in node.contributions),
        )
        if moment is not None
    ]
    return min(moments, default=None)


def states(eng: OccupancyEngine) -> object:
    return eng.next_deadline, [eng.state(i) for i in sorted(eng.location_ids())]


def run(
    configs: tuple[LocationConfig, ...], inputs: list[Step], start: datetime = T0
) -> None:
    fast, general = OccupancyEngine(configs, start), GeneralOnly(configs, start)
    ids = sorted(c.id for c in configs)
    now = start
    for step in inputs:
        target = ids[step.target % len(ids)]
        if step.kind == "restore":
            now += timedelta(seconds=step.wait)
            snapshot = json.loads(json.dumps(fast.snapshot(compact=True)))
            got = fast.restore(snapshot, now), general.restore(snapshot, now)
        else:
            at = now + timedelta(seconds=step.wait)
            if step.kind == "timer":
                at = fast.next_deadline or at
            if step.kind != "late":
                now = max(now, at)
            got = call(fast, step, at, target), call(general, step, at, target)
        assert got[0] == got[1], step
        if isinstance(got[0], Result):
            assert got[0].next_deadline == earliest(fast), step
        assert states(fast) == states(general), step


ROOMS = (
    LocationConfig(id="home", name="home"),
    LocationConfig(id="floor", name="floor", parent_id="home"),
    LocationConfig(id="hall", name="hall", parent_id="floor"),
    LocationConfig(
        id="nook", name="nook", parent_id="floor", strategy=Strategy.FOLLOW_PARENT
    ),
    LocationConfig(
        id="corner", name="corner", parent_id="nook", strategy=Strategy.FOLLOW_PARENT
    ),
    LocationConfig(
        id="hall_nook",
        name="hall_nook",
        parent_id="hall",
        strategy=Strategy.FOLLOW_PARENT,
    ),
    LocationConfig(
        id="shed", name="shed", parent_id="home", contributes_to_parent=False
    ),
)


# Two rooms and an attic that all feed the home, for occupants met from two sides:
# attic 0, floor 1, hall 2, hall_nook 3, home 4, study 5.
PEOPLE = (
    LocationConfig(id="home", name="home"),
    LocationConfig(id="floor", name="floor", parent_id="home"),
    LocationConfig(id="hall", name="hall", parent_id="floor"),
    LocationConfig(id="study", name="study", parent_id="floor"),
    LocationConfig(id="attic", name="attic", parent_id="home"),
    LocationConfig(
        id="hall_nook",
        name="hall_nook",
        parent_id="hall",
        strategy=Strategy.FOLLOW_PARENT,
    ),
)
HALL, FLOOR, STUDY, ATTIC, HOME = 2, 1, 5, 0, 4

# Occupants through several levels: Mike rises from the hall to the home (the
# follower follows), Marla joins him, Mike's source changes hands to Marla, Mike
# leaves while Marla stays, Marla's expiry empties the tree at the timer.
OCCUPANTS_CLIMBING = [
    Step("trigger", 0, HALL, "a", None, "mike"),
    Step("trigger", 1, HALL, "p", 60, "marla"),
    Step("trigger", 1, HALL, "a", None, "marla"),
    Step("trigger", 1, HALL, "a", None, "mike"),
    Step("clear", 1, HALL, "a", 0),
    Step("timer", 0),
]
# An ancestor already holds the occupant from another child (the floor from the
# study, the home from the attic): the climb stops where nothing changes, and the
# trigger's stamp goes on above.
OCCUPANTS_MET = [
    Step("trigger", 0, STUDY, "a", None, "mike"),
    Step("trigger", 1, ATTIC, "a", 30, "mike"),
    Step("trigger", 1, HALL, "a", 20, "mike"),
    Step("trigger", 1, HALL, "p", None, "marla"),
    Step("trigger", 1, HALL, "a", 20),
    Step("trigger", 1, STUDY, "p", None, "marla"),
    Step("timer", 0),
    Step("clear", 1, STUDY, "a", 0),
    Step("timer", 0),
    Step("clear", 1, HALL, "p", 0),
]
# A room's own contribution and a child's name the same occupant; a trigger
# without an occupant keeps the one its source carries; a trailing clear expires.
OCCUPANTS_OWN = [
    Step("trigger", 0, FLOOR, "a", None, "mike"),
    Step("trigger", 1, HALL, "p", None, "mike"),
    Step("trigger", 1, HALL, "p", 90),
    Step("clear", 1, FLOOR, "a", 0),
    Step("trigger", 1, FLOOR, "a", 40, "marla"),
    Step("clear", 1, HALL, "p", 30),
    Step("timer", 0),
    Step("timer", 0),
]
# Locks in the way: a locked floor stops the occupants' climb and is resynced when
# unlocked; a sleep hold keeps the hall's occupant; a locked home.
OCCUPANTS_LOCKED = [
    Step("lock", 0, FLOOR, "g"),
    Step("trigger", 1, HALL, "a", None, "mike"),
    Step("trigger", 1, HALL, "p", 30, "marla"),
    Step("clear", 1, HALL, "a", 0),
    Step("unlock", 1, FLOOR, "g"),
    Step("lock", 1, HALL, "p", None, state=LockState.OCCUPIED),
    Step("trigger", 1, STUDY, "a", None, "marla"),
    Step("lock", 1, HOME, "g", 100),
    Step("clear", 1, STUDY, "a", 0),
    Step("trigger", 1, STUDY, "a", 60, "mike"),
    Step("timer", 0),
    Step("unlock_all", 1, HALL),
    Step("timer", 0),
    Step("timer", 0),
]


@pytest.mark.parametrize(
    "inputs",
    [OCCUPANTS_CLIMBING, OCCUPANTS_MET, OCCUPANTS_OWN, OCCUPANTS_LOCKED],
    ids=["climbing", "met", "own", "locked"],
)
def test_occupants_take_the_general_results(inputs: list[Step]) -> None:
    """The whole sequence, then each of its tails (the same steps met in other states)."""
    run(PEOPLE, inputs)
    for index in range(1, len(inputs)):
        run(PEOPLE, inputs[index:])


# The host's timer, firing at the next deadline.
timer = st.builds(Step, kind=st.just("timer"), wait=st.just(0))

# Lock changes with and without a state, the last lock or not, a sleep hold
# released, a lock's end falling due.
LOCKING = [
    Step("trigger", 0, 2, "a", 60),
    Step("lock", 1, 2, "g"),
    Step("lock", 1, 2, "p", 30),
    Step("unlock", 1, 2, "g"),
    Step("timer", 0),
    Step("lock", 1, 2, "p", None, state=LockState.VACANT),
    Step("unlock_all", 1, 2),
    Step("lock", 1, 2, "p", None, state=LockState.OCCUPIED),
    Step("unlock", 1, 2, "p"),
]
# Expiries at their moment: a room staying occupied, a room and the floor falling
# vacant (followers follow), an occupant's expiry, two entries due together.
EXPIRING = [
    Step("trigger", 0, 2, "a", 30),
    Step("trigger", 0, 2, "p", 60),
    Step("timer", 0),
    Step("timer", 0),
    Step("trigger", 0, 2, "a", 30, "mike"),
    Step("timer", 0),
    Step("trigger", 0, 2, "a", 30),
    Step("trigger", 0, 1, "a", 30),
    Step("timer", 0),
]

# A timed trigger on an occupied room (prolong.py), from every state it meets: the
# hall held by a presence sensor gains a motion sensor (in front of the one it
# holds), which then expires later; a third source goes behind them; the hall held
# by timed sources only (its ladder threshold moves); a trailing clear retriggered;
# an expiry; a trigger on the floor the hall holds; a locked home stops the stamp;
# the hall's own expiry on top of the queue (a small home).
PROLONGING = [
    Step("trigger", 0, 2, "p", None),
    Step("trigger", 1, 2, "m", 60),
    Step("trigger", 1, 2, "m", 90),
    Step("trigger", 1, 2, "z", 30),
    Step("clear", 1, 2, "p", 0),
    Step("clear", 1, 2, "m", 30),
    Step("trigger", 1, 2, "m", 60),
    Step("timer", 0),
    Step("trigger", 1, 1, "f", 20),
    Step("lock", 1, 4, "g"),
    Step("trigger", 1, 2, "m", 120),
    Step("trigger", 1, 1, "f", 200),
    Step("timer", 0),
    Step("unlock", 1, 4, "g"),
    Step("trigger", 1, 2, "m", 300),
    Step("timer", 0),
]
# A room held, then held by a second sensor: in a home of one room nothing is
# left to queue (the room's extended-vacancy entry went when it rose held).
SOLO = (LocationConfig(id="solo", name="solo"),)
SOLO_HELD = [Step("trigger", 0, 0, "a", None), Step("trigger", 1, 0, "b", None)]
# The hall's ladder step (recently occupied at 300 s) passed, then a retrigger:
# its threshold is queued again.
RECENTLY_RETRIGGERED = [
    Step("trigger", 0, 2, "a", 600),
    Step("timer", 0),
    Step("trigger", 1, 2, "a", 600),
]


@pytest.mark.parametrize(
    "inputs",
    [*(PROLONGING[:end] for end in (2, 3, 4, 7, 9, 11)), RECENTLY_RETRIGGERED],
)
def test_prolonging_takes_its_path(
    inputs: list[Step], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sequences compare what they claim to: their last step is prolong's."""
    before = direct_calls(ROOMS, inputs[:-1], "prolong", monkeypatch)
    assert direct_calls(ROOMS, inputs, "prolong", monkeypatch) == [*before, "prolong"]


def test_a_held_room_held_again_takes_prolongs_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SOLO_HELD's second sensor is prolong's, and its result says nothing is queued."""
    assert direct_calls(SOLO, SOLO_HELD, "prolong", monkeypatch) == ["prolong"]
    engine = OccupancyEngine(SOLO, T0)
    engine.trigger("solo", "a", T0, timeout=None)
    assert engine.trigger("solo", "b", T0, timeout=None).next_deadline is None


# Short ladder times, for the queue entries prolong settles on top of the queue:
# hall 0 (recently occupied after 30 s, extended vacancy after 50 s), home 1,
# study 2 (recently occupied at once).
QUICK = (
    LocationConfig(id="home", name="home"),
    LocationConfig(
        id="hall",
        name="hall",
        parent_id="home",
        recently_occupied_after=timedelta(seconds=30),
        extended_vacancy_after=timedelta(seconds=50),
    ),
    LocationConfig(
        id="study", name="study", parent_id="home", recently_occupied_after=timedelta(0)
    ),
)
# Under the hall's ladder entry, moved on: its extended vacancy's, stale since it
# rose; its source's first expiry, stale since it was cleared; a held hall's
# ladder entry, without a threshold since.
QUICK_TOPS = [
    [Step("trigger", 1, 0, "a", 100), Step("trigger", 24, 0, "a", 100)],
    [
        Step("trigger", 0, 0, "b", 200),
        Step("trigger", 0, 0, "a", 40),
        Step("clear", 1, 0, "a", 0),
        Step("trigger", 14, 0, "a", 100),
    ],
    [
        Step("trigger", 0, 0, "a", 20),
        Step("trigger", 1, 0, "p", None),
        Step("trigger", 1, 0, "a", 100),
        # Timed again: its threshold must be queued anew.
        Step("clear", 1, 0, "p", 0),
        Step("timer", 0),
    ],
    # The study, recently occupied at once.
    [Step("trigger", 0, 2, "a", 60), Step("trigger", 1, 2, "a", 60)],
]


def test_prolonging_takes_the_general_results() -> None:
    """The whole sequence, then each of its tails (the same steps met in other states)."""
    for configs, inputs in [
        (ROOMS, PROLONGING),
        (ROOMS, RECENTLY_RETRIGGERED),
        (SOLO, SOLO_HELD),
        *((QUICK, tops) for tops in QUICK_TOPS),
    ]:
        for index in range(len(inputs)):
            run(configs, inputs[index:])


@pytest.mark.parametrize("inputs", [*QUICK_TOPS[:2], QUICK_TOPS[2][:3], QUICK_TOPS[3]])
def test_prolonging_settles_its_own_entries(
    inputs: list[Step], monkeypatch: pytest.MonkeyPatch
) -> None:
    """QUICK_TOPS end on prolong's path."""
    before = direct_calls(QUICK, inputs[:-1], "prolong", monkeypatch)
    assert direct_calls(QUICK, inputs, "prolong", monkeypatch) == [*before, "prolong"]


# The hall, the floor, the home and their followers fall vacant at 1 s; the shed
# (never occupied) reaches extended vacancy at 3600 s, the others at 3601 s.
VACATED_TOGETHER = [
    Step("trigger", 0, 2, "a", None),
    Step("clear", 1, 2, "a", 0),
    Step("timer", 0),
    Step("timer", 0),
]


@DIFFERENTIAL
@example(ROOMS, LOCKING)
@example(ROOMS, EXPIRING)
# A room rising through a parent with followers (and a follower's follower).
@example(ROOMS, [Step("trigger", 0, 2, "a", 60)])
# An expiry due with its room's own ladder step (300 s each by default); rooms and
# followers vacated together reaching extended vacancy together.
@example(ROOMS, [Step("trigger", 0, 2, "a", 300), Step("timer", 0)])
@example(ROOMS, VACATED_TOGETHER)
# An occupant's trigger rises; another source's trigger then amends.
@example(
    ROOMS, [Step("trigger", 0, 2, "a", 60, "mike"), Step("trigger", 5, 2, "p", 60)]
)
# An occupied room's trigger and trailing clear, a locked parent, a due expiry.
@example(
    ROOMS,
    [
        Step("trigger", 0, 2, "a", 30),
        Step("lock", 1, 1, "g"),
        Step("trigger", 1, 2, "p", None),
        Step("clear", 1, 2, "p", 20),
        Step("trigger", 40, 2, "a", 60),
        Step("jump", -3600, 2),
        Step("trigger", 1, 2, "p", 60),
    ],
)
# A room cleared at once: it and the floor fall vacant (followers follow), or the
# room stays occupied, and loses an occupant.
@example(
    ROOMS,
    [
        Step("trigger", 0, 2, "a", None),
        Step("trigger", 1, 2, "p", None, "mike"),
        Step("clear", 1, 2, "a", 0),
        Step("clear", 1, 2, "p", 0),
        Step("trigger", 1, 2, "a", None),
        Step("clear", 1, 2, "a", 0),
    ],
)
@given(forests(), st.lists(steps | timer, min_size=1, max_size=30))
def test_the_direct_paths_give_the_general_results(
    configs: tuple[LocationConfig, ...], inputs: list[Step]
) -> None:
    run(configs, inputs)


@pytest.mark.parametrize(
    ("inputs", "taken"),
    [
        ([Step("trigger", 0, 2, "a", 60)], "rise"),
        # A timed trigger on an occupied room: a new source, or a later expiry.
        ([Step("trigger", 0, 2, "a", 60), Step("trigger", 1, 2, "p", 60)], "prolong"),
        ([Step("trigger", 0, 2, "a", 60), Step("trigger", 1, 2, "a", 60)], "prolong"),
        # A presence sensor turning on in an occupied room: prolong's too.
        ([Step("trigger", 0, 2, "a", 60), Step("trigger", 1, 2, "p", None)], "prolong"),
        # An occupant on a new source, a timed source held: amend's.
        (
            [Step("trigger", 0, 2, "a", 60), Step("trigger", 1, 2, "p", 60, "x")],
            "amend",
        ),
        ([Step("trigger", 0, 2, "a", 60), Step("trigger", 1, 2, "a", None)], "amend"),
        ([Step("trigger", 0, 2, "a", None), Step("clear", 1, 2, "a", 30)], "amend"),
        ([Step("trigger", 0, 2, "a", None), Step("clear", 1, 2, "a", 0)], "shed"),
        ([Step("trigger", 0, 2, "a", 60), Step("timer", 0)], "fire"),
        # A ladder step: the hall's recently_occupied_after (300 s) comes first.
        ([Step("trigger", 0, 2, "a", 600), Step("timer", 0)], "fire"),
        # An expiry with its room's ladder step due at the same moment.
        ([Step("trigger", 0, 2, "a", 300), Step("timer", 0)], "fire"),
        ([LOCKING[0], LOCKING[2]], "freeze"),
        ([*LOCKING[:2], Step("unlock", 1, 2, "g")], "thaw"),
        ([*LOCKING[:3], Step("unlock_all", 1, 2)], "thaw"),
    ],
)
def test_the_hand_made_cases_take_the_direct_paths(
    inputs: list[Step], taken: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The examples above compare what they claim to: the direct path runs."""
    assert direct_calls(ROOMS, inputs, taken, monkeypatch) == [taken]


@pytest.mark.parametrize("taken", ["rise", "shed"])
def test_a_room_turns_over_near_the_last_moment(
    taken: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within a century of LATEST every sum of turnover.py goes through ``later``.

    The hall rises through the floor to the home and falls back, on both paths.
    """
    inputs = [Step("trigger", 0, 2, "a", 60), Step("clear", 1, 2, "a", 0)]
    start = datetime(9950, 1, 1, tzinfo=UTC)
    assert direct_calls(ROOMS, inputs, taken, monkeypatch, start) == [taken]


@pytest.mark.parametrize(
    ("inputs", "taken"),
    [
        # A new occupant on a vacant room, through two vacant ancestors.
        (OCCUPANTS_CLIMBING[:1], "rise"),
        # A second occupant on an occupied room; a source changing hands.
        (OCCUPANTS_CLIMBING[:2], "amend"),
        ([OCCUPANTS_CLIMBING[0], OCCUPANTS_CLIMBING[2]], "amend"),
        # The floor already holds Mike from the study.
        (OCCUPANTS_MET[:3:2], "rise"),
        # Mike leaves, Marla stays; Mike leaves the tree.
        ([*OCCUPANTS_CLIMBING[:2], Step("clear", 1, HALL, "a", 0)], "shed"),
        ([*OCCUPANTS_CLIMBING[:1], Step("clear", 1, HALL, "a", 0)], "shed"),
        # An occupant's contribution expires at the timer.
        ([Step("trigger", 0, HALL, "a", 60, "mike"), Step("timer", 0)], "fire"),
    ],
)
def test_occupants_take_the_direct_paths(
    inputs: list[Step], taken: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The occupants' sequences compare what they claim to: their last step is direct."""
    before = direct_calls(PEOPLE, inputs[:-1], taken, monkeypatch)
    assert direct_calls(PEOPLE, inputs, taken, monkeypatch) == [*before, taken]


def direct_calls(
    configs: tuple[LocationConfig, ...],
    inputs: list[Step],
    taken: str,
    monkeypatch: pytest.MonkeyPatch,
    start: datetime = T0,
) -> list[str]:
    """Run ``inputs`` on both engines; each call the direct path ``taken`` answered."""
    calls: list[str] = []
    original = getattr(public, taken)

    def spy(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if result is not None:  # fire declines with None
            calls.append(taken)
        return result

    with monkeypatch.context() as patch:
        patch.setattr(public, taken, spy)
        run(configs, inputs, start)
    return calls


def test_ladder_steps_due_together_take_the_direct_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each timer of VACATED_TOGETHER is one direct call, the second with six steps."""
    applied: list[list[str]] = []
    original = public.fire

    def spy(runtime: Any, at: datetime) -> Result | None:
        result = original(runtime, at)
        if result is not None:
            applied.append([t.location_id for t in result.transitions])
        return result

    monkeypatch.setattr(public, "fire", spy)
    run(ROOMS, VACATED_TOGETHER)
    # Children first, as the log sorts them.
    assert applied == [
        ["shed"],
        ["hall_nook", "corner", "hall", "nook", "floor", "home"],
    ]
