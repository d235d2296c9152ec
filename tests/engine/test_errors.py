"""Bad configuration and bad arguments fail loudly, naming what is wrong."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from custom_components.occupancy_manager.engine import (
    ConfigError,
    EngineError,
    OccupancyEngine,
    UnknownLocationError,
)

from .common import T0, at, engine, loc, secs


@pytest.mark.parametrize(
    ("locations", "names"),
    [
        ((loc("a"), loc("b", "a"), loc("a")), ["a"]),
        ((loc("a", "ghost"),), ["a", "ghost"]),
        ((loc("a", "b"), loc("b", "a")), ["a -> b -> a"]),
        ((loc("root"), loc("x", "x")), ["x -> x"]),
        (
            (loc("r"), loc("a", "c"), loc("b", "a"), loc("c", "b"), loc("d", "c")),
            ["a", "b", "c"],
        ),
        ((loc("a", default_timeout=0),), ["a"]),
        ((loc("a", default_trailing_timeout=-1),), ["a"]),
    ],
)
def test_bad_configuration_is_rejected_with_the_ids(locations, names) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as caught:
        OccupancyEngine(locations, T0)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, EngineError)
    for name in names:
        assert name in str(caught.value)


def test_cycle_message_does_not_list_the_innocent() -> None:
    with pytest.raises(ConfigError) as caught:
        OccupancyEngine([loc("r"), loc("a", "b"), loc("b", "a"), loc("tail", "a")], T0)
    assert "tail" not in str(caught.value)
    assert "'r'" not in str(caught.value)


def test_failed_reconfigure_leaves_the_engine_as_it_was() -> None:
    eng = engine(loc("home"), loc("kitchen", "home"))
    eng.trigger("kitchen", "m", at(0), timeout=None)
    with pytest.raises(ConfigError):
        eng.reconfigure([loc("home", "kitchen"), loc("kitchen", "home")], at(1))
    assert eng.state("home").occupied
    assert eng.location_ids() == {"home", "kitchen"}


@pytest.mark.parametrize("timeout", [timedelta(0), secs(-1)])
def test_trigger_timeout_must_be_positive(timeout: timedelta) -> None:
    eng = engine(loc("a"))
    with pytest.raises(ValueError, match="timeout"):
        eng.trigger("a", "m", T0, timeout=timeout)
    assert not eng.state("a").occupied


def test_trigger_timeout_must_be_a_timedelta() -> None:
    with pytest.raises(TypeError, match="timedelta"):
        engine(loc("a")).trigger("a", "m", T0, timeout=300)  # type: ignore[arg-type]


def test_clear_trailing_must_not_be_negative() -> None:
    eng = engine(loc("a"))
    eng.trigger("a", "m", T0, timeout=None)
    with pytest.raises(ValueError, match="trailing"):
        eng.clear("a", "m", T0, trailing=secs(-1))
    assert eng.state("a").occupied


NAIVE = datetime(2025, 1, 1)


@pytest.mark.parametrize(
    "call",
    [
        lambda e: e.trigger("a", "m", NAIVE),
        lambda e: e.clear("a", "m", NAIVE),
        lambda e: e.vacate("a", NAIVE),
        lambda e: e.lock("a", "x", NAIVE),
        lambda e: e.lock("a", "x", T0, until=NAIVE),
        lambda e: e.unlock("a", "x", NAIVE),
        lambda e: e.unlock_all("a", NAIVE),
        lambda e: e.advance(NAIVE),
        lambda e: e.reconfigure([loc("a")], NAIVE),
        lambda e: e.restore({}, NAIVE),
        lambda e: OccupancyEngine([loc("a")], NAIVE),
    ],
)
def test_naive_datetimes_are_rejected(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="timezone-aware"):
        call(engine(loc("a")))


def test_other_timezones_are_converted_to_utc() -> None:
    eng = engine(loc("a"))
    plus_two = timezone(timedelta(hours=2))
    eng.trigger("a", "m", datetime(2025, 1, 1, 2, 0, tzinfo=plus_two), timeout=secs(60))
    [contribution] = eng.state("a").contributions
    assert contribution.expires_at == at(60)
    assert contribution.expires_at.tzinfo is UTC  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "call",
    [
        lambda e: e.state("nowhere"),
        lambda e: e.config("nowhere"),
        lambda e: e.children("nowhere"),
        lambda e: e.trigger("nowhere", "m", T0),
        lambda e: e.clear("nowhere", "m", T0),
        lambda e: e.vacate("nowhere", T0),
        lambda e: e.lock("nowhere", "x", T0),
        lambda e: e.unlock("nowhere", "x", T0),
        lambda e: e.unlock_all("nowhere", T0),
    ],
)
def test_unknown_locations_are_named(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownLocationError) as caught:
        call(engine(loc("a")))
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "unknown location 'nowhere'"
    assert caught.value.location_id == "nowhere"


def test_lock_until_must_be_in_the_future() -> None:
    eng = engine(loc("a"))
    with pytest.raises(ValueError, match="until"):
        eng.lock("a", "x", at(10), until=at(10))
    assert not eng.state("a").locked


@pytest.mark.parametrize(
    "call",
    [
        lambda e: e.trigger("a", "location:b", T0),
        lambda e: e.clear("a", "location:b", T0),
        lambda e: e.lock("a", "location:b", T0),
    ],
)
def test_child_source_prefix_is_reserved(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="reserved"):
        call(engine(loc("a")))
