"""The package's imports point one way (ARCHITECTURE.md): no module imports its importer."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "custom_components" / "occupancy_manager"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path) -> set[str]:
    """The package's modules ``path`` imports when it runs (not for type checking)."""
    # Relative imports resolve against the module's package: "" is the top one.
    module = _module(path).split(".") if _module(path) else []
    package = module if path.name == "__init__.py" else module[:-1]
    found: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = package[: len(package) - (node.level - 1)]
        target = ".".join([*base, *(node.module.split(".") if node.module else [])])
        for alias in node.names:
            candidate = f"{target}.{alias.name}" if target else alias.name
            found.add(candidate if candidate in MODULES else target)
    return {one for one in found if one in MODULES}


MODULES = {_module(path): path for path in PACKAGE.rglob("*.py")}


def test_no_module_imports_a_module_that_imports_it() -> None:
    graph = {name: _runtime_imports(path) for name, path in MODULES.items()}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            cycle = " -> ".join([*trail[trail.index(name) :], name])
            raise AssertionError(f"import cycle: {cycle}")
        if name in done:
            return
        for imported in sorted(graph[name]):
            visit(imported, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
