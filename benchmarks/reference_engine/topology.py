"""Validation and shape of the location forest: parents, children, depth and order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from .model import LocationConfig

_ZERO = timedelta(0)


@dataclass(frozen=True, slots=True)
class Topology:
    """A validated forest of locations.

    ``order`` lists every id with parents before their children, so walking it
    backwards visits children before parents.
    """

    configs: Mapping[str, LocationConfig]
    children: Mapping[str, tuple[str, ...]]
    depth: Mapping[str, int]
    order: tuple[str, ...]


def build_topology(locations: Iterable[LocationConfig]) -> Topology:
    """Validate ``locations`` and return their forest.

    Raises:
        ConfigError: on a duplicate id, an unknown parent or a cycle; the message
            names the ids involved.
    """
    configs: dict[str, LocationConfig] = {}
    duplicates: list[str] = []
    for config in locations:
        if config.id in configs:
            duplicates.append(config.id)
        configs[config.id] = config
    if duplicates:
        raise ConfigError(
            f"duplicate location id(s): {', '.join(sorted(set(duplicates)))}"
        )

    bad_timing = sorted(
        config.id
        for config in configs.values()
        if config.default_timeout <= _ZERO
        or config.default_trailing_timeout < _ZERO
        or config.recently_occupied_after < _ZERO
        or config.extended_vacancy_after < _ZERO
    )
    if bad_timing:
        raise ConfigError(
            "default_timeout must be > 0 and the other timings >= 0 for location(s): "
            + ", ".join(bad_timing)
        )

    unknown = sorted(
        f"{config.id!r} -> {config.parent_id!r}"
        for config in configs.values()
        if config.parent_id is not None and config.parent_id not in configs
    )
    if unknown:
        raise ConfigError(f"unknown parent location(s): {', '.join(unknown)}")

    children: dict[str, list[str]] = {location_id: [] for location_id in configs}
    roots: list[str] = []
    for config in configs.values():
        if config.parent_id is None:
            roots.append(config.id)
        else:
            children[config.parent_id].append(config.id)

    depth: dict[str, int] = {}
    order: list[str] = []
    stack = [(root, 0) for root in reversed(roots)]
    while stack:
        location_id, level = stack.pop()
        depth[location_id] = level
        order.append(location_id)
        stack.extend((child, level + 1) for child in reversed(children[location_id]))

    if len(order) != len(configs):
        raise ConfigError(
            f"cycle in location parents: {_describe_cycles(configs, depth)}"
        )

    return Topology(
        configs=configs,
        children={key: tuple(value) for key, value in children.items()},
        depth=depth,
        order=tuple(order),
    )


def _describe_cycles(
    configs: Mapping[str, LocationConfig], reached: Mapping[str, int]
) -> str:
    """Name each cycle among the locations no root reaches, e.g. ``a -> b -> a``."""
    described: list[str] = []
    seen: set[str] = set(reached)
    for start in sorted(configs):
        if start in seen:
            continue
        path: list[str] = []
        position: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in seen and current not in position:
            position[current] = len(path)
            path.append(current)
            current = configs[current].parent_id
        if current is not None and current in position:
            cycle = path[position[current] :]
            described.append(" -> ".join([*cycle, current]))
        seen.update(path)
    return "; ".join(described)
