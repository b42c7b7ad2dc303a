"""Shared fixtures: golden-file regeneration and the paths tests need."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest

from localize.pofile import format_po

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
SHARED = ROOT.parent / "shared"

needs_gettext = pytest.mark.skipif(
    shutil.which("msgcat") is None and not os.environ.get("CI"),
    reason="GNU gettext is not installed (in CI it must be: .ci/run installs it)",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen", action="store_true", help="Rewrite golden files instead of comparing.")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "shipped: reads the shipped articles/ or locale/ (a change there may change what it sees); "
        "`-m 'not shipped'` runs the rest",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that copies the shipped project (the `project` fixture) depends on it."""
    for item in items:
        if "project" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shipped)


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file, or rewrite the file under --regen."""
    regen = request.config.getoption("--regen")

    def check(path: Path, actual: str) -> None:
        if regen or not path.exists():
            path.write_bytes(actual.encode("utf-8"))
            if not regen:
                pytest.fail(f"golden file {path.name} was missing and has been written; review it")
            return
        assert actual == path.read_bytes().decode("utf-8"), f"differs from {path}"

    return check


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the articles segmented in this process (run with `-j 1`)."""
    seen: list[str] = []
    from localize import pipeline

    real = pipeline.load_document

    def counting(config, name, path, text=None):
        seen.append(name)
        return real(config, name, path, text)

    monkeypatch.setattr(pipeline, "load_document", counting)
    return seen


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped project (articles, catalogs and termbase) in a temporary directory,
    with default settings but for the shipped terminology, which the catalogs' comments reflect."""
    target = tmp_path / "project"
    target.mkdir()
    for folder in ("articles", "locale", "terms"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "pyproject.toml").write_text("[tool.localize]\n\n" + shipped_terminology(), encoding="utf-8")
    return target


def shipped_terminology() -> str:
    """The `[tool.localize.terminology…]` tables of the repository's pyproject.toml, as written there."""
    lines = (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("[tool.localize.terminology]\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("[") and "terminology" not in lines[i]),
        len(lines),
    )
    return "".join(lines[start:end])


def set_translations(po_path: Path, translations: dict[str, str]) -> None:
    """Give entries of a catalog (read with polib, an independent reader) new msgstrs and write
    it back in GNU gettext's layout. Every msgid named must be in the catalog."""
    po = polib.pofile(str(po_path))
    for msgid, msgstr in translations.items():
        po.find(msgid).msgstr = msgstr
    po_path.write_text(format_po(po), encoding="utf-8")
