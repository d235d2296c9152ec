"""What HACS and hassfest check before anyone can install the integration.

The rules are HACS' published ones (hacs/integration ``utils/validate.py``:
``HACS_MANIFEST_JSON_SCHEMA`` with PREVENT_EXTRA, ``INTEGRATION_MANIFEST_JSON_SCHEMA``;
hacs/documentation ``publish/start.md`` and ``publish/integration.md``) and hassfest's
for custom integrations (``CUSTOM_INTEGRATION_MANIFEST_SCHEMA``: known keys only,
sorted domain, name, then alphabetically).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
import re
import subprocess
import zipfile

from awesomeversion import AwesomeVersion
from homeassistant.util.yaml import load_yaml
import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPONENT = ROOT / "custom_components" / "occupancy_manager"
MANIFEST = json.loads((COMPONENT / "manifest.json").read_text())
HACS = json.loads((ROOT / "hacs.json").read_text())

HACS_KEYS = {
    "content_in_root": bool,
    "country": (str, list),
    "filename": str,
    "hacs": str,
    "hide_default_branch": bool,
    "homeassistant": str,
    "persistent_directory": str,
    "render_readme": bool,
    "zip_release": bool,
    "name": str,
}
# hassfest's custom integration manifest keys (HA 2025.4 .. 2026.10).
MANIFEST_KEYS = {
    "domain",
    "name",
    "after_dependencies",
    "bluetooth",
    "codeowners",
    "config_flow",
    "dependencies",
    "dhcp",
    "documentation",
    "homekit",
    "import_executor",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "loggers",
    "mqtt",
    "quality_scale",
    "requirements",
    "single_config_entry",
    "ssdp",
    "usb",
    "version",
    "zeroconf",
}


def test_hacs_json_has_only_known_keys_of_the_right_type() -> None:
    assert set(HACS) <= set(HACS_KEYS), set(HACS) - set(HACS_KEYS)
    for key, value in HACS.items():
        assert isinstance(value, HACS_KEYS[key]), key
    assert HACS["name"] == MANIFEST["name"]
    # Obsolete since HACS 2.0 (the README is always rendered).
    assert "render_readme" not in HACS


def test_hacs_minimum_is_the_tested_minimum() -> None:
    minimum = AwesomeVersion(HACS["homeassistant"])
    assert minimum.valid
    pinned = (ROOT / "requirements" / "test-minimum.txt").read_text()
    tested = re.search(r"Minimum supported Home Assistant: (\S+) ", pinned)
    assert tested is not None
    assert str(minimum) == tested.group(1)


def test_zip_release_names_its_file_and_the_workflow_builds_it() -> None:
    assert HACS["zip_release"] is True
    assert HACS["filename"] == "occupancy_manager.zip"
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text()
    assert f'scripts/release-zip "${{TAG#v}}" {HACS["filename"]}' in workflow
    assert f'gh release upload "$TAG" {HACS["filename"]}' in workflow


def test_release_zip_holds_the_integration_at_its_root(tmp_path: Path) -> None:
    out = tmp_path / "occupancy_manager.zip"
    subprocess.run(
        [str(ROOT / "scripts" / "release-zip"), "9.8.7", str(out)],
        check=True,
        capture_output=True,
        # pytest-cov follows Python subprocesses through COV_CORE_*; the script's
        # Pythons run outside the project (no coverage config) and would write
        # statement-only data that cannot combine with the suite's branch data.
        env={k: v for k, v in os.environ.items() if not k.startswith("COV_CORE")},
    )
    names = set(zipfile.ZipFile(out).namelist())
    if (ROOT / ".git").exists():
        tracked = subprocess.run(
            ["git", "ls-files", "custom_components/occupancy_manager"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    else:  # a copy of the tree (the newest end's sid root has no .git)
        tracked = [
            str(path.relative_to(ROOT))
            for path in COMPONENT.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        ]
    want = {
        path.removeprefix("custom_components/occupancy_manager/") for path in tracked
    }
    assert want <= names
    assert not any("__pycache__" in name for name in names)
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))
    assert manifest == {**MANIFEST, "version": "9.8.7"}


def test_manifest_satisfies_hacs_and_hassfest() -> None:
    for key in ("domain", "name", "codeowners", "documentation", "issue_tracker"):
        assert MANIFEST[key], key
    assert AwesomeVersion(MANIFEST["version"]).valid
    assert MANIFEST["domain"] == COMPONENT.name
    assert set(MANIFEST) <= MANIFEST_KEYS, set(MANIFEST) - MANIFEST_KEYS
    keys = list(MANIFEST)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    for url in (MANIFEST["documentation"], MANIFEST["issue_tracker"]):
        assert url.startswith("https://")
    assert "home-assistant.io/integrations" not in MANIFEST["documentation"]
    assert MANIFEST["integration_type"] == "hub"  # CONTRACT "Identity"
    assert MANIFEST["iot_class"] == "calculated"
    assert MANIFEST["single_config_entry"] is True
    assert MANIFEST["config_flow"] is True


def test_repository_files_hacs_asks_for() -> None:
    license_text = (ROOT / "LICENSE").read_text()
    assert license_text.startswith("MIT License")
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'license = "MIT"' in pyproject
    assert (ROOT / "README.md").is_file()
    assert (COMPONENT / "brand" / "icon.png").is_file()
    templates = ROOT / ".github" / "ISSUE_TEMPLATE"
    bug = load_yaml(templates / "bug.yml")
    assert isinstance(bug, dict)
    assert any("diagnostics" in str(item.get("id", "")) for item in bug["body"]), (
        "the bug template asks for the diagnostics download"
    )
    assert (templates / "feature.yml").is_file()
    assert (templates / "config.yml").is_file()


USES = re.compile(r"^\s*-?\s*uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?P<rest>.*)$")


@pytest.mark.parametrize(
    "workflow",
    sorted((ROOT / ".github" / "workflows").glob("*.yml")),
    ids=lambda path: path.name,
)
def test_workflow_actions_are_pinned_by_commit(workflow: Path) -> None:
    uses = [m for line in workflow.read_text().splitlines() if (m := USES.match(line))]
    assert uses
    for match in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", match["ref"]), match.group(0)
        assert re.match(r"\s+# \S+", match["rest"]), f"no tag comment: {match.group(0)}"


def test_dependabot_watches_actions_and_pip() -> None:
    config = load_yaml(ROOT / ".github" / "dependabot.yml")
    assert isinstance(config, dict)
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert {"github-actions", "pip"} <= ecosystems


# Every rule of the Integration Quality Scale (tiers.json, 2026-08), docs-triggers and
# docs-conditions included (Bronze since 2026-07-01).
QUALITY_RULES = {
    "action-setup", "appropriate-polling", "brands", "common-modules",
    "config-flow-test-coverage", "config-flow", "dependency-transparency",
    "docs-actions", "docs-conditions", "docs-high-level-description",
    "docs-installation-instructions", "docs-removal-instructions", "docs-triggers",
    "entity-event-setup", "entity-unique-id", "has-entity-name", "runtime-data",
    "test-before-configure", "test-before-setup", "unique-config-entry",
    "action-exceptions", "config-entry-unloading", "docs-configuration-parameters",
    "docs-installation-parameters", "entity-unavailable", "integration-owner",
    "log-when-unavailable", "parallel-updates", "reauthentication-flow",
    "test-coverage", "devices", "diagnostics", "discovery", "discovery-update-info",
    "docs-data-update", "docs-examples", "docs-known-limitations",
    "docs-supported-devices", "docs-supported-functions", "docs-troubleshooting",
    "docs-use-cases", "dynamic-devices", "entity-category", "entity-device-class",
    "entity-disabled-by-default", "entity-translations", "exception-translations",
    "icon-translations", "reconfiguration-flow", "repair-issues", "stale-devices",
    "async-dependency", "inject-websession", "strict-typing",
}  # fmt: skip
# Rules whose text says "There are no exceptions to this rule".
NO_EXCEPTIONS = {"brands", "test-before-setup", "docs-triggers", "docs-conditions"}


def test_quality_scale_lists_every_rule_truthfully() -> None:
    rules = load_yaml(COMPONENT / "quality_scale.yaml")
    assert isinstance(rules, dict)
    statuses = rules["rules"]
    assert set(statuses) == QUALITY_RULES
    for rule, status in statuses.items():
        if isinstance(status, dict):
            # done with a comment: a claim that needs its reasoning next to it
            assert status["status"] in {"done", "exempt", "todo"}, rule
            assert len(status["comment"]) > 40, f"{rule}: say why"
            if status["status"] == "exempt":
                assert rule not in NO_EXCEPTIONS, rule
                assert 'Rule: "' in status["comment"], f"{rule}: quote the rule"
        else:
            assert status == "done", rule
    # Neither rule's text allows an exemption for an integration with entities.
    for rule in ("entity-disabled-by-default", "entity-unavailable"):
        assert statuses[rule] == "done" or statuses[rule]["status"] == "todo", rule
    # Claims that the code can check.
    assert MANIFEST["requirements"] == []  # dependency-transparency
    assert (COMPONENT / "diagnostics.py").is_file()
    assert not (COMPONENT / "trigger.py").exists()  # docs-triggers: none provided
    assert not (COMPONENT / "device_trigger.py").exists()
    assert not (COMPONENT / "condition.py").exists()  # docs-conditions


# hassfest's dependency rule: an integration imported from homeassistant.components
# must be a dependency or after-dependency, unless it is always there (its allowed
# list: entity platforms, frontend, websocket_api, …) or the import sits in our own
# platform file of that integration (diagnostics.py, repairs.py, logbook.py).
_ALWAYS_ALLOWED = {"binary_sensor", "sensor", "switch", "frontend", "websocket_api"}


def test_every_imported_integration_is_declared_the_way_hassfest_wants() -> None:
    declared = set(MANIFEST.get("dependencies", [])) | set(
        MANIFEST.get("after_dependencies", [])
    )
    imported = {
        match.group(1)
        for path in COMPONENT.rglob("*.py")
        for match in re.finditer(
            r"^\s*(?:from|import) homeassistant\.components\.(\w+)",
            path.read_text(),
            re.MULTILINE,
        )
    }
    own_platform_files = {path.stem for path in COMPONENT.glob("*.py")}
    undeclared = imported - declared - _ALWAYS_ALLOWED - own_platform_files
    assert not undeclared, undeclared
