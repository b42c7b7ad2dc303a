"""Dependency bounds are deliberate: every one bounded both ways, the oldest pinned for CI."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


# The linters' verdicts belong to the one version each is bounded to, run on the newest
# dependencies; they have no place on the oldest set the tests run on.
NOT_PINNED_OLDEST = ("lint",)


def requirements(extras: tuple[str, ...] | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    chosen = project["optional-dependencies"] if extras is None else {name: project["optional-dependencies"][name] for name in extras}
    listed = project["dependencies"] + [r for extra in chosen.values() for r in extra]
    return [Requirement(text) for text in listed]


def pinned_extras() -> tuple[str, ...]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return tuple(name for name in project["optional-dependencies"] if name not in NOT_PINNED_OLDEST)


def oldest_pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / ".ci" / "oldest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = Version(version.strip())
    return pins


@pytest.mark.parametrize("requirement", requirements(), ids=str)
def test_every_dependency_has_a_lower_and_an_upper_bound(requirement: Requirement) -> None:
    operators = {spec.operator for spec in requirement.specifier}
    assert ">=" in operators and "<" in operators, f"{requirement} needs >= and < bounds"


@pytest.mark.parametrize("requirement", [r for r in requirements(pinned_extras()) if r.marker is None], ids=str)
def test_the_oldest_pins_are_the_lower_bounds(requirement: Requirement) -> None:
    pins = oldest_pins()
    name = requirement.name.lower()
    assert name in pins, f"{name} is not pinned in .ci/oldest.txt"
    lower = next(Version(spec.version) for spec in requirement.specifier if spec.operator == ">=")
    assert pins[name] == lower, f".ci/oldest.txt pins {name}=={pins[name]}, pyproject.toml allows >={lower}"


def test_nothing_is_pinned_that_is_not_a_dependency() -> None:
    names = {r.name.lower() for r in requirements(pinned_extras())}
    assert set(oldest_pins()) <= names
