"""Print the Python requirements Home Assistant would install at its first start.

For a config directory's configuration.yaml: its top-level integrations, the ones
Home Assistant always loads (the newest frontend needs the voice pipeline's), and
this project's, with their dependencies. scripts/setup installs them beforehand, so
scripts/develop starts with --skip-pip and nothing is installed behind the developer's
back.

usage: python scripts/ha_requirements.py CONFIG_DIR   # only those not yet satisfied
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from pathlib import Path
import re
import sys

from homeassistant import bootstrap
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = importlib.util.find_spec("homeassistant.components")
assert ORIGIN is not None and ORIGIN.submodule_search_locations is not None
COMPONENTS = Path(ORIGIN.submodule_search_locations[0])
OWN = ROOT / "custom_components" / "occupancy_manager"


def manifest(domain: str) -> dict[str, object]:
    """The manifest of a core integration or of this project's; {} if unknown."""
    path = OWN if domain == OWN.name else COMPONENTS / domain
    try:
        data: dict[str, object] = json.loads((path / "manifest.json").read_text())
    except FileNotFoundError:
        return {}
    return data


def requirements(config_dir: Path) -> list[str]:
    """The requirements of every integration the config loads, sorted."""
    text = (config_dir / "configuration.yaml").read_text()
    todo = set(re.findall(r"^([a-z_0-9]+):", text, re.MULTILINE))
    todo |= set(bootstrap.DEFAULT_INTEGRATIONS) | set(bootstrap.CORE_INTEGRATIONS)
    todo.add(OWN.name)
    seen: set[str] = set()
    found: set[str] = set()
    while todo:
        domain = todo.pop()
        if domain in seen:
            continue
        seen.add(domain)
        info = manifest(domain)
        found.update(str(req) for req in info.get("requirements", []) or [])  # type: ignore[attr-defined]
        todo.update(str(dep) for dep in info.get("dependencies", []) or [])  # type: ignore[attr-defined]
    return sorted(found)


def satisfied(requirement: str) -> bool:
    """Whether the running environment already has a matching version."""
    req = Requirement(requirement)
    try:
        version = importlib.metadata.version(req.name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return req.specifier.contains(version, prereleases=True)


if __name__ == "__main__":
    print("\n".join(r for r in requirements(Path(sys.argv[1])) if not satisfied(r)))
