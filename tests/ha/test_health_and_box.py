"""The pure pieces behind sources problem and wasp-in-a-box, time passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.occupancy_manager.health import SourceHealth
from custom_components.occupancy_manager.wasp import DoorVerdict, WaspBox

T0 = datetime(2026, 1, 1, tzinfo=UTC)
GRACE = timedelta(minutes=30)


def test_health_flags_after_grace_and_clears_on_recovery() -> None:
    health = SourceHealth(GRACE)
    assert health.next_deadline() is None
    health.update("a", True, T0)
    health.update("a", True, T0 + timedelta(minutes=10))  # still the first moment
    health.update("b", True, T0 + timedelta(minutes=5))
    assert health.next_deadline() == T0 + GRACE
    assert health.advance(T0 + GRACE - timedelta(seconds=1)) == set()
    assert health.advance(T0 + GRACE) == {"a"}
    assert health.next_deadline() == T0 + timedelta(minutes=35)
    assert health.update("a", False, T0 + GRACE) is True  # the flag went
    assert health.update("c", False, T0) is False
    assert health.advance(T0 + timedelta(hours=1)) == {"b"}
    assert health.next_deadline() is None


def test_box_closes_verifies_once_and_opens() -> None:
    box = WaspBox.with_doors(timedelta(seconds=30), {"d1": False, "d2": True}, T0)
    assert not box.closed
    assert box.door_changed("d1", True, T0) is DoorVerdict.CLOSED
    assert box.verify_at == T0 + timedelta(seconds=30)
    assert not box.verify_due(T0 + timedelta(seconds=29))
    assert box.verify_due(T0 + timedelta(seconds=30))
    assert not box.verify_due(T0 + timedelta(seconds=31))  # once
    assert box.door_changed("d2", True, T0) is DoorVerdict.NONE
    assert box.door_changed("d2", None, T0) is DoorVerdict.LOST
    assert box.door_changed("d2", True, T0) is DoorVerdict.CLOSED
    assert box.door_changed("d1", False, T0) is DoorVerdict.OPENED
    assert box.closed_since is None


def test_box_without_doors_is_never_closed() -> None:
    assert not WaspBox.with_doors(timedelta(seconds=30), {}, T0).closed
    started_closed = WaspBox.with_doors(timedelta(seconds=30), {"d": True}, T0)
    assert started_closed.closed
    assert started_closed.verify_at is None  # no verify at start-up
