"""The deadline queue's own rules (schedule.py), apart from what its entries mean."""

from __future__ import annotations

from hypothesis import given, strategies as st

from custom_components.occupancy_manager.engine.schedule import EXPIRY, Schedule

from .common import at


def _queue(seconds: list[int]) -> Schedule:
    schedule = Schedule()
    for index, moment in enumerate(seconds):
        schedule.push(at(moment), f"n{index}", EXPIRY, "")
    return schedule


@given(st.lists(st.integers(0, 20), min_size=1, max_size=40), st.integers(0, 20))
def test_the_entries_due_below_the_top_are_every_other_entry_due(
    seconds: list[int], due_by: int
) -> None:
    schedule = _queue(seconds)
    found = schedule.due_below_top(at(due_by), len(seconds))
    assert found is not None
    expected = [entry for entry in schedule.heap[1:] if entry[0] <= at(due_by)]
    assert sorted(found) == sorted(expected)


def test_more_due_than_the_limit_gives_none() -> None:
    schedule = _queue([5, 5, 5, 9])
    found = schedule.due_below_top(at(5), 2)
    assert found is not None
    assert sorted(found) == schedule.heap[1:3]
    assert schedule.due_below_top(at(5), 1) is None
    assert schedule.due_below_top(at(4), 0) == []
