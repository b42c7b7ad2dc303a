"""The run record: an unchanged article is neither parsed nor written again, a changed input
brings back exactly the work it affects, in one process or in several."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import run

from localize import batch

ARTICLE = "anthropic-trust-first-strategy"


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the articles built in this process (run with `-j 1`)."""
    seen: list[str] = []
    real = batch._build_one

    def counting(job, shared=None):
        seen.append(job.name)
        return real(job, shared)

    monkeypatch.setattr(batch, "_build_one", counting)
    return seen


def edit(project: Path, old: str, new: str) -> None:
    path = project / "articles" / f"{ARTICLE}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_second_extract_parses_nothing(project: Path, parses: list[str], jobs: str) -> None:
    assert run(project, "extract", "-j", jobs)[0] == 0
    parses.clear()
    code, out, _ = run(project, "extract", "-j", "1")
    assert code == 0 and "2 article(s) unchanged since the last run" in out
    assert parses == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_edited_article_is_the_only_one_extracted_again(project: Path, parses: list[str], jobs: str) -> None:
    assert run(project, "extract", "-j", jobs)[0] == 0
    edit(project, "Anthropic", "Anthropic PBC")
    parses.clear()
    code, out, _ = run(project, "extract", "-j", "1")
    assert code == 0 and "1 article(s) unchanged since the last run" in out
    assert parses == [ARTICLE]
    parses.clear()
    assert "2 article(s) unchanged" in run(project, "extract", "-j", "1")[1]
    assert parses == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_second_build_builds_nothing_until_an_input_changes(project: Path, builds: list[str], jobs: str) -> None:
    assert run(project, "build", "-j", jobs)[0] == 0
    builds.clear()
    assert run(project, "build", "-j", "1")[0] == 0
    assert builds == []
    # A translator's edit to one catalog rebuilds that article only.
    catalog = project / "locale" / "de" / "LC_MESSAGES" / f"{ARTICLE}.po"
    catalog.write_bytes(catalog.read_bytes() + b'\nmsgid "An entry added by hand"\nmsgstr "Von Hand"\n')
    assert run(project, "build", "-j", "1")[0] == 0
    assert builds == [ARTICLE]
    # So does an edit to the English article.
    builds.clear()
    edit(project, "Anthropic", "Anthropic PBC")
    assert run(project, "build", "-j", "1")[0] == 0
    assert builds == [ARTICLE]
    builds.clear()
    assert run(project, "build", "-j", "1")[0] == 0
    assert builds == []


def test_a_deleted_output_is_written_again(project: Path) -> None:
    assert run(project, "build")[0] == 0
    output = project / "build" / "de" / f"{ARTICLE}.md"
    expected = output.read_bytes()
    output.unlink()
    code, out, _ = run(project, "build")
    assert code == 0 and "1 written" in out
    assert output.read_bytes() == expected


def test_a_build_with_every_article_fresh_loads_none_of_the_core(project: Path) -> None:
    """The run record answers a no-op build: neither the pipeline nor the parsers are imported."""
    assert run(project, "build")[0] == 0
    script = (
        "import sys\nfrom localize import cli\ncode = cli.run(['build'])\n"
        "print(code, sorted(m for m in ('localize.pipeline', 'localize.segment', 'localize.catalog') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "0 []", result.stdout
