"""Shared builders for the engine tests: a fixed t0, seconds, and location configs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.occupancy_manager.engine import (
    LocationConfig,
    OccupancyEngine,
    Strategy,
)

T0 = datetime(2025, 1, 1, tzinfo=UTC)
QUIET = timedelta(days=365)
"""Ladder thresholds far away, for tests about expiries only."""


def at(seconds: float) -> datetime:
    """The moment ``seconds`` after t0."""
    return T0 + timedelta(seconds=seconds)


def secs(seconds: float) -> timedelta:
    """A duration in seconds."""
    return timedelta(seconds=seconds)


def loc(
    location_id: str,
    parent: str | None = None,
    *,
    follow: bool = False,
    contributes: bool = True,
    quiet: bool = True,
    **timings: float,
) -> LocationConfig:
    """A location config; ``quiet`` pushes the ladder thresholds a year away."""
    durations = {key: timedelta(seconds=value) for key, value in timings.items()}
    if quiet:
        durations.setdefault("recently_occupied_after", QUIET)
        durations.setdefault("extended_vacancy_after", QUIET)
    return LocationConfig(
        id=location_id,
        name=location_id.replace("_", " ").title(),
        parent_id=parent,
        strategy=Strategy.FOLLOW_PARENT if follow else Strategy.INDEPENDENT,
        contributes_to_parent=contributes,
        **durations,  # type: ignore[arg-type]
    )


def engine(*locations: LocationConfig) -> OccupancyEngine:
    """An engine started at t0."""
    return OccupancyEngine(locations, T0)


def occupied(eng: OccupancyEngine) -> dict[str, bool]:
    """Every location's occupied flag."""
    return {
        location_id: eng.state(location_id).occupied
        for location_id in eng.location_ids()
    }
