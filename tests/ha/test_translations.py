"""translations/en.json against the code, the way hassfest reads it, and both ways.

hassfest (``script/hassfest/translations.py``) refuses keys that are not lowercase
slugs and texts that are empty; Home Assistant shows a raw key (or nothing) for any
key the code uses that en.json lacks. So: every key is a slug, every key the code
uses is there, and nothing is there that the code no longer uses.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
import json
from pathlib import Path
import re
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util.yaml import load_yaml
import pytest

from custom_components.occupancy_manager import const, switch
from custom_components.occupancy_manager.engine import Ladder

from .common import home_entry, location, setup_home

COMPONENT = (
    Path(__file__).resolve().parents[2] / "custom_components" / "occupancy_manager"
)
EN: dict[str, Any] = json.loads((COMPONENT / "translations" / "en.json").read_text())
SLUG = re.compile(r"^[a-z0-9_-]+$")
# Reasons Home Assistant itself aborts with for us: single_config_entry in the manifest.
HA_ABORTS = {"single_instance_allowed"}
SUBENTRY = EN["config_subentries"][const.SUBENTRY_LOCATION]


def _walk(
    node: Any, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key), value
            yield from _walk(value, (*path, key))


def test_every_key_is_a_slug_and_every_text_is_set() -> None:
    for path, value in _walk(EN):
        assert SLUG.match(path[-1]), f"not a slug: {'.'.join(path)}"
        if not isinstance(value, dict):
            assert isinstance(value, str), ".".join(path)
            assert value.strip(), f"empty text: {'.'.join(path)}"


# -- what the code uses -------------------------------------------------------------

MODULES = {path: ast.parse(path.read_text()) for path in COMPONENT.glob("*.py")}
CONSTANTS = {
    name: value for name, value in vars(const).items() if isinstance(value, str)
}


def _text(node: ast.expr | None) -> str | None:
    """A string literal, or a constant of const.py named by the expression."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return CONSTANTS.get(node.id)
    if isinstance(node, ast.Attribute) and node.attr in CONSTANTS:
        return CONSTANTS[node.attr]
    return None


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    yield from (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _translation_keys() -> dict[str, set[str]]:
    """translation_key= arguments by where they land: exceptions, issues, selector."""
    found: dict[str, set[str]] = {
        "exceptions": set(),
        "issues": set(),
        "selector": set(),
    }
    for tree in MODULES.values():
        helpers = {}  # helper function -> its parameter that becomes the key
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            params = [arg.arg for arg in func.args.args]
            for call in _calls(func):
                value = _keyword(call, "translation_key")
                if isinstance(value, ast.Name) and value.id in params:
                    helpers[func.name] = params.index(value.id)
        for call in _calls(tree):
            if (value := _text(_keyword(call, "translation_key"))) is not None:
                name = _name(call)
                kind = (
                    "issues"
                    if name == "async_create_issue"
                    else "selector"
                    if name.endswith("SelectorConfig")
                    else "exceptions"
                )
                found[kind].add(value)
            elif _name(call) in helpers and call.args:
                position = helpers[_name(call)]
                if (value := _text(call.args[position])) is not None:
                    found["exceptions"].add(value)
    return found


def _flow_strings() -> tuple[set[str], set[str]]:
    """Error keys and abort reasons the flows use."""
    errors: set[str] = set()
    aborts: set[str] = set()
    for tree in MODULES.values():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and isinstance(target := node.targets[0], ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id == "errors"
                and (value := _text(node.value)) is not None
            ):
                errors.add(value)
        for call in _calls(tree):
            if _name(call) == "SchemaFlowError" and call.args:
                errors.add(_text(call.args[0]) or "")
            if _name(call) == "async_abort":
                aborts.add(_text(_keyword(call, "reason")) or "")
    return errors - {""}, aborts - {""}


def _steps(base: str) -> set[str]:
    """Steps of the flow classes derived from ``base`` that show something."""
    steps = set()
    for tree in MODULES.values():
        for cls in ast.walk(tree):
            if not isinstance(cls, ast.ClassDef):
                continue
            if not any(getattr(b, "id", "") == base for b in cls.bases):
                continue
            for method in cls.body:
                if not isinstance(method, ast.AsyncFunctionDef):
                    continue
                if not method.name.startswith("async_step_"):
                    continue
                body = [n for n in method.body if not isinstance(n, ast.Expr)]
                redirect = (
                    len(body) == 1
                    and isinstance(body[0], ast.Return)
                    and isinstance(body[0].value, ast.Await)
                    and _name(body[0].value.value).startswith("async_step_")  # type: ignore[arg-type]
                )
                if not redirect:
                    steps.add(method.name.removeprefix("async_step_"))
    return steps


def _all_code_strings() -> set[str]:
    strings = set(CONSTANTS.values())
    for tree in MODULES.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
    return strings


def test_exceptions_issues_and_selectors_both_ways() -> None:
    used = _translation_keys()
    services = load_yaml(COMPONENT / "services.yaml")
    assert isinstance(services, dict)
    for service in services.values():
        for field in (service or {}).get("fields", {}).values():
            for selector in field.get("selector", {}).values():
                if isinstance(selector, dict) and "translation_key" in selector:
                    used["selector"].add(selector["translation_key"])
    for kind in ("exceptions", "issues", "selector"):
        assert used[kind] <= set(EN[kind]), (
            f"{kind} missing: {used[kind] - set(EN[kind])}"
        )
    # The card (frontend/) reads its texts from selector.<key>.options through the
    # frontend's translation cache: those keys are used by the built card.
    card = "".join(path.read_text() for path in COMPONENT.glob("frontend/*.js"))
    used["selector"] |= set(
        re.findall(r"component\.occupancy_manager\.selector\.([a-z0-9_-]+)\.", card)
    )
    # Keys can be chosen at run time (a helper's argument): a key no string in the
    # code names is unused for sure.
    strings = _all_code_strings()
    for kind in ("exceptions", "issues"):
        unused = set(EN[kind]) - strings
        assert not unused, f"{kind} never used: {unused}"
    # selector.card holds the dashboard card's texts: the frontend can load the
    # "selector" category (frontend/test/i18n.test.ts checks them against the card).
    assert set(EN["selector"]) - {"card"} <= used["selector"], (
        set(EN["selector"]) - used["selector"]
    )
    for key in EN["exceptions"]:
        assert set(EN["exceptions"][key]) == {"message"}, key


def test_flow_steps_errors_and_aborts_both_ways() -> None:
    errors, aborts = _flow_strings()
    sections = {
        "ConfigFlow": EN["config"],
        "OptionsFlow": EN["options"],
        "ConfigSubentryFlow": SUBENTRY,
    }
    for base, section in sections.items():
        assert set(section["step"]) == _steps(base), base
    fix_flows = [
        issue["fix_flow"] for issue in EN["issues"].values() if "fix_flow" in issue
    ]
    repair_steps = _steps("RepairsFlow")
    for fix_flow in fix_flows:
        assert set(fix_flow["step"]) <= repair_steps
    all_sections = [*sections.values(), *fix_flows]
    translated_errors = {key for s in all_sections for key in s.get("error", {})}
    translated_aborts = {key for s in all_sections for key in s.get("abort", {})}
    assert errors <= translated_errors, errors - translated_errors
    assert aborts <= translated_aborts, aborts - translated_aborts
    strings = _all_code_strings()
    assert translated_errors <= errors | strings, translated_errors - errors - strings
    assert translated_aborts <= aborts | HA_ABORTS, translated_aborts - aborts
    menu = EN["options"]["step"]["init"]["menu_options"]
    assert set(menu) <= strings


def test_services_both_ways() -> None:
    services = load_yaml(COMPONENT / "services.yaml")
    assert isinstance(services, dict)
    assert set(EN["services"]) == set(services)
    for name, service in services.items():
        text = EN["services"][name]
        assert text["name"] and text["description"], name
        fields = set((service or {}).get("fields", {}))
        assert set(text.get("fields", {})) == fields, name
        for field in fields:
            assert set(text["fields"][field]) >= {"name", "description"}, (name, field)


async def test_entity_names_states_and_attributes_both_ways(
    hass: HomeAssistant, entity_registry: er.EntityRegistry
) -> None:
    entry = await setup_home(
        hass,
        home_entry(
            location("kitchen", "Kitchen", actions={"occupied": ["scene.cosy"]}),
        ),
    )
    used: dict[str, set[str]] = {}
    for item in er.async_entries_for_config_entry(entity_registry, entry.entry_id):
        assert item.translation_key, item.entity_id
        used.setdefault(item.domain, set()).add(item.translation_key)
        state = hass.states.get(item.entity_id)
        assert state is not None
        text = EN["entity"][item.domain][item.translation_key]
        # Every attribute the entity shows has a translated name.
        shown = set(state.attributes) - {
            "friendly_name",
            "device_class",
            "options",
            "icon",
            "restored",
            "supported_features",
        }
        assert shown <= set(text.get("state_attributes", {})), (item.entity_id, shown)
    assert {domain: set(keys) for domain, keys in EN["entity"].items()} == used
    ladder = {step.value for step in Ladder}
    assert set(EN["entity"]["sensor"]["occupancy_state"]["state"]) == ladder
    status = EN["entity"]["switch"]["automation"]["state_attributes"]["status"]["state"]
    assert set(status) == {
        switch.STATUS_ACTIVE,
        switch.STATUS_PAUSED,
        switch.STATUS_OFF,
    }


@pytest.mark.parametrize("path", sorted(COMPONENT.glob("translations/*.json")))
def test_every_language_is_json_with_slug_keys(path: Path) -> None:
    data = json.loads(path.read_text())
    for keys, _value in _walk(data):
        assert SLUG.match(keys[-1]), f"{path.name}: {'.'.join(keys)}"
