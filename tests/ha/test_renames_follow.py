"""Following renames in a location's stored data (``renames.renamed_location``, pure)."""

from __future__ import annotations

from custom_components.occupancy_manager.renames import renamed_location

P = "binary_sensor.p"
M = "binary_sensor.m"
NEW = "binary_sensor.new"


def test_items_that_are_no_entity_id_stay_and_do_not_crash() -> None:
    data = {
        "presence_sources": [{"not": "an id"}, P, ["x"]],
        "actions": {"occupied": [{"scene": 1}, "scene.a"], "vacant": "scene.b"},
    }
    assert renamed_location(data, {P: NEW, "scene.a": "scene.c"}) == {
        "presence_sources": [{"not": "an id"}, NEW, ["x"]],
        "actions": {"occupied": [{"scene": 1}, "scene.c"], "vacant": "scene.b"},
    }


def test_data_naming_no_renamed_id_is_left_as_it_is() -> None:
    """Not even tidied (a list with an id twice): every rename anywhere is heard."""
    data = {"motion_sources": [M, M], "actions": {"occupied": [M, M]}}
    assert renamed_location(data, {P: NEW}) is None


def test_a_swap_is_a_swap() -> None:
    data = {"presence_sources": [P], "motion_sources": [M]}
    assert renamed_location(data, {P: M, M: P}) == {
        "presence_sources": [M],
        "motion_sources": [P],
    }
