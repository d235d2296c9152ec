"""reconfigure(): state of surviving locations is kept; the tree is re-derived."""

from __future__ import annotations

from custom_components.occupancy_manager.engine import Ladder

from .common import at, engine, loc, secs


def test_unchanged_configuration_is_silent() -> None:
    locations = (loc("home"), loc("kitchen", "home"))
    eng = engine(*locations)
    eng.trigger("kitchen", "m", at(0), timeout=secs(60))
    before = eng.state("kitchen")
    result = eng.reconfigure(locations, at(10))
    assert result.transitions == ()
    assert eng.state("kitchen") == before
    assert result.next_deadline == at(60)


def test_removed_child_releases_its_parent_at_once() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"), loc("hall", "home", follow=True))
    eng.trigger("kitchen", "m", at(0), timeout=None)
    result = eng.reconfigure([loc("home"), loc("hall", "home", follow=True)], at(5))
    assert eng.location_ids() == {"home", "hall"}
    assert not eng.state("home").occupied
    assert {t.location_id: t.reason for t in result.transitions} == {
        "home": "config",
        "hall": "config",
    }
    assert (
        eng.advance(at(100)).transitions == ()
    )  # the removed room's entries are stale


def test_reparenting_moves_the_contribution() -> None:
    eng = engine(loc("up"), loc("down"), loc("room", "up"))
    eng.trigger("room", "m", at(0), timeout=None, occupant="ann")
    eng.reconfigure([loc("up"), loc("down"), loc("room", "down")], at(5))
    assert not eng.state("up").occupied
    assert eng.state("down").occupied
    assert eng.state("down").occupants == {"ann"}
    assert eng.state("room").occupied


def test_turning_contribution_off_and_on() -> None:
    eng = engine(loc("home"), loc("garden", "home"))
    eng.trigger("garden", "m", at(0), timeout=None)
    eng.reconfigure([loc("home"), loc("garden", "home", contributes=False)], at(1))
    assert not eng.state("home").occupied
    eng.reconfigure([loc("home"), loc("garden", "home")], at(2))
    assert eng.state("home").occupied


def test_new_locations_start_vacant_and_new_timings_apply() -> None:
    eng = engine(loc("home", quiet=False, extended_vacancy_after=3600))
    eng.reconfigure(
        [
            loc("home", quiet=False, extended_vacancy_after=60),
            loc("attic", "home", quiet=False),
        ],
        at(100),
    )
    assert eng.state("home").ladder is Ladder.EXTENDED_VACANT
    assert eng.state("attic").ladder is Ladder.VACANT
    assert eng.state("attic").vacant_since == at(100)
    assert eng.children("home") == ("attic",)


def test_locked_parent_loses_a_removed_child_but_keeps_its_flag() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"))
    eng.trigger("kitchen", "m", at(0), timeout=None)
    eng.lock("home", "guard", at(1))
    eng.reconfigure([loc("home")], at(2))
    assert eng.state("home").occupied  # frozen
    assert eng.state("home").contributions == ()
    eng.unlock("home", "guard", at(3))
    assert not eng.state("home").occupied


def test_becoming_a_follower() -> None:
    eng = engine(loc("home"), loc("hall", "home"), loc("room", "home"))
    eng.trigger("hall", "m", at(0), timeout=None)
    eng.reconfigure(
        [loc("home"), loc("hall", "home", follow=True), loc("room", "home")], at(1)
    )
    # Events to a follower are ignored, so its own contribution could never be cleared.
    assert not eng.state("home").occupied
    assert not eng.state("hall").occupied
    assert eng.state("hall").contributions == ()
    eng.trigger("room", "m", at(2), timeout=None)
    assert eng.state("hall").occupied


def test_the_activity_stamp_follows_the_new_tree() -> None:
    # The ancestors a trigger stamps are worked out once per configuration
    # (Node.reach): a reparented room stamps its new ancestors only, one that stopped
    # contributing stamps none, one that contributes again stamps them again.
    eng = engine(loc("home"), loc("up", "home"), loc("down", "home"), loc("room", "up"))
    eng.trigger("room", "presence", at(0), timeout=None)
    eng.reconfigure(
        [loc("home"), loc("up", "home"), loc("down", "home"), loc("room", "down")],
        at(5),
    )
    eng.trigger("room", "motion", at(10), timeout=secs(60))
    assert eng.state("down").last_activity == at(10)
    assert eng.state("home").last_activity == at(10)
    assert eng.state("up").last_activity == at(0)
    off = [
        loc("home"),
        loc("up", "home"),
        loc("down", "home"),
        loc("room", "down", contributes=False),
    ]
    eng.reconfigure(off, at(15))
    eng.trigger("room", "motion", at(20), timeout=secs(60))
    assert eng.state("room").last_activity == at(20)
    assert eng.state("down").last_activity == at(10)
    assert eng.state("home").last_activity == at(10)
    eng.reconfigure(
        [loc("home"), loc("up", "home"), loc("down", "home"), loc("room", "down")],
        at(25),
    )
    eng.trigger("room", "motion", at(30), timeout=secs(60))
    assert eng.state("down").last_activity == at(30)
    assert eng.state("home").last_activity == at(30)
