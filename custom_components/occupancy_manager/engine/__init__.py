"""Pure-Python occupancy engine: per-source contributions over a forest of locations.

Standard library only; no Home Assistant, no clock, no I/O. See ENGINE.md.
"""

from .bounds import EARLIEST, LATEST, earlier
from .engine import OccupancyEngine
from .errors import ConfigError, EngineError, UnknownLocationError
from .model import (
    CHILD_SOURCE_PREFIX,
    DEFAULT,
    Contribution,
    Ladder,
    LocationConfig,
    LocationState,
    Lock,
    LockState,
    Result,
    Strategy,
    Transition,
)
from .timeline import CLOCK_TOLERANCE

__all__ = [
    "CHILD_SOURCE_PREFIX",
    "CLOCK_TOLERANCE",
    "DEFAULT",
    "EARLIEST",
    "LATEST",
    "ConfigError",
    "Contribution",
    "EngineError",
    "Ladder",
    "LocationConfig",
    "LocationState",
    "Lock",
    "LockState",
    "OccupancyEngine",
    "Result",
    "Strategy",
    "Transition",
    "UnknownLocationError",
    "earlier",
]
