"""A home nested deeper than Python's recursion limit still answers every action.

Found by the audit of round 9 (huge values): ``vacate`` with ``include_children``
walked the subtree recursively, and a chain of 1,000 nested locations (an import
script gone wrong, a hand edit) made the call fail with a raw RecursionError.
A whole home that deep takes half a minute to set up here, so the walk is checked
on the engine's own answers for such a chain.
"""

from __future__ import annotations

from datetime import UTC, datetime
import sys
from typing import cast

from custom_components.occupancy_manager.coordinator import OccupancyCoordinator
from custom_components.occupancy_manager.engine import LocationConfig, OccupancyEngine
from custom_components.occupancy_manager.services import _subtree_leaves_first

T0 = datetime(2026, 11, 30, tzinfo=UTC)


class _Home:
    """What the walk reads of a home: its engine."""

    def __init__(self, engine: OccupancyEngine) -> None:
        self.engine = engine


def _home(parents: dict[str, str | None]) -> OccupancyCoordinator:
    engine = OccupancyEngine(
        (LocationConfig(id=key, name=key, parent_id=up) for key, up in parents.items()),
        T0,
    )
    return cast("OccupancyCoordinator", _Home(engine))


def test_a_chain_deeper_than_the_recursion_limit_is_walked_leaves_first() -> None:
    depth = sys.getrecursionlimit() + 10
    chain = {f"l{i}": (f"l{i - 1}" if i else None) for i in range(depth)}
    order = _subtree_leaves_first(_home(chain), "l0")
    assert order == [f"l{i}" for i in reversed(range(depth))]


def test_every_location_comes_after_its_children_in_their_order() -> None:
    tree = {"home": None, "up": "home", "down": "home", "bed": "up", "bath": "up"}
    home = _home(tree)
    children = home.engine.children("home")
    order = _subtree_leaves_first(home, "home")
    assert set(order) == set(tree)
    for location_id, parent in tree.items():
        if parent is not None:
            assert order.index(location_id) < order.index(parent)
    # Siblings keep the engine's order (the recursive walk's, before the fix).
    assert order.index(children[0]) < order.index(children[1])
    assert _subtree_leaves_first(home, "bed") == ["bed"]
