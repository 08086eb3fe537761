# SPDX-License-Identifier: MIT
"""The shelves of tests/ (tests/README.md): every test file's name is unique across the tree
(pytest imports a test module by its basename, with its folder on `sys.path`, unless the folder
is a package), and every test file sits on a surface's shelf, at most one kind below it."""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
SURFACES = {
    "app",
    "consent",
    "factory",
    "fuzz",
    "lifecycle",
    "production",
    "routing",
    "scenarios",
    "selection",
    "services",
    "sharing",
    "toolkit",
}
KINDS = {"adversarial", "stateful", "scenario", "release"}


def _test_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("test_*.py") if "__pycache__" not in p.parts)


def test_test_file_names_are_unique():
    names = Counter(p.name for p in _test_files())
    assert len(names) > 100, "the test files were not found"
    assert [name for name, n in names.items() if n > 1] == []


def test_helper_module_names_are_unique():
    """Helpers beside the tests are imported by their basename too (a conftest puts its folder on
    `sys.path`): two `kit.py` would shadow each other."""
    helpers = Counter(
        p.name
        for p in TESTS.rglob("*.py")
        if not p.name.startswith("test_")
        and p.name not in ("conftest.py", "__init__.py")
        and "__pycache__" not in p.parts
    )
    assert [name for name, n in helpers.items() if n > 1] == []


def test_every_test_file_is_shelved_by_surface_and_kind():
    misplaced = []
    for path in _test_files():
        parts = path.relative_to(TESTS).parts[:-1]
        kind_ok = len(parts) == 1 or (len(parts) == 2 and parts[1] in KINDS)
        if not (parts and parts[0] in SURFACES and kind_ok):
            misplaced.append(str(path.relative_to(TESTS)))
    assert misplaced == []
