"""Every language has exactly the English keys, and each text the same placeholders.

Home Assistant falls back to English per missing key, so a gap is invisible in English
and a half-translated form elsewhere; a wrong placeholder makes the text fail to format.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

import pytest

TRANSLATIONS = (
    Path(__file__).resolve().parents[2]
    / "custom_components"
    / "occupancy_manager"
    / "translations"
)
EN = json.loads((TRANSLATIONS / "en.json").read_text())
# The languages with the most Home Assistant users after English.
REQUIRED = {"de", "fr", "nl", "es", "it", "pl", "sv"}
PLACEHOLDER = re.compile(r"\{[a-z0-9_]+\}")


def _texts(node: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], str]:
    if isinstance(node, dict):
        out: dict[tuple[str, ...], str] = {}
        for key, value in node.items():
            out.update(_texts(value, (*path, key)))
        return out
    return {path: node}


def test_the_required_languages_are_there() -> None:
    present = {path.stem for path in TRANSLATIONS.glob("*.json")} - {"en"}
    assert present >= REQUIRED, REQUIRED - present


@pytest.mark.parametrize(
    "path",
    sorted(p for p in TRANSLATIONS.glob("*.json") if p.stem != "en"),
    ids=lambda path: path.stem,
)
def test_language_has_the_english_keys_and_placeholders(path: Path) -> None:
    english = _texts(EN)
    other = _texts(json.loads(path.read_text()))
    missing = sorted(".".join(key) for key in english.keys() - other.keys())
    extra = sorted(".".join(key) for key in other.keys() - english.keys())
    assert not missing, f"{path.name} lacks {missing}"
    assert not extra, f"{path.name} has keys English no longer has: {extra}"
    for key, text in other.items():
        assert isinstance(text, str), key
        assert text.strip(), f"{path.name}: empty {'.'.join(key)}"
        assert sorted(PLACEHOLDER.findall(text)) == sorted(
            PLACEHOLDER.findall(english[key])
        ), f"{path.name}: placeholders of {'.'.join(key)}"
    # Same key order as English, so a diff between languages lines up.
    assert list(other) == list(english)


def _repeated(texts: list[str]) -> set[str]:
    return {text for text in texts if texts.count(text) > 1}


def _choices(language: dict[str, Any]) -> dict[str, list[str]]:
    """The sets of names a user picks between, each by where it is shown."""
    out = {"actions": [v["name"] for v in language["services"].values()]}
    for action, value in language["services"].items():
        out[f"fields of {action}"] = [
            f["name"] for f in value.get("fields", {}).values()
        ]
    for name, selector in language["selector"].items():
        if name != "card":  # the card's texts, not one list of options
            out[f"options of {name}"] = list(selector["options"].values())
    for platform, entities in language["entity"].items():
        out[f"{platform} names"] = [e["name"] for e in entities.values()]
        for key, entity in entities.items():
            out[f"states of {key}"] = list(entity.get("state", {}).values())

    def steps(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("data"), dict):
                out[f"labels of {path}"] = [
                    v for v in node["data"].values() if isinstance(v, str)
                ]
            for key, value in node.items():
                steps(value, f"{path}.{key}")

    steps(language, "")
    return out


@pytest.mark.parametrize(
    "path", sorted(TRANSLATIONS.glob("*.json")), ids=lambda path: path.stem
)
def test_names_a_user_picks_between_differ(path: Path) -> None:
    # German once named both Clear and Vacate "Freigeben": the action picker offered
    # two actions that read the same.
    for where, names in _choices(json.loads(path.read_text())).items():
        assert not _repeated(names), f"{path.name}: {where} repeat {_repeated(names)}"
