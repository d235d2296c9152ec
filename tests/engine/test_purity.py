"""The engine stays standard-library only and never reads the clock (STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path
import sys

import pytest

ENGINE = (
    Path(__file__).parents[2] / "custom_components" / "occupancy_manager" / "engine"
)
SOURCES = sorted(ENGINE.rglob("*.py"))

FORBIDDEN_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "monotonic"),
    ("time", "monotonic_ns"),
    ("time", "perf_counter"),
    ("time", "sleep"),
}
FORBIDDEN_NAMES = {"utcnow", "monotonic", "time_ns", "perf_counter"}


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every absolute module an AST imports, wherever the import statement sits."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and _dotted(node.func) in {
            "__import__",
            "importlib.import_module",
        }:
            found.append((node.lineno, "<dynamic import>"))
    return found


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _clock_reads(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            parts = tuple(name.split("."))
            if parts[-2:] in FORBIDDEN_CALLS or (
                len(parts) == 1 and parts[0] in FORBIDDEN_NAMES
            ):
                found.append((node.lineno, name))
        elif isinstance(node, ast.ImportFrom) and node.module in {"time", "datetime"}:
            found.extend(
                (node.lineno, f"from {node.module} import {alias.name}")
                for alias in node.names
                if alias.name in FORBIDDEN_NAMES
                or (node.module == "time" and alias.name in {"time", "monotonic"})
            )
    return found


def test_engine_has_sources() -> None:
    assert {path.name for path in SOURCES} >= {"__init__.py", "model.py", "engine.py"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_imports_only_stdlib(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    bad = [
        f"line {line}: {module}"
        for line, module in _imports(tree)
        if module.partition(".")[0] not in sys.stdlib_module_names
    ]
    assert not bad, f"{path.name} imports outside the standard library: {bad}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_never_reads_the_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    assert not _clock_reads(tree), f"{path.name} reads the clock: {_clock_reads(tree)}"


@pytest.mark.parametrize(
    ("source", "expect_import", "expect_clock"),
    [
        ("def f():\n    import homeassistant.core\n", True, False),
        ("from homeassistant.util import dt\n", True, False),
        ("import voluptuous as vol\n", True, False),
        ("import importlib\nm = importlib.import_module('x')\n", True, False),
        ("from datetime import datetime\nx = datetime.now()\n", False, True),
        ("import datetime\nx = datetime.datetime.utcnow()\n", False, True),
        ("import time\ndef f():\n    return time.monotonic()\n", False, True),
        ("import time\nx = time.time()\n", False, True),
        ("from datetime import date\nx = date.today()\n", False, True),
        ("from time import monotonic\n", False, True),
        (
            "from datetime import UTC, datetime\nx = datetime(2025, 1, 1, tzinfo=UTC)\n",
            False,
            False,
        ),
        ("from .model import Ladder\n", False, False),
    ],
)
def test_the_checks_catch_what_they_should(
    source: str, expect_import: bool, expect_clock: bool
) -> None:
    tree = ast.parse(source)
    outside = [
        module
        for _, module in _imports(tree)
        if module.partition(".")[0] not in sys.stdlib_module_names
    ]
    assert bool(outside) is expect_import
    assert bool(_clock_reads(tree)) is expect_clock
