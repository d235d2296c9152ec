"""Exceptions the engine raises; every message names the offending ids."""

from __future__ import annotations


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class ConfigError(EngineError, ValueError):
    """The location configuration is not a forest of unique, known ids."""


class UnknownLocationError(EngineError, KeyError):
    """An input named a location the engine does not know."""

    def __init__(self, location_id: str) -> None:
        """Remember the id so callers can report it."""
        super().__init__(location_id)
        self.location_id = location_id

    def __str__(self) -> str:
        """Say what went wrong (KeyError would print only the repr of its argument)."""
        return f"unknown location {self.location_id!r}"
