"""The scenario tests seed 004 §12 asks for: office, bathroom, state freeze, family."""

from __future__ import annotations

from custom_components.occupancy_manager.engine import LockState

from .common import at, engine, loc, occupied, secs


def test_office_work_session_covers_the_presence_gap() -> None:
    eng = engine(loc("office"))
    eng.trigger("office", "presence", at(0), timeout=None)
    eng.trigger("office", "motion", at(0), timeout=secs(600))
    eng.clear("office", "presence", at(0), trailing=secs(120))

    result = eng.advance(at(120))
    assert [t.reason for t in result.transitions] == ["expired:presence"]
    assert not result.transitions[0].occupied_changed
    assert [c.source_id for c in eng.state("office").contributions] == ["motion"]
    assert eng.state("office").occupied

    result = eng.advance(at(600))
    assert [t.reason for t in result.transitions] == ["expired:motion"]
    assert not eng.state("office").occupied


def test_quick_bathroom_visit_times_out() -> None:
    eng = engine(loc("home"), loc("bathroom", "home"))
    result = eng.trigger("bathroom", "motion", at(0), timeout=secs(90))
    assert [(t.location_id, t.current.occupied) for t in result.transitions] == [
        ("bathroom", True),
        ("home", True),
    ]
    assert eng.advance(at(89)).transitions == ()
    result = eng.advance(at(95))
    assert [(t.location_id, t.reason) for t in result.transitions] == [
        ("bathroom", "expired:motion"),
        ("home", "child:bathroom"),
    ]
    # Applied at the deadline, not when the late timer fired.
    assert eng.state("bathroom").vacant_since == at(90)


def test_state_freeze_sleep_and_vacation_modes() -> None:
    eng = engine(loc("home"), loc("bedroom", "home"), loc("hall", "home"))

    # Sleep mode: locked occupied, sensors ignored, released by its own source.
    eng.lock("bedroom", "sleep", at(0), state=LockState.OCCUPIED)
    assert eng.state("bedroom").occupied and eng.state("home").occupied
    assert (
        eng.trigger("bedroom", "motion", at(10), timeout=secs(60)).ignored == "locked"
    )
    assert eng.clear("bedroom", "sleep", at(10), trailing=secs(0)).ignored == "locked"
    eng.unlock("bedroom", "sleep", at(28800))
    assert occupied(eng) == {"home": False, "bedroom": False, "hall": False}

    # Vacation mode: vacated and frozen; motion while away changes nothing.
    eng.trigger("hall", "motion", at(30000), timeout=secs(600))
    eng.lock("hall", "vacation", at(30010), state=LockState.VACANT)
    assert not eng.state("hall").occupied and not eng.state("home").occupied
    eng.trigger("hall", "motion", at(30020), timeout=secs(600))
    assert not eng.state("hall").occupied
    eng.unlock_all("hall", at(40000))
    assert not eng.state("hall").occupied


def test_family_at_home_keeps_the_house_until_the_last_room_clears() -> None:
    eng = engine(
        loc("house"),
        loc("upstairs", "house"),
        loc("downstairs", "house"),
        loc("kids_room", "upstairs"),
        loc("master", "upstairs"),
        loc("kitchen", "downstairs"),
    )
    eng.trigger("kids_room", "presence", at(0), timeout=None, occupant="kid")
    eng.trigger("master", "presence", at(0), timeout=None, occupant="mum")
    eng.trigger("kitchen", "motion", at(0), timeout=secs(300), occupant="dad")
    assert eng.state("house").occupants == {"kid", "mum", "dad"}
    assert eng.state("upstairs").occupants == {"kid", "mum"}

    eng.advance(at(300))
    assert not eng.state("downstairs").occupied
    assert eng.state("house").occupants == {"kid", "mum"}

    eng.clear("kids_room", "presence", at(400), trailing=secs(0))
    assert eng.state("upstairs").occupied
    result = eng.clear("master", "presence", at(500), trailing=secs(0))
    assert [t.location_id for t in result.transitions] == [
        "master",
        "upstairs",
        "house",
    ]
    assert not eng.state("house").occupied
    assert eng.state("house").occupants == frozenset()
