"""Semantics of each input beyond the §9 scenarios: one behaviour per test."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.occupancy_manager.engine import (
    CHILD_SOURCE_PREFIX,
    DEFAULT,
    Ladder,
    LockState,
)

from .common import at, engine, loc, secs


def contributions(eng, location_id):  # type: ignore[no-untyped-def]
    return {c.source_id: c for c in eng.state(location_id).contributions}


# -- trigger ---------------------------------------------------------------------------


def test_duplicate_indefinite_trigger_changes_nothing() -> None:
    eng = engine(loc("office"))
    eng.trigger("office", "presence", at(0), timeout=None)
    before = eng.state("office")
    result = eng.trigger("office", "presence", at(60), timeout=None)
    assert result.transitions == ()
    assert eng.state("office") is before


def test_extending_trigger_reports_the_new_expiry() -> None:
    eng = engine(loc("office"))
    eng.trigger("office", "m", at(0), timeout=secs(60))
    result = eng.trigger("office", "m", at(30), timeout=secs(60))
    [transition] = result.transitions
    assert transition.reason == "trigger:m"
    assert not transition.occupied_changed
    assert transition.previous.contributions[0].expires_at == at(60)
    assert transition.current.contributions[0].expires_at == at(90)
    assert result.next_deadline == at(90)


def test_timed_trigger_never_ends_an_indefinite_contribution() -> None:
    eng = engine(loc("office"))
    eng.trigger("office", "s", at(0), timeout=None)
    eng.trigger("office", "s", at(10), timeout=secs(5))
    assert contributions(eng, "office")["s"].indefinite
    assert eng.advance(at(100)).transitions == ()
    assert eng.state("office").occupied


def test_default_timeouts_come_from_the_location() -> None:
    eng = engine(loc("office", default_timeout=45, default_trailing_timeout=15))
    eng.trigger("office", "m", at(0), timeout=DEFAULT)
    assert contributions(eng, "office")["m"].expires_at == at(45)
    eng.trigger("office", "p", at(0), timeout=None)
    eng.clear("office", "p", at(10))
    assert contributions(eng, "office")["p"].expires_at == at(25)


def test_occupant_is_replaced_by_a_new_one_and_kept_otherwise() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"))
    eng.trigger("kitchen", "ble", at(0), timeout=None, occupant="mike")
    eng.trigger("kitchen", "ble", at(1), timeout=None)
    assert eng.state("home").occupants == {"mike"}
    result = eng.trigger("kitchen", "ble", at(2), timeout=None, occupant="marla")
    assert [t.location_id for t in result.transitions] == ["kitchen", "home"]
    assert eng.state("kitchen").occupants == {"marla"}
    assert eng.state("home").occupants == {"marla"}


def test_occupant_leaves_with_the_expiring_contribution() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"))
    eng.trigger("kitchen", "tag", at(0), timeout=secs(60), occupant="mike")
    eng.trigger("kitchen", "motion", at(0), timeout=secs(600))
    eng.advance(at(60))
    assert eng.state("kitchen").occupied
    assert eng.state("kitchen").occupants == frozenset()
    assert eng.state("home").occupants == frozenset()


# -- clear -----------------------------------------------------------------------------


def test_clear_of_a_silent_source_is_ignored() -> None:
    eng = engine(loc("office"))
    result = eng.clear("office", "ghost", at(0), trailing=secs(0))
    assert result.ignored == "not_contributing"
    assert result.transitions == ()


def test_first_clear_is_authoritative_and_may_lengthen_or_shorten() -> None:
    eng = engine(loc("office"))
    eng.trigger("office", "a", at(0), timeout=secs(600))
    eng.trigger("office", "b", at(0), timeout=secs(30))
    eng.clear("office", "a", at(10), trailing=secs(60))
    eng.clear("office", "b", at(10), trailing=secs(60))
    assert contributions(eng, "office")["a"].expires_at == at(70)
    assert contributions(eng, "office")["b"].expires_at == at(70)


def test_repeated_clear_may_shorten_but_never_restarts() -> None:
    eng = engine(loc("office"))
    eng.trigger("office", "p", at(0), timeout=None)
    eng.clear("office", "p", at(0), trailing=secs(120))
    assert eng.clear("office", "p", at(60), trailing=secs(120)).transitions == ()
    eng.clear("office", "p", at(70), trailing=secs(10))
    assert contributions(eng, "office")["p"].expires_at == at(80)


def test_a_trigger_after_a_clear_makes_the_next_clear_authoritative_again() -> None:
    eng = engine(loc("office"))
    eng.trigger("office", "p", at(0), timeout=None)
    eng.clear("office", "p", at(0), trailing=secs(120))
    eng.trigger("office", "p", at(50), timeout=None)
    eng.clear("office", "p", at(60), trailing=secs(120))
    assert contributions(eng, "office")["p"].expires_at == at(180)


def test_late_input_first_applies_what_fell_due() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"))
    eng.trigger("kitchen", "motion", at(0), timeout=secs(600))
    result = eng.clear("kitchen", "motion", at(700), trailing=secs(0))
    assert result.ignored == "not_contributing"
    assert [(t.location_id, t.reason) for t in result.transitions] == [
        ("kitchen", "expired:motion"),
        ("home", "child:kitchen"),
    ]
    assert eng.state("kitchen").vacant_since == at(600)


# -- vacate ----------------------------------------------------------------------------


def test_vacate_keeps_contributions_of_occupied_children() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"))
    eng.trigger("home", "own", at(0), timeout=None)
    eng.trigger("kitchen", "m", at(0), timeout=None)
    result = eng.vacate("home", at(5))
    assert [t.reason for t in result.transitions] == ["vacate"]
    assert set(contributions(eng, "home")) == {CHILD_SOURCE_PREFIX + "kitchen"}
    assert eng.state("home").occupied
    assert eng.vacate("home", at(6)).transitions == ()


# -- hierarchy ---------------------------------------------------------------------------


def test_child_contribution_is_indefinite_and_named_after_the_child() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"))
    eng.trigger("kitchen", "m", at(0), timeout=secs(60))
    [contribution] = eng.state("home").contributions
    assert contribution.source_id == "location:kitchen"
    assert contribution.indefinite


def test_contributions_are_sorted_by_source() -> None:
    eng = engine(loc("home"), loc("b_room", "home"), loc("a_room", "home"))
    for source in ("zeta", "alpha", "mid"):
        eng.trigger("home", source, at(0), timeout=None)
    eng.trigger("b_room", "m", at(0), timeout=None)
    eng.trigger("a_room", "m", at(0), timeout=None)
    ids = [c.source_id for c in eng.state("home").contributions]
    assert ids == sorted(ids)
    assert "location:a_room" in ids


def test_transitions_are_children_before_parents() -> None:
    eng = engine(
        loc("home"),
        loc("floor", "home"),
        loc("room", "floor"),
        loc("hall", "home", follow=True),
        loc("nook", "room", follow=True),
    )
    result = eng.trigger("room", "m", at(0), timeout=None)
    depth = {"home": 0, "floor": 1, "hall": 1, "room": 2, "nook": 3}
    ids = [t.location_id for t in result.transitions]
    assert set(ids) == set(depth)
    assert [depth[i] for i in ids] == sorted((depth[i] for i in ids), reverse=True)
    reasons = {t.location_id: t.reason for t in result.transitions}
    assert reasons == {
        "room": "trigger:m",
        "nook": "parent:room",
        "floor": "child:room",
        "home": "child:floor",
        "hall": "parent:home",
    }


def test_follow_parent_without_parent_is_independent() -> None:
    eng = engine(loc("shed", follow=True))
    assert eng.trigger("shed", "m", at(0), timeout=secs(10)).ignored is None
    assert eng.state("shed").occupied


def test_follow_parent_mirrors_through_a_parent_contribution() -> None:
    eng = engine(loc("home"), loc("hall", "home", follow=True), loc("room", "home"))
    eng.trigger("room", "m", at(0), timeout=None)
    assert set(contributions(eng, "hall")) == {"location:home"}
    assert eng.clear("hall", "m", at(1), trailing=secs(0)).ignored == "follow_parent"
    assert eng.vacate("hall", at(1)).ignored == "follow_parent"


def test_children_of_a_follower_do_not_hold_it() -> None:
    eng = engine(loc("home"), loc("hall", "home", follow=True), loc("alcove", "hall"))
    eng.trigger("alcove", "m", at(0), timeout=None)
    assert eng.state("alcove").occupied
    assert not eng.state("hall").occupied
    assert not eng.state("home").occupied


def test_propagation_walks_only_up_the_changed_branch() -> None:
    eng = engine(
        loc("home"),
        *(loc(f"room{i}", "home") for i in range(50)),
    )
    eng.trigger("room1", "m", at(0), timeout=None)
    result = eng.trigger("room2", "m", at(1), timeout=None)
    # home was already occupied: its new child contribution is the only other change.
    assert [t.location_id for t in result.transitions] == ["room2", "home"]
    result = eng.trigger("room2", "m2", at(2), timeout=None)
    assert [t.location_id for t in result.transitions] == ["room2"]


# -- locks -----------------------------------------------------------------------------


def test_lock_suspends_timed_contributions_with_their_remaining_time() -> None:
    eng = engine(loc("den"))
    eng.trigger("den", "m", at(0), timeout=secs(600))
    eng.trigger("den", "p", at(0), timeout=None)
    result = eng.lock("den", "party", at(100))
    [transition] = result.transitions
    assert transition.reason == "lock:party"
    assert transition.current.locked_by == {"party"}
    suspended = contributions(eng, "den")["m"]
    assert suspended.expires_at is None
    assert suspended.remaining == secs(500)
    assert not suspended.indefinite
    assert contributions(eng, "den")["p"].indefinite


def test_lock_until_releases_itself_and_takes_part_in_the_deadline() -> None:
    eng = engine(loc("den"))
    eng.trigger("den", "m", at(0), timeout=secs(60))
    result = eng.lock("den", "party", at(10), until=at(3600))
    assert result.next_deadline == at(3600)
    result = eng.advance(at(3600))
    assert [t.reason for t in result.transitions] == ["unlock:party"]
    assert not eng.state("den").locked
    assert result.next_deadline == at(3650)


def test_relocking_the_same_source_moves_until() -> None:
    eng = engine(loc("den"))
    eng.lock("den", "party", at(0), until=at(100))
    assert eng.lock("den", "party", at(1), until=at(100)).transitions == ()
    result = eng.lock("den", "party", at(2), until=at(200))
    assert [t.reason for t in result.transitions] == ["lock:party"]
    assert eng.advance(at(150)).transitions == ()
    assert eng.state("den").locked
    eng.advance(at(200))
    assert not eng.state("den").locked


def test_lock_state_is_ignored_on_an_already_locked_location() -> None:
    eng = engine(loc("den"))
    eng.lock("den", "freeze", at(0))
    eng.lock("den", "sleep", at(1), state=LockState.OCCUPIED)
    assert not eng.state("den").occupied
    assert eng.state("den").locked_by == {"freeze", "sleep"}


def test_unlocking_a_sleep_source_removes_its_hold_even_if_still_locked() -> None:
    eng = engine(loc("home"), loc("bedroom", "home"))
    eng.lock("bedroom", "sleep", at(0), state=LockState.OCCUPIED)
    eng.lock("bedroom", "dnd", at(1))
    eng.unlock("bedroom", "sleep", at(2))
    state = eng.state("bedroom")
    assert state.occupied  # frozen by "dnd"
    assert state.contributions == ()
    eng.unlock("bedroom", "dnd", at(3))
    assert not eng.state("bedroom").occupied
    assert not eng.state("home").occupied


def test_until_passing_removes_the_sleep_hold() -> None:
    eng = engine(loc("bedroom"))
    eng.lock("bedroom", "sleep", at(0), state=LockState.OCCUPIED, until=at(28800))
    eng.advance(at(28800))
    assert not eng.state("bedroom").occupied


def test_locks_do_not_propagate() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"), loc("hall", "home", follow=True))
    eng.lock("home", "guard", at(0))
    eng.trigger("kitchen", "m", at(1), timeout=secs(60))
    assert eng.state("kitchen").occupied
    assert not eng.state("kitchen").locked
    assert not eng.state("home").occupied  # frozen, child propagation ignored
    assert not eng.state("hall").occupied


def test_unlock_resynchronises_with_the_children() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"), loc("hall", "home", follow=True))
    eng.trigger("kitchen", "m", at(0), timeout=secs(60))
    eng.lock("home", "guard", at(10))
    eng.advance(at(60))
    assert not eng.state("kitchen").occupied
    assert eng.state("home").occupied  # frozen
    eng.trigger("kitchen", "m2", at(70), timeout=None, occupant="ann")
    result = eng.unlock("home", "guard", at(80))
    assert [t.reason for t in result.transitions] == ["unlock:guard"]
    assert eng.state("home").occupants == {"ann"}
    eng.clear("kitchen", "m2", at(90), trailing=secs(0))
    assert not eng.state("home").occupied
    assert not eng.state("hall").occupied


def test_unlock_all_names_every_source() -> None:
    eng = engine(loc("den"))
    eng.lock("den", "b", at(0))
    eng.lock("den", "a", at(0))
    result = eng.unlock_all("den", at(1))
    assert [t.reason for t in result.transitions] == ["unlock:a,b"]
    assert eng.unlock_all("den", at(2)).transitions == ()
    assert eng.unlock("den", "a", at(3)).transitions == ()


def test_locked_follower_ignores_its_parent_until_unlocked() -> None:
    eng = engine(loc("home"), loc("hall", "home", follow=True), loc("room", "home"))
    eng.lock("hall", "guard", at(0))
    eng.trigger("room", "m", at(1), timeout=None)
    assert not eng.state("hall").occupied
    result = eng.unlock("hall", "guard", at(2))
    assert eng.state("hall").occupied
    assert [t.reason for t in result.transitions] == ["unlock:guard"]


# -- ladder ----------------------------------------------------------------------------


def test_ladder_is_occupied_while_held_and_recent_after_the_hold_ends() -> None:
    eng = engine(loc("office", quiet=False, recently_occupied_after=300))
    eng.trigger("office", "p", at(0), timeout=None)
    eng.advance(at(1000))
    assert eng.state("office").ladder is Ladder.OCCUPIED
    result = eng.clear("office", "p", at(1000), trailing=secs(120))
    assert eng.state("office").ladder is Ladder.RECENTLY_OCCUPIED
    assert [t.reason for t in result.transitions] == ["clear:p"]


def test_never_occupied_location_reaches_extended_vacancy() -> None:
    eng = engine(loc("attic", quiet=False, extended_vacancy_after=3600))
    assert eng.state("attic").ladder is Ladder.VACANT
    assert eng.next_deadline == at(3600)
    result = eng.advance(at(3600))
    assert [t.reason for t in result.transitions] == ["ladder"]
    assert eng.state("attic").ladder is Ladder.EXTENDED_VACANT
    assert result.next_deadline is None


def test_last_activity_reaches_the_ancestors_without_a_transition() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"))
    eng.trigger("kitchen", "m", at(0), timeout=secs(600))
    result = eng.trigger("kitchen", "m", at(50), timeout=secs(600))
    assert [t.location_id for t in result.transitions] == ["kitchen"]
    assert eng.state("home").last_activity == at(50)
    assert eng.state("kitchen").last_activity == at(50)


def test_propagated_activity_keeps_a_timed_parent_occupied_on_the_ladder() -> None:
    eng = engine(
        loc("home", quiet=False, recently_occupied_after=300),
        loc("kitchen", "home", quiet=False, recently_occupied_after=300),
    )
    eng.trigger("home", "door", at(0), timeout=secs(3600))
    eng.advance(at(400))
    assert eng.state("home").ladder is Ladder.RECENTLY_OCCUPIED
    eng.trigger("kitchen", "m", at(400), timeout=secs(60))
    eng.advance(at(460))
    # The kitchen is vacant again, but its motion counts as activity in the home.
    assert eng.state("home").ladder is Ladder.OCCUPIED
    assert eng.next_deadline == at(700)
    eng.advance(at(700))
    assert eng.state("home").ladder is Ladder.RECENTLY_OCCUPIED


def test_ladder_is_frozen_while_locked() -> None:
    eng = engine(
        loc("den", quiet=False, recently_occupied_after=60, extended_vacancy_after=100)
    )
    eng.trigger("den", "m", at(0), timeout=secs(600))
    eng.lock("den", "freeze", at(10))
    assert eng.advance(at(5000)).transitions == ()
    assert eng.state("den").ladder is Ladder.OCCUPIED
    eng.unlock("den", "freeze", at(5000))
    assert eng.state("den").ladder is Ladder.RECENTLY_OCCUPIED


# -- results -----------------------------------------------------------------------------


def test_advance_with_nothing_due_is_a_no_op() -> None:
    eng = engine(loc("den"))
    eng.trigger("den", "m", at(0), timeout=secs(60))
    state = eng.state("den")
    result = eng.advance(at(30))
    assert result.transitions == ()
    assert result.next_deadline == at(60)
    assert eng.state("den") is state


@pytest.mark.parametrize("timeout", [secs(1), timedelta(days=30), None])
def test_result_deadline_is_the_engine_deadline(timeout: timedelta | None) -> None:
    eng = engine(loc("home"), loc("den", "home"))
    for call in (
        lambda: eng.trigger("den", "m", at(0), timeout=timeout),
        lambda: eng.lock("home", "x", at(0), until=at(50)),
        lambda: eng.advance(at(10)),
        lambda: eng.clear("den", "m", at(20), trailing=secs(5)),
        lambda: eng.advance(at(60)),
    ):
        assert call().next_deadline == eng.next_deadline


def test_query_helpers() -> None:
    eng = engine(loc("home"), loc("b", "home"), loc("a", "home"))
    assert eng.location_ids() == {"home", "a", "b"}
    assert eng.children("home") == ("b", "a")
    assert eng.config("a").parent_id == "home"
    assert eng.state("a") is eng.state("a")
